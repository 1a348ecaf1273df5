"""Stage 3, extract: dated facts with their evidence (offsets into the document's text).

>>> from dxcompare.extract import extract_dates
>>> extract_dates("ngày 03/6/2020").iloc[0]["value"]   # doctest: +SKIP
'2020-06-03'
"""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "parse_vietnamese_number": "numbers",
        "extract_dates": "dates",
        "extract_doc_refs": "references",
        "canonical_symbol": "references",
        "resolve_refs": "references",
        "extract_targets": "targets",
        "document_events": "events",
        "national_documents": "national",
        "align_to_national": "events",
        "citation_table": "events",
    },
)
