"""Entity masking: names and document-symbol fragments never count as vocabulary.

One mechanism for every counting analysis (registers, keyness, frequencies, clouds, n-grams):
the spans of a document that *name* something rather than *say* something are found once, and a
token or phrase hit lying mostly inside such a span is not counted. The spans are

- ``province``: the province mentions of ``corpus.mentions`` ("Cần Thơ", "TP.HCM");
- ``symbol``: the document numbers of ``corpus.doc_refs`` ("05-NQ/TU", "749/QĐ-TTg");
- ``name``: a run of two or more capitalised syllables inside a sentence (places, people,
  organisations: "Hoàn Kiếm", "Nguyễn Văn Hùng", "Sở Thông tin" gives "Sở Thông"), and one
  capitalised syllable after an honorific ("ông Hùng", "đồng chí Lan");
- ``acronym``: an issuer or document-type code written in capitals outside a full symbol
  ("UBND", "HĐND", "TU", "NQ", "QĐ", "TTg"), or any word in capitals without a vowel ("DN",
  "ĐVTN": no Vietnamese syllable lacks a vowel).

So "cần" inside "Ủy ban nhân dân thành phố Cần Thơ" is no directive, and "Bình Định" never leads
the keyness of Bình Định. A word at the start of a sentence is capitalised anyway: it starts a
name only if the next syllable is capitalised too and it is no function word ("Theo Kế hoạch"
masks nothing, "Bình Định triển khai" masks "Bình Định").

    >>> entity_spans_of_text("Đồng chí Lan, Bí thư Tỉnh ủy Cần Thơ, ký 05-NQ/TU.")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from dxcompare._text.data import bundled_csv
from dxcompare._text.marks import strip_marks

#: The kinds of masked span, in the order they are reported.
KINDS = ("province", "symbol", "name", "acronym")
SPAN_COLUMNS = ["doc_id", "start", "end", "kind"]

# A syllable: letters only (digits and marks of punctuation end it). Linear, no backtracking.
_SYLLABLE = re.compile(r"[^\W\d_]+")
# Honorifics and forms of address before a one-syllable name ("ông Hùng", "chị Mai").
_HONORIFICS = frozenset(
    {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "đồng chí", "đ/c", "thầy", "ngài"}
)
# Function words that start sentences capitalised and are never the first syllable of a name.
_OPENERS = frozenset(
    """theo tại trong với về để từ đến khi sau trước ngày năm các những mọi một này đó
    đây nhằm qua do vì nếu tuy dù còn và nhưng hoặc hay cùng thực đồng bên ngoài trên dưới
    chiều sáng tối hôm sáng đối với""".split()
)
# Acronyms of bodies and councils seen outside full symbols, beside the issuer and type codes.
_EXTRA_ACRONYMS = ("UBND", "HĐND", "MTTQ", "BCH", "BTV", "BCĐ", "TTTT", "TT&TT", "VNPT", "CNTT")


@functools.lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """Codes of issuers (issuers.csv, aliases too) and document types (doc_types.csv)."""
    codes = set(_EXTRA_ACRONYMS)
    for row in bundled_csv("issuers.csv"):
        codes.add(row["code"].strip())
        codes.update(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    for row in bundled_csv("doc_types.csv"):
        codes.add(row["code"].strip())
    return frozenset(c for c in codes if len(c) >= 2)  # "L" (Luật) is also an initial


def _is_vowelless_capitals(word: str) -> bool:
    """ "DN", "ĐVTN", "CNTT": capitals with no vowel are no Vietnamese syllable, so an acronym."""
    return len(word) >= 2 and word.isupper() and not any(c in "AEIOUY" for c in strip_marks(word))


def _is_title(syllable: str) -> bool:
    """A capitalised syllable, not one in capitals ("Định" yes; "ĐỊNH" and "định" no; "A" yes)."""
    return syllable[:1].isupper() and (len(syllable) == 1 or syllable[1:].islower())


def _sentence_start(text: str, start: int) -> bool:
    """Whether the syllable at ``start`` opens a sentence, a line or a quotation."""
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0(\"'“‘-–—•*":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n…"


def entity_spans_of_text(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the capitalised names and code acronyms of one text.

    Province mentions and document symbols come from the corpus tables (see
    :func:`entity_spans`); this finds the names the gazetteers do not list.

    >>> [text for s, e, k in entity_spans_of_text("Chiều 5/3, ông Hùng làm việc tại xã Ea Kao.")
    ...  for text in ["Chiều 5/3, ông Hùng làm việc tại xã Ea Kao."[s:e]]]
    ['Hùng', 'Ea Kao']
    """
    codes = acronyms()
    out: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []
    previous: re.Match[str] | None = None

    def close() -> None:
        if len(run) >= 2:
            first = run[0]
            opener = first.group().lower()
            if _sentence_start(text, first.start()) and (
                opener in _OPENERS or opener in _HONORIFICS
            ):
                del run[0]
        if len(run) >= 2:
            out.append((run[0].start(), run[-1].end(), "name"))
        run.clear()

    for m in _SYLLABLE.finditer(text):
        word = m.group()
        # A run continues over one space or hyphen only: a comma or a line break ends a name.
        joined = previous is not None and text[previous.end() : m.start()] in (" ", "-")
        if not joined:
            close()
        if word in codes or _is_vowelless_capitals(word):
            close()
            out.append((m.start(), m.end(), "acronym"))
        elif _is_title(word):
            if not run and previous is not None and joined and _honorific_before(text, m):
                out.append((m.start(), m.end(), "name"))  # may grow: "ông Nguyễn Văn" below
            run.append(m)
        else:
            close()
        previous = m
    close()
    return _drop_nested(out)


def _honorific_before(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 9) : m.start()].rstrip().lower()
    return any(before.endswith(h) and _word_edge(before, len(before) - len(h)) for h in _HONORIFICS)


def _word_edge(text: str, k: int) -> bool:
    return k <= 0 or not text[k - 1].isalpha()


def _drop_nested(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans sorted by start, one inside another dropped (the one-syllable honorific name)."""
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] >= out[-1][0] and s[1] <= out[-1][1]:
            continue
        out.append(s)
    return out


def entity_spans(corpus: Any) -> pd.DataFrame:
    """Every masked span of the corpus: doc_id, start, end (offsets into ``documents.text``), kind.

    Cached on the corpus object (its tables do not change once built), and on disk for every
    other process reading the same corpus (:mod:`dxcompare.corpus.derived`).
    """
    cached = getattr(corpus, "_dxcompare_entity_spans", None)
    if cached is not None:
        return cached
    from dxcompare.corpus import derived

    spans = derived.cached("entity_spans", {}, _span_inputs(corpus), lambda: _entity_spans(corpus))
    try:
        object.__setattr__(corpus, "_dxcompare_entity_spans", spans)
    except (AttributeError, TypeError):  # a frozen or slotted corpus: recompute next time
        pass
    return spans


def _span_inputs(corpus: Any) -> list:
    """The tables entity spans are read from."""
    return [
        (corpus.documents, ["doc_id", "text"]),
        (getattr(corpus, "mentions", None), ["doc_id", "start", "end"]),
        (getattr(corpus, "doc_refs", None), ["doc_id", "start", "end"]),
    ]


def _entity_spans(corpus: Any) -> pd.DataFrame:
    """:func:`entity_spans` itself, uncached."""
    frames = []
    mentions = getattr(corpus, "mentions", None)
    texts = dict(zip(corpus.documents["doc_id"].astype(str), corpus.documents["text"], strict=True))
    if mentions is not None and not mentions.empty:
        frames.append(_trimmed(_frame(mentions, "province"), texts, _unit_word_end))
    refs = getattr(corpus, "doc_refs", None)
    if refs is not None and not refs.empty:
        frames.append(_trimmed(_frame(refs, "symbol"), texts, _first_digit))
    rows = []
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True):
        rows.extend((str(doc_id), s, e, k) for s, e, k in entity_spans_of_text(str(text)))
    frames.append(pd.DataFrame(rows, columns=SPAN_COLUMNS))
    spans = pd.concat(frames, ignore_index=True)
    spans = spans.astype({"doc_id": str, "start": "int64", "end": "int64", "kind": str})
    return spans.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


# "tỉnh", "thành phố" before a province's name and "Nghị quyết số" before a number are words the
# text says (counted as vocabulary); only the name and the number-and-code part are masked.
_UNIT_WORD = re.compile(r"(?:tỉnh|thành phố|tp\.?|t\.p\.?)[ \t\u00a0]*", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _unit_word_end(raw: str) -> int:
    m = _UNIT_WORD.match(raw)
    return m.end() if m and m.end() < len(raw) else 0


def _first_digit(raw: str) -> int:
    m = _DIGIT.search(raw)
    return m.start() if m else 0


def _trimmed(frame: pd.DataFrame, texts: dict[str, str], skip) -> pd.DataFrame:
    """The spans with their leading words (found by ``skip(raw)``) left unmasked."""
    starts = [
        s + skip(texts.get(d, "")[s:e])
        for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"], strict=True)
    ]
    return frame.assign(start=np.asarray(starts, dtype="int64"))


def _frame(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": table["doc_id"].astype(str).to_numpy(),
            "start": table["start"].astype("int64").to_numpy(),
            "end": table["end"].astype("int64").to_numpy(),
            "kind": kind,
        }
    )


def masked(
    corpus: Any, doc_ids: Iterable[str], starts: Iterable[int], ends: Iterable[int]
) -> np.ndarray:
    """Whether each (doc, start, end) lies mostly (more than half its characters) in a name.

    The one rule of the mechanism: a token or a phrase hit half inside "Cần Thơ" is masked, the
    token "kế hoạch" of "Theo Kế hoạch" (2 of 8 characters) is not.
    """
    queries = pd.DataFrame(
        {
            "doc_id": pd.Series(list(doc_ids), dtype=object).astype(str).to_numpy(),
            "start": np.asarray(list(starts), dtype="int64"),
            "end": np.asarray(list(ends), dtype="int64"),
        }
    )
    out = np.zeros(len(queries), dtype=bool)
    if queries.empty:
        return out
    spans = entity_spans(corpus)
    by_doc = {d: g for d, g in spans.groupby("doc_id", sort=False)}
    # One pass per document over its queries and its spans: linear in tokens plus spans.
    for doc_id, idx in queries.groupby("doc_id", sort=False).indices.items():
        group = by_doc.get(doc_id)
        if group is None:
            continue
        covered = _covered_counter(group["start"].to_numpy(), group["end"].to_numpy())
        s = queries["start"].to_numpy()[idx]
        e = queries["end"].to_numpy()[idx]
        out[idx] = 2 * (covered(e) - covered(s)) > (e - s)
    return out


def _covered_counter(s: np.ndarray, e: np.ndarray):
    """f(x) = characters of the union of spans [s, e) before offset x (vectorised)."""
    order = np.argsort(s, kind="stable")
    merged: list[list[int]] = []
    for a, b in zip(s[order].tolist(), e[order].tolist(), strict=True):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    ms = np.array([m[0] for m in merged], dtype="int64")
    me = np.array([m[1] for m in merged], dtype="int64")
    before = np.concatenate([[0], np.cumsum(me - ms)])  # covered characters before span k

    def covered(x: np.ndarray) -> np.ndarray:
        k = np.searchsorted(ms, x, side="right")  # spans starting at or before x
        full = before[np.maximum(k - 1, 0)]
        part = np.where(k > 0, np.clip(x - ms[np.maximum(k - 1, 0)], 0, None), 0)
        length = np.where(k > 0, me[np.maximum(k - 1, 0)] - ms[np.maximum(k - 1, 0)], 0)
        return np.where(k > 0, full + np.minimum(part, length), 0)

    return covered


def token_mask(corpus: Any, tokens: pd.DataFrame) -> np.ndarray:
    """``masked`` for rows of ``corpus.tokens`` (or of ``word_tokens``); computed once per corpus."""
    from dxcompare.corpus import derived

    def compute() -> pd.Series:
        return pd.Series(masked(corpus, tokens["doc_id"], tokens["start"], tokens["end"]))

    inputs = [(tokens, ["doc_id", "start", "end"]), *_span_inputs(corpus)]
    return derived.cached_series("token_mask", {}, inputs, compute).to_numpy(dtype=bool)


__all__ = ["KINDS", "acronyms", "entity_spans", "entity_spans_of_text", "masked", "token_mask"]
