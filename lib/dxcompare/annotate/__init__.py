"""Stage 2, annotate: normalize each line, label it, read the metadata, split sentences and
words, and find province mentions.

    >>> from dxcompare.annotate import normalize_text
    >>> normalize_text("Thanh Hoá")   # one tone placement
    'Thanh Hóa'
"""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "normalize_text": "normalize",
        "normalize_line": "normalize",
        "fold": "normalize",
        "label_lines": "lines",
        "split_lines": "lines",
        "detect_metadata": "metadata",
        "split_sentences": "segment",
        "tokenize": "segment",
        "tokenize_many": "segment",
        "load_phrases": "segment",
        "find_provinces": "provinces",
        "primary_province": "provinces",
        "resolve_province": "provinces",
        "province_2025": "provinces",
        "province_table": "provinces",
        "validate_provinces": "provinces",
    },
)
