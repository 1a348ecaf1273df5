"""The columns of every table dxcompare returns: the library's data contract.

One row per document, line, sentence, token, mention, date, reference, target or
event. Offsets (``start``, ``end``) are character offsets into ``documents.text``
(the normalized body of a document), so ``text[start:end]`` is the evidence.
"""

from __future__ import annotations

import pandas as pd

DOCUMENTS = [
    "doc_id",  # stable id: the file's path relative to the corpus folder, without suffix
    "path",  # the file as given
    "title",
    "author",
    "outlet",
    "url",
    "published",  # ISO date string at its precision: "2022-12-12", "2022-12" or "2022"
    "published_precision",  # "day" | "month" | "year" | None
    "primary_province",  # canonical 63-unit name, e.g. "Bình Định" (None if none found)
    "province",  # same as primary_province (short alias for by=)
    "province_2025",  # the 34-unit province after 1 July 2025, e.g. "Gia Lai"
    "kind",  # "news" | "resolution" | "decision" | "plan" | ... (manifest wins)
    "year",  # publication year (int) or None
    "encoding",  # how the bytes were decoded: "utf-8", "utf-8-sig", "utf-16", "cp1258", ...
    "conversion",  # legacy conversion applied ("tcvn3", "vni", "mojibake") or None
    "n_lines",
    "n_body_sentences",
    "n_words",  # body words after segmentation (stopwords included)
    "text",  # the normalized body: only lines labelled "body", joined by "\n"
]

LINES = [
    "doc_id",
    "line_no",  # 1-based line number in the source text
    "text",  # the normalized line
    "original",  # the line exactly as read (after decoding)
    "label",  # see LINE_LABELS
    "start",  # offset of the line in documents.text if label == "body", else -1
    "end",
]

LINE_LABELS = (
    "title",
    "byline",
    "dateline",
    "body",
    "caption",
    "source",
    "furniture",
    "editor_comment",
    "duplicate",
    "blank",
)

SENTENCES = ["doc_id", "sentence_id", "start", "end", "text"]

TOKENS = [
    "doc_id",
    "sentence_id",
    "token_id",  # position in the document's body token sequence
    "token",  # display form with spaces: "chuyển đổi số"
    "norm",  # lower-cased normalized form used for counting: "chuyển đổi số"
    "is_stop",
    "start",
    "end",
]

MENTIONS = ["doc_id", "start", "end", "surface", "province", "province_2025"]

NORMALIZATION = [
    "doc_id",
    "line_no",
    "rule",  # "nfc" | "eth_to_dstroke" | "tone_placement" | "nbsp" | "zero_width" | "quote" | "dash" | "editor_anchor" | ...
    "before",
    "after",
    "count",
]

PROBLEMS = ["path", "problem", "fix"]

DATES = ["raw", "start", "end", "value", "precision", "kind"]

DOC_REFS = [
    "raw", "start", "end", "symbol", "number", "year", "type", "type_name",
    "issuer", "issuer_name", "family", "date", "flags",
]

TARGETS = [
    "raw", "start", "end",
    "kind",  # percent | count | money | ranking | score | top | rank_change | score_change | horizon
    # score_change: "tăng 1,05 điểm" -> value 1.05, change +1.05 (a level reached, "tăng lên 45 điểm", is a score)
    "year",  # the horizon year the figure belongs to ("đến năm 2025" -> 2025), if any
    "value",  # the headline number of every kind: the rank for ranking/top, the amount in `unit` for money
    "unit",  # "%" | "count" | "điểm" | "tỷ đồng" | "triệu USD" | ...
    "measure",  # what is counted ("thủ tục hành chính", "tổ công nghệ số cộng đồng")
    "index",  # DTI | PAR Index | PCI | PAPI | SIPAS | ... where the text names it
    "rank", "out_of",  # "xếp thứ 40/63" -> rank 40, out_of 63; "78/100 điểm" -> out_of 100
    "change",  # rank_change: +5 for "tăng 5 bậc", -4 for "giảm 4 bậc"; score_change: -0.62 for "giảm 0,62 điểm"
    "qualifier",  # "ít nhất", "trên", "khoảng", ... as written
    "value_low",  # lower bound of a range ("30-40%" -> value 40, value_low 30)
]

EVENTS = [
    "doc_id", "province", "province_2025", "date", "precision", "kind", "symbol",
    "sentence_id", "start", "end", "sentence",
]


def empty(columns: list[str]) -> pd.DataFrame:
    """An empty table with the given columns (so downstream code never meets a missing column)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
