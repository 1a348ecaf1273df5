"""The plain-text corpus summary that ``dxcompare corpus PATH`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from dxcompare.corpus.build import Corpus


def _table(df: pd.DataFrame) -> str:
    if df.empty:
        return "  (none)"
    with pd.option_context("display.max_colwidth", 48, "display.width", 160):
        return "\n".join("  " + line for line in df.to_string(index=False).splitlines())


def corpus_summary(corpus: Corpus) -> str:
    docs = corpus.documents
    parts = [
        f"Corpus {corpus.source}",
        f"  {len(docs)} documents, {len(corpus.lines)} lines, {len(corpus.sentences)} body "
        f"sentences, {len(corpus.tokens)} body words, {len(corpus.mentions)} province mentions, "
        f"{len(corpus.problems)} files set aside" + (" (from cache)" if corpus.from_cache else ""),
        "",
        "Documents",
        _table(
            docs[
                [
                    "doc_id",
                    "title",
                    "primary_province",
                    "province_2025",
                    "published",
                    "kind",
                    "outlet",
                    "n_body_sentences",
                    "n_words",
                ]
            ]
        ),
        "",
        "Lines by label (only 'body' feeds the counts)",
        _table(corpus.line_labels()),
        "",
        "Normalization audit",
        _table(corpus.audit()),
    ]
    encodings = docs[docs["conversion"].notna() | ~docs["encoding"].isin(["utf-8"])]
    if not encodings.empty:
        parts += [
            "",
            "Decoding",
            _table(encodings[["doc_id", "encoding", "conversion", "reading_notes"]]),
        ]
    parts += ["", "Set aside", _table(corpus.problems)]
    return "\n".join(parts)
