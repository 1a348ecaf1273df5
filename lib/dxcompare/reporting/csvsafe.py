"""CSV cells that are safe to open in a spreadsheet: no formulas, no control characters.

Document text and manifests are written by others. A cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is taken for a formula by Excel and LibreOffice
(``=HYPERLINK("http://...")``, ``=cmd|' /C calc'!A0``), and the UTF-8-with-BOM files this
package writes open there directly. OWASP's rule: such a cell is prefixed with a single quote
(``'=HYPERLINK(...)``), which spreadsheets show as text. NUL and the other control characters
(C0 but tab, line feed and carriage return; DEL; C1) are removed: they are never text.

Numbers stay numbers (``-12.5`` in a numeric column is not touched); only text cells change.

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_cell("Nghị quyết\\x00 số 05")
'Nghị quyết số 05'
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def safe_cell(value: Any) -> Any:
    """A text cell without control characters, and quoted when it would start a formula."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    if value.startswith(_FORMULA_START):
        value = "'" + value
    # A bare carriage return would end the CSV row in some readers: line breaks are "\n".
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def safe_frame(df: Any) -> Any:
    """A copy of ``df`` whose text cells and column names are safe (see ``safe_cell``)."""
    from pandas.api.types import is_numeric_dtype

    out = df.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not is_numeric_dtype(column.dtype):
            out.iloc[:, i] = column.map(safe_cell).astype(object)
    out.columns = [safe_cell(c) for c in out.columns]
    if not is_numeric_dtype(out.index.dtype):
        out.index = out.index.map(safe_cell)
    return out
