"""The index page of a report run, rendered from ``templates/reports_index.html.j2``.

One row per report: its link, parameters, status (with the failure), headline numbers and
files. The template autoescapes, so a document title such as ``<Sở TT&TT>`` shows as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from dxcompare.reporting.outputs import OutputFolder, entry_headlines
from dxcompare.reporting.plan import PROVINCE_PARAMETER, ReportJob

TEMPLATE_NAME = "reports_index.html.j2"
HIDDEN_PARAMETERS = ("corpus_path", "output_dir")  # the same on every row: shown once on top


@cache
def _template() -> Any:
    from urllib.parse import quote

    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dxcompare", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["urlquote"] = quote
    return env.get_template(TEMPLATE_NAME)


def _index_order(job: ReportJob) -> tuple[int, str]:
    """The summary first (a busy reader starts there), per-province reports last."""
    first = job.notebook.stem == "summary"
    return (0 if first else 2 if PROVINCE_PARAMETER in job.parameters else 1, job.name)


def _file_links(files: dict[str, str]) -> list[dict[str, Any]]:
    """Report and notebook links, then the tables (CSV/JSON) folded under one line."""
    links: list[dict[str, Any]] = [
        {"href": rel, "label": rel.split("/", 1)[0].rstrip("s")}
        for rel in sorted(files, reverse=True)  # the report, then the notebook
        if not rel.startswith("data/")
    ]
    data = [
        {"href": rel, "label": rel.rsplit("/", 1)[1]}
        for rel in sorted(files)
        if rel.startswith("data/")
    ]
    if data:
        links.append({"data": data})
    return links


def _row(folder: OutputFolder, job: ReportJob) -> dict[str, Any]:
    entry = folder.reports.get(job.name)
    failure = folder.failures.get(job.name)
    links: list[dict[str, Any]] = []
    if failure:
        links += [
            {"href": rel, "label": "failed " + rel.rsplit(".", 1)[1]}
            for rel in sorted(failure["files"])
        ]
    if entry:
        links += _file_links(entry["files"])
        if failure:
            links.insert(len(failure["files"]), {"label": "(last good:)"})
    return {
        "href": f"reports/{job.name}.html" if entry else None,
        "label": job.title,
        "question": job.question,
        "parameters": [
            (k, str(v)) for k, v in job.parameters.items() if k not in HIDDEN_PARAMETERS
        ],
        "error": failure["error"] if failure else None,
        "headlines": [(str(k), str(v)) for k, v in entry_headlines(failure or entry or {}).items()],
        "links": links,
    }


def relative_to_output(path: Path, out: Path) -> str:
    """``path`` as seen from the output folder ("../seeds"): no absolute path of this machine.

    >>> relative_to_output(Path("/w/seeds"), Path("/w/outputs"))
    '../seeds'
    """
    import os

    try:
        return Path(os.path.relpath(path, out)).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(path).name


def render_index(
    folder: OutputFolder,
    jobs: Sequence[ReportJob],
    corpus_path: Path,
    unprofiled: dict[str, int] | None = None,
) -> str:
    """The index page: one row per report (link, parameters, status, headline numbers, files).

    ``unprofiled``: provinces left without a profile (too few documents) and their documents,
    listed under the table with the command that adds a profile.
    Holds no timestamps, no durations and no absolute path (the corpus is shown relative to the
    output folder), so an unchanged run rewrites identical bytes wherever the folder is.
    """
    rows = [_row(folder, job) for job in sorted(jobs, key=_index_order)]
    shown = relative_to_output(corpus_path, folder.out)
    skipped = sorted((unprofiled or {}).items(), key=lambda item: (-item[1], item[0]))
    least = min((n for _, n in skipped), default=0)
    example = skipped[0][0] if skipped else ""
    return _template().render(
        rows=rows,
        corpus_path=shown,
        unprofiled=skipped,
        unprofiled_example=example,
        unprofiled_max=max((n for _, n in skipped), default=least),
    )
