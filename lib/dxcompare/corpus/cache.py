"""A content-addressed on-disk cache for built documents and corpora, in formats that hold data only.

Two kinds of entries, both keyed by the bytes of their inputs and a fingerprint of the
library's own code and data (editing a document, its manifest row, the phrase list or
dxcompare itself gives a new key):

- ``documents/ab/<key>.dxdoc``: one built document (see :mod:`dxcompare.corpus.docentry`):
  a JSON header and raw little-endian numeric arrays, behind a SHA-256 line. Adding, editing or
  removing one document of a big corpus rebuilds only that document, then merges.
- ``corpora/ab/<key>/``: a whole merged corpus, one Arrow IPC (Feather v2) file per table and a
  ``meta.json`` holding each column's exact pandas dtype and each file's SHA-256 (see
  :mod:`dxcompare.corpus.tables`). Any Arrow reader opens the tables; a warm load maps them
  back to the DataFrames of a cold build.

Nothing here is a pickle: no entry can run code when it is read. An entry whose checksum,
header or layout does not match is deleted with a :class:`CacheWarning` and rebuilt. Writes go
to ``tmp/<session>/`` and are renamed into place; a session holds ``tmp/<session>.lock`` while
it lives, so what a killed run left behind is recognised (its lock is free) and removed by the
next run. Building one corpus takes ``locks/<key>.lock``: a second build of the same corpus
waits, then reads the first one's entry.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time
import warnings
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dxcompare.errors import CacheWarning  # defined with every other dxcompare error

#: Sub-folders of the cache folder this module owns.
DOCUMENTS, CORPORA, TMP, LOCKS = "documents", "corpora", "tmp", "locks"
#: A session folder under ``tmp/``: 32 hex digits (nothing else there is ever removed).
_SESSION_RE = re.compile(r"[0-9a-f]{32}")
#: A temp folder whose session lock cannot be tested (a filesystem without locks) is removed
#: once it is this old: no single cache write takes a day.
STALE_AFTER = 24 * 3600.0
_HEX64 = re.compile(r"[0-9a-f]{64}")


def cache_dir() -> Path:
    """Where built documents and corpora are kept.

    ``$DXCOMPARE_CACHE_DIR`` if set, else the user's cache folder for dxcompare
    (``platformdirs.user_cache_dir``: ``~/.cache/dxcompare`` on Linux,
    ``~/Library/Caches/dxcompare`` on macOS, ``%LOCALAPPDATA%\\dxcompare\\Cache`` on Windows).
    Never inside the corpus folder: a user's ``seeds/`` is read-only to us.
    """
    env = os.environ.get("DXCOMPARE_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("dxcompare", appauthor=False))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of dxcompare's source and data files: any change to the library invalidates the cache."""
    h = hashlib.sha256()
    root = resources.files("dxcompare")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".csv", ".yaml", ".yml", ".json"}:
            h.update(path.relative_to(Path(str(root))).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def key_for(*parts: bytes | str) -> str:
    """A stable key from byte or text parts (length-prefixed so parts cannot run together)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def discard(path: Path, why: str, *, stacklevel: int = 3) -> None:
    """Remove an unusable entry (a file or a corpus folder) and say so with a CacheWarning."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    warnings.warn(
        f"{path}: {why}; removed it and rebuilding the corpus (your documents are not affected)",
        CacheWarning,
        stacklevel=stacklevel,
    )


def entry_path(kind: str, key: str, root: Path | None = None) -> Path:
    """Where the entry of ``kind`` (``documents`` or ``corpora``) with ``key`` lives."""
    if not _HEX64.fullmatch(key):
        raise ValueError(f"not a cache key: {key!r}")
    suffix = ".dxdoc" if kind == DOCUMENTS else ""
    return (root or cache_dir()) / kind / key[:2] / f"{key}{suffix}"


# --------------------------------------------------------------------------------------------
# Sessions: where this process writes, and what killed processes left behind
# --------------------------------------------------------------------------------------------

_sessions: dict[Path, tuple[Path, Any]] = {}


def session_dir(root: Path | None = None) -> Path | None:
    """This process's private temp folder under ``root/tmp`` (``None``: the cache is not writable).

    The folder's lock is held for the life of the process (``fcntl``/``msvcrt`` locks are
    released by the system when a process dies, ``kill -9`` included), so another run can tell a
    live writer's folder from a dead one's.
    """
    import filelock

    root = root or cache_dir()
    known = _sessions.get(root)
    if known is not None and known[0].is_dir() and os.getpid() == known[1][1]:
        return known[0]
    token = secrets.token_hex(16)
    folder = root / TMP / token
    try:
        # The lock first, then the folder: a cleaner never sees an unlocked live folder.
        (root / TMP).mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(root / TMP / f"{token}.lock"))
        lock.acquire(timeout=0)
        folder.mkdir()
    except (OSError, filelock.Timeout):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    _sessions[root] = (folder, (lock, os.getpid()))
    atexit.register(_end_session, folder, lock, os.getpid())
    return folder


def _end_session(folder: Path, lock: Any, pid: int) -> None:
    """At a normal exit: remove this session's (normally empty) temp folder and its lock."""
    if os.getpid() != pid:
        return  # a forked worker exiting: the folder is its parent's
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        Path(lock.lock_file).unlink()
    with contextlib.suppress(Exception):
        lock.release()


def clean_leftovers(root: Path | None = None, *, stale_after: float = STALE_AFTER) -> list[Path]:
    """Remove what interrupted writes left in ``root/tmp`` (and the pickles of the old format).

    Only this module's own names are touched: a session folder (32 hex digits) whose lock no
    live process holds, or one older than ``stale_after`` seconds whose lock cannot be tested,
    and a lock file with no folder. Returns what was removed.
    """
    root = root or cache_dir()
    removed: list[Path] = []
    tmp = root / TMP
    mine = _sessions.get(root, (None,))[0]
    try:
        names = os.listdir(tmp)
    except OSError:
        names = []
    now = time.time()
    for name in names:
        token = name[:-5] if name.endswith(".lock") else name
        if not _SESSION_RE.fullmatch(token) or (mine is not None and mine.name == token):
            continue
        import filelock  # only now: a warm load with nothing to clean does not pay its import

        folder, lock_path = tmp / token, tmp / f"{token}.lock"
        if name.endswith(".lock") and folder.exists():
            continue  # handled with its folder
        lock = filelock.FileLock(str(lock_path))
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            continue  # a live writer
        except OSError:
            try:
                age = now - (folder if folder.exists() else lock_path).stat().st_mtime
            except OSError:
                continue
            if age < stale_after:
                continue
            lock = None
        try:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            with contextlib.suppress(OSError):
                lock_path.unlink()
        finally:
            if lock is not None:
                lock.release()
    removed.extend(_remove_old_locks(root, now - stale_after))
    removed.extend(_remove_old_pickles(root))
    return removed


def _remove_old_locks(root: Path, before: float) -> list[Path]:
    """``locks/<key>.lock`` files untouched since ``before`` and held by nobody (one per corpus built)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root / LOCKS))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.endswith(".lock") and _HEX64.fullmatch(name[:-5])):
            continue
        try:
            if entry.stat().st_mtime >= before:
                continue
        except OSError:
            continue
        import filelock

        lock = filelock.FileLock(entry.path)
        try:
            lock.acquire(timeout=0)
        except (OSError, filelock.Timeout):
            continue
        try:
            # Unlinked while held: a builder that opens the name later makes a fresh lock file.
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
        finally:
            lock.release()
    return removed


def _remove_old_pickles(root: Path) -> list[Path]:
    """The format before this one pickled whole corpora to ``corpus/ab/<key>.pkl``: remove them.

    Only names that format wrote (a 64-hex-digit key or ``.tmp-*.pkl``) in two-hex-digit shards.
    """
    legacy = root / "corpus"
    removed: list[Path] = []
    if not legacy.is_dir():
        return removed
    for shard in legacy.iterdir():
        if not (shard.is_dir() and re.fullmatch(r"[0-9a-f]{2}", shard.name)):
            continue
        for entry in shard.iterdir():
            name = entry.name
            if name.endswith(".pkl") and (_HEX64.fullmatch(name[:-4]) or name.startswith(".tmp-")):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
        with contextlib.suppress(OSError):
            shard.rmdir()
    with contextlib.suppress(OSError):
        legacy.rmdir()
    return removed


def temp_path(root: Path | None = None, suffix: str = "") -> Path | None:
    """A fresh name in this session's temp folder (``None``: the cache cannot be written)."""
    folder = session_dir(root)
    if folder is None:
        return None
    return folder / f"{secrets.token_hex(8)}{suffix}"


def publish(tmp: Path, final: Path) -> bool:
    """Move a finished file or folder into place atomically; ``False`` if it could not be.

    A folder already in place (another build of the same corpus won the race) is kept: both
    hold the same content, since the key covers everything that goes into it.
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        if tmp.is_dir():
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
                return True
            os.rename(tmp, final)
        else:
            os.replace(tmp, final)
        return True
    except OSError:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        return final.exists()


@contextlib.contextmanager
def build_lock(key: str, root: Path | None = None, timeout: float = 3600.0) -> Iterator[bool]:
    """Hold ``locks/<key>.lock`` while one corpus is built; yields whether it was taken.

    A second build of the same corpus waits here, then finds the first one's entry. A cache
    folder without locks (read-only, a filesystem that refuses them) or a wait past ``timeout``
    builds anyway: the entries are written atomically, so two builders cannot corrupt them.
    """
    import filelock

    root = root or cache_dir()
    try:
        (root / LOCKS).mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(root / LOCKS / f"{key}.lock"))
        lock.acquire(timeout=timeout)
    except (OSError, filelock.Timeout):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def sha256_of(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = [
    "CacheWarning",
    "build_lock",
    "cache_dir",
    "clean_leftovers",
    "code_fingerprint",
    "discard",
    "entry_path",
    "key_for",
    "publish",
    "session_dir",
    "temp_path",
]
