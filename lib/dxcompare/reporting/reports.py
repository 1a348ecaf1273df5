"""Batch reports: execute every notebook, render each to HTML, index them, keep it all reproducible.

    >>> from dxcompare.reporting.reports import report
    >>> result = report("seeds", "outputs")              # doctest: +SKIP
    >>> result.ok, [o.name for o in result.failed]       # doctest: +SKIP

Every ``notebooks/*.ipynb`` is executed with papermill (the notebook whose parameters include
``province`` once per province of the corpus) and rendered with one reused nbconvert exporter
(:mod:`dxcompare.reporting.htmlexport`). The output folder holds::

    index.html                      every report, its parameters, status and headline numbers
    reports/<name>.html             one self-contained page per report (figures embedded)
    notebooks/<name>.ipynb          the executed notebook
    data/<name>/<table>.csv         the tables behind the figures (written by save_table)
    data/<name>/headlines.json      the headline numbers (written by record_headline)
    failed/<name>.html|.ipynb       the executed notebook of a report that failed, at the failure
    manifest.json                   what was computed from what (for incremental runs)

Reproducible: timing metadata is dropped, cell ids are stable, kernels run with a fixed hash
seed, so two runs on the same inputs give byte-identical files. Incremental: each report is
keyed on (notebook bytes, parameters, corpus bytes, dxcompare code); an unchanged key is not
recomputed. Atomic: each run works in a staging folder inside the output folder and moves each
finished file into place with ``os.replace``; a killed run leaves the previous files whole.

This module is the orchestrator only; each step has its own module:

    plan.py      jobs, provinces, notebook parameters, keys (incremental runs)
    outputs.py   the output folder: lock, staging, manifest, atomic writes
    execute.py   running one notebook with papermill, making it reproducible
    index.py     the index page (a Jinja2 template in ``templates/``)
    cli.py       (top level) the ``dxcompare report`` arguments

Notebooks call the helpers in :mod:`dxcompare.reporting.notebook` (``setup_notebook``,
``save_table``, ``record_headline``); this module imports nothing heavy at import time so
a kernel starts fast.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxcompare._log import progress_bar
from dxcompare.errors import ParameterError, UnsafeHTMLError
from dxcompare.reporting.execute import (
    KERNEL_ENV,
    Progress,
    _describe_failure,
    _Executed,
    _kernel_manager_class,
    cell_timeout,
    execute_job,
    make_reproducible,
    notebook_bytes,
    parameters_source,
    quiet_once_stopped,
    say,
    warm_font_cache,
)
from dxcompare.reporting.index import relative_to_output, render_index
from dxcompare.reporting.language import LANGUAGES
from dxcompare.reporting.outputs import (
    LOCK_NAME,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    STAGING_NAME,
    OutputFolder,
    entry_headlines,
    read_manifest,
    run_error,
)
from dxcompare.reporting.plan import (
    PROVINCE_PARAMETER,
    REQUIRED_PARAMETERS,
    ReportJob,
    _read_json,
    check_corpus_path,
    code_version,
    corpus_fingerprint,
    corpus_provinces,
    default_notebooks_dir,
    list_notebooks,
    notebook_parameters,
    notebook_question,
    notebook_title,
    plan_jobs,
    portable_parameters,
    profiled_provinces,
    province_documents,
    select_provinces,
    slug,
)
from dxcompare.stopping import Children, deferred

__all__ = [
    "KERNEL_ENV",
    "LOCK_NAME",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "PROVINCE_PARAMETER",
    "REQUIRED_PARAMETERS",
    "STAGING_NAME",
    "OutputFolder",
    "ReportJob",
    "ReportOutcome",
    "ReportResult",
    "cell_timeout",
    "check_corpus_path",
    "code_version",
    "corpus_fingerprint",
    "corpus_provinces",
    "default_notebooks_dir",
    "execute_job",
    "list_notebooks",
    "make_reproducible",
    "notebook_bytes",
    "notebook_parameters",
    "notebook_question",
    "notebook_title",
    "parameters_source",
    "plan_jobs",
    "read_manifest",
    "render_index",
    "report",
    "select_provinces",
    "slug",
]

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class ReportOutcome:
    """What happened to one report: status is "ok", "cached", "rerendered" or "failed"."""

    job: ReportJob
    status: str
    error: str = ""  # which cell failed and why (empty unless failed)
    headlines: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.job.name


@dataclass
class ReportResult:
    """All outcomes of a run, the output folder and the index page."""

    out: Path
    index: Path
    outcomes: list[ReportOutcome]

    @property
    def failed(self) -> list[ReportOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        """One line per failure (notebook, cell, exception), or a one-line success note."""
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        head = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing to do"
        lines = [f"{len(self.outcomes)} reports: {head}. Index: {self.index}"]
        for o in self.failed:
            lines.append(f"FAILED {o.name} ({o.job.notebook.name}): {o.error}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def _skip_rfc3987_syntax() -> None:
    """Keep jsonschema from importing rfc3987-syntax: 1-3 s of parser building per process.

    Jupyter's schemas use no IRI format, so nothing is lost (the Makefile also uninstalls it).
    Only done if jsonschema is not loaded yet, so nobody's already-built validator changes.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


def _find_provinces(
    corpus_path: Path,
    corpus_hash: str,
    version: str,
    out: Path,
    workers: int | None,
    progress: Progress,
) -> dict[str, int] | None:
    """Documents per province: from the last run's manifest if corpus and code are unchanged."""
    manifest = read_manifest(out)
    cached = manifest.get("corpus", {})
    same = cached.get("sha256") == corpus_hash and manifest.get("dxcompare") == version
    counts = cached.get(COUNTS_KEY)
    if same and isinstance(counts, dict) and isinstance(cached.get("provinces"), list):
        return {str(p): int(n) for p, n in counts.items()}
    say(progress, f"reading the corpus {corpus_path} to find its provinces")
    try:
        return province_documents(corpus_path, workers=workers)
    except ImportError as err:  # the corpus modules are not installed in this checkout
        say(
            progress,
            f"warning: cannot read the corpus here ({err}); provinces taken as given",
            logging.WARNING,
        )
        return None


# The manifest's count of documents per province (beside "provinces", which stays a list).
COUNTS_KEY = "documents_per_province"


def report(
    corpus: str | Path = "seeds",
    out: str | Path = "outputs",
    provinces: Sequence[str] | None = None,
    workers: int | None = None,
    show_code: bool = False,
    force: bool = False,
    notebooks_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    min_documents: int | None = None,
    language: str = "en",
) -> ReportResult:
    """Execute every notebook, render every report, write the index; see the module docstring.

    ``language="vi"``: every report in Vietnamese (the notebooks' ``language`` parameter).

    >>> result = report("seeds", "outputs", provinces=["Bình Định"])   # doctest: +SKIP
    >>> print(result.summary())                                       # doctest: +SKIP

    Province profiles: every province named in ``provinces``; without it, every province with
    at least ``min_documents`` documents (default: every province of a corpus of up to 12, else
    those with 3 or more, see :func:`~dxcompare.reporting.plan.profiled_provinces`). The index
    lists the provinces left without a profile, with their documents and how to get one.

    Progress lines ("[run]     summary", "[ok]      summary (12.3 s)") go to the
    ``dxcompare.reporting`` logger (``logging.basicConfig(level=logging.INFO)`` shows them; the
    ``dxcompare`` command prints them) and to ``progress`` if given (``progress=print``); on a
    terminal a progress bar counts the reports.

    Raises ParameterError (missing corpus, unknown province, bad notebook parameters, unusable
    output folder) before any notebook runs. A failing notebook does not raise: it is listed
    in ``result.failed`` with the cell and the exception.
    """
    _skip_rfc3987_syntax()
    cell_timeout()  # settings first: a bad DXCOMPARE_CELL_TIMEOUT stops before any work
    profiled_provinces({}, min_documents)  # and a bad min_documents
    if language not in LANGUAGES:
        raise ParameterError(f"language={language!r} is unknown. Fix: use 'en' or 'vi'")
    corpus_path = check_corpus_path(corpus)
    out_path = Path(out).expanduser().resolve()
    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir is not None else default_notebooks_dir()
    notebooks = list_notebooks(nb_dir)
    parameters = {nb: notebook_parameters(nb) for nb in notebooks}
    if out_path == nb_dir or out_path == corpus_path:
        raise ParameterError(
            f"{out_path}: the output folder must differ from the corpus and notebooks"
        )
    if corpus_path.is_dir() and out_path.is_relative_to(corpus_path):
        # Its HTML reports would be read back as documents of the corpus on the next run.
        raise ParameterError(
            f"{out_path}: the output folder is inside the corpus folder {corpus_path}. "
            "Fix: choose an --out folder outside the corpus"
        )

    corpus_hash = corpus_fingerprint(corpus_path)
    version = code_version()
    needs_provinces = any(PROVINCE_PARAMETER in p for p in parameters.values())
    counts: dict[str, int] | None = {}
    if needs_provinces:
        counts = _find_provinces(corpus_path, corpus_hash, version, out_path, workers, progress)
        if provinces is None and counts is None:
            raise ParameterError(
                f"{corpus_path}: cannot find the corpus's provinces here. Fix: pass --provinces"
            )
    available = sorted(counts) if counts is not None else None
    skipped: dict[str, int] = {}
    if provinces is not None:
        selected = select_provinces(provinces, available, corpus_path)
    else:
        selected, skipped = profiled_provinces(counts or {}, min_documents)
        if skipped and needs_provinces:
            say(
                progress,
                f"{len(skipped)} province(s) with fewer documents get no profile "
                f"(listed in the index; --min-documents 1 gives every province one)",
            )

    everyone = available if available is not None else selected
    all_jobs = plan_jobs(
        notebooks, parameters, corpus_path, out_path, everyone, corpus_hash, version, show_code,
        language=language,
    )  # fmt: skip
    selected_jobs = plan_jobs(
        notebooks, parameters, corpus_path, out_path, selected, corpus_hash, version, show_code,
        language=language,
    )  # fmt: skip
    chosen = {j.name for j in selected_jobs}
    jobs = [j for j in all_jobs if j.name in chosen]

    index_rel = "index.html"
    with OutputFolder(out_path) as folder:
        folder.manifest["corpus"] = {
            "path": relative_to_output(corpus_path, out_path),
            "sha256": corpus_hash,
            "provinces": available,
            COUNTS_KEY: counts,
        }
        folder.manifest["dxcompare"] = version
        try:
            outcomes = _run_jobs(folder, jobs, nb_dir, workers, show_code, force, progress)
            kept = _prune(folder, all_jobs, chosen)
            shown = {j.parameters.get(PROVINCE_PARAMETER) for j in [*jobs, *kept]}
            unprofiled = {p: n for p, n in skipped.items() if p not in shown}
            folder.write(index_rel, render_index(folder, [*jobs, *kept], corpus_path, unprofiled))
            folder.save_manifest()
        except OSError as err:  # a full disk in a staging write, an I/O error: exit 2, clearly
            raise run_error(out_path, err) from err
    result = ReportResult(out_path, out_path / index_rel, outcomes)
    say(progress, result.summary())
    return result


def _run_jobs(
    folder: OutputFolder,
    jobs: Sequence[ReportJob],
    nb_dir: Path,
    workers: int | None,
    show_code: bool,
    force: bool,
    progress: Progress,
) -> list[ReportOutcome]:
    """Reuse, re-render or execute each job (executions in parallel); commit each as it finishes."""
    with progress_bar(len(jobs), "reports", unit="report") as bar:
        return _run_jobs_counted(folder, jobs, nb_dir, workers, show_code, force, progress, bar)


def _run_jobs_counted(
    folder: OutputFolder,
    jobs: Sequence[ReportJob],
    nb_dir: Path,
    workers: int | None,
    show_code: bool,
    force: bool,
    progress: Progress,
    bar: Any,
) -> list[ReportOutcome]:
    outcomes: dict[str, ReportOutcome] = {}
    to_run: list[ReportJob] = []
    renderer = None
    for job in jobs:
        entry = folder.reports.get(job.name)
        current = not force and entry is not None and entry.get("exec_key") == job.exec_key
        if current and entry.get("html_key") == job.html_key and folder.is_current(entry):
            outcomes[job.name] = ReportOutcome(job, "cached", headlines=entry_headlines(entry))
            folder.failures.pop(job.name, None)
            say(progress, f"[cached]  {job.name}")
            bar.update(1)
        elif current and folder.is_current(
            {"files": {k: v for k, v in entry["files"].items() if not k.startswith("reports/")}}
        ):
            renderer = renderer or _renderer(show_code)
            with deferred():
                outcomes[job.name] = _rerender(folder, job, renderer, entry)
            say(progress, f"[render]  {job.name}")
            bar.update(1)
        else:
            to_run.append(job)
    if to_run:
        renderer = renderer or _renderer(show_code)
        warm_font_cache()  # one build here, not a warning in whichever kernel comes first
        say(
            progress,
            f"running {len(to_run)} notebook(s) with {_workers(workers, len(to_run))} worker(s)",
        )
        with Children() as children, quiet_once_stopped(children):
            kernel_manager = _kernel_manager_class(children, folder.staging / "kernels")
            pool = ThreadPoolExecutor(max_workers=_workers(workers, len(to_run)))
            futures = {
                pool.submit(
                    execute_job, job, folder.staging, nb_dir, kernel_manager, progress, children
                ): job
                for job in to_run
            }
            try:
                for future in as_completed(futures):
                    job = futures[future]
                    with deferred():  # a stop signal waits until this report is whole
                        outcome = _commit(folder, job, future.result(), renderer)
                    outcomes[job.name] = outcome
                    tail = f": {outcome.error}" if outcome.error else ""
                    say(
                        progress,
                        f"[{outcome.status}]{' ' * (8 - len(outcome.status))}{job.name} "
                        f"({outcome.seconds:.1f} s){tail}",
                    )
                    bar.update(1)
            except BaseException:
                # A signal, Ctrl-C or a failed commit: kill the kernels, start nothing new, and
                # give the workers a moment to see their kernel gone and leave the staging
                # folder before it is removed. The reports committed so far are whole.
                children.stop()
                pool.shutdown(wait=False, cancel_futures=True)
                # (a cancelled future never counts as done: wait for the running ones only)
                wait_futures([f for f in futures if not f.cancelled()], timeout=_STOP_WAIT)
                raise
            pool.shutdown(wait=True)
    return [outcomes[j.name] for j in jobs]


# Seconds a stopped run waits for its notebook threads (nbclient notices a killed kernel within
# about a second); a thread still busy after that cannot write anything that is kept.
_STOP_WAIT = 30.0


def _workers(workers: int | None, n_jobs: int) -> int:
    wanted = workers if workers and workers > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, n_jobs))


def _renderer(show_code: bool) -> Any:
    from dxcompare.reporting.htmlexport import ReportRenderer

    return ReportRenderer(show_code=show_code)


def _source_ids(path: Path) -> set[str]:
    return {c["id"] for c in _read_json(path)["cells"] if "id" in c}


def _commit(folder: OutputFolder, job: ReportJob, run: _Executed, renderer: Any) -> ReportOutcome:
    """Make the run reproducible, render it, move its files into place, update the manifest."""
    error = run.error
    nb = make_reproducible(run.nb, job, _source_ids(job.notebook)) if run.nb is not None else None
    page = None
    if nb is not None:
        try:
            page = renderer.render(nb, job.title, job.parameters, failure=error or None)
        except UnsafeHTMLError as err:
            error = error or str(err)
        except Exception as err:  # a rendering bug must not stop the other reports
            error = error or f"rendering the HTML failed: {_describe_failure(err)}"
    if error:
        return _commit_failure(folder, job, nb, page, run, error)
    staged = folder.staging / "final" / job.name
    staged.mkdir(parents=True, exist_ok=True)
    files = {}
    for csv in sorted(run.data_dir.rglob("*")) if run.data_dir else []:
        if csv.is_file():
            files[f"data/{job.name}/{csv.relative_to(run.data_dir).as_posix()}"] = csv
    (staged / "nb.ipynb").write_bytes(notebook_bytes(nb))
    (staged / "page.html").write_text(page, encoding="utf-8")
    files[f"notebooks/{job.name}.ipynb"] = staged / "nb.ipynb"
    files[f"reports/{job.name}.html"] = staged / "page.html"
    old = folder.reports.get(job.name, {}).get("files", {})
    shas = {rel: folder.move_in(src, rel) for rel, src in sorted(files.items())}
    folder.remove(rel for rel in old if rel not in shas)
    folder.remove(rel for rel in folder.failures.pop(job.name, {}).get("files", {}))
    folder.reports[job.name] = _entry(job, shas, run.headlines)
    folder.save_manifest()
    return ReportOutcome(job, "ok", headlines=run.headlines, seconds=run.seconds)


def _entry(job: ReportJob, files: dict[str, str], headlines: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": job.title,
        "notebook": job.notebook.name,
        "parameters": portable_parameters(job.parameters),
        "exec_key": job.exec_key,
        "html_key": job.html_key,
        "files": dict(sorted(files.items())),
        # pairs, not a mapping: the manifest is written with sorted keys, and the index must show
        # the headlines in the order the notebook recorded them whether a report ran or was cached
        "headlines": [[label, value] for label, value in headlines.items()],
    }


def _commit_failure(
    folder: OutputFolder, job: ReportJob, nb: Any, page: str | None, run: _Executed, error: str
) -> ReportOutcome:
    """Keep the last good report; put the failed notebook (and its page) under failed/."""
    files = {}
    if nb is not None:
        files[f"failed/{job.name}.ipynb"] = folder.write(
            f"failed/{job.name}.ipynb", notebook_bytes(nb)
        )
    if page is not None:
        files[f"failed/{job.name}.html"] = folder.write(f"failed/{job.name}.html", page)
    folder.failures[job.name] = {**_entry(job, files, run.headlines), "error": error}
    folder.save_manifest()
    return ReportOutcome(job, "failed", error=error, headlines=run.headlines, seconds=run.seconds)


def _rerender(
    folder: OutputFolder, job: ReportJob, renderer: Any, entry: dict[str, Any]
) -> ReportOutcome:
    """Only the HTML is out of date (e.g. --show-code changed): render the stored notebook again."""
    import nbformat

    nb = nbformat.read(folder.out / "notebooks" / f"{job.name}.ipynb", as_version=4)
    page = renderer.render(nb, job.title, job.parameters)
    rel = f"reports/{job.name}.html"
    entry["files"][rel] = folder.write(rel, page)
    entry["html_key"] = job.html_key
    folder.failures.pop(job.name, None)
    folder.save_manifest()
    return ReportOutcome(job, "rerendered", headlines=entry_headlines(entry))


def _prune(
    folder: OutputFolder, all_jobs: Sequence[ReportJob], chosen: set[str]
) -> list[ReportJob]:
    """Keep reports not asked for this time if still valid (same key); delete all other leftovers."""
    valid = {j.name: j for j in all_jobs}
    kept = []
    for name, entry in list(folder.reports.items()):
        if name in chosen:
            continue
        job = valid.get(name)
        if job is not None and entry.get("exec_key") == job.exec_key and folder.is_current(entry):
            kept.append(job)
        else:
            folder.remove(entry.get("files", {}))
            del folder.reports[name]
    for name, entry in list(folder.failures.items()):
        if name not in chosen:
            folder.remove(entry.get("files", {}))
            del folder.failures[name]
    return sorted(kept, key=lambda j: j.name)


# --------------------------------------------------------------------------------------------
# The index page
