"""Reading the data files users edit (codebooks, register lexicons, phrase and stopword lists).

    >>> read_user_text(Path("my_codebook.yaml"), "codebook", CodebookError)   # doctest: +SKIP

UTF-8, with or without a byte-order mark. A file that is missing, unreadable or not UTF-8 raises
the caller's error type naming the file (and the line of the first bad byte) and the fix.
"""

from __future__ import annotations

from pathlib import Path

from dxcompare.errors import CodebookError, LexiconError


def read_user_text(path: Path, what: str, error: type[CodebookError] = LexiconError) -> str:
    """The text of a user's ``what`` file ("codebook", "register lexicon", "phrase list")."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(
            path,
            f"cannot read the {what} file: file not found",
            f"give the path of your {what} file",
        ) from None
    except OSError as exc:
        raise error(
            path, f"cannot read the {what} file ({exc.strerror or exc})", "check the path"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            path, f"the {what} file is not UTF-8", "save it as UTF-8 text", line=line
        ) from None
