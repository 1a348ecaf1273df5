"""Canonical Vietnamese spelling for every line and query, with an audit trail.

Each rule changes only how a character is *encoded* or where a tone mark sits,
never what the author wrote: ``"trú trọng"`` stays ``"trú trọng"``.

Rules, in the order they run (names as they appear in the audit):

- ``zero_width``: U+200B/C/D, U+2060, U+FEFF and the soft hyphen U+00AD removed;
- ``nfc``: decomposed letters (NFD, Windows-1258) composed: ``"Hoa\\u0300"`` -> ``"Hoà"``;
- ``eth_to_dstroke``: Latin eth ``Ð``/``ð`` (and African ``Ɖ``) -> ``Đ``/``đ``;
- ``tone_placement``: traditional placement for open ``oa``/``oe``/``uy``:
  ``"Khánh Hoà"`` -> ``"Khánh Hòa"``, ``"thuỷ"`` -> ``"thủy"`` (``quý`` left alone);
- ``nbsp``: NBSP and other Unicode spaces -> ``" "``;
- ``quote``: typographic quotes -> ``"`` and ``'``;
- ``dash``: en/em dashes, minus, hyphen variants -> ``-``;
- ``whitespace``: line breaks -> ``\\n``, runs of spaces/tabs -> one space, line ends stripped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

Change = tuple[str, str, str, int]
_Pairs = Counter[tuple[str, str]]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ETH = {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110"}
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_QUOTES = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_ETH_RE = re.compile(f"[{''.join(_ETH)}]")
_SPACES_RE = re.compile(f"[{_SPACES}]")
_QUOTES_RE = re.compile(f"[{''.join(_QUOTES)}]")
_DASHES_RE = re.compile(f"[{_DASHES}]")
_BREAKS_RE = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_RUN_RE = re.compile("[ \t]{2,}|\t")
_ENDS_RE = re.compile("^[ \t]+|[ \t]+$", re.MULTILINE)

# Tone marks as combining characters, and the open nuclei whose tone moves.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "bcdđghklmnpqrstvx"
# A syllable ending in o+toned a/e or u+toned y, preceded by consonants only.
_OLD_TONE_RE = re.compile(
    f"(?<![^\\W\\d_])([{_ONSET}]*)([oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\\W\\d_])",
    re.IGNORECASE,
)


def _char_rule(
    pattern: re.Pattern[str], table: Callable[[str], str]
) -> Callable[[str], tuple[str, _Pairs]]:
    """A rule that replaces single characters, counting each (before, after) pair."""

    def apply(text: str) -> tuple[str, _Pairs]:
        pairs: _Pairs = Counter()

        def swap(m: re.Match[str]) -> str:
            after = table(m.group())
            pairs[(m.group(), after)] += 1
            return after

        return pattern.sub(swap, text), pairs

    return apply


def _nfc(text: str) -> tuple[str, _Pairs]:
    """Compose decomposed letters; the audit records each changed word."""
    if unicodedata.is_normalized("NFC", text):
        return text, Counter()
    pairs: _Pairs = Counter()
    for piece in re.findall(r"\S+|\s+", text):
        composed = unicodedata.normalize("NFC", piece)
        if composed != piece:
            pairs[(piece, composed)] += 1
    return unicodedata.normalize("NFC", text), pairs


def _move_tone(onset: str, nucleus: str) -> str:
    """``("h", "oà")`` -> ``"hòa"``: put the tone of the second vowel on the first."""
    second = unicodedata.normalize("NFD", nucleus[1])
    tone = next(c for c in second if c in _TONES)
    first = unicodedata.normalize("NFC", nucleus[0] + tone)
    return onset + first + second.replace(tone, "")


def _tone_placement(text: str) -> tuple[str, _Pairs]:
    """``hoà`` -> ``hòa``, ``Uỷ`` -> ``Ủy``; ``quý``/``quỳ`` (qu- onset) are left alone."""
    pairs: _Pairs = Counter()

    def swap(m: re.Match[str]) -> str:
        onset, nucleus = m.group(1), m.group(2)
        if onset[-1:].lower() == "q" and nucleus[0] in "uU":
            return m.group()
        # A stray mark after the vowel would compose with it once the tone moves.
        if unicodedata.combining(m.string[m.end() : m.end() + 1] or " "):
            return m.group()
        after = _move_tone(onset, nucleus)
        pairs[(m.group(), after)] += 1
        return after

    return _OLD_TONE_RE.sub(swap, text), pairs


def _whitespace(text: str) -> tuple[str, _Pairs]:
    """Unify line breaks, collapse runs of spaces/tabs, strip line ends."""
    pairs: _Pairs = Counter()

    def record(after: str) -> Callable[[re.Match[str]], str]:
        def swap(m: re.Match[str]) -> str:
            pairs[(m.group(), after)] += 1
            return after

        return swap

    text = _BREAKS_RE.sub(record("\n"), text)
    text = _ENDS_RE.sub(record(""), text)
    text = _RUN_RE.sub(record(" "), text)
    return text, pairs


_RULES: tuple[tuple[str, Callable[[str], tuple[str, _Pairs]]], ...] = (
    ("zero_width", _char_rule(_ZERO_WIDTH_RE, lambda c: "")),
    ("nfc", _nfc),
    ("eth_to_dstroke", _char_rule(_ETH_RE, _ETH.__getitem__)),
    ("tone_placement", _tone_placement),
    ("nbsp", _char_rule(_SPACES_RE, lambda c: " ")),
    ("quote", _char_rule(_QUOTES_RE, _QUOTES.__getitem__)),
    ("dash", _char_rule(_DASHES_RE, lambda c: "-")),
    ("whitespace", _whitespace),
)


def normalize_line(line: str) -> tuple[str, list[Change]]:
    """Normalize one line and say what changed: ``(text, [(rule, before, after, count), ...])``.

    >>> normalize_line("Bình Ðịnh, Khánh Hoà")
    ('Bình Định, Khánh Hòa', [('eth_to_dstroke', 'Ð', 'Đ', 1), ('tone_placement', 'Hoà', 'Hòa', 1)])
    """
    changes: list[Change] = []
    for name, rule in _RULES:
        line, pairs = rule(line)
        changes.extend((name, before, after, n) for (before, after), n in pairs.items())
    return line, changes


# Lines, words and queries recur (``lines.py`` normalizes each line about a dozen times), and a
# normalized string is a pure function of its input; longer texts are not worth keeping.
_CACHED_LENGTH = 2000


def normalize_text(text: str) -> str:
    """All normalization rules on any text (a line, a document, a user's query); idempotent."""
    if len(text) <= _CACHED_LENGTH:
        return _normalize_cached(text)
    return _normalize_long(text)


@lru_cache(maxsize=16384)
def _normalize_cached(text: str) -> str:
    return normalize_line(text)[0]


# A scraped article often puts its whole body on one line, which the line labeller, metadata
# and the official header each read again (normalized, then folded): a few recent long texts
# are kept too, so each is normalized once (4.7 of 101 profiled seconds for 100 real articles).
@lru_cache(maxsize=64)
def _normalize_long(text: str) -> str:
    return normalize_line(text)[0]


def fold(text: str) -> str:
    """The key for matching and counting: normalized and lower-cased, diacritics kept.

    >>> fold("Hoà") == fold("HÒA") == "hòa"
    True
    """
    if len(text) <= _CACHED_LENGTH:
        return _fold_cached(text)
    return _fold_long(text)


@lru_cache(maxsize=64)
def _fold_long(text: str) -> str:
    return normalize_text(normalize_text(text).lower())


@lru_cache(maxsize=16384)
def _fold_cached(text: str) -> str:
    return normalize_text(normalize_text(text).lower())
