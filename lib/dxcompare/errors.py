"""Every error dxcompare raises, with messages that name the file and the fix.

A researcher should never need a traceback to know what to do next: each error
says *which* file or parameter is wrong, *what* is wrong with it, and *how* to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DxError(Exception):
    """Base class of every error dxcompare raises on purpose."""


def _where(path: str | Path | None, line: int | None = None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "


class UnreadableFileError(DxError):
    """A document that cannot be read (empty, binary, unsupported, scanned PDF, ...)."""

    def __init__(self, path: str | Path, problem: str, fix: str):
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}. Fix: {fix}")


class _FileLineError(DxError):
    """A file a user edits is broken at a line: ``path:line: problem. Fix: fix``."""

    def __init__(self, path: str | Path, problem: str, fix: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = problem
        self.fix = fix
        super().__init__(f"{_where(path, line)}{problem}. Fix: {fix}")


class ManifestError(_FileLineError):
    """A broken ``manifest.csv``: missing file, malformed row, unknown column."""


class CodebookError(_FileLineError):
    """A broken codebook file: bad YAML, duplicate ids, a bad pattern, an unknown parent."""


class LexiconError(CodebookError):
    """A broken user-editable lexicon (phrases, stopwords, registers)."""


class CorpusError(DxError):
    """The corpus as a whole cannot be built (no path, no readable document, ...)."""


class ParameterError(DxError):
    """A report or notebook parameter is wrong (unknown province, missing path, ...)."""


class ReportError(DxError):
    """One or more reports failed; the message lists which notebook and cell."""


class UnsafeHTMLError(DxError):
    """A rendered report still contains markup that could run code or load from outside."""


class CacheWarning(UserWarning):
    """A cache entry could not be used (it is rebuilt; nothing the user made is lost)."""


@dataclass(frozen=True)
class Problem:
    """A file set aside while loading a corpus, and what the user can do about it."""

    path: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}. Fix: {self.fix}"
