"""Helpers a notebook calls: safe, reproducible display and the tables behind its figures.

    >>> from dxcompare.reporting.notebook import setup_notebook, save_table, record_headline
    >>> setup_notebook()                                                  # doctest: +SKIP
    >>> save_table(per_province, "documents_per_province", output_dir)   # doctest: +SKIP
    >>> corpus = restrict(corpus, ["Bình Định", "Hà Nội"])               # doctest: +SKIP

Kept apart from :mod:`dxcompare.reporting.reports` so a kernel imports nothing heavy to use
them. The helpers for choosing provinces (:mod:`.subset`), styled tables (:mod:`.display`) and the
explorer (:mod:`.explorer`) have their own modules; every name still imports from here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from dxcompare.errors import ParameterError
from dxcompare.reporting import atomic

HEADLINES_NAME = "headlines.json"

_TABLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}")


def setup_notebook(seed: int = 0) -> None:
    """Call in a notebook's first code cell: safe tables, fixed seeds, reproducible figures.

    - pandas Styler escapes HTML in its *cells* (a document's ``<script>`` is shown, never run);
      its headers and index are not escaped by this option: show a table whose columns or index
      hold document text (group, speaker, title) with :func:`style_table`, which escapes them too;
    - ``random`` and NumPy seeded; pass ``seed=``/``random_state=`` to seaborn and WordCloud too;
    - matplotlib figures and PIL images (word clouds) as PNG only (identical bytes run to run,
      no JPEG copy), SVG ids salted, no dates in files.
    """
    import random

    import matplotlib
    import numpy as np
    import pandas as pd

    random.seed(seed)
    np.random.seed(seed)
    pd.set_option("styler.format.escape", "html")
    pd.set_option("display.max_colwidth", 300)  # whole sentences and quotations, not "..."
    pd.set_option("display.max_rows", 80)
    pd.set_option("styler.render.max_rows", 300)  # the CSV beside the report holds every row
    matplotlib.rcParams["svg.hashsalt"] = "dxcompare"
    matplotlib.rcParams["figure.dpi"] = 100
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with contextlib.suppress(ImportError):
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    _images_as_png_only()


def _images_as_png_only() -> None:
    """PIL images (word clouds) shown as PNG alone: IPython would store a JPEG copy beside it."""
    with contextlib.suppress(ImportError, AttributeError):
        from IPython import get_ipython
        from PIL import Image

        shell = get_ipython()
        if shell is not None:
            # a printer returning None: no image/jpeg output for this type (PNG is kept)
            shell.display_formatter.formatters["image/jpeg"].for_type(Image.Image, lambda _: None)


def _output_folder(output_dir: str | os.PathLike | None) -> Path | None:
    if output_dir is None:
        return None
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_table(
    df: Any, name: str, output_dir: str | os.PathLike | None, index: bool = False
) -> Any:
    """Save the table behind a figure as ``<output_dir>/<name>.csv`` and return it for display.

    UTF-8 with a byte-order mark, so Excel shows "Bình Định" correctly; ``\\n`` line endings.
    With ``output_dir=None`` (a notebook opened by hand) nothing is written.

    >>> save_table(per_province, "documents_per_province", output_dir)   # doctest: +SKIP
    """
    if not _TABLE_NAME.fullmatch(name) or ".." in name:
        raise ParameterError(f"table name {name!r}: use letters, digits, '_', '-' (no folders)")
    folder = _output_folder(output_dir)
    if folder is not None:
        from dxcompare.reporting.csvsafe import safe_frame

        # Document text becomes cells: no formula or control character reaches a spreadsheet.
        text = safe_frame(df).to_csv(index=index, lineterminator="\n")
        atomic.write_bytes(folder / f"{name}.csv", text.encode("utf-8-sig"))
    return df


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_headline(label: str, value: Any, output_dir: str | os.PathLike | None) -> Any:
    """Record a headline number for the index page (``headlines.json`` beside the tables).

    >>> record_headline("documents", len(corpus.documents), output_dir)   # doctest: +SKIP
    """
    folder = _output_folder(output_dir)
    if folder is not None:
        path = folder / HEADLINES_NAME
        current = read_headlines(folder)
        current[str(label)] = _plain(value)
        atomic.write_text(path, json.dumps(current, ensure_ascii=False, indent=1) + "\n")
    return value


def read_headlines(folder: str | os.PathLike | None) -> dict[str, Any]:
    """The headline numbers a notebook recorded in ``folder`` (empty if none)."""
    if folder is None:
        return {}
    try:
        data = json.loads((Path(folder) / HEADLINES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# Re-exported: notebooks import every helper from this one module.
from dxcompare.reporting.display import style_kwic, style_table, top_rows  # noqa: E402
from dxcompare.reporting.explorer import (  # noqa: E402
    BATCH_VARIABLE,
    LiveControls,
    explorer_view,
    explorer_widgets,
    in_batch,
)
from dxcompare.reporting.parameters import check_parameters  # noqa: E402
from dxcompare.reporting.subset import PROVINCE_MAPS, province_column, restrict  # noqa: E402

__all__ = [
    "BATCH_VARIABLE",
    "HEADLINES_NAME",
    "PROVINCE_MAPS",
    "LiveControls",
    "check_parameters",
    "explorer_view",
    "explorer_widgets",
    "in_batch",
    "province_column",
    "read_headlines",
    "record_headline",
    "restrict",
    "save_table",
    "setup_notebook",
    "style_kwic",
    "style_table",
    "top_rows",
]
