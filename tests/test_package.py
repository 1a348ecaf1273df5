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
