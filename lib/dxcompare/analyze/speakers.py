"""Quotations and their speakers: who is quoted, with what title, in each document.

``quotations(corpus)`` returns one row per quoted passage or reported statement, with offsets
into ``documents.text`` (``text[start:end] == quote``, the words inside the quote marks):

- ``direct``: a passage in quote marks framed by a speech verb, before it
  (``Bộ trưởng Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng cho rằng: "..."``), after it
  (``"...", Bí thư Tỉnh đoàn Hà Duy Trung khẳng định.``) or by ``theo`` (``Theo ông A, "..."``);
  a long quoted passage with no frame is kept as ``direct`` with no speaker (``unattributed``);
- ``indirect``: a clause reported by a speech verb without quote marks
  (``Phó Giám đốc Sở ... cho biết, ...``, ``Theo ông Lê Ngọc An, ...``, ``... rằng ...``);
- ``term``: a short quoted name, slogan or scare-quoted term (``"Chính quyền số"``,
  ``Đề án "Phát huy vai trò ..."``): not speech, but kept for the study of rhetoric.

Speakers are people: a name (2-4 capitalized syllables starting with a family name of
``data/person_names.txt``), a title of ``data/titles.txt`` with its office, or both, in either
order (``Chánh Văn phòng UBND tỉnh Lê Ngọc An``; ``ông Nguyễn Văn A, Chủ tịch UBND huyện X``;
``Chủ tịch Hội ... - ông Đặng Đức Mai``). ``ông An``, a bare ``ông``/``bà`` or a bare title
(``Phó Giám đốc Sở ...``) is resolved to the person named earlier in the document and flagged.
Institutions (``Thành ủy``, ``Nghị quyết 05``, ``Điều 25``) are not speakers.

Normalization turns every typographic quote into ``"``; opening and closing marks are told apart
by the original line (``lines.original``) where it still has curly quotes, else by their context.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dxcompare._text.casefold import lower_keeping_offsets
from dxcompare._text.data import bundled_text
from dxcompare._text.phrases import alternation
from dxcompare.analyze.grouping import By, doc_groups
from dxcompare.annotate.levels import title_level
from dxcompare.annotate.normalize import fold

COLUMNS = [
    "doc_id", "speaker", "speaker_title", "quote", "start", "end",
    "sentence_id", "kind", "sentence", "speaker_start", "speaker_end", "flag",
    "speaker_level",
]  # fmt: skip
SPEAKER_COLUMNS = ["group", "speaker", "speaker_title", "n_quotes", "n_documents"]

#: A quoted passage of at most this many syllables, without a speaker, is a term or slogan.
TERM_SYLLABLES = 6
#: A quote left open continues over at most this many following lines (multi-paragraph quotes).
MAX_QUOTE_LINES = 8

_OPENERS = "“«„"
_CLOSERS = "”»"
_QUOTE_CHARS = '"' + _OPENERS + _CLOSERS
_SYLLABLE = re.compile(r"[^\W_]+")
_WORD = re.compile(r"\S+")
_B = r"(?<![^\W_])"  # no letter or digit before
_E = r"(?![^\W_])"  # no letter or digit after


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------


def _sections(name: str) -> dict[str, list[str]]:
    """Lines of a bundled data file by ``[section]``, comments and blank lines removed."""
    text = bundled_text(name)
    out: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = unicodedata.normalize("NFC", raw.split("#", 1)[0].strip())
        if line.startswith("[") and line.endswith("]") and " " not in line:
            current = line[1:-1]
        elif line:
            out.setdefault(current, []).append(line)
    return out


_lower = lower_keeping_offsets  # the text is already normalized


def _alternation(phrases: Iterable[str]) -> str:
    return alternation(sorted(set(phrases)), lambda p: r"\s+".join(map(re.escape, p.split())))


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, str]  # verb -> "" | "colon" | "clause"
    verb_re: re.Pattern[str]
    aux_tail: re.Pattern[str]
    naming_re: re.Pattern[str]
    title_re: re.Pattern[str]
    pronoun_re: re.Pattern[str]
    pronoun_tail: re.Pattern[str]
    pronouns: frozenset[str]
    clause_words: frozenset[str]
    surnames: frozenset[str]
    not_names: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    speech = _sections("speech_verbs.txt")
    verbs: dict[str, str] = {}
    for line in speech.get("verbs", []):
        mark = re.search(r"\[(\w+)\]\s*$", line)
        verbs[fold(line[: mark.start()] if mark else line)] = mark.group(1) if mark else ""
    not_verbs = [fold(v) for v in speech.get("not_verbs", [])]
    titles = _sections("titles.txt")
    pronouns = [fold(p) for p in titles.get("pronouns", [])]
    title_words = []
    for t in titles.get("titles", []):
        t = fold(t)
        title_words.append(
            re.escape(t).replace(r"\ ", r"\s+") + (r"\.?" if "." in t or len(t) <= 4 else "")
        )
    names = _sections("person_names.txt")
    return _Lexicon(
        verbs=verbs,
        verb_re=re.compile(f"{_B}(?:{_alternation([*verbs, *not_verbs])}){_E}"),
        aux_tail=re.compile(
            rf"(?:\s+(?:{_alternation(fold(a) for a in speech.get('auxiliaries', []))}))+\s*$"
        ),
        naming_re=re.compile(
            rf"{_B}(?:{_alternation(fold(n) for n in speech.get('naming', []))}){_E}", re.I
        ),
        title_re=re.compile(rf"{_B}(?:{alternation(title_words, str)})(?![^\W_])", re.I),
        pronoun_re=re.compile(rf"{_B}(?:{_alternation(pronouns)}){_E}", re.I),
        pronoun_tail=re.compile(rf"{_B}(?:{_alternation(pronouns)})\s*$", re.I),
        pronouns=frozenset(pronouns),
        clause_words=frozenset(fold(w) for w in speech.get("clause_words", [])),
        surnames=frozenset(fold(s) for s in names.get("surnames", [])),
        not_names=tuple(fold(n) for n in titles.get("not_names", [])),
    )


# --------------------------------------------------------------------------------------------
# Quote marks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteSpan:
    """A top-level quoted passage: ``text[start:end]`` is inside the marks at ``open`` and ``close``."""

    open: int
    close: int  # offset of the closing mark, or the end of the opening line when unclosed
    unclosed: bool = False

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


def _direction(text: str, i: int, hint: str | None) -> str:
    """ "open", "close" or "?" for the quote mark at ``i``."""
    char = hint or text[i]
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    opens = (before.isspace() or before in "([{:-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}…-")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "?"


def quote_spans(text: str, hints: dict[int, str] | None = None) -> list[QuoteSpan]:
    """Top-level quoted passages of a text; nested quotes stay inside their outer passage.

    A quote may run over several lines (paragraphs), whether or not each paragraph re-opens it;
    one still open when a later line has balanced quotes of its own, or after
    ``MAX_QUOTE_LINES`` lines, ends at the end of its own line and is flagged unclosed.

    >>> [text[s.start:s.end] for text in ['Ông A nói: "Làm ngay." Xong.'] for s in quote_spans(text)]
    ['Làm ngay.']
    """
    hints = hints or {}
    marks = [i for i, c in enumerate(text) if c in _QUOTE_CHARS]
    lines = _line_starts(text)
    spans: list[QuoteSpan] = []
    stack: list[int] = []
    by_line: dict[int, list[int]] = {}
    for i in marks:
        by_line.setdefault(bisect.bisect_right(lines, i) - 1, []).append(i)
    for line_no in sorted(by_line):
        line_marks = by_line[line_no]
        directions = [_direction(text, i, hints.get(i)) for i in line_marks]
        if stack:
            stack = _carry(text, stack, lines, line_no, line_marks, directions, spans)
        for i, d in zip(line_marks, directions, strict=True):
            if d == "open" or (d == "?" and not stack):
                if stack and i == lines[line_no] and _line_of(lines, stack[-1]) < line_no:
                    continue  # a paragraph re-opening a quote that runs on
                stack.append(i)
            elif stack:
                opened = stack.pop()
                if not stack:
                    spans.append(QuoteSpan(opened, i))
    if stack:
        spans.append(_unclosed(text, stack[0]))
    return sorted(spans, key=lambda s: s.open)


def _carry(
    text: str,
    stack: list[int],
    lines: list[int],
    line_no: int,
    line_marks: list[int],
    directions: list[str],
    spans: list[QuoteSpan],
) -> list[int]:
    """Keep a quote open into this line only if the line can close it; else close it unclosed."""
    too_far = line_no - _line_of(lines, stack[0]) > MAX_QUOTE_LINES
    depth, excess = 0, 0
    for d in directions:
        if d == "open":
            depth += 1
        elif d == "close":
            if depth:
                depth -= 1
            else:
                excess += 1
    reopened = line_marks[0] == lines[line_no] and directions[0] != "close"
    if too_far or not (excess or reopened):
        spans.append(_unclosed(text, stack[0]))
        return []
    return stack


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(lines: list[int], pos: int) -> int:
    return bisect.bisect_right(lines, pos) - 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _unclosed(text: str, opened: int) -> QuoteSpan:
    end = _line_end(text, opened)
    while end > opened + 1 and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(opened, end, unclosed=True)


# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


@dataclass
class Speaker:
    """A speaker phrase read from the text; offsets are into the document text."""

    start: int
    end: int
    name: str | None = None
    title: str | None = None
    honorific: str | None = None
    short: str | None = None  # "An" in "ông An": a given name to resolve
    flag: str = ""
    title_span: tuple[int, int] | None = field(default=None, repr=False)

    @property
    def is_person(self) -> bool:
        return bool(self.name or self.title or self.honorific or self.short)


def _is_cap(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _name_at_end(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of a person name ending at ``e``: 2-4 capitalized syllables from a family name."""
    lex = _lexicon()
    run: list[tuple[int, int]] = []
    for m in reversed(list(_WORD.finditer(text, s, e))):
        # "Ông" before a name is not part of it; "Anh" ending "Nguyễn Tuấn Anh" is
        if not _is_cap(m.group()) or (len(run) >= 2 and fold(m.group()) in lex.pronouns):
            break
        run.insert(0, (m.start(), m.end()))
    run = run[-4:]
    for k in range(len(run) - 1):
        if fold(text[run[k][0] : run[k][1]]) not in lex.surnames:
            continue
        span = (run[k][0], run[-1][1])
        if not _not_a_name(text, s, e, span):
            return span
    return None


def _not_a_name(text: str, s: int, e: int, span: tuple[int, int]) -> bool:
    """A province ("Hà Nội", "Lâm Đồng") or a listed non-person ("Đoàn TNCS Hồ Chí Minh")."""
    window_start = max(s, span[0] - 40)
    for ps, pe in _province_spans(text[window_start:e]):
        if ps + window_start < span[1] and span[0] < pe + window_start:
            return True
    key = _lower(text[window_start:e])
    local = span[0] - window_start, span[1] - window_start
    for phrase in _lexicon().not_names:
        for m in re.finditer(re.escape(phrase), key):
            if m.start() < local[1] and local[0] < m.end():
                return True
    return False


@functools.lru_cache(maxsize=4096)
def _province_spans(window: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the province names in a short window: the same mentions as
    ``find_provinces`` without building a DataFrame for each candidate name (that was most of
    the time of ``find_quotations``); names repeat, so the windows are memoized."""
    from dxcompare.annotate.provinces import _find

    return tuple((f[0], f[1]) for f in _find(window))


def _title_start(text: str, s: int, e: int, anywhere: bool) -> int | None:
    """Where a title begins: at ``s``, or (``anywhere``) at a capitalized title inside."""
    lex = _lexicon()
    m = lex.title_re.match(_lower(text[s:e]))
    if m:
        return s
    if not anywhere:
        return None
    for m in lex.title_re.finditer(_lower(text[s:e])):
        if text[s + m.start()].isupper():
            return s + m.start()
    return None


def _has_capital_after_title(text: str, s: int, e: int) -> bool:
    """ "Giám đốc Sở TT&TT", "Phó Chủ tịch" name someone; "các chuyên gia" does not."""
    return text[s].isupper() or any(w[0].isupper() for w in text[s:e].split()[1:])


def _strip(text: str, s: int, e: int, chars: str = " ,-:;") -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in chars):
        e -= 1
    return s, e


def _segments(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Pieces of a speaker phrase between ", ", " - " and brackets."""
    out, start = [], s
    for m in re.finditer(r",\s+|\s+-\s+|\s*[()]\s*", text[s:e]):
        out.append(_strip(text, start, s + m.start()))
        start = s + m.end()
    out.append(_strip(text, start, e))
    return [(a, b) for a, b in out if b > a]


def _classify(text: str, s: int, e: int, junk: bool) -> Speaker | None:
    """Read one segment as a name, a title (with or without name), an honorific or ``ông An``.

    With ``junk`` the segment may begin with other words ("Mới đây Bộ trưởng ...").
    """
    lex = _lexicon()
    name = _name_at_end(text, s, e)
    if name:
        return _with_name(text, s, e, name, junk)
    m = lex.pronoun_re.match(text, s)
    if m and m.end() == e:
        return Speaker(s, e, honorific=fold(m.group()))
    if m:
        rest = text[m.end() : e].split()
        if 1 <= len(rest) <= 2 and all(_is_cap(w) for w in rest):
            return Speaker(s, e, honorific=fold(m.group()), short=" ".join(rest))
    t = _title_start(text, s, e, junk)
    if t is not None and _has_capital_after_title(text, t, e) and len(text[t:e].split()) <= 14:
        return Speaker(t, e, title=text[t:e], title_span=(t, e))
    return None


def _with_name(text: str, s: int, e: int, name: tuple[int, int], junk: bool) -> Speaker | None:
    lex = _lexicon()
    ps, pe = _strip(text, s, name[0])
    person = Speaker(s, e, name=text[name[0] : name[1]])
    hon = None
    if pe > ps:
        hon = lex.pronoun_tail.search(text, ps, pe)
        if hon:
            person.honorific = fold(hon.group())
            pe = _strip(text, ps, hon.start())[1]
    if pe <= ps:
        person.start = hon.start() if person.honorific else name[0]
        return person
    t = _title_start(text, ps, pe, junk)
    if t is not None:
        person.start, person.title, person.title_span = t, text[t:pe], (t, pe)
        return person
    if junk and not text[ps:pe].split()[-1][0].isupper() and len(person.name.split()) >= 3:
        person.start = name[0]
        return person
    return None


def parse_speaker(text: str, start: int, end: int) -> Speaker | None:
    """The person named by ``text[start:end]``, read from its end (the words before a verb).

    >>> sp = parse_speaker(t := "Bộ trưởng Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng", 0, len(t))
    >>> sp.title, sp.name
    ('Bộ trưởng Bộ Thông tin và Truyền thông', 'Nguyễn Mạnh Hùng')
    """
    start, end = _strip(text, start, end)
    aux = _lexicon().aux_tail.search(_lower(text[start:end]))
    if aux and aux.start() > 0:
        end = _strip(text, start, start + aux.start())[1]
    segs = _segments(text, start, end)
    if not segs:
        return None
    person = _classify(text, *segs[-1], junk=True)
    if person is None:
        person = _with_apposition(text, segs)
        if person is None:
            return None
        segs = segs[:-1]
    if person.start != segs[-1][0]:
        return person  # words before the speaker: nothing further left belongs to it
    for seg in reversed(segs[:-1]):
        part = _classify(text, *seg, junk=False)
        if part is None or part.start != seg[0] or not _joins(person, part):
            break
        person = _join(text, person, part)
    return person


def _with_apposition(text: str, segs: list[tuple[int, int]]) -> Speaker | None:
    """ "Anh Nguyễn Văn Bình, một người dân ở xã Tân Lập," or "Chị Lò Thị Mai (bản Nà Sản)":
    a named person followed by a description, which becomes (part of) the title."""
    if len(segs) < 2:
        return None
    a, b = segs[-1]
    words = text[a:b].split()
    if len(words) > 15 or any(fold(w.strip("(),")) in _lexicon().clause_words for w in words):
        return None
    person = _classify(text, *segs[-2], junk=True)
    if person is None or person.name is None:
        return None
    out = replace(person, end=b)
    out.title = f"{person.title}, {text[a:b]}" if person.title else text[a:b]
    out.title_span = (a, b)
    return out


def _joins(person: Speaker, part: Speaker) -> bool:
    if part.name:
        return person.name is None and person.short is None
    return part.title is not None and (person.title is None or person.title_span is not None)


def _join(text: str, person: Speaker, part: Speaker) -> Speaker:
    """A segment to the left adds a name or extends the title ("Phó Bí thư ..., Chủ tịch ...")."""
    out = replace(person, start=part.start)
    if part.name:
        out.name, out.honorific = part.name, part.honorific or person.honorific
        if part.title_span and not person.title_span:
            out.title, out.title_span = part.title, part.title_span
        return out
    end = person.title_span[1] if person.title_span else part.title_span[1]
    out.title_span = (part.title_span[0], end)
    out.title = text[part.title_span[0] : end]
    if person.name and person.name in out.title:  # titles on both sides of the name
        out.title = f"{part.title}, {person.title}"
    return out


def _parse_forward(text: str, start: int, end: int) -> tuple[Speaker, int] | None:
    """A speaker at the start of ``text[start:end]`` ("theo ông A, Chủ tịch X, ...") and where it ends.

    Returns the speaker and the offset of the separator after it (where the reported clause begins).
    """
    seps = list(re.finditer(r",\s+|\s+-\s+", text[start:end]))
    bounds = [start] + [start + m.end() for m in seps]
    cuts = [start + m.start() for m in seps] + [end]
    person, stop = None, None
    for a, b in zip(bounds, cuts, strict=True):
        a, b = _strip(text, a, b)
        part = _classify(text, a, b, junk=False) if b > a else None
        if person is None and part is not None and part.start == a:
            person = part
        elif (
            person is not None
            and part is not None
            and part.start == a
            and part.title
            and not part.name
        ):
            person = _join_right(text, person, part.title_span)
        elif (
            person is not None
            and person.title_span
            and person.end == stop
            and _continues_office(text, a, b)
        ):
            person = _join_right(text, person, (a, b))
        else:
            break
        stop = b
    if person is None or stop is None or stop >= end:
        return None
    return person, stop


def _continues_office(text: str, s: int, e: int) -> bool:
    """ "Hành chính và Tổ chức (Phân viện ... tại TP Huế)" after a title is more of the office."""
    words = text[s:e].split()
    if not words or len(words) > 20 or not words[0].lstrip("(")[:1].isupper():
        return False
    return not any(fold(w.strip("(),")) in _lexicon().clause_words for w in words)


def _join_right(text: str, person: Speaker, span: tuple[int, int]) -> Speaker:
    """A title piece after the speaker: extends a title it touches, else joins it with ", "."""
    out = replace(person, end=span[1])
    if person.title and person.title_span and person.title_span[1] >= person.end - 1:
        out.title = person.title + text[person.title_span[1] : span[1]]
        out.title_span = (person.title_span[0], span[1])
    else:
        piece = text[span[0] : span[1]]
        out.title = f"{person.title}, {piece}" if person.title else piece
        out.title_span = span
    return out


# --------------------------------------------------------------------------------------------
# Who is who: resolving "ông An", "ông", a bare title
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    pos: int
    name: str
    title: str | None
    honorific: str | None


def _known_people(text: str, speakers: Sequence[Speaker]) -> list[_Known]:
    """Named people of a document in order: named speakers and "ông/bà + name" anywhere."""
    lex = _lexicon()
    known = [_Known(sp.start, sp.name, sp.title, sp.honorific) for sp in speakers if sp.name]
    for m in lex.pronoun_re.finditer(text):
        stop = m.end()
        for w in _WORD.finditer(text, m.end(), min(len(text), m.end() + 60)):
            word = w.group().rstrip(',.;:!?)"')
            if not _is_cap(word):
                break
            stop = w.start() + len(word)
            if len(word) < len(w.group()):
                break
        name = _name_at_end(text, m.end(), stop) if stop > m.end() else None
        if name and name[0] == _strip(text, m.end(), stop)[0]:
            known.append(_Known(m.start(), text[name[0] : name[1]], None, fold(m.group())))
    known.extend(_titled_people(text))
    return sorted(known, key=lambda k: k.pos)


def _titled_people(text: str) -> list[_Known]:
    """ "Giám đốc Sở TT&TT Trần Kim Kha" anywhere: a capitalized title, its office, a name."""
    out = []
    folded = _lower(text)
    for m in _lexicon().title_re.finditer(folded):
        if not text[m.start()].isupper():
            continue
        words = list(_WORD.finditer(text, m.end(), min(len(text), m.end() + 120)))[:12]
        for k, w in enumerate(words):
            word = w.group().rstrip(',.;:!?)"')
            ends_run = (
                len(word) < len(w.group())
                or k + 1 == len(words)
                or not _is_cap(words[k + 1].group())
            )
            if _is_cap(word) and ends_run:
                name = _name_at_end(text, m.start(), w.start() + len(word))
                if name:
                    title = _strip(text, m.start(), name[0])
                    out.append(
                        _Known(m.start(), text[name[0] : name[1]], text[slice(*title)], None)
                    )
                    break
            if len(word) < len(w.group()):
                break
    return out


class _People:
    """The known people of a document, indexed by position and by name: resolving a speaker
    looks back from its position without copying the list (linear, not quadratic, in the
    number of speakers of a long document)."""

    def __init__(self, known: Sequence[_Known]) -> None:
        self.known = list(known)  # sorted by pos
        self.positions = [k.pos for k in self.known]
        self.titles: dict[str, list[tuple[int, str]]] = {}
        self.by_last: dict[str, list[_Known]] = {}  # last folded syllable of the name -> people
        for k in self.known:
            self.by_last.setdefault(fold(k.name).rsplit(" ", 1)[-1], []).append(k)
            if k.title:
                self.titles.setdefault(k.name, []).append((k.pos, k.title))

    def before(self, pos: int) -> Iterable[_Known]:
        """Known people named before ``pos``, nearest first."""
        i = bisect.bisect_left(self.positions, pos)
        return (self.known[j] for j in range(i - 1, -1, -1))

    def short_before(self, short: str, pos: int) -> _Known | None:
        """The nearest person before ``pos`` whose name ends with the given name ("ông An")."""
        key = fold(short)
        same_last = self.by_last.get(key.rsplit(" ", 1)[-1], [])
        i = bisect.bisect_left(same_last, pos, key=lambda k: k.pos)
        return next((k for k in reversed(same_last[:i]) if fold(k.name).endswith(" " + key)), None)

    def title_before(self, name: str, pos: int) -> str | None:
        titles = [t for p, t in self.titles.get(name, ()) if p < pos]
        return titles[-1] if titles else None

    def first_title(self, name: str) -> str | None:
        titles = self.titles.get(name)
        return titles[0][1] if titles else None


def _resolve(sp: Speaker, known: Sequence[_Known] | _People) -> Speaker:
    people = known if isinstance(known, _People) else _People(known)
    if sp.name:
        if sp.title:
            return sp
        title = people.title_before(sp.name, sp.start)
        return replace(sp, title=title, flag="title_earlier") if title else sp
    if sp.short:
        match = people.short_before(sp.short, sp.start)
        return _adopt(sp, match, "short_name", people) if match else replace(sp, flag="unresolved")
    if sp.title:
        match = next((k for k in people.before(sp.start) if _same_office(sp.title, k.title)), None)
        return _adopt(sp, match, "title", people) if match else sp
    if sp.honorific:
        female = sp.honorific in ("bà", "chị")
        # the nearest earlier person of the same gender, else the nearest earlier person
        nearest = next(iter(people.before(sp.start)), None)
        match = next((k for k in people.before(sp.start) if _is_female(k) == female), nearest)
        return _adopt(sp, match, "pronoun", people) if match else replace(sp, flag="unresolved")
    return sp


def _is_female(k: _Known) -> bool:
    return k.honorific in ("bà", "chị") or " thị " in f" {fold(k.name)} "


def _same_office(title: str, other: str | None) -> bool:
    """ "Chủ tịch UBND quận X" is one of "Phó Bí thư Quận ủy, Chủ tịch UBND quận X"."""
    if not other:
        return False
    key = fold(title)
    parts = [fold(p).strip() for p in re.split(r",\s+|\s+-\s+", other)]
    return any(p == key or p.startswith(key + " ") for p in parts)


def _adopt(sp: Speaker, known: _Known, flag: str, people: _People | None = None) -> Speaker:
    first = people.first_title(known.name) if people else None
    title = sp.title or known.title or first
    return replace(sp, name=known.name, title=title, flag=flag)


# --------------------------------------------------------------------------------------------
# Frames: how a passage is attributed
# --------------------------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    flags: list[str] = field(default_factory=list)


def _verbs(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Speech verbs in ``text[s:e]`` written in lower case: (start, end, verb)."""
    lex = _lexicon()
    out = []
    for m in lex.verb_re.finditer(text, s, e):
        verb = " ".join(m.group().split())
        if verb in lex.verbs:
            out.append((m.start(), m.end(), verb))
    return out


#: How far before a quote (or a verb) a speaker frame is read. A frame ("Bộ trưởng ... cho
#: rằng:", "Theo ông X, Chủ tịch ...,") is one clause; the window keeps the cost per quote
#: constant on a long line (a scraped article body is often one line of many KB).
FRAME_WINDOW = 400


def _clause_start(text: str, s: int, pos: int) -> int:
    """Start of the clause that ends at ``pos``: after the last . ; : or quote mark since ``s``
    (at most :data:`FRAME_WINDOW` characters back)."""
    s = max(s, pos - FRAME_WINDOW)
    cut = s
    for m in re.finditer(r"[.;:!?]\s|[\"“”«»]", text[s:pos]):
        cut = s + m.end()
    return cut


_GAP = re.compile(r"\s*(?:thêm\s*)?(?:rằng\s*)?[:,]?\s*$")
# "theo" opening a frame; what follows it up to the quote is checked without a regex
_THEO = re.compile(r"(?<![^\s,(])(?i:theo)\s+")


def _theo_start(head: str) -> int | None:
    r"""Where the speaker of ``Theo ông X, Chủ tịch Y, "..."`` begins in ``head`` (the text
    before the quote), or None.

    The first ``theo`` after which the head holds no quote mark and no empty piece (``,,``)
    and ends in a comma: what ``theo\s+([^,"]+(?:,\s*[^,"]+)*?),\s*$`` matched, in one pass
    (that regex backtracked without bound on a long line with many commas).
    """
    if not head.rstrip().endswith(","):
        return None
    last_comma = head.rstrip().rfind(",")
    double = head.rfind(",,")
    lower = max(head.rfind('"') + 1, double + 2 if double >= 0 else 0)
    for m in _THEO.finditer(head, lower):
        g = m.end()
        if g < last_comma and head[g] != ",":
            return g
    return None


def _blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is empty or white space, read back from ``end``.

    ``not text[start:end].strip()`` copied the line up to every quote: quadratic on a scraped
    article that is one long line. This stops at the first character that is not a space.
    """
    i = end
    while i > start and text[i - 1].isspace():
        i -= 1
    return i == start


def _before_frame(text: str, q: QuoteSpan, line_start: int) -> Speaker | None:
    """``X cho rằng: "..."`` or ``Theo ông X, "..."``, in the quote's line or the line before."""
    head_start = line_start
    if line_start > 0 and _blank(text, line_start, q.open):
        prev = max(text.rfind("\n", 0, line_start - 1) + 1, line_start - 1 - FRAME_WINDOW)
        if text[prev : line_start - 1].rstrip().endswith(":"):
            head_start = prev
    head_start = max(head_start, q.open - FRAME_WINDOW)
    head_end = q.open
    lex = _lexicon()
    for vs, ve, verb in reversed(_verbs(text, head_start, head_end)):
        gap = text[ve:head_end]
        ok = _GAP.match(gap) or (gap.rstrip().endswith(":") and len(_SYLLABLE.findall(gap)) <= 6)
        if not ok or (lex.verbs[verb] == "colon" and ":" not in gap and gap.strip()):
            continue
        speaker = parse_speaker(text, _clause_start(text, head_start, vs), vs)
        if speaker and speaker.is_person:
            return speaker
        break
    theo = _theo_start(text[head_start:head_end])
    if theo is not None:
        found = _parse_forward(text, head_start + theo, head_end)
        if found:
            return found[0]
    return None


def _after_frame(text: str, q: QuoteSpan) -> Speaker | None:
    """``"...", Bí thư Tỉnh đoàn Hà Duy Trung khẳng định.`` or ``"...", theo ông X.``"""
    if q.unclosed:
        return None
    tail_end = min(_line_end(text, q.close), q.close + 200)
    tail = text[q.close + 1 : tail_end]
    lead = re.match(r"\s*[,]?\s*", tail)
    if lead is None or (lead.end() == 0 and tail[:1] not in ("", " ")):
        return None
    s = q.close + 1 + lead.end()
    stop = re.search(r"[.;!?](?:\s|$)|[\"“”«»]", text[s:tail_end])
    e = s + stop.start() if stop else tail_end
    theo = re.match(r"(?i:theo)\s+", text[s:e])
    if theo:
        sp = parse_speaker(text, s + theo.end(), e)
        return sp if sp and sp.is_person else None
    for vs, _ve, _verb in _verbs(text, s, e):
        sp = parse_speaker(text, s, vs)
        return sp if sp and sp.is_person else None
    return None


def _indirect(text: str, sent: tuple[int, int], used: _Spans) -> list[_Found]:
    """``X cho biết, ...``, ``X cho rằng ...``, ``X chia sẻ ... rằng ...``, ``Theo ông X, ...``."""
    s, e = sent
    out = []
    found = _theo_clause(text, s, e, used)
    if found:
        out.append(found)
    lex = _lexicon()
    cursor = out[0].end if out else s
    for vs, ve, verb in _verbs(text, s, e):
        if vs < cursor or _inside(used, vs):
            continue
        clause = _reported_clause(text, ve, e, lex.verbs[verb])
        if clause is None:
            continue
        speaker = parse_speaker(text, _clause_start(text, s, vs), vs)
        if speaker is None or not speaker.is_person:
            continue
        out.append(_Found(clause[0], clause[1], "indirect", speaker))
        cursor = clause[1]
    return out


def _theo_clause(text: str, s: int, e: int, used: _Spans) -> _Found | None:
    m = re.match(r"(?:(?:Cũng|Còn|Nhưng|Và|Tuy nhiên,?)\s+)?(?i:theo)\s+", text[s:e])
    if not m or _inside(used, s):
        return None
    found = _parse_forward(text, s + m.end(), e)
    if not found:
        return None
    speaker, stop = found
    qs, qe = _strip(text, stop + 1, e, " ,.;:")
    if len(_SYLLABLE.findall(text[qs:qe])) < 3 or text[qs : qs + 1] in _QUOTE_CHARS:
        return None
    return _Found(qs, qe, "indirect", speaker)


def _reported_clause(text: str, ve: int, e: int, mode: str) -> tuple[int, int] | None:
    """The clause a verb reports, up to the sentence end; None if the verb reports none."""
    after = text[ve : min(e, ve + FRAME_WINDOW)]  # "rằng" within 60 syllables; a bounded read
    gap = re.match(r"\s*(?:thêm\s*)?([:,]|rằng(?![^\W_]))?\s*", after)
    mark = gap.group(1) if gap else None
    start = ve + (gap.end() if gap else 0)
    if start < e and text[start] in _QUOTE_CHARS:
        return None  # a direct quote: its frame is read with the quote
    if mode == "colon" and mark != ":":
        return None
    if mark is None:
        rang = re.search(r"(?<![^\W_])rằng(?![^\W_])\s*[:,]?\s*", after)
        if rang and len(_SYLLABLE.findall(text[ve : ve + rang.start()])) <= 60:
            start = ve + rang.end()
        elif mode != "clause":
            return None
    qs, qe = _strip(text, start, e, " ,.;:…")
    if len(_SYLLABLE.findall(text[qs:qe])) < 3:
        return None
    return qs, qe


class _Spans:
    """Quoted spans indexed for "is this offset inside one" by bisection (a scan of every quote
    for every speech verb was quadratic on a long line)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.max_end: list[int] = []
        for _, b in ordered:
            self.max_end.append(max(b, self.max_end[-1]) if self.max_end else b)

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.max_end[i] > pos


def _inside(spans: Sequence[tuple[int, int]] | _Spans, pos: int) -> bool:
    if isinstance(spans, _Spans):
        return pos in spans
    return any(a <= pos < b for a, b in spans)


def _is_term(text: str, q: QuoteSpan) -> bool:
    """A short quoted name or slogan, or a passage right after a naming word (Đề án "...")."""
    if len(_SYLLABLE.findall(text[q.start : min(q.end, q.start + 200)])) <= TERM_SYLLABLES:
        return True
    naming = _lexicon().naming_re
    first = naming.match(fold(text[q.start : min(q.end, q.start + 200)]))
    if first and text[q.start].isupper():
        return True  # "Nghị quyết của Thành ủy về ...", "Chương trình ...": a name
    window = text[max(0, q.open - 60) : q.open]
    words = list(_WORD.finditer(window))[-6:]
    recent = window[words[0].start() :] if words else ""
    return bool(_lexicon().naming_re.search(fold(recent)))


# --------------------------------------------------------------------------------------------
# One text
# --------------------------------------------------------------------------------------------


def find_quotations(
    text: str,
    sentences: Sequence[tuple[int, int]] | None = None,
    hints: dict[int, str] | None = None,
) -> pd.DataFrame:
    """Quotations of one normalized text, with the columns of :func:`quotations` but ``doc_id``.

    ``sentences`` are ``(start, end)`` spans (``segment.split_sentences`` when not given);
    ``hints`` maps an offset of ``"`` to the typographic mark it was before normalization.

    >>> find_quotations('"Phải làm ngay", ông Trần Văn Bình nói.')[["speaker", "quote", "kind"]].values.tolist()
    [['Trần Văn Bình', 'Phải làm ngay', 'direct']]
    """
    if sentences is None:
        from dxcompare.annotate.segment import split_sentences

        sentences = split_sentences(text)
    lines = _line_starts(text)
    found: list[_Found] = []
    previous: dict[int, _Found] = {}  # line -> last attributed quote on it
    for q in quote_spans(text, hints):
        line_no = _line_of(lines, q.open)
        speaker = _before_frame(text, q, lines[line_no]) or _after_frame(text, q)
        item = _Found(q.start, q.end, "direct", speaker, ["unclosed"] if q.unclosed else [])
        if speaker is None:
            if line_no in previous and not _is_term(text, q):
                item.speaker, item.flags = previous[line_no].speaker, item.flags + ["continued"]
            elif _is_term(text, q):
                item.kind = "term"
            else:
                item.flags.append("unattributed")
        if item.speaker is not None:
            previous[line_no] = item
        found.append(item)
    quoted = _Spans([(f.start - 1, f.end + 1) for f in found])
    for sent in sentences:
        found.extend(_indirect(text, sent, quoted))
    return _table(text, found, sentences)


def _table(text: str, found: list[_Found], sentences: Sequence[tuple[int, int]]) -> pd.DataFrame:
    speakers = [f.speaker for f in found if f.speaker is not None]
    people = _People(_known_people(text, speakers))
    starts = [s for s, _ in sentences]
    rows = []
    for f in sorted(found, key=lambda f: f.start):
        sp = _resolve(f.speaker, people) if f.speaker else None
        anchor = sp.start if sp else f.start
        sid = max(0, bisect.bisect_right(starts, f.start) - 1) if starts else None
        evidence = max(0, bisect.bisect_right(starts, anchor) - 1) if starts else None
        flags = f.flags + ([sp.flag] if sp and sp.flag else [])
        rows.append(
            dict(
                speaker=sp.name if sp else None,
                speaker_title=sp.title if sp else None,
                quote=text[f.start : f.end],
                start=f.start,
                end=f.end,
                sentence_id=sid,
                kind=f.kind,
                sentence=text[slice(*sentences[evidence])] if evidence is not None else "",
                speaker_start=sp.start if sp else None,
                speaker_end=sp.end if sp else None,
                flag=";".join(flags),
            )
        )
    table = pd.DataFrame(rows, columns=COLUMNS[1:])
    for col in ("speaker", "speaker_title"):
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return table


# --------------------------------------------------------------------------------------------
# A corpus
# --------------------------------------------------------------------------------------------


def quotations(corpus: Any) -> pd.DataFrame:
    """Quotations and reported statements of every document, with speakers and evidence.

    Columns: doc_id, speaker (a name, resolved for "ông An"/"ông"/a bare title), speaker_title
    (as written: "Bộ trưởng Bộ Thông tin và Truyền thông"), quote (``text[start:end]``, inside
    the marks), start, end (offsets into ``documents.text``), sentence_id (where the quote
    starts), kind ("direct" | "indirect" | "term"), sentence (the sentence naming the speaker, or
    the quote's first sentence), speaker_start, speaker_end (the speaker phrase in the text),
    flag (";"-joined: "unclosed", "unattributed", "continued", "short_name", "pronoun", "title",
    "unresolved"), speaker_level (the title's level of government: "national" for a minister, the
    Prime Minister or a national department; "province", "district", "commune"; None).

    >>> quotations(corpus).query("kind != 'term'")[["speaker", "speaker_title"]]  # doctest: +SKIP

    Computed once per corpus and shared by every notebook (:mod:`dxcompare.corpus.derived`).
    """
    from dxcompare.corpus import derived

    return derived.cached(
        "quotations",
        {},
        [
            (corpus.documents, ["doc_id", "text"]),
            (corpus.sentences, ["doc_id", "start", "end"]),
            (getattr(corpus, "lines", None), ["doc_id", "label", "text", "original", "start"]),
        ],
        lambda: _quotations(corpus),
    )


def _quotations(corpus: Any) -> pd.DataFrame:
    """:func:`quotations` itself, uncached."""
    frames = []
    sentences = corpus.sentences
    by_doc = {
        d: g
        for d, g in sentences.groupby(sentences["doc_id"].astype(str), sort=False, observed=True)
    }
    hints = _hints(corpus)
    for doc_id, text in zip(
        corpus.documents["doc_id"].astype(str), corpus.documents["text"], strict=True
    ):
        g = by_doc.get(doc_id)
        spans = (
            list(zip(g["start"].astype(int), g["end"].astype(int), strict=True))
            if g is not None
            else []
        )
        table = find_quotations(text, spans, hints.get(doc_id))
        if not table.empty:
            table.insert(0, "doc_id", doc_id)
            frames.append(table)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    for col in ("sentence_id", "speaker_start", "speaker_end"):
        out[col] = out[col].astype("Int64")
    for col in ("speaker", "speaker_title"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    # A minister or the Prime Minister quoted in a provincial article speaks for the centre.
    out["speaker_level"] = out["speaker_title"].map(title_level)
    return out[COLUMNS]


def _hints(corpus: Any) -> dict[str, dict[int, str]]:
    """Typographic quote marks of the original lines, by offset of their ``"`` in the body."""
    lines = getattr(corpus, "lines", None)
    if lines is None or lines.empty:
        return {}
    body = lines[lines["label"] == "body"]
    out: dict[str, dict[int, str]] = {}
    for doc_id, text, original, start in zip(
        body["doc_id"].astype(str), body["text"], body["original"], body["start"], strict=True
    ):
        marks = [c for c in str(original) if c in _QUOTE_CHARS]
        offsets = [i for i, c in enumerate(str(text)) if c == '"']
        if len(marks) == len(offsets) and any(c != '"' for c in marks):
            out.setdefault(doc_id, {}).update(
                {int(start) + i: c for i, c in zip(offsets, marks, strict=True)}
            )
    return out


def speaker_table(quotes: pd.DataFrame, corpus: Any, by: By = "primary_province") -> pd.DataFrame:
    """Who speaks in each group's coverage: group, speaker, speaker_title, n_quotes, n_documents.

    ``by`` is a column of ``corpus.documents``, a list of them, or None (one group "(all)");
    documents with no value form the group "(unknown)" (labels as :mod:`dxcompare.grouping`).

    Counts direct and indirect quotations (not terms); a speaker known only by a title has
    ``speaker`` None. ``speaker_title`` is the speaker's most frequent title in the group.
    Sorted by group, then n_quotes (descending).
    """
    groups = doc_groups(corpus, by)
    q = quotes[quotes["kind"].isin(["direct", "indirect"])].copy()
    q = q[q["speaker"].notna() | q["speaker_title"].notna()]
    q["group"] = q["doc_id"].astype(str).map(groups)
    q = q[q["group"].notna()]  # quotations of documents not in the corpus
    if q.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SPEAKER_COLUMNS})
    q["who"] = q["speaker"].fillna("\0" + q["speaker_title"].fillna(""))
    table = q.groupby(["group", "who"]).agg(
        speaker=("speaker", "first"),
        speaker_title=("speaker_title", _most_common),
        n_quotes=("doc_id", "size"),
        n_documents=("doc_id", "nunique"),
    )
    table = table.reset_index().sort_values(
        ["group", "n_quotes", "who"], ascending=[True, False, True]
    )
    return table[SPEAKER_COLUMNS].reset_index(drop=True)


def _most_common(titles: pd.Series) -> str | None:
    titles = titles.dropna()
    return None if titles.empty else titles.value_counts().index[0]


__all__ = [
    "quotations",
    "find_quotations",
    "speaker_table",
    "quote_spans",
    "parse_speaker",
    "QuoteSpan",
    "Speaker",
]
