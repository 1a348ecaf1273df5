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


def _folder_error(out: Path, err: OSError, doing: str) -> ParameterError | ReportError:
    reason = err.strerror or type(err).__name__
    if err.errno == errno.ENOSPC:
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

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            if not self.out.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder")
            self._lock_handle = open(self.out / LOCK_NAME, "a")  # noqa: SIM115 (held for the run)
            self._lock()
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            atomic.remove_stale_temporaries(self.out)
        except (ParameterError, ReportError):
            self.close()
            raise
        except OSError as err:
            self.close()
            raise _folder_error(self.out, err, "preparing it") from err
        self.manifest = read_manifest(self.out)
        return self

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
        shutil.rmtree(self.staging, ignore_errors=True)
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
        return all(_file_sha(self.out / rel) == sha for rel, sha in entry.get("files", {}).items())

    # -- writing ----------------------------------------------------------------------------

    def write(self, rel: str, data: str | bytes) -> str:
        """Write one output file atomically; returns its SHA-256."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target = self.out / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, payload)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return hashlib.sha256(payload).hexdigest()

    def move_in(self, source: Path, rel: str) -> str:
        """Move a finished staged file into place atomically; returns its SHA-256."""
        sha = _file_sha(source) or ""
        try:
            atomic.replace_file(source, self.out / rel)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return sha

    def remove(self, rels: Iterable[str]) -> None:
        """Delete files dxcompare wrote earlier (only paths the manifest lists), and empty folders."""
        for rel in rels:
            path = self.out / rel
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
