"""Every committed notebook is clean: no outputs, no execution counts, one 'parameters' cell."""

from __future__ import annotations

import json

import pytest

from support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, "notebooks/ holds no *.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_or_execution_counts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        cell.get("id", i)
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert dirty == [], f"{path.name}: cells with outputs or execution counts: {dirty}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_exactly_one_parameters_cell_declaring_the_report_parameters(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0]["cell_type"] == "code"
    source = "".join(tagged[0]["source"])
    assert "corpus_path" in source and "output_dir" in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_stable_unique_cell_ids_and_the_project_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    ids = [c.get("id") for c in nb["cells"]]
    assert None not in ids and len(set(ids)) == len(ids)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_metadata_is_what_the_project_kernel_reports_so_it_opens_unmodified(path):
    """JupyterLab rewrites an incomplete language_info on open: the notebook shows as modified."""
    import sys

    from ipykernel.ipkernel import IPythonKernel

    nb = json.loads(path.read_text(encoding="utf-8"))
    kernel = {**IPythonKernel.language_info, "version": sys.version.split()[0]}
    assert nb["metadata"]["language_info"] == json.loads(json.dumps(kernel))
    assert nb["metadata"]["kernelspec"] == {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_cell_after_the_parameters_checks_them_with_one_library_call(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    at = next(i for i, c in enumerate(nb["cells"]) if "parameters" in c["metadata"].get("tags", []))
    check = "".join(nb["cells"][at + 1]["source"])
    assert nb["cells"][at + 1]["id"] == "check"
    assert check.count("check_parameters(") == 1
    params = "".join(nb["cells"][at]["source"])
    for name in ("province", "provinces", "theme"):
        if f"\n{name} = " in "\n" + params:
            assert f"{name}={name}" in check, f"{name} is not checked"
