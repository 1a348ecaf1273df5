"""Stage 1, ingest: find the user's files, decode their bytes, read the optional manifest.

Never writes into the corpus folder. One bad file is set aside as a ``Problem`` with its fix.
"""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "discover_files": "discover",
        "read_document": "reading",
        "RawDocument": "reading",
        "read_manifest": "manifest",
        "parse_published": "manifest",
    },
)
