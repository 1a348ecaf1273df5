"""Stage 7, reporting: notebook-kernel helpers, papermill execution, the output folder, the index
page and the safe HTML export.
"""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "report": "reports",
        "setup_notebook": "notebook",
        "save_table": "notebook",
        "style_table": "notebook",
        "style_kwic": "notebook",
        "restrict": "notebook",
        "check_parameters": "parameters",
    },
)
