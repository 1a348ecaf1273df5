"""Executing one report: a kernel that dies while starting is replaced, a failing notebook is reported."""

from __future__ import annotations

import nbformat
import pytest

from dxcompare.reporting.execute import _kernel_manager_class, execute_job, make_reproducible
from dxcompare.reporting.plan import ReportJob


def _notebook(path, source):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("output_dir = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _job(path):
    return ReportJob(name=path.stem, notebook=path, title="t", parameters={})


def _flaky_manager(failures: int):
    """A real kernel manager whose first ``failures`` starts fail as a port clash does."""
    base = _kernel_manager_class()
    starts = {"n": 0}

    class Flaky(base):
        async def start_kernel(self, **kw):
            starts["n"] += 1
            if starts["n"] <= failures:
                raise RuntimeError("Kernel died before replying to kernel_info")
            await super().start_kernel(**kw)

    return Flaky, starts


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_kernel_that_dies_at_start_is_replaced_and_the_notebook_runs(tmp_path):
    nb = _notebook(tmp_path / "hello.ipynb", "print('Xin chào Cần Thơ')")
    manager, starts = _flaky_manager(failures=1)
    lines = []
    run = execute_job(_job(nb), tmp_path / "staging", tmp_path, manager, progress=lines.append)
    assert run.error == ""
    assert starts["n"] == 2
    assert any(line.startswith("[retry]") for line in lines)
    assert "Xin chào Cần Thơ" in str([cell.get("outputs") for cell in run.nb.cells])


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_notebook_error_is_not_retried(tmp_path):
    nb = _notebook(tmp_path / "broken.ipynb", "raise ValueError('tỉnh không có')")
    lines = []
    run = execute_job(
        _job(nb), tmp_path / "staging", tmp_path, _kernel_manager_class(), lines.append
    )
    assert "ValueError" in run.error
    assert not any(line.startswith("[retry]") for line in lines)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_matplotlib_building_its_font_cache_leaves_no_trace_but_real_warnings_stay(tmp_path):
    # A fresh machine under load: matplotlib warns on stderr in whichever kernel builds the
    # cache first, so that run's notebook differed from the next one's (seen in CI).
    source = (
        "import logging, sys\n"
        "logging.getLogger('matplotlib.font_manager').warning("
        "'Matplotlib is building the font cache; this may take a moment.')\n"
        "sys.stderr.write('Cảnh báo: tỉnh Kon Tum (cũ) không có trong bản đồ\\n')\n"
        "print('Quảng Ngãi')"
    )
    nb = _notebook(tmp_path / "fonts.ipynb", source)
    run = execute_job(_job(nb), tmp_path / "staging", tmp_path, _kernel_manager_class(), None)
    assert run.error == ""
    index = next(i for i, c in enumerate(run.nb.cells) if "Quảng Ngãi" in c.source)
    assert "font cache" in str(run.nb.cells[index].outputs)  # the kernel did print it
    cell = make_reproducible(run.nb, _job(nb), set()).cells[index]
    text = {o["name"]: o["text"] for o in cell.outputs if o["output_type"] == "stream"}
    assert "font cache" not in str(cell.outputs)
    assert "Kon Tum (cũ)" in text["stderr"] and text["stdout"] == "Quảng Ngãi\n"
