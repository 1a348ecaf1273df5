"""Findings in words, on a corpus written about five provinces (tests/data/five_provinces:
texts written for these tests, not real articles)."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.analyze.registers import register_table
from dxcompare.analyze.themes import code_themes, distinctive_themes
from dxcompare.reporting.findings import (
    Finding,
    check_language,
    findings_html,
    methods_html,
    register_findings,
    theme_findings,
)
from support import DATA

FIVE = DATA / "five_provinces"


@pytest.fixture(scope="module")
def five():
    corpus = dxcompare.load_corpus(FIVE, use_cache=False)
    coded = code_themes(corpus)
    distinct = distinctive_themes(coded, corpus, by="primary_province", strata="kind")
    return corpus, coded, distinct


def _themes(five, language="en"):
    corpus, coded, distinct = five
    cb = coded.attrs["codebook"]
    return theme_findings(
        distinct, coded, corpus, lambda t: cb.label(t, language), language=language
    )


def test_one_finding_per_province_with_its_evidence(five):
    corpus, _, _ = five
    found = _themes(five)
    provinces = sorted(set(corpus.documents["primary_province"].dropna()))
    assert len(provinces) == 5 and len(found) == 5
    for province, f in zip(provinces, found, strict=True):
        assert f.text.startswith(province)
        assert f.anchor.startswith("#")
        n_docs = int((corpus.documents["primary_province"] == province).sum())
        assert f.n_documents <= n_docs
        if f.strength != "none":
            assert any(n.startswith("Based on") for n in f.notes)


def test_one_document_provinces_are_called_thin(five):
    found = {f.text.split(":")[0].split("'")[0]: f for f in _themes(five)}
    for province in ("Lai Châu", "Đắk Lắk", "Thừa Thiên Huế"):
        f = next(v for k, v in found.items() if k.startswith(province))
        assert f.strength in ("thin", "none"), f
        if f.strength == "thin":
            assert "Thin evidence" in " ".join(f.notes)


def test_vietnamese_findings_use_vietnamese_words_and_decimal_commas(five):
    found = _themes(five, "vi")
    text = " ".join(f.text + " " + " ".join(f.notes) for f in found)
    assert "văn bản" in text and "Based on" not in text
    assert "z = " in text and not [w for w in text.split() if w[:1].isdigit() and "." in w[:-1]]


def test_register_findings_warn_when_a_group_has_one_document(five):
    corpus, _, _ = five
    found = register_findings(register_table(corpus))
    assert found and all(isinstance(f, Finding) for f in found)
    directive = found[0]
    assert directive.text.startswith("Directive")
    assert "per 1,000 words" in directive.text
    if directive.strength == "thin":
        assert "No interval for a one-document group." in directive.notes or any(
            "Thin" in n for n in directive.notes
        )


def test_a_province_whose_kind_nobody_else_has_is_said_to_be_incomparable(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir)
    coded = code_themes(corpus)
    distinct = distinctive_themes(coded, corpus, by="primary_province", strata="kind")
    cb = coded.attrs["codebook"]
    found = theme_findings(distinct, coded, corpus, lambda t: cb.label(t, "en"))
    kinds = corpus.documents.groupby("primary_province")["kind"].agg(set)
    alone = [p for p, k in kinds.items() if not any(k & o for q, o in kinds.items() if q != p)]
    assert alone  # the seeds have one: its only document is of a kind nobody else has
    for province in alone:
        f = next(f for f in found if f.text.startswith(province))
        assert f.strength == "none" and "cannot be compared" in f.text


def test_html_is_escaped_and_methods_close_the_report():
    evil = Finding("<script>alert(1)</script> Hà Nội", "thin", 1, 2, "#x", ("<b>n</b>",))
    page = findings_html([evil])
    assert "<script>" not in page and "&lt;script&gt;" in page and 'href="#x"' in page
    assert 'id="Findings"' in page
    assert "Methods and limitations" in methods_html("en")
    assert "Phương pháp và giới hạn" in methods_html("vi")
    with pytest.raises(ValueError, match="'en' or 'vi'"):
        check_language("fr")


def test_a_z_under_two_is_never_worded_as_a_stress(five):
    corpus, _, distinct = five
    for f in _themes(five):
        if " stress " in f.text:
            z = float(f.text.rsplit("z = ", 1)[1].rstrip(").").replace(",", "."))
            assert z >= 2, f.text
    assert any("no theme stands out clearly" in f.text for f in _themes(five))
