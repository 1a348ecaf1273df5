"""Stage 4, corpus: build every document (in parallel or on Dask), merge them into tidy tables, cache."""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "Corpus": "build",
        "load_corpus": "build",
        "build_document": "build",
        "corpus_summary": "summary",
        "cache_dir": "cache",
        "run_on_dask": "distributed",
        "check_workers": "distributed",
    },
)
