"""The public names of ``dxcompare``: each is what its docs say, whatever was imported before."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import dxcompare


def test_every_public_name_is_a_function_or_class_even_after_every_submodule_is_imported():
    # Importing ``dxcompare.x`` binds the submodule as ``dxcompare.x``: a module named like the
    # function it defines (a past ``report.py``) would hide that function from users.
    for info in pkgutil.iter_modules(dxcompare.__path__):
        importlib.import_module(f"dxcompare.{info.name}")
    for name in dxcompare.__all__:
        if name == "__version__":
            continue
        value = getattr(dxcompare, name)
        assert not isinstance(value, types.ModuleType), f"dxcompare.{name} is a module"
        assert callable(value), name


def test_import_dxcompare_does_not_load_pandas_or_papermill():
    code = "import sys, dxcompare; print(sorted(m for m in ('pandas', 'papermill', 'underthesea') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _imported_modules(path, name, modules):
    """The dxcompare modules one file imports (anywhere in it, not under TYPE_CHECKING)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != name}


def test_no_module_imports_itself_back_through_another():
    # A circle (events <-> references, notebook <-> reports used to be) means neither module
    # can be read, tested or moved alone; imports inside functions count too.
    from pathlib import Path

    root = Path(dxcompare.__file__).parent
    files = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {name: _imported_modules(path, name, files) for name, path in files.items()}

    def reaches(start, goal, seen):
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and not seen.add(nxt) and reaches(nxt, goal, seen)):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, set()))
    assert circles == []


def test_the_report_modules_split_keep_their_old_import_paths():
    from dxcompare import report
    from dxcompare.reporting.plan import select_provinces
    from dxcompare.reporting.reports import OutputFolder, cell_timeout
    from dxcompare.reporting.reports import report as report_again
    from dxcompare.reporting.reports import select_provinces as old

    assert report is report_again and old is select_provinces
    assert OutputFolder.__module__ == "dxcompare.reporting.outputs"
    assert cell_timeout.__module__ == "dxcompare.reporting.execute"


def test_errors_live_in_errors_py_and_keep_their_old_import_paths():
    import warnings

    from dxcompare import errors
    from dxcompare.corpus import cache
    from dxcompare.reporting import htmlexport

    assert htmlexport.UnsafeHTMLError is errors.UnsafeHTMLError
    assert issubclass(errors.UnsafeHTMLError, errors.DxError)
    assert cache.CacheWarning is errors.CacheWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("thử", errors.CacheWarning, stacklevel=1)
    assert caught[0].category is cache.CacheWarning
    err = errors.CodebookError("chude.yaml", "trùng mã chủ đề", "đổi mã", line=4)
    assert str(err) == "chude.yaml:4: trùng mã chủ đề. Fix: đổi mã"
    assert isinstance(errors.LexiconError("x", "y", "z"), errors.CodebookError)


def test_report_progress_goes_to_the_dxcompare_logger_as_well_as_the_callback(caplog):
    import logging

    from dxcompare.reporting.execute import say

    heard = []
    with caplog.at_level(logging.INFO, logger="dxcompare"):
        say(heard.append, "[run]     province_profile-binh-dinh")
    assert heard == ["[run]     province_profile-binh-dinh"]
    assert [r.name for r in caplog.records] == ["dxcompare.reporting"]


def test_the_type_stub_names_exactly_the_public_names_from_their_modules():
    import ast
    from pathlib import Path

    stub = Path(dxcompare.__file__).with_suffix(".pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    stubbed = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                assert alias.asname == alias.name, "a re-export in a stub is written 'x as x'"
                stubbed[alias.name] = node.module
    declared = {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
    assert sorted([*stubbed, *declared]) == sorted(dxcompare.__all__ + ["__all__"])
    for name, module in stubbed.items():
        assert module == f"dxcompare.{dxcompare._EXPORTS[name]}", name
        assert getattr(importlib.import_module(module), name) is getattr(dxcompare, name)


STAGES = ["_text", "ingest", "annotate", "extract", "corpus", "analyze", "plot", "reporting"]


def test_a_module_imports_no_later_stage_when_it_is_imported():
    import ast
    from pathlib import Path

    root = Path(dxcompare.__file__).parent
    found = set()
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in STAGES:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dxcompare."):
                stage = node.module.split(".")[1]
                if stage in STAGES and STAGES.index(stage) > STAGES.index(parts[0]):
                    found.add(("/".join(parts), node.module))
    assert found == set()


def test_plot_modules_define_figures_only_and_the_moved_tables_keep_their_old_paths():
    import inspect
    from importlib import import_module

    for name in ("themeviews", "rhetoricviews", "timelineviews"):
        module = import_module(f"dxcompare.plot.{name}")
        own = [
            n
            for n, obj in vars(module).items()
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and n[0] != "_"
        ]
        assert own and all(n.startswith("plot_") for n in own), (name, own)
    moved = {
        "themeviews": {"theme_kwic": "kwic", "kwic_html": "kwic", "group_theme_shares": "themes"},
        "timelineviews": {"lag_table": "timelines", "first_responses": "timelines",
                          "timeline_table": "timelines", "event_day": "timelines"},
    }  # fmt: skip
    for old, names in moved.items():
        for name, new in names.items():
            obj = getattr(import_module(f"dxcompare.plot.{old}"), name)
            assert obj is getattr(import_module(f"dxcompare.analyze.{new}"), name)
            assert obj is getattr(import_module(f"dxcompare.{old}"), name)  # the flat path
            if name in dxcompare.__all__:
                assert getattr(dxcompare, name) is obj
