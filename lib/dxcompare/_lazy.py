"""Lazy re-exports for package ``__init__`` modules.

A stage's ``__init__`` names its task functions without importing their modules, so
``import dxcompare`` (or ``dxcompare.extract``) stays fast in a fresh kernel and the stages
import each other only where they are used, never in a circle.

    >>> __getattr__, __dir__, __all__ = lazy_exports(__name__, {"extract_dates": "dates"})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package``: name -> module relative to it."""
    names = sorted(exports)

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        # cache on the package so the next lookup is an ordinary attribute access
        setattr(import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__, names
