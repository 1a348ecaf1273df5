"""The accuracy every report states comes from one file (data/accuracy.json), and that file agrees
with the gold set, with `dxcompare evaluate` on the current rules and with the docs."""

from __future__ import annotations

import json
import re

import pytest

from dxcompare.reporting.methods import (
    accuracy,
    measured_accuracy,
    methods_section,
    write_accuracy,
)
from support import DATA, ROOT

GOLD = DATA / "official_gold" / "gold.jsonl"


def _section(doc: str, heading: str) -> str:
    """The text of ``doc`` from ``heading`` to the next heading of the same level."""
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(heading)
    following = re.search(rf"^{level} ", text[start + len(heading) :], re.MULTILINE)
    return text[start : start + len(heading) + (following.start() if following else len(text))]


def test_the_reports_state_the_figures_of_the_file_in_both_languages():
    a = accuracy()
    en, vi = methods_section("corpus_overview"), methods_section("corpus_overview", "vi")
    assert f"{a['gold']['texts']} hand-annotated real texts" in en
    assert f"primary province {a['unseen']['province']:.2f}" in en
    assert f"references F1 {a['current']['references_f1']:.2f}, dates F1" in en
    assert f"tỉnh chính {a['unseen']['province']:.2f}".replace(".", ",") in vi
    t = a["timeline"]
    assert f"dates P {t['dates_p']:.2f} R {t['dates_r']:.2f}" in methods_section("timelines")
    assert "{" not in en + vi + methods_section("timelines", "vi")  # every field filled


def test_the_recorded_first_pass_figures_are_those_of_the_docs():
    a = accuracy()
    unseen = _section("evaluation.md", "## Third held-out set (unseen)")
    assert a["unseen"]["split"] == "heldout3" and f"`{a['unseen']['commit']}`" in unseen
    for key in ("province", "published", "references_f1", "dates_f1", "goal_years_f1"):
        assert f"**{a['unseen'][key]:.3f}**" in unseen, key
    assert f"recall **{a['unseen']['own_symbol_recall']:.3f}**" in unseen
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert a["unseen"]["texts"] == sum(r["split"] == "heldout3" for r in records)
    blind = _section("timeline_evaluation.md", "## Second held-out set")
    t = a["timeline"]
    for name in ("dates", "refs", "targets"):
        row = re.search(rf"^\| {name} \| (.*?) \|", blind, re.MULTILINE).group(1)
        assert f"P {t[name + '_p']:.3f}" in row and f"R {t[name + '_r']:.3f}" in row, (name, row)


@pytest.mark.slow
def test_the_gold_make_up_and_current_scores_are_what_evaluate_gives(tmp_path):
    """Fails after a rule change or a gold edit until the file is rewritten:
    `write_accuracy("tests/data/official_gold/gold.jsonl")`."""
    a = accuracy()
    measured = measured_accuracy(GOLD)
    assert {k: a["gold"][k] for k in measured["gold"]} == measured["gold"]
    assert a["current"] == measured["current"]
    copy = tmp_path / "accuracy.json"
    copy.write_text(json.dumps({**a, "gold": {"file": "g"}, "current": {}}), encoding="utf-8")
    written = json.loads(write_accuracy(GOLD, copy).read_text(encoding="utf-8"))
    assert written["current"] == a["current"] and written["unseen"] == a["unseen"]
