"""Batch reports: execute every notebook, render each to HTML, index them, keep it all reproducible.

    >>> from dxcompare.reporting.reports import report
    >>> result = report("seeds", "outputs")              # doctest: +SKIP
    >>> result.ok, [o.name for o in result.failed]       # doctest: +SKIP

Every ``notebooks/*.ipynb`` is executed with papermill (the notebook whose parameters include
``province`` once per province of the corpus) and rendered with one reused nbconvert exporter
(:mod:`dxcompare.htmlexport`). The output folder holds::

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

Notebooks call the helpers in :mod:`dxcompare.notebook` (``setup_notebook``,
``save_table``, ``record_headline``); this module imports nothing heavy at import time so
a kernel starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxcompare.errors import ParameterError, ReportError
from dxcompare.reporting import atomic
from dxcompare.reporting.notebook import read_headlines

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
STAGING_NAME = ".dxcompare-staging"
LOCK_NAME = ".dxcompare.lock"
REQUIRED_PARAMETERS = ("corpus_path", "output_dir")
PROVINCE_PARAMETER = "province"

# Kernels get a fixed hash seed (set iteration order) and a fixed "now" for file metadata.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    # Notebooks build no live widgets in a batch run: nbclient can block forever on a cell that
    # creates ipywidgets (jupyter/nbclient#312), and the HTML drops widgets anyway.
    "DXCOMPARE_BATCH": "1",
}

Progress = Callable[[str], None] | None


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportJob:
    """One report to produce: a notebook and its parameters."""

    name: str  # file stem of every output: "corpus_overview", "province_profile-binh-dinh"
    notebook: Path
    title: str
    parameters: dict[str, Any]  # as the notebook sees them (absolute paths)
    exec_key: str = ""
    html_key: str = ""
    question: str = ""  # what the report answers (the notebook's "**Question:**" paragraph)


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
# Parameters and planning
# --------------------------------------------------------------------------------------------


def check_corpus_path(corpus: str | os.PathLike) -> Path:
    """The corpus folder (or file) as an absolute path; a clear error if it does not exist."""
    path = Path(corpus).expanduser()
    if not path.exists():
        raise ParameterError(
            f"{corpus}: corpus path not found. Fix: pass --corpus with the folder of documents "
            "(for example --corpus seeds)"
        )
    return path.resolve()


def default_notebooks_dir() -> Path:
    """``./notebooks`` if it exists, else the ``notebooks/`` folder of the dxcompare checkout."""
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here.resolve()
    return Path(__file__).resolve().parents[3] / "notebooks"


def list_notebooks(notebooks_dir: str | os.PathLike) -> list[Path]:
    """Every ``*.ipynb`` in the folder, sorted (hidden files and checkpoints skipped)."""
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise ParameterError(f"{folder}: notebooks folder not found. Fix: pass notebooks_dir=")
    found = [
        p.resolve()
        for p in sorted(folder.glob("*.ipynb"))
        if not p.name.startswith(".") and not p.stem.endswith("-checkpoint")
    ]
    if not found:
        raise ParameterError(f"{folder}: no notebook (*.ipynb) found. Fix: add notebooks there")
    return found


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The names and defaults of the notebook's ``parameters`` cell (papermill's inspection).

    Errors unless there is exactly one cell tagged ``parameters`` declaring ``corpus_path`` and
    ``output_dir`` (papermill only warns about a misspelt name, then runs with the default).
    """
    import papermill

    tagged = [
        c
        for c in _read_json(path)["cells"]
        if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise ParameterError(
            f"{path}: {len(tagged)} cells tagged 'parameters'. Fix: tag exactly one code cell "
            "'parameters' (it declares corpus_path and output_dir)"
        )
    params = papermill.inspect_notebook(str(path))
    missing = [name for name in REQUIRED_PARAMETERS if name not in params]
    if missing:
        raise ParameterError(
            f"{path}: the parameters cell does not declare {', '.join(missing)}. Fix: add "
            + "; ".join(f"{m} = None" for m in missing)
            + " to the cell tagged 'parameters'"
        )
    return params


def corpus_provinces(corpus_path: Path, workers: int | None = None) -> list[str]:
    """The primary provinces of the corpus's documents, sorted (builds or reloads the corpus)."""
    from dxcompare.corpus.build import load_corpus

    corpus = load_corpus(corpus_path, workers=workers)
    return sorted({str(p) for p in corpus.documents["primary_province"].dropna()})


def _fold(name: str) -> str:
    """``"Bình Định"`` -> ``"binh dinh"``: what a user may type without diacritics."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def select_provinces(
    requested: Sequence[str], available: Sequence[str] | None, corpus: Path
) -> list[str]:
    """Match the requested names against the corpus's provinces ("binh dinh" finds "Bình Định").

    ``available`` None means the corpus could not be read here: names are taken as given.
    """
    chosen: list[str] = []
    for name in requested:
        name = unicodedata.normalize("NFC", name.strip())
        if available is None:
            match = name
        else:
            match = next((p for p in available if p == name), None) or next(
                (p for p in available if _fold(p) == _fold(name)), None
            )
        if match is None:
            raise ParameterError(
                f"unknown province {name!r}: the corpus at {corpus} has "
                f"{', '.join(available) if available else 'no province'}. Fix: use one of those names"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen


def slug(text: str) -> str:
    """A file-name form: ``"Bà Rịa - Vũng Tàu"`` -> ``"ba-ria-vung-tau"``."""
    return _fold(text).replace(" ", "-").replace("_", "-") or "x"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ParameterError(
            f"{path}: not a readable notebook ({err}). Fix: repair or remove it"
        ) from err


def notebook_title(path: Path) -> str:
    """The first Markdown heading of the notebook, else its file name."""
    for cell in _read_json(path)["cells"]:
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", []))
            for line in source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem.replace("_", " ")


def notebook_question(path: Path) -> str:
    """The paragraph of the first Markdown cell that starts with ``**Question:**``, as plain text."""
    for cell in _read_json(path)["cells"]:
        if cell.get("cell_type") == "markdown":
            for paragraph in "".join(cell.get("source", [])).split("\n\n"):
                if paragraph.strip().startswith("**Question:**"):
                    text = paragraph.strip().removeprefix("**Question:**")
                    text = " ".join(text.replace("`", "").replace("*", "").split())
                    return text[:1].upper() + text[1:]
    return ""


# --------------------------------------------------------------------------------------------
# Keys (incremental runs)
# --------------------------------------------------------------------------------------------


def corpus_fingerprint(corpus_path: Path) -> str:
    """SHA-256 over every non-hidden file of the corpus (relative path and bytes), sorted."""
    h = hashlib.sha256()
    files = [corpus_path] if corpus_path.is_file() else sorted(corpus_path.rglob("*"))
    for path in files:
        rel = path.relative_to(corpus_path) if path != corpus_path else Path(path.name)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        data = path.read_bytes()
        h.update(rel.as_posix().encode() + b"\0" + len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def code_version() -> str:
    """dxcompare's version, a hash of its code, data and templates, and the rendering stack."""
    from importlib.metadata import PackageNotFoundError, version

    from dxcompare import __version__
    from dxcompare.corpus import cache
    from dxcompare.reporting.htmlexport import templates_dir

    h = hashlib.sha256(cache.code_fingerprint().encode())
    for path in sorted(templates_dir().rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    stack = []
    for package in ("papermill", "nbconvert", "nbformat", "pandas", "matplotlib"):
        with contextlib.suppress(PackageNotFoundError):
            stack.append(f"{package}={version(package)}")
    return f"{__version__}+{h.hexdigest()[:16]} " + " ".join(stack)


def _key(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = (
            part
            if isinstance(part, bytes)
            else json.dumps(part, sort_keys=True, ensure_ascii=False).encode()
        )
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def plan_jobs(
    notebooks: Sequence[Path],
    parameters: dict[Path, dict[str, Any]],
    corpus_path: Path,
    out: Path,
    provinces: Sequence[str],
    corpus_hash: str,
    version: str,
    show_code: bool,
) -> list[ReportJob]:
    """One job per notebook, or per (notebook, province) for a notebook with a province parameter."""
    jobs = []
    for nb_path in notebooks:
        title = notebook_title(nb_path)
        question = notebook_question(nb_path)
        per_province = PROVINCE_PARAMETER in parameters[nb_path]
        nb_bytes = nb_path.read_bytes()
        for province in provinces if per_province else [None]:
            name = nb_path.stem if province is None else f"{nb_path.stem}-{slug(province)}"
            params: dict[str, Any] = {
                "corpus_path": str(corpus_path),
                "output_dir": str(out / "data" / name),
            }
            if province is not None:
                params[PROVINCE_PARAMETER] = province
            exec_key = _key("exec", nb_bytes, params, corpus_hash, version)
            jobs.append(
                ReportJob(
                    name=name,
                    notebook=nb_path,
                    title=title if province is None else f"{title}: {province}",
                    parameters=params,
                    exec_key=exec_key,
                    html_key=_key("html", exec_key, show_code),
                    question=question,
                )
            )
    return jobs


# --------------------------------------------------------------------------------------------
# The output folder: lock, staging, manifest, atomic commits
# --------------------------------------------------------------------------------------------


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _folder_error(out: Path, err: OSError, doing: str) -> ParameterError | ReportError:
    reason = err.strerror or type(err).__name__
    if err.errno == errno.ENOSPC:
        return ReportError(
            f"{out}: the disk holding the output folder is full while {doing}. "
            "Fix: free space or choose another folder with --out"
        )
    return ParameterError(
        f"{out}: cannot use the output folder ({reason}) while {doing}. "
        "Fix: choose a writable folder with --out"
    )


class OutputFolder:
    """The output folder during a run: locked, with a private staging folder and the manifest."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging = out / STAGING_NAME
        self.manifest: dict[str, Any] = {}
        self._lock_handle: Any = None

    def __enter__(self) -> OutputFolder:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            if not self.out.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder")
            self._lock_handle = open(self.out / LOCK_NAME, "a")  # noqa: SIM115 (held for the run)
            self._lock()
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
            atomic.remove_stale_temporaries(self.out)
        except (ParameterError, ReportError):
            self.close()
            raise
        except OSError as err:
            self.close()
            raise _folder_error(self.out, err, "preparing it") from err
        self.manifest = read_manifest(self.out)
        return self

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock, runs must not overlap
            return
        try:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise ReportError(
                f"{self.out}: another dxcompare report run is writing here. "
                "Fix: wait for it to finish or choose another folder with --out"
            ) from err

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    # -- manifest ---------------------------------------------------------------------------

    @property
    def reports(self) -> dict[str, Any]:
        return self.manifest.setdefault("reports", {})

    @property
    def failures(self) -> dict[str, Any]:
        return self.manifest.setdefault("failed", {})

    def save_manifest(self) -> None:
        self.manifest["format"] = MANIFEST_FORMAT
        self.manifest["reports"] = dict(sorted(self.reports.items()))
        self.manifest["failed"] = dict(sorted(self.failures.items()))
        self.write(
            MANIFEST_NAME,
            json.dumps(self.manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        )

    def is_current(self, entry: dict[str, Any] | None) -> bool:
        """True if every file the entry lists is on disk with the recorded content."""
        if not entry:
            return False
        return all(_file_sha(self.out / rel) == sha for rel, sha in entry.get("files", {}).items())

    # -- writing ----------------------------------------------------------------------------

    def write(self, rel: str, data: str | bytes) -> str:
        """Write one output file atomically; returns its SHA-256."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target = self.out / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, payload)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return hashlib.sha256(payload).hexdigest()

    def move_in(self, source: Path, rel: str) -> str:
        """Move a finished staged file into place atomically; returns its SHA-256."""
        sha = _file_sha(source) or ""
        try:
            atomic.replace_file(source, self.out / rel)
        except OSError as err:
            raise _folder_error(self.out, err, f"writing {rel}") from err
        return sha

    def remove(self, rels: Iterable[str]) -> None:
        """Delete files dxcompare wrote earlier (only paths the manifest lists), and empty folders."""
        for rel in rels:
            path = self.out / rel
            with contextlib.suppress(OSError):
                path.unlink()
            with contextlib.suppress(OSError):
                if path.parent != self.out:
                    path.parent.rmdir()  # only if now empty


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of an earlier run (empty if none or unreadable: everything is recomputed)."""
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


# --------------------------------------------------------------------------------------------
# Executing one notebook
# --------------------------------------------------------------------------------------------


def _kernel_manager_class() -> type:
    from jupyter_client.manager import AsyncKernelManager

    class SeededKernelManager(AsyncKernelManager):
        """A kernel started with KERNEL_ENV added to our environment (papermill passes no env)."""

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw["env"] = {**os.environ, **(kw.get("env") or {}), **KERNEL_ENV}
            await super().start_kernel(**kw)

    return SeededKernelManager


@dataclass
class _Executed:
    nb: Any  # the executed notebook (None if it could not even start)
    error: str = ""
    headlines: dict[str, Any] = field(default_factory=dict)
    data_dir: Path | None = None
    seconds: float = 0.0


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_POINTER = re.compile(r"^-+>\s*(\d+)\s(.*)$")


def _failing_line(traceback: Sequence[str], source: str) -> tuple[str, str]:
    """(line number, code) of the line that raised, from IPython's ``---> 2 code`` pointer."""
    pointers = []
    for block in traceback or []:
        for line in _ANSI.sub("", str(block)).splitlines():
            match = _POINTER.match(line)
            if match:
                pointers.append((match.group(1), match.group(2).strip()))
    if pointers:
        return pointers[0]  # the first frame is the cell itself
    first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return "", first


def _describe_failure(err: BaseException) -> str:
    """``cell In [4], line 2 (`bang['tỉnh']`): KeyError: 'tỉnh'`` (or the exception's name)."""
    ename, evalue = getattr(err, "ename", None), getattr(err, "evalue", None)
    if ename is not None:
        number, code = _failing_line(
            getattr(err, "traceback", []), str(getattr(err, "source", "") or "")
        )
        code = code if len(code) <= 80 else code[:77] + "..."
        where = f"cell In [{getattr(err, 'exec_count', '?')}]" + (
            f", line {number}" if number else ""
        )
        return f"{where} (`{code}`): {ename}: {evalue}"
    message = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def cell_timeout() -> int:
    """Seconds one cell may run before its report fails (``DXCOMPARE_CELL_TIMEOUT``, default 2 h).

    A hung cell would otherwise block its worker, and so the whole batch, forever.
    """
    raw = os.environ.get("DXCOMPARE_CELL_TIMEOUT", "7200")
    try:
        seconds = int(raw)
    except ValueError:
        raise ParameterError(
            f"DXCOMPARE_CELL_TIMEOUT={raw!r} is not a whole number of seconds. Fix: e.g. 7200"
        ) from None
    if seconds <= 0:
        raise ParameterError(f"DXCOMPARE_CELL_TIMEOUT={raw!r} must be positive. Fix: e.g. 7200")
    return seconds


def execute_job(
    job: ReportJob,
    staging: Path,
    notebooks_dir: Path,
    kernel_manager: type,
    progress: Progress = None,
) -> _Executed:
    """Run one notebook with papermill into the staging folder; never raises for notebook errors."""
    import nbformat
    import papermill

    _say(progress, f"[run]     {job.name}")
    data_dir = staging / "data" / job.name
    data_dir.mkdir(parents=True, exist_ok=True)
    executed_path = staging / "run" / f"{job.name}.ipynb"
    executed_path.parent.mkdir(parents=True, exist_ok=True)
    params = {**job.parameters, "output_dir": str(data_dir)}
    started = time.perf_counter()
    error = ""
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(executed_path),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            # papermill's cwd= chdirs the whole process (unsafe with threads): set the kernel's own
            resources={"metadata": {"path": str(notebooks_dir)}},
            kernel_manager_class=kernel_manager,
            shutdown_kernel="immediate",
            execution_timeout=cell_timeout(),
            # the kernel's own start-up warnings (e.g. about TCP) are noise in a batch run
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except Exception as err:  # one failing notebook must not stop the others
        error = _describe_failure(err)
    seconds = time.perf_counter() - started
    nb = nbformat.read(executed_path, as_version=4) if executed_path.exists() else None
    return _Executed(nb, error, read_headlines(data_dir), data_dir, seconds)


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value) is not None


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
_STYLER_TABLE = re.compile(r'<table id="T_([0-9a-f]{5})"')


def _stable_output(output: Any, tag: str) -> None:
    """Remove what differs run to run inside one output: object addresses, Styler's random uuid."""
    data = output.get("data", {})
    if "text/plain" in data:
        data["text/plain"] = _ADDRESS.sub(" at 0x0>", _join(data["text/plain"]))
    if "text/html" in data:
        page = _join(data["text/html"])
        for uuid in set(_STYLER_TABLE.findall(page)):
            page = page.replace(f"T_{uuid}", f"T_{tag}")
        data["text/html"] = page


def _join(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def parameters_source(parameters: dict[str, Any]) -> str:
    """The injected cell as a reader should see it: ``province = 'Bình Định'``, not ``\\xec``."""
    return "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())


def make_reproducible(nb: Any, job: ReportJob, source_ids: set[str]) -> Any:
    """Drop timing and paths that change between runs; stable cell ids; final parameters shown.

    The injected-parameters cell is rewritten with the final output folder (the kernel wrote
    into the staging folder), so re-running the saved notebook writes where the report lives.
    """
    from papermill import __version__ as papermill_version

    nb.metadata["papermill"] = {"parameters": job.parameters, "version": papermill_version}
    nb.metadata.pop("widgets", None)
    nb.metadata["dxcompare"] = {"title": job.title, "notebook": job.notebook.name}
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.source = parameters_source(job.parameters)
            cell.id = "injected-parameters"
        elif not (_valid_id(cell.get("id")) and cell.get("id") in source_ids):
            cell.id = f"cell-{index}"
        if cell.id in seen:
            cell.id = f"cell-{index}"
        seen.add(cell.id)
        for n, output in enumerate(cell.get("outputs", [])):
            _stable_output(output, f"c{index}o{n}")
    return nb


def notebook_bytes(nb: Any) -> bytes:
    """The notebook as written to disk: nbformat's sorted, indented JSON and a final newline."""
    import nbformat

    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def _say(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


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
) -> list[str] | None:
    """The corpus's provinces: from the last run's manifest if corpus and code are unchanged."""
    manifest = read_manifest(out)
    cached = manifest.get("corpus", {})
    same = cached.get("sha256") == corpus_hash and manifest.get("dxcompare") == version
    if same and isinstance(cached.get("provinces"), list):
        return list(cached["provinces"])
    _say(progress, f"reading the corpus {corpus_path} to find its provinces")
    try:
        return corpus_provinces(corpus_path, workers=workers)
    except ImportError as err:  # the corpus modules are not installed in this checkout
        _say(progress, f"warning: cannot read the corpus here ({err}); provinces taken as given")
        return None


def report(
    corpus: str | Path = "seeds",
    out: str | Path = "outputs",
    provinces: Sequence[str] | None = None,
    workers: int | None = None,
    show_code: bool = False,
    force: bool = False,
    notebooks_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = print,
) -> ReportResult:
    """Execute every notebook, render every report, write the index; see the module docstring.

    >>> result = report("seeds", "outputs", provinces=["Bình Định"])   # doctest: +SKIP
    >>> print(result.summary())                                       # doctest: +SKIP

    Raises ParameterError (missing corpus, unknown province, bad notebook parameters, unusable
    output folder) before any notebook runs. A failing notebook does not raise: it is listed
    in ``result.failed`` with the cell and the exception.
    """
    _skip_rfc3987_syntax()
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
    available: list[str] | None = []
    if needs_provinces:
        available = _find_provinces(corpus_path, corpus_hash, version, out_path, workers, progress)
        if provinces is None and available is None:
            raise ParameterError(
                f"{corpus_path}: cannot find the corpus's provinces here. Fix: pass --provinces"
            )
    selected = (
        select_provinces(provinces, available, corpus_path)
        if provinces is not None
        else available or []
    )

    everyone = available if available is not None else selected
    all_jobs = plan_jobs(
        notebooks, parameters, corpus_path, out_path, everyone, corpus_hash, version, show_code
    )
    chosen = {
        j.name
        for j in plan_jobs(
            notebooks, parameters, corpus_path, out_path, selected, corpus_hash, version, show_code
        )
    }
    jobs = [j for j in all_jobs if j.name in chosen]

    with OutputFolder(out_path) as folder:
        folder.manifest["corpus"] = {
            "path": str(corpus_path),
            "sha256": corpus_hash,
            "provinces": available,
        }
        folder.manifest["dxcompare"] = version
        outcomes = _run_jobs(folder, jobs, nb_dir, workers, show_code, force, progress)
        kept = _prune(folder, all_jobs, chosen)
        index_rel = "index.html"
        folder.write(index_rel, render_index(folder, [*jobs, *kept], corpus_path))
        folder.save_manifest()
    result = ReportResult(out_path, out_path / index_rel, outcomes)
    _say(progress, result.summary())
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
    outcomes: dict[str, ReportOutcome] = {}
    to_run: list[ReportJob] = []
    renderer = None
    for job in jobs:
        entry = folder.reports.get(job.name)
        current = not force and entry is not None and entry.get("exec_key") == job.exec_key
        if current and entry.get("html_key") == job.html_key and folder.is_current(entry):
            outcomes[job.name] = ReportOutcome(job, "cached", headlines=_headlines(entry))
            folder.failures.pop(job.name, None)
            _say(progress, f"[cached]  {job.name}")
        elif current and folder.is_current(
            {"files": {k: v for k, v in entry["files"].items() if not k.startswith("reports/")}}
        ):
            renderer = renderer or _renderer(show_code)
            outcomes[job.name] = _rerender(folder, job, renderer, entry)
            _say(progress, f"[render]  {job.name}")
        else:
            to_run.append(job)
    if to_run:
        renderer = renderer or _renderer(show_code)
        _say(
            progress,
            f"running {len(to_run)} notebook(s) with {_workers(workers, len(to_run))} worker(s)",
        )
        kernel_manager = _kernel_manager_class()
        with ThreadPoolExecutor(max_workers=_workers(workers, len(to_run))) as pool:
            futures = {
                pool.submit(execute_job, job, folder.staging, nb_dir, kernel_manager, progress): job
                for job in to_run
            }
            try:
                for future in as_completed(futures):
                    job = futures[future]
                    outcome = _commit(folder, job, future.result(), renderer)
                    outcomes[job.name] = outcome
                    tail = f": {outcome.error}" if outcome.error else ""
                    _say(
                        progress,
                        f"[{outcome.status}]{' ' * (8 - len(outcome.status))}{job.name} "
                        f"({outcome.seconds:.1f} s){tail}",
                    )
            except BaseException:
                # Ctrl-C: start nothing new; the reports already committed are whole
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    return [outcomes[j.name] for j in jobs]


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
    from dxcompare.reporting.htmlexport import UnsafeHTMLError

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


def _headlines(entry: dict[str, Any]) -> dict[str, Any]:
    """A manifest entry's headline numbers, in the order the notebook recorded them."""
    stored = entry.get("headlines") or []
    return dict(stored.items() if isinstance(stored, dict) else (tuple(p) for p in stored))


def _entry(job: ReportJob, files: dict[str, str], headlines: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": job.title,
        "notebook": job.notebook.name,
        "parameters": job.parameters,
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
    return ReportOutcome(job, "rerendered", headlines=_headlines(entry))


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
# --------------------------------------------------------------------------------------------

_INDEX_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4em 0.8em; text-align: left; vertical-align: top; }
.failed { color: #a00; font-weight: bold; }
.ok { color: #070; }
.error { font-family: monospace; font-size: 0.9em; white-space: pre-wrap; }
.files a { margin-right: 0.6em; white-space: nowrap; }
.question { color: #555; font-size: 0.9em; margin-top: 0.3em; max-width: 34em; }
td { overflow-wrap: anywhere; }
details summary { cursor: pointer; color: #333; }
"""


def _link(rel: str, label: str) -> str:
    from html import escape
    from urllib.parse import quote

    return f'<a href="{escape(quote(rel))}">{escape(label)}</a>'


def _index_order(job: ReportJob) -> tuple[int, str]:
    """The summary first (a busy reader starts there), per-province reports last."""
    first = job.notebook.stem == "summary"
    return (0 if first else 2 if PROVINCE_PARAMETER in job.parameters else 1, job.name)


def _file_links(files: dict[str, str]) -> list[str]:
    """Report and notebook links, then the tables (CSV/JSON) folded under one line."""
    main = [
        _link(rel, rel.split("/", 1)[0].rstrip("s"))
        for rel in sorted(files, reverse=True)  # the report, then the notebook
        if not rel.startswith("data/")
    ]
    data = [_link(rel, rel.rsplit("/", 1)[1]) for rel in sorted(files) if rel.startswith("data/")]
    if data:
        main.append(
            f"<details><summary>{len(data)} data files</summary>{'<br>'.join(data)}</details>"
        )
    return main


def render_index(folder: OutputFolder, jobs: Sequence[ReportJob], corpus_path: Path) -> str:
    """The index page: one row per report (link, parameters, status, headline numbers, files).

    Holds no timestamps and no durations, so an unchanged run rewrites identical bytes.
    """
    from html import escape

    rows = []
    for job in sorted(jobs, key=_index_order):
        entry = folder.reports.get(job.name)
        failure = folder.failures.get(job.name)
        shown = {k: v for k, v in job.parameters.items() if k not in ("corpus_path", "output_dir")}
        params = (
            "<br>".join(f"{escape(k)} = {escape(str(v))}" for k, v in shown.items()) or "&ndash;"
        )
        links = []
        if failure:
            status = f'<span class="failed">failed</span><div class="error">{escape(failure["error"])}</div>'
            links += [
                _link(rel, "failed " + rel.rsplit(".", 1)[1]) for rel in sorted(failure["files"])
            ]
        else:
            status = '<span class="ok">ok</span>'
        if entry:
            links += _file_links(entry["files"])
            if failure:
                links.insert(len(failure["files"]), "(last good:)")
        headlines = _headlines(failure or entry or {})
        numbers = (
            "<br>".join(f"{escape(str(k))}: {escape(str(v))}" for k, v in headlines.items())
            or "&ndash;"
        )
        title = _link(f"reports/{job.name}.html", job.title) if entry else escape(job.title)
        if job.question:
            title += f'<div class="question">{escape(job.question)}</div>'
        rows.append(
            f"<tr><td>{title}</td><td>{params}</td><td>{status}</td><td>{numbers}</td>"
            f'<td class="files">{" ".join(links)}</td></tr>'
        )
    body = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>dxcompare reports</title>
<style>{_INDEX_CSS}</style>
</head>
<body>
<h1>dxcompare reports</h1>
<p>Corpus: <code>{escape(str(corpus_path))}</code>. Each report is a single HTML file that works offline;
the executed notebooks and the data behind every figure (CSV) are linked beside it.</p>
<table>
<thead><tr><th>Report</th><th>Parameters</th><th>Status</th><th>Headline numbers</th><th>Files</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Command line (cli.py calls these two)
# --------------------------------------------------------------------------------------------


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """``--corpus PATH --out DIR [--provinces ...] [--workers N] [--show-code] [--force]``."""
    parser.add_argument("--corpus", default="seeds", help="the corpus folder (default: seeds)")
    parser.add_argument("--out", default="outputs", help="the output folder (default: outputs)")
    parser.add_argument(
        "--provinces",
        nargs="+",
        default=None,
        metavar="PROVINCE",
        help='only these provinces\' profiles, e.g. --provinces "Bình Định" "Hà Nội"',
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="notebooks run at once (default: all cores)"
    )
    parser.add_argument(
        "--show-code", action="store_true", help="show the code cells in the HTML reports"
    )
    parser.add_argument(
        "--force", action="store_true", help="recompute every report even if up to date"
    )
    parser.add_argument(
        "--notebooks", default=None, help="the notebooks folder (default: ./notebooks)"
    )


def run_report_command(args: argparse.Namespace) -> int:
    """Run :func:`report` from parsed arguments; 0 if every report succeeded, 1 otherwise."""
    result = report(
        corpus=args.corpus,
        out=args.out,
        provinces=args.provinces,
        workers=args.workers,
        show_code=args.show_code,
        force=args.force,
        notebooks_dir=getattr(args, "notebooks", None),
        progress=print,
    )
    return result.exit_code
