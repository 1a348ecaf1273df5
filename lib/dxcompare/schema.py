"""The columns of every table dxcompare returns: the library's data contract.

One row per document, line, sentence, token, mention, date, reference, target or
event. Offsets (``start``, ``end``) are character offsets into ``documents.text``
(the normalized body of a document), so ``text[start:end]`` is the evidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Every table as {column: meaning}, in the order of the table's columns. The lists the code
# uses (DOCUMENTS, DATES, ...) are the keys of these mappings, so a column cannot be added to a
# table without saying here what it means (tests/test_schema.py builds a corpus and checks).
#
# Conventions, the same in every table:
# - ``start``/``end``: character offsets into ``documents.text``; ``sentence_id`` numbers the
#   document's body sentences from 0 (the ``sentences`` table), so every fact keeps its evidence.
# - ``province``: a canonical name of the 63 provinces before 1 July 2025 ("Bình Định");
#   ``province_2025`` the 34-unit province after the merger ("Gia Lai"). ``documents.province``
#   is the document's primary province (the same value as ``primary_province``, kept for by=).
# - counts: one name per quantity in every table (``COUNT_COLUMNS`` below): ``n_documents``,
#   ``n_sentences``, ``n_words``... for the row's own count, with ``_group`` / ``_rest`` for the
#   totals of the row's group / of the rest of the corpus (the denominators of shares and rates).

DOCUMENT_COLUMNS = {
    "doc_id": "stable id: the file's path relative to the corpus folder, without suffix",
    "path": "the file as given",
    "title": "the title line (or the manifest's title)",
    "author": "the byline's author, or None",
    "outlet": "the news outlet or issuing body, or None",
    "url": "the source address (manifest or byline), or None",
    "published": 'ISO date string at its precision: "2022-12-12", "2022-12" or "2022"',
    "published_precision": '"day" | "month" | "year" | None',
    "primary_province": 'canonical 63-unit name, e.g. "Bình Định" (None if none found)',
    "province": "same as primary_province (short alias for by=)",
    "province_2025": 'the 34-unit province after 1 July 2025, e.g. "Gia Lai"',
    "kind": '"news" | "resolution" | "decision" | "plan" | ... (manifest wins)',
    "year": "publication year (int) or None",
    "encoding": 'how the bytes were decoded: "utf-8", "utf-8-sig", "utf-16", "cp1258", ...',
    "conversion": 'legacy conversion applied ("tcvn3", "vni", "mojibake") or None',
    "n_lines": "lines in the source text",
    "n_body_sentences": "sentences of the body (rows of `sentences`)",
    "n_words": "body words after segmentation (stopwords included)",
    "text": 'the normalized body: only lines labelled "body", joined by "\\n"',
    "reading_notes": 'what reading the file noticed ("; "-joined), e.g. a legacy encoding guess',
    "province_map": '"63" (dated before 1 July 2025) | "34" (from then) | None (undated): the map its names belong to',
    "former_provinces": 'the provinces the text names as former ones ("Kon Tum (cũ)", "tỉnh Bình Dương cũ"), "; "-joined 63-unit names, else None',
    "symbol": 'an official document\'s own số/ký hiệu from its header ("128/KH-UBND"), else None',
    "issuer": 'the issuing body from the header ("Ủy ban nhân dân tỉnh Cao Bằng"), else None',
    "level": 'the issuer\'s level: "national" | "province" | "district" | "commune" | None',
    "title_readable": "an official document's type and subject in sentence case (the title keeps them as written)",
}

LINE_COLUMNS = {
    "doc_id": "the document",
    "line_no": "1-based line number in the source text",
    "text": "the normalized line",
    "original": "the line exactly as read (after decoding)",
    "label": "see LINE_LABELS",
    "start": 'offset of the line in documents.text if label == "body", else -1',
    "end": "end offset of the line in documents.text (-1 unless body)",
    "section": 'the numbered part a body line is in ("Phần I > II > 1.2", "Điều 1"), else None',
}

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

SENTENCE_COLUMNS = {
    "doc_id": "the document",
    "sentence_id": "0-based number of the body sentence in its document",
    "start": "offset of the sentence in documents.text",
    "end": "end offset",
    "text": "the sentence, documents.text[start:end]",
}

TOKEN_COLUMNS = {
    "doc_id": "the document",
    "sentence_id": "the sentence the token is in",
    "token_id": "position in the document's body token sequence",
    "token": 'display form with spaces: "chuyển đổi số"',
    "norm": 'lower-cased normalized form used for counting: "chuyển đổi số"',
    "is_stop": "True for a stopword",
    "start": "offset in documents.text",
    "end": "end offset",
}

MENTION_COLUMNS = {
    "doc_id": "the document",
    "start": "offset of the province name in documents.text",
    "end": "end offset",
    "surface": 'the name as written ("TP.HCM", "Bình Định")',
    "province": "the canonical 63-unit province",
    "province_2025": "its 34-unit province after 1 July 2025",
}

NORMALIZATION_COLUMNS = {
    "doc_id": "the document",
    "line_no": "the source line",
    "rule": '"nfc" | "eth_to_dstroke" | "tone_placement" | "nbsp" | "zero_width" | "quote" | "dash" | "editor_anchor" | ...',
    "before": "the text before the rule",
    "after": "the text after it",
    "count": "how many times the rule changed this line",
}

PROBLEM_COLUMNS = {
    "path": "the file",
    "problem": "what is wrong with it",
    "fix": "what to do",
}

# DATES kind "horizon" (a deadline): a date after đến / tới / trước / cho đến (hết) — optionally
# after định hướng / tầm nhìn / mục tiêu — or after tầm nhìn / định hướng alone ("tầm nhìn 2045").
# Not a horizon but a status "as of" (kind stays date/month/quarter/year): after "tính" ("tính đến
# năm 2023"); a sentence-opening "Đến (hết) …" whose clause says "đã"; a sentence-opening cut-off
# finer than a year whose clause states what there is (có / đạt / ghi nhận) before any figure and
# with no word of intent (sẽ, phấn đấu, dự kiến, mục tiêu, chỉ tiêu, phải, cần, bảo đảm):
# "Đến hết quý I/2025, toàn tỉnh có 1.245.000 tài khoản". "đến nay" has no date, so no row.
# A number after a document word is a year unless "số" or a symbol is written ("Kế hoạch 2025").
DATE_COLUMNS = {
    "raw": "the date as written",
    "start": "offset in the text",
    "end": "end offset",
    "value": 'ISO at its precision: "2020-06-03", "2020-06", "2025-Q2", "2025", "2021/2026"; None if unresolved',
    "precision": '"day" | "month" | "quarter" | "year" | "range" | "unresolved"',
    "kind": "date | legal_dateline | page_dateline | month | quarter | year | year_part | period | horizon | relative",
    "qualifier": 'the words that colour the date ("cuối năm", "6 tháng đầu năm"), else None',
    "place": 'the place of a legal dateline ("Thanh Hóa"), else None',
}

# DOC_REFS issuer: the body that signs ("UBND", "TTg", "TU"); joint issuers joined by "-"
# ("BTC-BNV"). For a công văn "2145/UBND-KGVX" the issuer is the sender "UBND" and the drafting
# unit is kept in flags as "drafting_unit=KGVX" (flags is ";"-joined).
DOC_REF_COLUMNS = {
    "raw": "the citation as written (the document word, if any, and the number)",
    "start": "offset in the text",
    "end": "end offset",
    "symbol": 'the canonical symbol: "749/QĐ-TTg"',
    "number": "the document's number",
    "year": "the year in the symbol, or None",
    "type": 'type code: "QĐ", "NQ", "KH", ...',
    "type_name": 'the type in words: "Quyết định"',
    "issuer": "the issuing body's code (see above)",
    "issuer_name": "the issuer in words",
    "family": "the document family the symbol belongs to, or None",
    "date": "the signing date cited with it (ISO), or None",
    "flags": '";"-joined notes ("partial", "drafting_unit=KGVX", "self" for the document\'s own number, '
    '"short_symbol" for "Nghị quyết 06/TU", "type_from_word" for "Quyết định số 2323/BTTTT-THH", ...)',
    "level": 'the issuer\'s level of government: "national" (TW, CP, TTg, QH, ministries) | "province" '
    '(TU, HĐND, UBND, Sở) | "district" (HU, QU) | "commune"; a UBND/HĐND citation followed by '
    '"của UBND huyện/xã ..." takes that body\'s level | None',
}

TARGET_COLUMNS = {
    "raw": "the figure as written",
    "start": "offset in the text",
    "end": "end offset",
    # score_change: "tăng 1,05 điểm" -> value 1.05, change +1.05 (a level reached, "tăng lên 45 điểm", is a score)
    # horizon: one row per date of DATES kind "horizon" (see above) in a sentence that has at least
    # one other figure, or in a heading ending in ":" when a bullet under it has one; `year` is its
    # year, and it marks the deadline of the targets of that sentence (their `year`). A sentence with
    # a horizon but no figure ("Kế hoạch ... đến năm 2025") gives no row; a status cut-off gives none.
    # count units: a unit written after the number, in one spelling: km, km² (km2), m² (m2), ha
    # (héc-ta), GB, TB, Mbps, tấn, kg; an area is a count in km²/m²/ha, never a length. The size of
    # a place ("có diện tích 7.942 km2", "diện tích tự nhiên") is not a row. Meeting attendance
    # (đại biểu, khách mời, người tham dự, điểm cầu) is not a count.
    "kind": "percent | count | money | ranking | score | top | rank_change | score_change | horizon",
    "year": 'the horizon year the figure belongs to ("đến năm 2025" -> 2025), if any',
    "value": "the headline number of every kind: the rank for ranking/top, the amount in `unit` for money",
    "unit": '"%" | "count" | "điểm" | "tỷ đồng" | "triệu USD" | ...',
    "measure": 'what is counted ("thủ tục hành chính", "tổ công nghệ số cộng đồng")',
    "index": "DTI | PAR Index | PCI | PAPI | SIPAS | ... where the text names it",
    "rank": "the rank of a ranking",
    "out_of": '"xếp thứ 40/63" -> rank 40, out_of 63; "78/100 điểm" -> out_of 100',
    "change": 'rank_change: +5 for "tăng 5 bậc", -4 for "giảm 4 bậc"; score_change: -0.62 for "giảm 0,62 điểm"',
    "qualifier": '"ít nhất", "trên", "khoảng", ... as written',
    "value_low": 'lower bound of a range ("30-40%" -> value 40, value_low 30)',
}

EVENT_COLUMNS = {
    "doc_id": "the document",
    "province": "the province the event is about (the one other province its sentence names, else the document's)",
    "province_2025": "its 34-unit province after 1 July 2025",
    "date": "ISO date at its precision",
    "precision": '"day" | "month" | "quarter" | "year"',
    "kind": '"document" (issued, approved) | "meeting" | "date" | "ranking" | "target"',
    "symbol": "the document symbol the event is about, or None",
    "sentence_id": "the sentence holding the evidence",
    "start": "offset of the evidence in documents.text",
    "end": "end offset",
    "sentence": "the sentence, as evidence",
    "raw": "the cited document or figure as written",
    "action": 'what was done ("ban hành", "phê duyệt", ...), or None',
    "value": "the figure of a target or ranking event, or None",
    "unit": "its unit, or None",
    "family": "the document family, or None",
    "national": "True if the document is a national one (national_documents or a central issuer)",
    "level": 'the cited document\'s level of government ("national", "province", "district"; see doc_refs.level), or None',
}

# The count columns of the analysis tables (analyze/, the timeline tables, the explorer's counts):
# the same quantity has the same name in every table. ``n_<unit>`` counts the row's own item (the
# documents a word occurs in); ``n_<unit>_group`` / ``n_<unit>_rest`` are the totals of the row's
# group / of the rest of the corpus, the denominators of its shares and rates. (The older names,
# n_docs, doc_freq, group_docs, n_group_docs, group_words, N_group, N_rest, ...: see
# docs/changelog.md.) ``tests/test_schema.py`` checks the analysis tables against this list.
COUNT_COLUMNS = {
    "count": "occurrences of the row's word or n-gram",
    "n_documents": "documents the row's word, n-gram, register, speaker, citation or query occurs in",
    "n_sentences": "body sentences carrying the row's theme",
    "n_hits": "matches of the row's register or query",
    "n_quotes": "quotations of the row's speaker",
    "n_citations": "citations of the row's document",
    "n_changes": "changes the row's normalization rule made",
    "n_group": "the item's count in the group (keyness: words; distinctive themes: sentences)",
    "n_rest": "the item's count in the rest of the corpus (or the reference group)",
    "n_documents_group": "every document of the row's group",
    "n_sentences_group": "every body sentence of the row's group",
    "n_words_group": "every body word of the row's group (the sum of documents.n_words)",
    "n_sentences_rest": "every body sentence of the rest of the corpus",
    "n_groups": "groups the n-gram occurs in",
    "n_strata": "strata (kinds of document) in which both the group and the rest have sentences",
    "n": "words in the n-gram",
}

_IN_DOCUMENT = {"doc_id": "the document"}
_IN_SENTENCE = {"sentence_id": "the sentence holding the fact (see `sentences`)"}

# The tables of a built corpus (``corpus.<name>``), exactly: columns and their order.
TABLES: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_COLUMNS,
    "lines": LINE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "tokens": TOKEN_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "dates": {**_IN_DOCUMENT, **DATE_COLUMNS, **_IN_SENTENCE},
    "doc_refs": {
        **_IN_DOCUMENT,
        **DOC_REF_COLUMNS,
        **_IN_SENTENCE,
        "resolved_symbol": 'a partial citation ("Đề án 06") resolved to a full symbol cited '
        "elsewhere in the corpus or in national_documents, else None",
    },
    "targets": {**_IN_DOCUMENT, **TARGET_COLUMNS, **_IN_SENTENCE},
    "events": EVENT_COLUMNS,
    "normalization": NORMALIZATION_COLUMNS,
    "problems": PROBLEM_COLUMNS,
}

# The lists the code uses. DATES, DOC_REFS, TARGETS: what extract_dates, extract_references and
# extract_targets return for one text (no doc_id / sentence_id yet).
DOCUMENTS = list(DOCUMENT_COLUMNS)
LINES = list(LINE_COLUMNS)
SENTENCES = list(SENTENCE_COLUMNS)
TOKENS = list(TOKEN_COLUMNS)
MENTIONS = list(MENTION_COLUMNS)
NORMALIZATION = list(NORMALIZATION_COLUMNS)
PROBLEMS = list(PROBLEM_COLUMNS)
DATES = list(DATE_COLUMNS)
DOC_REFS = list(DOC_REF_COLUMNS)
TARGETS = list(TARGET_COLUMNS)
EVENTS = list(EVENT_COLUMNS)

# ``dxcompare extract --format json|csv``: per document these keys, then one list per fact table
# with these columns, in this order (a JSON key is a contract: add at the end, never rename).
EXPORT_DOCUMENT = ["doc_id", "path", "title", "primary_province", "province_2025", "provinces",
                   "published", "kind"]  # fmt: skip
EXPORT_FACTS: dict[str, list[str]] = {
    "doc_refs": ["raw", "symbol", "number", "year", "type", "type_name", "issuer", "family",
                 "date", "flags", "start", "end", "sentence_id"],
    "dates": ["raw", "value", "precision", "kind", "start", "end", "sentence_id"],
    "targets": ["raw", "kind", "year", "value", "value_low", "unit", "measure", "index", "rank",
                "out_of", "change", "qualifier", "start", "end", "sentence_id"],
}  # fmt: skip


def columns(table: str) -> list[str]:
    """The columns of the built table ``table`` ("documents", "dates", ...), in order."""
    return list(TABLES[table])


def empty(columns: list[str]) -> pd.DataFrame:
    """An empty table with the given columns (so downstream code never meets a missing column)."""
    # One object block, not a Series per column: this runs several times per document of a
    # build, and 18 empty Series cost ~1.6 ms (10x this) under pandas 3.
    return pd.DataFrame(np.empty((0, len(columns)), dtype=object), columns=list(columns))
