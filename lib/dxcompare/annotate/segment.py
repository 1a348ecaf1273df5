"""Sentences, words, domain phrases and stopwords: the linguistic layers of a document body.

Vietnamese spaces separate syllables, not words, so words come from underthesea's ``word_tokenize``
(offline CRF model). Its output is not always a substring of its input (it composes NFC, maps ``Ð``
to ``Đ`` and fixes old tone placement and some spellings), so every word is aligned back to the
text syllable by syllable and reported with offsets into the sentence it came from. Domain phrases
("chuyển đổi số", which no segmenter joins) are merged after segmenting; stopwords apply to whole
words after merging, so "số" inside "chuyển đổi số" is never a stopword.

    >>> tokenize("Chuyển đổi số là xu thế.")
    [('Chuyển đổi số', 0, 13), ('là', 14, 16), ('xu thế', 17, 23)]
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dxcompare._text.data import bundled_text
from dxcompare._text.marks import strip_marks
from dxcompare._text.userfiles import read_user_text
from dxcompare.errors import LexiconError

Token = tuple[str, int, int]
Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------------------------


def _bundled_lines(name: str) -> list[tuple[int, str]]:
    """(line number, content) of a bundled data file, comments and blank lines removed."""
    return _content_lines(bundled_text(name))


def _content_lines(text: str) -> list[tuple[int, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if content:
            out.append((number, unicodedata.normalize("NFC", content)))
    return out


def _user_lines(path: Path, what: str) -> list[tuple[int, str]]:
    """Lines of a user's lexicon file; a missing or undecodable file raises LexiconError."""
    return _content_lines(read_user_text(path, what))


@functools.lru_cache(maxsize=8)
def _word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for _, line in _bundled_lines(name))


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

# Line boundaries as str.splitlines sees them: a sentence never crosses one.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# A candidate end: terminal punctuation, closing quotes or brackets, then whitespace.
_END = re.compile(r"(?:[.!?]+|…+)+[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([-–—"
# Invisible characters that are not str.isspace() but must not start or end a sentence.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Enumerators and legal headings that end with a dot: "1.", "II.", "a.", "Điều 5.", "Chương II."
_ENUMERATOR = re.compile(
    r"(?:\(?(?:\d{1,3}|[IVXLCivxlc]{1,6}|[a-zđ])[.)]|(?:Điều|Chương|Mục|Phần|Khoản)\s+\S{1,8}\.)"
)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans ``(start, end)`` into ``text``; a sentence never crosses a line break.

    Splits after ``. ! ? …`` followed by a space and a capital, an opening quote or a digit, and at
    line ends; keeps "TS. Trần Hải Định", "TP. Hồ Chí Minh", "PGS.TS.", "92,75", "05-NQ/TU" whole.
    Spans are stripped of surrounding whitespace; spans without a letter or digit are dropped.

        >>> split_sentences("Theo TS. Lê Văn A, tỉnh đạt 92,75%. Năm 2025 tăng.")
        [(0, 35), (36, 50)]
    """
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _line_cuts(text, line.start(), line.end()):
            _add_span(text, start, cut, spans)
            start = cut
        _add_span(text, start, line.end(), spans)
    return spans


def _line_cuts(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets inside one line where a sentence ends (after its punctuation)."""
    sentence_start = start
    for match in _END.finditer(text, start, end):
        if _next_starts_sentence(text, match.end(), end) and not _is_abbreviation_dot(
            text, sentence_start, match
        ):
            yield match.end()
            sentence_start = match.end()


def _next_starts_sentence(text: str, pos: int, end: int) -> bool:
    """After the whitespace at ``pos``: a capital or a digit, possibly behind an opening quote."""
    while pos < end and (text[pos].isspace() or text[pos] in _INVISIBLE):
        pos += 1
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    return pos < end and (text[pos].isupper() or text[pos].istitle() or text[pos].isdigit())


def _is_abbreviation_dot(text: str, sentence_start: int, match: re.Match[str]) -> bool:
    """Whether a single "." closes an abbreviation ("TS.", "PGS.TS.", "Q.") or an enumerator ("1.")."""
    if match.group() != ".":
        return False
    dot = match.start()
    word_start = dot
    while word_start > sentence_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip(_OPENERS)
    if _ENUMERATOR.fullmatch(text[sentence_start : dot + 1].strip()):
        return True
    if len(word) == 1 and word.isupper():  # an initial: "Nguyễn V. A", "Q. 1"
        return True
    abbreviations = _word_set("abbreviations.txt")
    if word.lower() in abbreviations:
        return True
    parts = [p for p in word.split(".") if p]
    return bool(parts) and all(p.lower() in abbreviations for p in parts)


def _add_span(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    if _HAS_ALNUM.search(text, start, end):
        spans.append((start, end))


# ---------------------------------------------------------------------------------------------
# Aligning underthesea's syllables back to the text
# ---------------------------------------------------------------------------------------------

_HAS_ALNUM = re.compile(r"[^\W_]")
_RESYNC_SYLLABLES = 8


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """A character as underthesea may have rewritten it, reduced to what both forms share.

    Lower case, no combining marks (so NFC/NFD and tone placement do not matter), Ð/ð/Đ/đ -> d.
    """
    return strip_marks(char.lower())


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


class _Folded:
    """A folded copy of a sentence with a map back to the sentence's offsets (built on demand)."""

    def __init__(self, text: str):
        chars: list[str] = []
        origin: list[int] = []
        first = [0] * (len(text) + 1)
        for i, char in enumerate(text):
            first[i] = len(chars)
            folded = _fold_char(char)
            chars.extend(folded)
            origin.extend([i] * len(folded))
        first[len(text)] = len(chars)
        self.text = text
        self.folded = "".join(chars)
        self.origin = origin  # folded index -> text offset
        self.first = first  # text offset -> first folded index at or after it

    def span(self, k0: int, k1: int) -> Span:
        """Text span of folded range [k0, k1), with the combining marks that follow it."""
        end = self.origin[k1 - 1] + 1
        while end < len(self.text) and self.first[end + 1] == self.first[end]:
            end += 1
        return self.origin[k0], end

    def match(self, syllable: str, pos: int) -> Span | None:
        folded = _fold(syllable)
        k = self.first[pos]
        if folded and self.folded.startswith(folded, k):
            return self.span(k, k + len(folded))
        return None

    def resync(self, syllables: Sequence[str], pos: int) -> Span | None:
        """Best guess for ``syllables[0]`` near ``pos`` when it is not literally there.

        underthesea rewrites a few spellings ("nghành" -> "ngành", "qui" -> "quy"); a character
        alignment of the next few syllables against the next stretch of text finds where it went.
        """
        wanted = [_fold(s) for s in syllables[:_RESYNC_SYLLABLES]]
        first_len = len(wanted[0])
        if not first_len:
            return None
        a = "".join(wanted)
        k0 = self.first[pos]
        window = range(k0, min(len(self.folded), k0 + 2 * len(a) + 16))
        b_index = [k for k in window if not self.folded[k].isspace()]
        b = "".join(self.folded[k] for k in b_index)
        matched = [
            b_index[block.b + d]
            for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
            for d in range(block.size)
            if block.a + d < first_len
        ]
        if not matched:
            return None
        return self.span(matched[0], matched[-1] + 1)


def _align(sentence: str, syllables: Sequence[str]) -> list[Span | None]:
    """Span in ``sentence`` of each syllable, in order; None where a syllable cannot be found."""
    spans: list[Span | None] = []
    folded: _Folded | None = None
    pos, n = 0, len(sentence)
    for i, syllable in enumerate(syllables):
        while pos < n and sentence[pos].isspace():
            pos += 1
        if sentence.startswith(syllable, pos):  # the usual case: normalized text
            span: Span | None = (pos, pos + len(syllable))
        else:
            if folded is None:
                folded = _Folded(sentence)
            span = folded.match(syllable, pos) or folded.resync(syllables[i:], pos)
        spans.append(span)
        if span is not None:
            pos = span[1]
    return spans


# ---------------------------------------------------------------------------------------------
# Domain phrases
# ---------------------------------------------------------------------------------------------

_END_OF_PHRASE = ""  # a trie key no syllable can have
_NOT_A_PHRASE = re.compile(r"[,;\t|*?\[\]{}\\]")


@dataclass(frozen=True, eq=False)
class PhraseList:
    """Domain phrases to join after word segmentation, matched case-insensitively on syllables."""

    phrases: tuple[str, ...]
    trie: dict = field(repr=False)
    # Words of sentences already tokenized with this list (see ``tokenize_many``).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.phrases)

    def __iter__(self) -> Iterator[str]:
        return iter(self.phrases)

    def __contains__(self, phrase: object) -> bool:
        if not isinstance(phrase, str):
            return False
        node = self.trie
        for key in _phrase_keys(phrase):
            node = node.get(key)
            if node is None:
                return False
        return _END_OF_PHRASE in node


def load_phrases(path: str | Path | None = None) -> PhraseList:
    """The bundled domain phrases (data/phrases.txt) plus those of an optional user file.

    The user file has one phrase per line, syllables separated by spaces, '#' comments. A broken
    file raises LexiconError naming file:line.
    """
    if path is None:
        return _load_phrases(None, None)
    resolved = Path(path).expanduser().resolve()
    try:
        stat = resolved.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # _user_lines raises the error with the fix
    return _load_phrases(str(resolved), stamp)


@functools.lru_cache(maxsize=16)
def _load_phrases(path: str | None, stamp: tuple[int, int] | None) -> PhraseList:
    entries = [("data/phrases.txt", n, p) for n, p in _bundled_lines("phrases.txt")]
    if path is not None:
        entries += [(path, n, p) for n, p in _user_lines(Path(path), "phrase list")]
    trie: dict = {}
    phrases: dict[str, str] = {}
    for source, line, phrase in entries:
        phrase = " ".join(phrase.replace("_", " ").split())
        _check_phrase(source, line, phrase)
        keys = _phrase_keys(phrase)
        node = trie
        for key in keys:
            node = node.setdefault(key, {})
        node[_END_OF_PHRASE] = True
        phrases.setdefault(" ".join(keys), phrase)
    return PhraseList(tuple(phrases.values()), trie)


def _check_phrase(source: str, line: int, phrase: str) -> None:
    if _NOT_A_PHRASE.search(phrase):
        raise LexiconError(
            source,
            f"{phrase!r} is not a phrase (it has a comma, tab or wildcard)",
            "write one phrase per line, literally, with spaces between syllables",
            line=line,
        )
    if not _HAS_ALNUM.search(phrase):
        raise LexiconError(
            source, f"{phrase!r} has no letter or digit", "remove the line", line=line
        )


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    """Matching keys of a phrase: underthesea's own syllables, lower-cased (so both sides agree)."""
    return tuple(s.lower() for word in _segment(phrase) for s in word.split(" "))


def _merge(
    keys: Sequence[str], word_of: Sequence[int], bounds: Sequence[Span], trie: dict
) -> list[Span]:
    """Syllable ranges [a, b) of the output tokens: the segmenter's words with phrases joined.

    A phrase covers whole words, except that it may cut a function word ("là" in the segmenter's
    "số_là") or a word of two or more syllables ("ban hành" in "Nông_ban_hành") off the end of the
    last word it touches; it never cuts "số liệu" or "số một" in two.
    """
    edges = _word_set("phrase_edge_words.txt")
    groups: list[Span] = []
    p, n = 0, len(keys)
    while p < n:
        w_start, w_end = bounds[word_of[p]]
        end = _longest_phrase(p, keys, word_of, bounds, trie, edges)
        if end is None and p == w_start and w_end - p == 2 and keys[p] in edges:
            if _longest_phrase(p + 1, keys, word_of, bounds, trie, edges) is not None:
                end = p + 1  # cut the glued function word off the front
        groups.append((p, end if end is not None else w_end))
        p = groups[-1][1]
    return _attach_suffixes(groups, keys, word_of, bounds)


# "-hóa" (-ization) is a productive suffix that underthesea leaves alone: "số hóa", "đơn giản hóa",
# "tự động hóa", "xã hội hóa". It belongs to the word before it, even when that word ends a phrase
# ("dịch vụ số hóa dữ liệu" is "dịch vụ" + "số hóa", not "dịch vụ số" + "hóa").
_SUFFIXES = frozenset({"hóa", "hoá"})


def _attach_suffixes(
    groups: list[Span], keys: Sequence[str], word_of: Sequence[int], bounds: Sequence[Span]
) -> list[Span]:
    out: list[Span] = []
    for a, b in groups:
        if out and b - a == 1 and keys[a] in _SUFFIXES and _has_letter(keys[a - 1]):
            previous_start, previous_end = out.pop()
            last_word = max(previous_start, bounds[word_of[previous_end - 1]][0])
            if last_word > previous_start:
                out.append((previous_start, last_word))
            out.append((last_word, b))
        else:
            out.append((a, b))
    return out


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _longest_phrase(
    p: int,
    keys: Sequence[str],
    word_of: Sequence[int],
    bounds: Sequence[Span],
    trie: dict,
    edges: frozenset[str],
) -> int | None:
    """End of the longest phrase starting at syllable ``p`` that the rules allow, or None."""
    node = trie.get(keys[p])
    if node is None:
        return None
    best = None
    q = p + 1
    while node is not None:
        if _END_OF_PHRASE in node and word_of[q - 1] != word_of[p]:
            w_end = bounds[word_of[q - 1]][1]
            rest = w_end - q  # syllables the phrase would cut off the segmenter's last word
            if rest == 0 or rest >= 2 or keys[q] in edges:
                best = q
        if q >= len(keys):
            break
        node = node.get(keys[q])
        q += 1
    return best


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

_FALLBACK_WORD = re.compile(r"\w+|[^\w\s]")


@functools.lru_cache(maxsize=1)
def _word_tokenize():
    from underthesea import word_tokenize  # slow to import: only when words are needed

    return word_tokenize


def _segment(sentence: str) -> list[str]:
    """underthesea's words ("Chuyển đổi", "số"), or regex words if underthesea fails on the input."""
    try:
        return _word_tokenize()(sentence)
    except Exception:  # the CRF was not built for every Unicode string; never lose the sentence
        return _FALLBACK_WORD.findall(sentence)


def tokenize(sentence: str, phrases: PhraseList | None = None) -> list[Token]:
    """Words of one sentence with offsets into it: segmentation, then domain phrases joined.

    Punctuation-only tokens are dropped; numbers are kept. ``sentence[start:end]`` is the word as
    written (its syllables joined by single spaces in ``token``).

        >>> tokenize("Tỉnh Bình Định phát triển chính quyền số.")
        [('Tỉnh', 0, 4), ('Bình Định', 5, 14), ('phát triển', 15, 25), ('chính quyền số', 26, 40)]
    """
    return tokenize_many([sentence], phrases)[0]


#: Distinct sentences remembered per phrase list; past this the memo starts again (bounded memory).
MEMO_SENTENCES = 50_000


def tokenize_many(sentences: Sequence[str], phrases: PhraseList | None = None) -> list[list[Token]]:
    """``tokenize`` for a batch of sentences (the phrase list is resolved once).

    Sentences seen before in this process with the same phrase list are not segmented again: a
    real corpus repeats captions ("Ảnh minh họa."), source lines ("Theo VnExpress"), boilerplate
    and templated paragraphs across documents. A sentence's words depend on its text alone, so
    the memo gives exactly what segmenting would; it lives as long as the worker process.
    """
    listed = phrases if phrases is not None else load_phrases()
    trie, memo = listed.trie, listed.memo
    out = []
    for sentence in sentences:
        words = memo.get(sentence)
        if words is None:
            words = _tokenize(sentence, trie)
            if len(memo) >= MEMO_SENTENCES:
                memo.clear()  # cheaper than LRU bookkeeping; repeats come back within a corpus
            memo[sentence] = words
        out.append(list(words))
    return out


def _tokenize(sentence: str, trie: dict) -> list[Token]:
    words = _segment(sentence)
    keys: list[str] = []
    syllables: list[str] = []
    word_of: list[int] = []
    bounds: list[Span] = []
    for w, word in enumerate(words):
        parts = word.split(" ")
        bounds.append((len(syllables), len(syllables) + len(parts)))
        syllables.extend(parts)
        word_of.extend([w] * len(parts))
    keys = [s.lower() for s in syllables]
    spans = _align(sentence, syllables)
    tokens: list[Token] = []
    for a, b in _merge(keys, word_of, bounds, trie):
        found = [s for s in spans[a:b] if s is not None]
        if not found:
            continue
        start, end = found[0][0], found[-1][1]
        surface = sentence[start:end]
        if _HAS_ALNUM.search(surface):
            tokens.append((" ".join(surface.split()), start, end))
    return tokens


def normalize_token(token: str) -> str:
    """The counting key of a token: lower case, single spaces, NFC, Ð read as Đ.

    >>> normalize_token("Chuyển  đổi số")
    'chuyển đổi số'
    """
    key = " ".join(token.lower().split())
    if not key.isascii():
        key = unicodedata.normalize("NFC", key).replace("ð", "đ")
    return key


# ---------------------------------------------------------------------------------------------
# Stopwords
# ---------------------------------------------------------------------------------------------


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Vietnamese stopwords (PyPI stop-words, BSD-3) minus the domain allow-list, as counting keys.

    An optional user file adds one stopword per line; a line "!word" keeps a word instead.
    """
    if path is None:
        return _load_stopwords(None, None)
    resolved = Path(path).expanduser().resolve()
    try:
        stat = os.stat(resolved)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return _load_stopwords(str(resolved), stamp)


@functools.lru_cache(maxsize=16)
def _load_stopwords(path: str | None, stamp: tuple[int, int] | None) -> frozenset[str]:
    from stop_words import get_stop_words
    from underthesea import text_normalize

    words = set()
    for word in get_stop_words("vietnamese"):
        words.add(normalize_token(word))
        words.add(normalize_token(text_normalize(word)))  # "toà" -> "tòa", as text is normalized
    words -= _word_set("stopwords_allow.txt")
    if path is not None:
        for _, line in _user_lines(Path(path), "stopword list"):
            if line.startswith("!"):
                words.discard(normalize_token(line[1:]))
            else:
                words.add(normalize_token(line))
    return frozenset(words)


def is_stopword(norm: str, stopwords: frozenset[str] | None = None) -> bool:
    """Whether a counting key is a stopword ("của", "các", "cũng"); "số", "chuyển đổi số" are not."""
    return norm in (load_stopwords() if stopwords is None else stopwords)
