"""The output folder during a report run: lock, private staging folder, manifest, atomic commits.

Every file a run writes goes through :class:`OutputFolder` (``write`` or ``move_in``), so a
killed run leaves the previous files whole and the manifest says what was computed from what.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dxcompare.errors import ParameterError, ReportError
from dxcompare.reporting import atomic

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
STAGING_NAME = ".dxcompare-staging"
LOCK_NAME = ".dxcompare.lock"


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def run_error(out: Path, err: OSError) -> ReportError:
    """An operating-system error met while the reports run (disk full, read-only, I/O)."""
    error = _folder_error(out, err, "writing the reports")
    return error if isinstance(error, ReportError) else ReportError(str(error))


def _folder_error(out: Path, err: OSError, doing: str) -> ParameterError | ReportError:
    reason = err.strerror or type(err).__name__
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return ReportError(
            f"{out}: the disk holding the output folder is full while {doing}. "
            "Fix: free space or choose another folder with --out"
        )
    return ParameterError(
        f"{out}: cannot use the output folder ({reason}) while {doing}. "
        "Fix: choose a writable folder with --out"
    )


class OutputFolder:
    """The output folder during a run: locked, with a private staging folder and the manifest."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging = out / STAGING_NAME
        self.manifest: dict[str, Any] = {}
        self._lock_handle: Any = None
        # Set once the lock is ours: a run refused by the lock never touches the folder.
        self._locked = False

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            if not self.out.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder")
            self._lock_handle = open(self.out / LOCK_NAME, "a")  # noqa: SIM115 (held for the run)
            self._lock()
            self._locked = True
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            self.manifest = read_manifest(self.out)
            # Temporaries of a killed run: only dxcompare's own names, only in the folders
            # this run's records say it writes to (never a user's .notes.tmp elsewhere).
            for folder in self._own_folders():
                atomic.remove_stale_temporaries(folder)
        except (ParameterError, ReportError):
            self.close()
            raise
        except OSError as err:
            self.close()
            raise _folder_error(self.out, err, "preparing it") from err
        return self

    def inside(self, rel: Any) -> Path | None:
        """``out/rel`` if ``rel`` is a relative path that stays inside the output folder, else None.

        Manifest entries are only data: ``../victim.txt``, ``/etc/passwd`` or a path through a
        link out of the folder never name a file dxcompare may touch.
        """
        if not isinstance(rel, str) or not rel or Path(rel).is_absolute() or "\0" in rel:
            return None
        parts = Path(rel).parts
        if ".." in parts or (parts and parts[0] in (STAGING_NAME, LOCK_NAME, MANIFEST_NAME)):
            return None
        path = self.out / rel
        try:
            real = path.parent.resolve() / path.name
            root = self.out.resolve()
        except (OSError, RuntimeError):
            return None
        return path if real.is_relative_to(root) and real != root else None

    def _own_folders(self) -> list[Path]:
        folders = {self.out}
        for section in ("reports", "failed"):
            entries = self.manifest.get(section, {})
            for entry in entries.values() if isinstance(entries, dict) else ():
                files = entry.get("files", {}) if isinstance(entry, dict) else {}
                for rel in files if isinstance(files, dict) else ():
                    path = self.inside(rel)
                    if path is not None:
                        folders.add(path.parent)
        return sorted(folders)

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock, runs must not overlap
            return
        try:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise ReportError(
                f"{self.out}: another dxcompare report run is writing here. "
                "Fix: wait for it to finish or choose another folder with --out"
            ) from err

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._locked:  # the staging folder is the lock holder's: never another run's
            shutil.rmtree(self.staging, ignore_errors=True)
            self._locked = False
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    # -- manifest ---------------------------------------------------------------------------

    @property
    def reports(self) -> dict[str, Any]:
        return self.manifest.setdefault("reports", {})

    @property
    def failures(self) -> dict[str, Any]:
        return self.manifest.setdefault("failed", {})

    def save_manifest(self) -> None:
        self.manifest["format"] = MANIFEST_FORMAT
        self.manifest["reports"] = dict(sorted(self.reports.items()))
        self.manifest["failed"] = dict(sorted(self.failures.items()))
        self.write(
            MANIFEST_NAME,
            json.dumps(self.manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        )

    def is_current(self, entry: dict[str, Any] | None) -> bool:
        """True if every file the entry lists is on disk with the recorded content."""
        if not entry:
            return False
        files = entry.get("files", {})
        if not isinstance(files, dict):
            return False
        return all(
            (path := self.inside(rel)) is not None and _file_sha(path) == sha
            for rel, sha in files.items()
        )

    # -- writing ----------------------------------------------------------------------------

    def write(self, rel: str, data: str | bytes) -> str:
        """Write one output file atomically; returns its SHA-256."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target = self._target(rel)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, payload)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return hashlib.sha256(payload).hexdigest()

    def move_in(self, source: Path, rel: str) -> str:
        """Move a finished staged file into place atomically; returns its SHA-256."""
        sha = _file_sha(source) or ""
        target = self._target(rel)
        try:
            atomic.replace_file(source, target)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return sha

    def _target(self, rel: str) -> Path:
        if rel == MANIFEST_NAME:
            return self.out / rel
        path = self.inside(rel)
        if path is None:
            raise ReportError(f"{self.out}: refusing to write {rel!r} outside the output folder")
        return path

    def remove(self, rels: Iterable[str]) -> None:
        """Delete files dxcompare wrote earlier (only paths the manifest lists), and empty folders.

        A path that leaves the output folder (``../victim.txt``, an absolute path, a link out)
        is never deleted, whatever the manifest on disk says.
        """
        for rel in rels:
            path = self.inside(rel)
            if path is None or path.is_symlink() or not path.is_file():
                continue
            with contextlib.suppress(OSError):
                path.unlink()
            with contextlib.suppress(OSError):
                if path.parent != self.out:
                    path.parent.rmdir()  # only if now empty


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of an earlier run (empty if none or unreadable: everything is recomputed)."""
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


def entry_headlines(entry: dict[str, Any]) -> dict[str, Any]:
    """A manifest entry's headline numbers, in the order the notebook recorded them."""
    stored = entry.get("headlines") or []
    return dict(stored.items() if isinstance(stored, dict) else (tuple(p) for p in stored))
