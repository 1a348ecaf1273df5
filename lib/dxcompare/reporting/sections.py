"""The opening and closing of every report: links, Findings, and Methods and limitations.

A notebook calls two functions, so each report reads the same way (and no notebook holds the
logic):

    >>> HTML(opening("strategies", found, provinces, language, output_dir))   # doctest: +SKIP
    >>> HTML(closing("strategies", provinces, language))                       # doctest: +SKIP

The findings are also saved as ``findings.csv`` beside the report's other tables (text, strength,
documents and sentences behind each, the section holding its evidence).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dxcompare.reporting.findings import Finding, findings_html
from dxcompare.reporting.methods import methods_section
from dxcompare.reporting.navigation import report_nav

FINDINGS_TABLE = "findings"


def findings_frame(found: Sequence[Finding]):
    """The findings as a table (one row each) for ``findings.csv``."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"finding": f.text, "strength": f.strength, "n_documents": f.n_documents,
             "n_sentences": f.n_sentences, "evidence": f.anchor, "notes": " ".join(f.notes)}
            for f in found
        ],
        columns=["finding", "strength", "n_documents", "n_sentences", "evidence", "notes"],
    )  # fmt: skip


def opening(
    report: str,
    found: Sequence[Finding],
    provinces: Sequence[str] = (),
    language: str = "en",
    output_dir: str | os.PathLike | None = None,
) -> str:
    """Links to the other reports and the index, then the "Findings" section (HTML).

    ``report`` is the report's file stem ("strategies", "province_profile-binh-dinh"); with an
    ``output_dir`` the findings are saved as ``findings.csv`` and the tables' folder is linked.
    """
    from dxcompare.reporting.notebook import save_table

    save_table(findings_frame(found), FINDINGS_TABLE, output_dir)
    tables = Path(output_dir).name if output_dir is not None else None
    return report_nav(report, provinces, language, tables) + "\n" + findings_html(found, language)


def closing(
    report: str,
    provinces: Sequence[str] = (),
    language: str = "en",
    extra: Sequence[str] = (),
    current: str | None = None,
) -> str:
    """The "Methods and limitations" section of ``report`` (a :data:`REPORT_METHODS` name), then
    the links again (``current``: the page's own file stem, default ``report``)."""
    return (
        methods_section(report, language, extra)
        + "\n"
        + report_nav(current or report, provinces, language)
    )


__all__ = ["FINDINGS_TABLE", "closing", "findings_frame", "opening"]
