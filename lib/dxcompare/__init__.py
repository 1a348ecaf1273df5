"""dxcompare: compare how Vietnam's provinces pursue digital transformation (chuyển đổi số).

    >>> import dxcompare
    >>> corpus = dxcompare.load_corpus("seeds")          # doctest: +SKIP
    >>> dxcompare.extract_dates("ngày 03/6/2020")        # doctest: +SKIP

Public names are imported lazily, so ``import dxcompare`` stays fast in a fresh kernel.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from dxcompare._lazy import lazy_exports
from dxcompare._moved import OLD_PATHS, install

install()

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Corpus": "corpus.build",
    "load_corpus": "corpus.build",
    "normalize_text": "annotate.normalize",
    "fold": "annotate.normalize",
    "find_provinces": "annotate.provinces",
    "resolve_province": "annotate.provinces",
    "province_2025": "annotate.provinces",
    "province_table": "annotate.provinces",
    "validate_provinces": "annotate.provinces",
    "extract_dates": "extract.dates",
    "extract_doc_refs": "extract.references",
    "extract_targets": "extract.targets",
    "national_documents": "extract.national",
    "align_to_national": "extract.events",
    "citation_table": "extract.events",
    "load_codebook": "analyze.codebook",
    "code_themes": "analyze.themes",
    "theme_table": "analyze.themes",
    "distinctive_themes": "analyze.themes",
    "code_text": "analyze.themes",
    "rollup": "analyze.themes",
    "plot_theme_heatmap": "plot.themeviews",
    "plot_pillar_shares": "plot.themeviews",
    "theme_kwic": "analyze.kwic",
    "kwic_html": "analyze.kwic",
    "frequencies": "analyze.vocabulary",
    "keyness": "analyze.keywords",
    "shared_ngrams": "analyze.formulaic",
    "ngram_table": "analyze.formulaic",
    "template_token_mask": "analyze.formulaic",
    "word_cloud": "plot.clouds",
    "word_clouds": "plot.clouds",
    "comparison_cloud": "plot.clouds",
    "plot_keyness": "plot.rhetoricviews",
    "register_hits": "analyze.registers",
    "register_table": "analyze.registers",
    "load_registers": "analyze.registers",
    "quotations": "analyze.speakers",
    "speaker_table": "analyze.speakers",
    "find_quotations": "analyze.speakers",
    "plot_swimlane": "plot.timelineviews",
    "lag_table": "analyze.timelines",
    "first_responses": "analyze.timelines",
    "timeline_table": "analyze.timelines",
    "glance_table": "analyze.summaryviews",
    "documents_per_group": "analyze.summaryviews",
    "group_theme_shares": "analyze.themes",
    "plot_group_themes": "plot.themeviews",
    "report": "reporting.reports",
    "plot_keyness_dots": "plot.rhetoricviews",
    "check_parameters": "reporting.parameters",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

_getattr, _dir, _ = lazy_exports(__name__, _EXPORTS)


def __getattr__(name: str) -> Any:
    if name in OLD_PATHS:  # dxcompare.themes after a bare ``import dxcompare``
        return import_module(f"{__name__}.{name}")
    return _getattr(name)


def __dir__() -> list[str]:
    return __all__
