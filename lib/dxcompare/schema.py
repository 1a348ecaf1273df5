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

# DATES kind "horizon" (a deadline): a date after đến / tới / trước / cho đến (hết) — optionally
# after định hướng / tầm nhìn / mục tiêu — or after tầm nhìn / định hướng alone ("tầm nhìn 2045").
# Not a horizon but a status "as of" (kind stays date/month/quarter/year): after "tính" ("tính đến
# năm 2023"); a sentence-opening "Đến (hết) …" whose clause says "đã"; a sentence-opening cut-off
# finer than a year whose clause states what there is (có / đạt / ghi nhận) before any figure and
# with no word of intent (sẽ, phấn đấu, dự kiến, mục tiêu, chỉ tiêu, phải, cần, bảo đảm):
# "Đến hết quý I/2025, toàn tỉnh có 1.245.000 tài khoản". "đến nay" has no date, so no row.
# A number after a document word is a year unless "số" or a symbol is written ("Kế hoạch 2025").
DATES = ["raw", "start", "end", "value", "precision", "kind"]

# DOC_REFS issuer: the body that signs ("UBND", "TTg", "TU"); joint issuers joined by "-"
# ("BTC-BNV"). For a công văn "2145/UBND-KGVX" the issuer is the sender "UBND" and the drafting
# unit is kept in flags as "drafting_unit=KGVX" (flags is ";"-joined).
DOC_REFS = [
    "raw",
    "start",
    "end",
    "symbol",
    "number",
    "year",
    "type",
    "type_name",
    "issuer",
    "issuer_name",
    "family",
    "date",
    "flags",
]

TARGETS = [
    "raw",
    "start",
    "end",
    "kind",  # percent | count | money | ranking | score | top | rank_change | score_change | horizon
    # score_change: "tăng 1,05 điểm" -> value 1.05, change +1.05 (a level reached, "tăng lên 45 điểm", is a score)
    # horizon: one row per date of DATES kind "horizon" (see above) in a sentence that has at least
    # one other figure, or in a heading ending in ":" when a bullet under it has one; `year` is its
    # year, and it marks the deadline of the targets of that sentence (their `year`). A sentence with
    # a horizon but no figure ("Kế hoạch ... đến năm 2025") gives no row; a status cut-off gives none.
    # count units: a unit written after the number, in one spelling: km, km² (km2), m² (m2), ha
    # (héc-ta), GB, TB, Mbps, tấn, kg; an area is a count in km²/m²/ha, never a length. The size of
    # a place ("có diện tích 7.942 km2", "diện tích tự nhiên") is not a row. Meeting attendance
    # (đại biểu, khách mời, người tham dự, điểm cầu) is not a count.
    "year",  # the horizon year the figure belongs to ("đến năm 2025" -> 2025), if any
    "value",  # the headline number of every kind: the rank for ranking/top, the amount in `unit` for money
    "unit",  # "%" | "count" | "điểm" | "tỷ đồng" | "triệu USD" | ...
    "measure",  # what is counted ("thủ tục hành chính", "tổ công nghệ số cộng đồng")
    "index",  # DTI | PAR Index | PCI | PAPI | SIPAS | ... where the text names it
    "rank",
    "out_of",  # "xếp thứ 40/63" -> rank 40, out_of 63; "78/100 điểm" -> out_of 100
    "change",  # rank_change: +5 for "tăng 5 bậc", -4 for "giảm 4 bậc"; score_change: -0.62 for "giảm 0,62 điểm"
    "qualifier",  # "ít nhất", "trên", "khoảng", ... as written
    "value_low",  # lower bound of a range ("30-40%" -> value 40, value_low 30)
]

EVENTS = [
    "doc_id",
    "province",
    "province_2025",
    "date",
    "precision",
    "kind",
    "symbol",
    "sentence_id",
    "start",
    "end",
    "sentence",
]


def empty(columns: list[str]) -> pd.DataFrame:
    """An empty table with the given columns (so downstream code never meets a missing column)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
