"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Each write goes to a temporary file in the destination's own folder (so the final
``os.replace`` stays on one filesystem and is atomic), is flushed to disk, then replaces the
destination in one step. A process killed midway leaves at most a stray ``.*.tmp`` file and
the previous version intact.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

_TMP_SUFFIX = ".tmp"
# Our temporaries are ".NAME.dxcompare-XXXXXXXX.tmp" (mkstemp's 8 random characters): the only
# ".*.tmp" files a cleanup may remove. A user's ".notes.tmp" never matches.
_TMP_MARK = ".dxcompare-"
_OWN_TMP = re.compile(r"\..+\.dxcompare-[a-z0-9_]{8}\.tmp")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, ``os.replace``).

    >>> write_bytes("outputs/data/tỉnh.csv", "tỉnh\\nBình Định\\n".encode())  # doctest: +SKIP
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}{_TMP_MARK}", suffix=_TMP_SUFFIX, dir=path.parent
    )
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
    """Delete the temporaries a killed dxcompare writer left in ``folder``; return how many.

    Only files named as :func:`write_bytes` names them (``.NAME.dxcompare-XXXXXXXX.tmp``),
    only directly in ``folder`` (not in its subfolders), never through a link.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if _OWN_TMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed
