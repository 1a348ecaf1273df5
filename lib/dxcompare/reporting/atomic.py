"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Each write goes to a temporary file in the destination's own folder (so the final
``os.replace`` stays on one filesystem and is atomic), is flushed to disk, then replaces the
destination in one step. A process killed midway leaves at most a stray ``.*.tmp`` file and
the previous version intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

_TMP_SUFFIX = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, ``os.replace``).

    >>> write_bytes("outputs/data/tỉnh.csv", "tỉnh\\nBình Định\\n".encode())  # doctest: +SKIP
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically with ``\\n`` line endings on every platform."""
    return write_bytes(path, text.encode(encoding))


def replace_file(source: str | os.PathLike, destination: str | os.PathLike) -> Path:
    """Move a finished file into place atomically (both paths on the same filesystem)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, destination)
    return destination


def remove_stale_temporaries(folder: str | os.PathLike) -> int:
    """Delete ``.*.tmp`` files left in ``folder`` (recursively) by a killed writer; return how many."""
    removed = 0
    for tmp in Path(folder).rglob(f".*{_TMP_SUFFIX}"):
        if tmp.is_file():
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed
