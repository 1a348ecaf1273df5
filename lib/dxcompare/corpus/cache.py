"""A content-addressed on-disk cache for built corpora.

Entries are keyed by the bytes of the inputs and a fingerprint of the library's own code and
data, so editing a document, the manifest, a phrase list or dxcompare itself invalidates them.
Each entry carries a SHA-256 of its payload: a truncated or corrupted entry is detected,
removed and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dxcompare.errors import CacheWarning  # defined with every other dxcompare error

_MAGIC = b"DXCACHE1 "
_HEADER_LEN = len(_MAGIC) + 64 + 1  # magic, SHA-256 in hex, newline


def cache_dir() -> Path:
    """Where built corpora are kept: ``$DXCOMPARE_CACHE_DIR``, else ``~/.cache/dxcompare``.

    Never inside the corpus folder: a user's ``seeds/`` is read-only to us.
    """
    env = os.environ.get("DXCOMPARE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dxcompare"


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


def _discard(path: Path, why: str) -> None:
    path.unlink(missing_ok=True)
    warnings.warn(
        f"{path}: {why}; removed it and rebuilding the corpus (your documents are not affected)",
        CacheWarning,
        stacklevel=3,
    )


def _entry_path(kind: str, key: str, root: Path | None = None) -> Path:
    return (root or cache_dir()) / kind / key[:2] / f"{key}.pkl"


def load(kind: str, key: str, root: Path | None = None, of_type: type | None = None) -> Any | None:
    """The cached object, or ``None`` when absent or unusable.

    An unusable entry (bad checksum, not unpicklable, not an ``of_type``) is deleted with a
    :class:`CacheWarning`, so the caller rebuilds it.
    """
    path = _entry_path(kind, key, root)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header, newline, _ = blob[:128].partition(b"\n")
    # A view, not a copy: a 5,000-document corpus is ~150 MB and copying it costs a tenth of a load.
    payload = memoryview(blob)[len(header) + len(newline) :]
    if not header.startswith(_MAGIC) or header[len(_MAGIC) :].decode("ascii", "replace") != (
        hashlib.sha256(payload).hexdigest()
    ):
        _discard(path, "corrupt cache entry (truncated or altered: its checksum does not match)")
        return None
    try:
        obj = pickle.loads(payload)
    except Exception as err:  # any unpickling failure means the entry is unusable
        _discard(path, f"unreadable cache entry ({type(err).__name__})")
        return None
    if of_type is not None and not isinstance(obj, of_type):
        _discard(path, f"cache entry holds a {type(obj).__name__}, not a {of_type.__name__}")
        return None
    return obj


class _HashingWriter:
    """A file that hashes what is written to it (so a payload is never held twice in memory)."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()

    def write(self, data: Any) -> int:
        self.sha.update(data)
        return self.fh.write(data)


def store(kind: str, key: str, obj: Any, root: Path | None = None) -> Path | None:
    """Write an entry atomically; a cache that cannot be written is skipped, never fatal.

    The object is pickled straight into the file (a 5,000-document corpus is ~300 MB of pickle,
    which ``pickle.dumps`` would hold in memory on top of the corpus); the header with the
    payload's SHA-256 is written last, over a placeholder of the same length.
    """
    path = _entry_path(kind, key, root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"\0" * _HEADER_LEN)
            writer = _HashingWriter(fh)
            pickle.dump(obj, writer, protocol=pickle.HIGHEST_PROTOCOL)
            fh.seek(0)
            fh.write(_MAGIC + writer.sha.hexdigest().encode("ascii") + b"\n")
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
