"""Stage 5, analyze: tables that compare groups of documents (provinces, outlets, kinds, years).

Every function takes a ``Corpus`` (or its tables) and a ``by=`` column and returns a DataFrame.
"""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "doc_groups": "grouping",
        "group_labels": "grouping",
        "frequencies": "vocabulary",
        "keyness": "keywords",
        "shared_ngrams": "formulaic",
        "ngram_table": "formulaic",
        "template_token_mask": "formulaic",
        "register_hits": "registers",
        "register_table": "registers",
        "load_registers": "registers",
        "quotations": "speakers",
        "speaker_table": "speakers",
        "find_quotations": "speakers",
        "load_codebook": "codebook",
        "code_themes": "themes",
        "theme_table": "themes",
        "distinctive_themes": "themes",
        "code_text": "themes",
        "rollup": "themes",
        "glance_table": "summaryviews",
        "documents_per_group": "summaryviews",
        "group_theme_shares": "themes",
        "theme_kwic": "kwic",
        "kwic_html": "kwic",
        "timeline_table": "timelines",
        "lag_table": "timelines",
        "first_responses": "timelines",
    },
)
