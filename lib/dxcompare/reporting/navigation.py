"""Links between the reports of one run, and back to the index page.

``dxcompare report`` writes every report into ``reports/`` and the index one folder up, so the
links are relative (they work wherever the output folder is copied):

    >>> "../index.html" in report_nav("strategies", ["Bình Định"])
    True
    >>> 'href="province_profile-binh-dinh.html"' in report_nav("strategies", ["Bình Định"])
    True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from dxcompare.reporting.findings import check_language
from dxcompare.reporting.plan import slug

#: The reports of a run in reading order, with their short names.
REPORTS = ("summary", "corpus_overview", "strategies", "timelines", "rhetoric", "explorer")
_LABELS = {
    "en": {
        "index": "All reports",
        "summary": "Summary",
        "corpus_overview": "Corpus",
        "strategies": "Strategies",
        "timelines": "Timelines",
        "rhetoric": "Rhetoric",
        "explorer": "Explorer",
        "profiles": "Province profiles",
        "tables": "tables behind this report",
    },
    "vi": {
        "index": "Mọi báo cáo",
        "summary": "Tóm tắt",
        "corpus_overview": "Kho văn bản",
        "strategies": "Chiến lược",
        "timelines": "Dòng thời gian",
        "rhetoric": "Ngôn từ",
        "explorer": "Tra cứu",
        "profiles": "Hồ sơ tỉnh",
        "tables": "các bảng của báo cáo này",
    },
}


def profile_name(province: str) -> str:
    """The file stem of a province's profile: ``"province_profile-binh-dinh"``."""
    return f"province_profile-{slug(province)}"


def report_nav(
    current: str, provinces: Sequence[str] = (), language: str = "en", tables: str | None = None
) -> str:
    """A line of links to the index, every report and each province's profile (HTML).

    ``current`` (a report's file stem) is shown unlinked; ``tables``: the folder name of this
    report's CSV tables under ``data/`` (linked when given).
    """
    labels = _LABELS[check_language(language)]
    items = [f'<a href="../index.html">{labels["index"]}</a>']
    for name in REPORTS:
        label = html.escape(labels[name])
        items.append(
            f"<strong>{label}</strong>" if name == current else f'<a href="{name}.html">{label}</a>'
        )
    profiles = []
    for province in sorted(set(provinces)):
        name = profile_name(province)
        label = html.escape(province)
        profiles.append(
            f"<strong>{label}</strong>" if name == current else f'<a href="{name}.html">{label}</a>'
        )
    line = " · ".join(items)
    if profiles:
        line += f" <br>{labels['profiles']}: " + " · ".join(profiles)
    if tables:
        line += f' <br><a href="../data/{html.escape(tables)}/">{labels["tables"]} (CSV)</a>'
    # a <div>, not <nav>: the report's allow-list (htmlexport) keeps plain block tags only
    return f'<div class="dx-nav">{line}</div>'


__all__ = ["REPORTS", "profile_name", "report_nav"]
