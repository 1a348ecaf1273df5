"""dxcompare: compare how Vietnam's provinces pursue digital transformation (chuyển đổi số).

    >>> import dxcompare
    >>> corpus = dxcompare.load_corpus("seeds")          # doctest: +SKIP
    >>> dxcompare.extract_dates("ngày 03/6/2020")        # doctest: +SKIP

Public names are imported lazily, so ``import dxcompare`` stays fast in a fresh kernel.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Corpus": "corpus",
    "load_corpus": "corpus",
    "normalize_text": "normalize",
    "fold": "normalize",
    "find_provinces": "provinces",
    "resolve_province": "provinces",
    "province_2025": "provinces",
    "province_table": "provinces",
    "validate_provinces": "provinces",
    "extract_dates": "dates",
    "extract_doc_refs": "references",
    "extract_targets": "targets",
    "national_documents": "events",
    "align_to_national": "events",
    "citation_table": "events",
    "load_codebook": "codebook",
    "code_themes": "themes",
    "theme_table": "themes",
    "distinctive_themes": "themes",
    "code_text": "themes",
    "rollup": "themes",
    "plot_theme_heatmap": "themeviews",
    "plot_pillar_shares": "themeviews",
    "theme_kwic": "themeviews",
    "kwic_html": "themeviews",
    "frequencies": "vocabulary",
    "keyness": "keywords",
    "shared_ngrams": "formulaic",
    "ngram_table": "formulaic",
    "template_token_mask": "formulaic",
    "word_cloud": "clouds",
    "word_clouds": "clouds",
    "comparison_cloud": "clouds",
    "plot_keyness": "rhetoricviews",
    "register_hits": "registers",
    "register_table": "registers",
    "load_registers": "registers",
    "quotations": "speakers",
    "speaker_table": "speakers",
    "find_quotations": "speakers",
    "plot_swimlane": "timelineviews",
    "lag_table": "timelineviews",
    "first_responses": "timelineviews",
    "timeline_table": "timelineviews",
    "glance_table": "summaryviews",
    "documents_per_group": "summaryviews",
    "group_theme_shares": "themeviews",
    "plot_group_themes": "themeviews",
    "report": "reports",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dxcompare' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
