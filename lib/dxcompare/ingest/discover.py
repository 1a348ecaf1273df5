"""Which files of a corpus folder are documents: the one discovery every command uses.

``dxcompare corpus``, ``dxcompare extract``, ``load_corpus`` and the report's corpus
fingerprint all list a corpus through :func:`discover_files`, so they agree on what is in it:

- symbolic links never lead out of the corpus folder, and a link to a folder is never followed;
- named pipes, sockets, devices and the kernel's pseudo files (``/proc``, ``/sys``, ``/dev``)
  are never opened (reading a pipe waits forever, ``/proc/self/mem`` crashes a reader);
- an operating-system error on one entry (permission, a path longer than the system allows,
  an I/O error) sets that entry aside with its fix instead of stopping the run; a folder that
  cannot be listed is reported, so its documents are never silently missing;
- ``manifest.csv`` is found by listing the folder: a link out of the corpus is refused without
  reading it, and ``MANIFEST.CSV`` (a case mismatch, read on macOS but not on Linux) is reported.

Nothing here reads a document's bytes except to tell identical copies apart.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from dxcompare.errors import CorpusError, ManifestError, Problem

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
MANIFEST_NAME = "manifest.csv"

# Operating-system litter that is never a document: skipped silently like hidden files.
_SKIPPED_NAMES = frozenset({MANIFEST_NAME, "thumbs.db", "desktop.ini"})
_SKIPPED_PREFIXES = (".", "~$", "__MACOSX")
# Kernel pseudo file systems: their "files" are not documents (and some crash a reader).
_SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))

UNSUPPORTED_FIX = "convert it to .txt/.md/.html/.docx/.pdf or move it out of the corpus folder"
SPECIAL_FILE = "is not a regular file (a named pipe, socket or device); not read"
SPECIAL_FILE_FIX = "save the document as a file and give that file's path"


def os_error_problem(path: str | Path, exc: OSError, doing: str = "cannot be opened") -> Problem:
    """An operating-system error on one file as a problem with the fix for that error.

    >>> os_error_problem("bai.txt", PermissionError(13, "Permission denied")).fix
    'ask the owner for read permission (chmod u+r FILE) or copy the file somewhere you may read'
    """
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        fix = "ask the owner for read permission (chmod u+r FILE) or copy the file somewhere you may read"
    elif code == errno.ENAMETOOLONG:
        fix = (
            f"shorten the folder or file names (the path has {len(str(path))} characters, "
            "more than the system allows) or move the file closer to the corpus folder"
        )
    elif code == errno.EIO:
        fix = (
            "the disk reported a read error: copy the file again from its source or check the disk"
        )
    elif code == errno.ELOOP:
        fix = "remove the symbolic link loop or copy the real file into the corpus folder"
    else:
        fix = "check that the file exists and that you may read it"
    reason = exc.strerror or type(exc).__name__
    return Problem(str(path), f"{doing} ({reason})", fix)


# --------------------------------------------------------------------------- discovery


def discover_files(
    source: str | Path | Iterable[str | Path],
) -> tuple[Path | None, list[Path], list[Problem]]:
    """The documents of a corpus: a folder (searched recursively) or a list of files.

    Returns ``(root, files, problems)``: ``root`` is the resolved folder (``None`` for a
    list), ``files`` are sorted by their relative POSIX path, and ``problems`` lists the
    files set aside (unsupported type, symbolic link leaving the folder, a special file, an
    entry the system would not let us look at, a folder that cannot be listed). Raises
    ``CorpusError`` when the folder or a listed file does not exist, or is a system folder.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            root = path.resolve()
            _refuse_system_folder(root)
            files, problems = _discover_folder(root)
            files, copies = _set_aside_copies(files, root)
            return root, files, sorted(problems + copies, key=lambda p: p.path)
        items: list[str | Path] = [path]
    else:
        items = list(source)
    files, problems = _discover_list(items)
    files, copies = _set_aside_copies(files, None)
    return None, files, problems + copies


def _refuse_system_folder(root: Path) -> None:
    if any(root == base or root.is_relative_to(base) for base in _SYSTEM_ROOTS):
        raise CorpusError(
            f"{root}: is a system folder of the operating system, not a folder of documents. "
            "Fix: give the folder that holds your .txt, .md, .html, .docx or .pdf files"
        )


def _is_system_path(path: Path) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved.is_relative_to(base) for base in _SYSTEM_ROOTS)


def _discover_folder(root: Path) -> tuple[list[Path], list[Problem]]:
    found: list[tuple[str, Path]] = []
    links: list[Path] = []
    problems: list[Problem] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(_unlisted_problem(folder, exc))
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                kind = _classify(root, folder, entry)
            except OSError as exc:
                problems.append(os_error_problem(path, exc, "cannot be looked at"))
                continue
            if isinstance(kind, Problem):
                problems.append(kind)
            elif kind == "dir":
                stack.append(path)
            elif kind == "link":
                links.append(path)
            elif kind == "file":
                found.append((path.relative_to(root).as_posix(), path))
    real = {path.resolve() for _, path in found}
    for link in links:
        try:
            target = link.resolve()
            is_file = link.is_file()
        except OSError as exc:
            problems.append(os_error_problem(link, exc, "cannot be looked at"))
            continue
        if not is_file or _is_system_path(link):
            problems.append(_special_file_problem(link))
        elif target in real:
            problems.append(_duplicate_link_problem(root, link))
        else:
            found.append((link.relative_to(root).as_posix(), link))
    found.sort(key=lambda item: item[0])
    problems.sort(key=lambda p: p.path)
    return [path for _, path in found], problems


def _classify(root: Path, folder: Path, entry: os.DirEntry) -> str | Problem | None:
    """``"dir"``, ``"file"``, ``"link"`` (a link to a file inside), a problem, or None (skipped)."""
    name = entry.name
    path = folder / name
    if _is_skipped_name(name):
        if folder == root and name.lower() == MANIFEST_NAME and name != MANIFEST_NAME:
            return _manifest_case_problem(path)
        return None
    if entry.is_symlink():
        problem = _link_problem(root, path)
        if problem is not None:
            return problem
        if path.is_dir():
            return _folder_link_problem(root, path)
        return _suffix_problem(path) or "link"
    if entry.is_dir(follow_symlinks=False):
        return "dir"
    problem = _suffix_problem(path)
    if problem is not None:
        return problem
    if entry.is_file(follow_symlinks=False):
        return "file"
    return _special_file_problem(path)


def _unlisted_problem(folder: Path, exc: OSError) -> Problem:
    problem = os_error_problem(folder, exc, "folder cannot be listed, so its documents are missing")
    if exc.errno in (errno.EACCES, errno.EPERM):
        fix = "give yourself permission to list it (chmod u+rx FOLDER) or move its files out"
        return Problem(problem.path, problem.problem, fix)
    return problem


def _manifest_case_problem(path: Path) -> Problem:
    return Problem(
        str(path),
        f"looks like the manifest but is named '{path.name}'; only '{MANIFEST_NAME}' (lower case) "
        "is read, so its corrections are not applied",
        f"rename it to {MANIFEST_NAME}",
    )


def _duplicate_link_problem(root: Path, link: Path) -> Problem:
    target = link.resolve().relative_to(root).as_posix()
    return Problem(
        str(link),
        f"symbolic link to '{target}', which is already in the corpus; not read twice",
        "remove the link so the document is counted once",
    )


def _discover_list(items: list[str | Path]) -> tuple[list[Path], list[Problem]]:
    files: dict[Path, Path] = {}
    problems: list[Problem] = []
    for item in items:
        path = Path(item)
        try:
            exists = path.exists()
        except OSError as exc:
            problems.append(os_error_problem(path, exc, "cannot be looked at"))
            continue
        if not exists:
            raise CorpusError(
                f"{path}: no such file or folder. Fix: check the path (is the drive mounted, "
                "is the name spelled with the same accents?) or pass the corpus folder instead"
            )
        if path.is_dir():
            _, sub_files, sub_problems = discover_files(path)
            candidates = sub_files
            problems.extend(sub_problems)
        elif not path.is_file() or _is_system_path(path):
            problems.append(_special_file_problem(path))
            continue
        elif (problem := _suffix_problem(path)) is not None:
            problems.append(problem)
            continue
        else:
            candidates = [path]
        for candidate in candidates:
            files.setdefault(candidate.resolve(), candidate)
    ordered = sorted(files.values(), key=lambda p: p.as_posix())
    return ordered, problems


def _set_aside_copies(files: list[Path], root: Path | None) -> tuple[list[Path], list[Problem]]:
    """Keep one of several files with the same bytes (the shortest name); the others are problems.

    A document saved twice (``bai.txt`` and ``bai (1).txt``) would be counted twice in every
    statistic. Only files of equal size are hashed, so a folder without copies costs a
    ``stat`` per file. Empty files are left for ``read_document`` to report as empty.
    """
    by_size: dict[int, list[Path]] = {}
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue  # read_document says why it cannot be read
        if size:
            by_size.setdefault(size, []).append(path)
    same: dict[bytes, list[Path]] = {}
    for group in by_size.values():
        if len(group) < 2:
            continue
        for path in group:
            digest = _digest(path)
            if digest is not None:
                same.setdefault(digest, []).append(path)
    copies: dict[Path, Path] = {}
    for paths in same.values():
        # Keep the shortest name: "bai.txt" rather than "bai (1).txt" or "Copy of bai.txt".
        keep = min(paths, key=lambda p: (len(p.as_posix()), p.as_posix()))
        copies.update((path, keep) for path in paths if path != keep)
    problems = [_copy_problem(path, original, root) for path, original in copies.items()]
    return [path for path in files if path not in copies], problems


def _digest(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return None


def _copy_problem(path: Path, original: Path, root: Path | None) -> Problem:
    shown = original.relative_to(root).as_posix() if root is not None else str(original)
    return Problem(
        str(path),
        f"same bytes as '{shown}', which is already in the corpus; not read twice",
        "delete the copy so the document is counted once (or, if they are two documents, "
        "check that the right text was saved in each)",
    )


def _special_file_problem(path: Path) -> Problem:
    # Reading a named pipe blocks until something writes to it: never open one.
    return Problem(str(path), SPECIAL_FILE, SPECIAL_FILE_FIX)


def _is_skipped_name(name: str) -> bool:
    return name.startswith(_SKIPPED_PREFIXES) or name.lower() in _SKIPPED_NAMES


def _suffix_problem(path: Path) -> Problem | None:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    if not suffix:
        return Problem(str(path), "file has no extension (type unknown)", UNSUPPORTED_FIX)
    return Problem(str(path), f"unsupported file type '{suffix}'", UNSUPPORTED_FIX)


def _link_problem(root: Path, path: Path) -> Problem | None:
    """A symbolic link that is broken or leaves the corpus folder is reported, not followed."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(
            str(path),
            "broken symbolic link (its target does not exist)",
            "remove the link or copy the real file into the corpus folder",
        )
    if not target.is_relative_to(root):
        return Problem(
            str(path),
            f"symbolic link points outside the corpus folder (to {target}); not followed",
            "copy the file into the corpus folder instead of linking to it",
        )
    return None


def _folder_link_problem(root: Path, path: Path) -> Problem:
    problem = _link_problem(root, path)
    if problem is not None:
        return problem
    return Problem(
        str(path),
        "symbolic link to a folder inside the corpus; not followed, so no file is counted twice",
        "remove the link (its files are already in the corpus) or replace it with a real folder",
    )


# --------------------------------------------------------------------------- manifest


def find_manifest(root: Path | None) -> Path | None:
    """The corpus folder's ``manifest.csv`` if it is one to read, else None.

    A manifest that is a symbolic link out of the corpus, or not a regular file, is refused
    (``ManifestError``) without opening it: its content is never read nor echoed.
    """
    if root is None:
        return None
    path = root / MANIFEST_NAME
    try:
        if not os.path.lexists(path) or path.name not in os.listdir(root):
            return None  # MANIFEST.CSV is reported by discovery, also where names ignore case
        problem = _link_problem(root, path)
        if problem is not None:
            raise ManifestError(path, problem.problem + "; not read", problem.fix)
        if not path.is_file() or _is_system_path(path):
            raise ManifestError(path, SPECIAL_FILE, "save the manifest as a regular CSV file")
    except OSError as exc:
        problem = os_error_problem(path, exc)
        raise ManifestError(path, problem.problem, problem.fix) from None
    return path
