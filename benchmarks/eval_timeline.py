"""Precision and recall of the timeline extractors against hand-written gold sets.

Reads every ``tests/data/timeline_gold/<extractor>_gold.yaml``. Each file names its extractor
(``extractor: dates``) and the function to call (``function: dxcompare.extract.dates.extract_dates``;
a name in ``KNOWN`` may omit it), then lists ``items`` of ``text`` (+ optional ``reference``)
with ``expected`` rows. A file that is a bare list of items is read as ``items``.

Matching: a predicted row matches an expected row when their spans overlap (the expected
span is where ``raw`` occurs in ``text``) and every field given in the expected row, besides
``raw``, equals the predicted field (numbers compared as floats). Each prediction matches
at most one expected row. precision = matched predictions / predictions, recall = matched
expected rows / expected rows (micro-averaged over the file).

Run: ``.venv/bin/python benchmarks/eval_timeline.py [-v] [--gold-dir DIR]`` (``-v`` lists misses
and false hits). ``--gold-dir`` scores every ``*.yaml`` in another folder, e.g. the blind held-out
set ``tests/data/timeline_heldout`` (see docs/timeline_evaluation.md); each file there names its
``extractor:``.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "timeline_gold"
KNOWN = {
    "dates": "dxcompare.extract.dates.extract_dates",
    "targets": "dxcompare.extract.targets.extract_targets",
    "refs": "dxcompare.extract.references.extract_doc_refs",
}


@dataclass
class Score:
    extractor: str
    n_expected: int = 0
    n_predicted: int = 0
    matched_expected: int = 0
    matched_predicted: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.n_predicted if self.n_predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_expected / self.n_expected if self.n_expected else 1.0


def _function(spec: dict[str, Any], name: str):
    dotted = spec.get("function") or KNOWN.get(name)
    if not dotted:
        raise SystemExit(
            f"{name}_gold.yaml: no 'function:' given. Fix: add 'function: package.module.func'"
        )
    module, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _span(text: str, raw: str) -> tuple[int, int]:
    at = text.find(raw)
    if at < 0:
        raise ValueError(f"expected raw {raw!r} is not in the text {text[:60]!r}…")
    return at, at + len(raw)


def _equal(expected: Any, predicted: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        try:
            return abs(float(predicted) - float(expected)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(expected) == str(predicted) if expected is not None else predicted is None


def _matches(text: str, exp: dict, pred: dict) -> bool:
    s, e = _span(text, exp["raw"])
    if not (pred["start"] < e and s < pred["end"]):
        return False
    return all(_equal(v, pred.get(k)) for k, v in exp.items() if k != "raw")


def _call(func, item: dict):
    if "reference" in item and "reference" in inspect.signature(func).parameters:
        return func(item["text"], reference=item["reference"])
    return func(item["text"])


def evaluate(path: Path) -> Score:
    """Score one ``<extractor>_gold.yaml`` file."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(spec, list):  # a bare list of items: the extractor is named by the file
        spec = {"items": spec}
    name = spec.get("extractor") or path.name.removesuffix("_gold.yaml")
    func = _function(spec, name)
    score = Score(name)
    for item in spec["items"]:
        text, expected = item["text"], item.get("expected") or []
        predicted = _call(func, item).to_dict("records")
        used: set[int] = set()
        for exp in expected:
            hit = next(
                (i for i, p in enumerate(predicted) if i not in used and _matches(text, exp, p)),
                None,
            )
            if hit is None:
                score.misses.append(f"{exp}  in  {text[:70]!r}")
            else:
                used.add(hit)
        score.n_expected += len(expected)
        score.matched_expected += len(used)
        score.n_predicted += len(predicted)
        score.matched_predicted += len(used)
        for i, p in enumerate(predicted):
            if i not in used:
                shown = {k: v for k, v in p.items() if v is not None and k not in ("start", "end")}
                score.false_hits.append(f"{shown}  in  {text[:70]!r}")
    return score


def gold_files(folder: Path = GOLD_DIR) -> list[Path]:
    """The default folder's ``*_gold.yaml``; any other folder's ``*.yaml``."""
    pattern = "*_gold.yaml" if folder.resolve() == GOLD_DIR else "*.yaml"
    return sorted(folder.glob(pattern))


def _gold_dir(argv: list[str]) -> Path:
    if "--gold-dir" not in argv:
        return GOLD_DIR
    at = argv.index("--gold-dir") + 1
    if at >= len(argv):
        raise SystemExit("--gold-dir needs a folder. Fix: --gold-dir tests/data/timeline_heldout")
    folder = Path(argv[at])
    if not folder.is_dir():
        raise SystemExit(
            f"--gold-dir {folder}: not a folder. Fix: give a folder of *.yaml gold files"
        )
    return folder


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    for path in gold_files(_gold_dir(argv)):
        s = evaluate(path)
        print(
            f"{s.extractor:10s} precision {s.precision:.3f} ({s.matched_predicted}/{s.n_predicted})"
            f"  recall {s.recall:.3f} ({s.matched_expected}/{s.n_expected})"
        )
        if verbose:
            for m in s.misses:
                print("   MISS ", m)
            for f in s.false_hits:
                print("   FALSE", f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
