"""Old flat module paths (``dxcompare.themes``, ``dxcompare.notebook``...) kept importable.

Until 0.1 every module sat directly in ``dxcompare/``; users' notebooks and scripts import them
by those names. A finder maps each old name to the module's home in its stage, so
``from dxcompare.themes import code_themes`` and ``dxcompare.themes is dxcompare.analyze.themes``
both hold. New code imports the stage path.
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

OLD_PATHS = {
    "atomic": "reporting.atomic",
    "cache": "corpus.cache",
    "clouds": "plot.clouds",
    "codebook": "analyze.codebook",
    "dates": "extract.dates",
    "distributed": "corpus.distributed",
    "events": "extract.events",
    "formulaic": "analyze.formulaic",
    "grouping": "analyze.grouping",
    "htmlexport": "reporting.htmlexport",
    "keywords": "analyze.keywords",
    "lines": "annotate.lines",
    "manifest": "ingest.manifest",
    "metadata": "annotate.metadata",
    "normalize": "annotate.normalize",
    "notebook": "reporting.notebook",
    "numbers": "extract.numbers",
    "provinces": "annotate.provinces",
    "reading": "ingest.reading",
    "references": "extract.references",
    "registers": "analyze.registers",
    "reports": "reporting.reports",
    "rhetoricviews": "plot.rhetoricviews",
    "segment": "annotate.segment",
    "speakers": "analyze.speakers",
    "summary": "corpus.summary",
    "summaryviews": "analyze.summaryviews",
    "targets": "extract.targets",
    "themes": "analyze.themes",
    "themeviews": "plot.themeviews",
    "timelineviews": "plot.timelineviews",
    "userfiles": "_text.userfiles",
    "vocabulary": "analyze.vocabulary",
}


class _Alias:
    """A loader that returns the module from its new home, already executed."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.saved: tuple[Any, Any] = (None, None)

    def create_module(self, spec: Any) -> ModuleType:
        module = importlib.import_module(self.target)
        self.saved = (module.__spec__, module.__loader__)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # the import system stamped the alias's spec on the module: give it back its own
        module.__spec__, module.__loader__ = self.saved


class OldPathFinder:
    """Finds ``dxcompare.<old>`` and hands back ``dxcompare.<stage>.<old>``."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        package, _, leaf = fullname.rpartition(".")
        if package != "dxcompare" or leaf not in OLD_PATHS:
            return None
        return ModuleSpec(fullname, _Alias(f"dxcompare.{OLD_PATHS[leaf]}"))


def install() -> None:
    if not any(isinstance(f, OldPathFinder) for f in sys.meta_path):
        sys.meta_path.append(OldPathFinder())
