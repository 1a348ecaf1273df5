"""Executing one report notebook with papermill, and making the executed notebook reproducible.

A kernel gets :data:`KERNEL_ENV` (fixed hash seed, batch mode); each cell may run at most
:func:`cell_timeout` seconds; a failing cell is described as ``cell In [4], line 2 (`code`):
KeyError: 'tỉnh'`` rather than raised, so one notebook cannot stop the others.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxcompare._log import get_logger
from dxcompare.errors import ParameterError
from dxcompare.reporting.notebook import read_headlines
from dxcompare.reporting.plan import ReportJob, portable_parameters
from dxcompare.stopping import Children

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


# dxcompare's one logger ("dxcompare.reporting" is its child): a program embedding report()
# routes the progress lines with logging (the dxcompare command shows them on stdout), and may
# pass a callback as well.
logger = get_logger("reporting")


def say(progress: Progress, message: str, level: int = logging.INFO) -> None:
    """One progress line: to the logger (the CLI shows it) and to the caller's callback, if any."""
    logger.log(level, message)
    if progress is not None:
        progress(message)


def _kernel_manager_class(
    children: Children | None = None, connections: Path | None = None
) -> type:
    """The kernel manager papermill uses: seeded kernels that never outlive this process.

    Each kernel is started through :func:`dxcompare.lifeline.kernel_command` (the operating
    system kills it if this process dies, even by ``kill -9``) and registered in ``children``
    (a stop signal kills its whole process group). ``connections``: the folder for the
    kernels' connection files (the staging folder: a killed run's files go with it).
    """
    from jupyter_client.manager import AsyncKernelManager

    from dxcompare.lifeline import kernel_command
    from dxcompare.stopping import kill_group

    class SeededKernelManager(AsyncKernelManager):
        """A kernel started with KERNEL_ENV added to our environment (papermill passes no env)."""

        _dx_key: int | None = None

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            return kernel_command(super().format_kernel_cmd(extra_arguments))

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            if children is not None and children.stopped:
                raise RuntimeError("the run is stopping: no new kernel")
            kw["env"] = {**os.environ, **(kw.get("env") or {}), **KERNEL_ENV}
            if connections is not None and not self.connection_file:
                connections.mkdir(parents=True, exist_ok=True)
                self.connection_file = str(connections / f"kernel-{uuid.uuid4().hex}.json")
            await super().start_kernel(**kw)
            if children is not None:
                self._dx_key = children.add(self._kill_group)

        def _kill_group(self) -> None:
            process = getattr(self.provisioner, "process", None)
            if process is not None:
                kill_group(process.pid, alive=lambda: process.returncode is None)

        async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
            try:
                await super().shutdown_kernel(*args, **kw)
            finally:
                if children is not None and self._dx_key is not None:
                    children.discard(self._dx_key)

    return SeededKernelManager


@contextlib.contextmanager
def quiet_once_stopped(children: Children) -> Iterator[None]:
    """No papermill log lines (``Kernel died while waiting for execute reply.``) once stopped.

    Those kernels were killed on purpose; the command says so in one clear line instead.
    """
    papermill_log = logging.getLogger("papermill")

    def keep(record: logging.LogRecord) -> bool:
        return not children.stopped

    papermill_log.addFilter(keep)
    try:
        yield
    finally:
        papermill_log.removeFilter(keep)


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
    children: Children | None = None,
) -> _Executed:
    """Run one notebook with papermill into the staging folder; never raises for notebook errors.

    ``children``: the run's child processes; once it is stopped, no kernel is started or
    restarted and the result is a failure that the run does not commit.
    """
    import nbformat
    import papermill

    if children is not None and children.stopped:  # picked up while the run stops: start nothing
        return _Executed(None, _STOPPED)
    say(progress, f"[run]     {job.name}")
    data_dir = staging / "data" / job.name
    data_dir.mkdir(parents=True, exist_ok=True)
    executed_path = staging / "run" / f"{job.name}.ipynb"
    executed_path.parent.mkdir(parents=True, exist_ok=True)
    params = {**job.parameters, "output_dir": str(data_dir)}
    started = time.perf_counter()
    error = ""
    for attempt in range(_KERNEL_START_ATTEMPTS):
        error = _run_papermill(papermill, job, executed_path, params, notebooks_dir, kernel_manager)
        if not _kernel_did_not_start(error) or attempt == _KERNEL_START_ATTEMPTS - 1:
            break
        if children is not None and children.stopped:  # killed on purpose: no retry
            break
        say(progress, f"[retry]   {job.name}: the kernel did not start ({error}); starting another")
    seconds = time.perf_counter() - started
    if children is not None and children.stopped:  # its kernel was killed: nothing to keep
        return _Executed(None, _STOPPED, seconds=seconds)
    nb = nbformat.read(executed_path, as_version=4) if executed_path.exists() else None
    return _Executed(nb, error, read_headlines(data_dir), data_dir, seconds)


_STOPPED = "the run was stopped"

# jupyter_client picks a kernel's five TCP ports by binding and releasing them; kernels started
# at the same moment (report workers, other programs) can be handed the same port, and the
# kernel then dies before its first reply ("Address already in use"). Nothing of the notebook
# ran yet, so starting a fresh kernel is safe.
_KERNEL_START_ATTEMPTS = 3


def _kernel_did_not_start(error: str) -> bool:
    return (
        "Kernel died before replying to kernel_info" in error or "Address already in use" in error
    )


def _run_papermill(
    papermill: Any,
    job: ReportJob,
    executed_path: Path,
    params: dict[str, Any],
    notebooks_dir: Path,
    kernel_manager: type,
) -> str:
    """Execute the notebook once; the failure as text ('' when it ran)."""
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
        return _describe_failure(err)
    return ""


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value) is not None


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
_STYLER_TABLE = re.compile(r'<table id="T_([0-9a-f]{5})"')


def _stable_output(output: Any, tag: str) -> None:
    """Remove what differs run to run inside one output: object addresses, Styler's random uuid."""
    data = output.get("data", {})
    if "image/png" in data:  # one copy of a figure: a JPEG beside the PNG is a lossy duplicate
        data.pop("image/jpeg", None)
    if "text/plain" in data:
        data["text/plain"] = _ADDRESS.sub(" at 0x0>", _join(data["text/plain"]))
    if "text/html" in data:
        page = _join(data["text/html"])
        for uuid in set(_STYLER_TABLE.findall(page)):
            page = page.replace(f"T_{uuid}", f"T_{tag}")
        data["text/html"] = page


# What a kernel prints about the machine rather than the corpus, line by line: matplotlib warns
# on stderr when building its font cache takes over 5 s (a fresh machine under load), so the
# first kernel of a run on a new machine would differ from every later one.
_MACHINE_NOISE = re.compile(r"Matplotlib is building the font cache; this may take a moment\.\n?")


def _without_machine_noise(outputs: list[Any]) -> list[Any]:
    """The cell's outputs less the stderr lines about the machine (a stream left empty goes)."""
    kept = []
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            text = _MACHINE_NOISE.sub("", _join(output.get("text", "")))
            if not text:
                continue
            output["text"] = text
        kept.append(output)
    return kept


def warm_font_cache() -> None:
    """Build matplotlib's font cache once, here, before any kernel starts (see _MACHINE_NOISE).

    On a machine that has one already this costs the import of ``matplotlib.font_manager``.
    """
    import matplotlib.font_manager  # noqa: F401  (importing it builds and saves the cache)


def _join(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def parameters_source(parameters: dict[str, Any]) -> str:
    """The injected cell as a reader should see it: ``province = 'Bình Định'``, not ``\\xec``."""
    return "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())


def make_reproducible(nb: Any, job: ReportJob, source_ids: set[str]) -> Any:
    """Drop timing and paths that change between runs; stable cell ids; final parameters shown.

    The injected-parameters cell is rewritten with the final output folder (the kernel wrote
    into the staging folder), so re-running the saved notebook writes where the report lives;
    its paths are relative to the notebook's folder (:func:`.plan.portable_parameters`), so the
    file holds no absolute path and is the same whatever the output folder is called.
    """
    from papermill import __version__ as papermill_version

    parameters = portable_parameters(job.parameters)
    nb.metadata["papermill"] = {"parameters": parameters, "version": papermill_version}
    nb.metadata.pop("widgets", None)
    nb.metadata["dxcompare"] = {"title": job.title, "notebook": job.notebook.name}
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.source = parameters_source(parameters)
            cell.id = "injected-parameters"
        elif not (_valid_id(cell.get("id")) and cell.get("id") in source_ids):
            cell.id = f"cell-{index}"
        if cell.id in seen:
            cell.id = f"cell-{index}"
        seen.add(cell.id)
        if "outputs" in cell:
            cell.outputs = _without_machine_noise(cell.outputs)
        for n, output in enumerate(cell.get("outputs", [])):
            _stable_output(output, f"c{index}o{n}")
    return nb


def notebook_bytes(nb: Any) -> bytes:
    """The notebook as written to disk: nbformat's sorted, indented JSON and a final newline."""
    import nbformat

    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")
