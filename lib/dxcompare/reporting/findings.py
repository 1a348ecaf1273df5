"""Findings in words: one sentence per finding, with its numbers, its evidence and its strength.

A report opens with what its statistics say ("Bình Định's coverage stresses the youth union:
30% of its sentences vs 4% elsewhere") and how far to trust it (documents and sentences behind
it, z or interval, a plain warning when the evidence is thin), and ends with the methods and
limits. Everything here is generated from the tables the report shows; nothing is written by
hand, so a new corpus gets its own findings. ``language="vi"`` writes them in Vietnamese.

    >>> items = theme_findings(distinct, coded, corpus, lambda t: cb.label(t, "en"))  # doctest: +SKIP
    >>> display(HTML(findings_html(items)))                                                  # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dxcompare.reporting.language import LANGUAGES, SECTION_TITLES, check_language

#: |z| from which a difference is called clear (the reports' own convention, stated in Methods).
CLEAR_Z = 2.0
#: Fewer documents than this behind a finding: the finding is thin (one case, not a pattern).
THIN_DOCS = 3

_TEXT = {
    "en": {
        **SECTION_TITLES["en"],
        "evidence": "evidence",
        "stress": "{group}'s documents stress {theme}: {share} of its sentences ({n} of {N}) vs "
        "{rest} in the other provinces (z = {z}).",
        "no_clear": "{group}: no theme stands out clearly (largest: {theme}, z = {z}, under {clear}).",
        "cannot": "{group} cannot be compared on themes: its documents are all of a kind "
        "({kinds}) that no other province has.",
        "register": "{label}: {hi_group} {hi_rate} per 1,000 words{hi_ci} vs {lo_group} "
        "{lo_rate}{lo_ci}.",
        "ci": " (95% interval {low}–{high})",
        "overlap": "The intervals overlap: the difference may be chance.",
        "no_interval": "No interval for a one-document group.",
        "basis": "Based on {docs} and {sents}.",
        "docs": ("1 document", "{n} documents"),
        "sents": ("1 sentence", "{n} sentences"),
        "hits": ("1 hit", "{n} hits"),
        "thin": "Thin evidence: fewer than {k} documents, read it as one case, not a pattern.",
        "clear": "Clear difference.",
        "weak": "Weak: z under {clear}, could be chance.",
        "none": "No finding: the corpus has fewer than two provinces to compare.",
    },
    "vi": {
        **SECTION_TITLES["vi"],
        "evidence": "bằng chứng",
        "stress": "Văn bản của {group} nhấn mạnh {theme}: {share} số câu ({n}/{N}) so với "
        "{rest} ở các tỉnh khác (z = {z}).",
        "no_clear": "{group}: không có chủ đề nào nổi bật rõ (lớn nhất: {theme}, z = {z}, "
        "dưới {clear}).",
        "cannot": "Không thể so sánh {group} theo chủ đề: mọi văn bản của tỉnh thuộc loại "
        "({kinds}) mà không tỉnh nào khác có.",
        "register": "{label}: {hi_group} {hi_rate} trên 1.000 từ{hi_ci} so với {lo_group} "
        "{lo_rate}{lo_ci}.",
        "ci": " (khoảng tin cậy 95%: {low}–{high})",
        "overlap": "Hai khoảng tin cậy chồng lên nhau: khác biệt có thể do ngẫu nhiên.",
        "no_interval": "Nhóm chỉ có một văn bản: không có khoảng tin cậy.",
        "basis": "Dựa trên {docs} và {sents}.",
        "docs": ("1 văn bản", "{n} văn bản"),
        "sents": ("1 câu", "{n} câu"),
        "hits": ("1 lượt", "{n} lượt"),
        "thin": "Bằng chứng mỏng: dưới {k} văn bản, chỉ nên đọc như một trường hợp, chưa phải xu hướng.",
        "clear": "Khác biệt rõ.",
        "weak": "Yếu: z dưới {clear}, có thể do ngẫu nhiên.",
        "none": "Không có phát hiện: kho văn bản có ít hơn hai tỉnh để so sánh.",
    },
}


@dataclass(frozen=True)
class Finding:
    """One finding: its sentence, the evidence behind it and a link to that evidence."""

    text: str
    strength: str  # "clear", "weak", "thin" or "none"
    n_documents: int
    n_sentences: int
    anchor: str  # "#What-they-stress": the report section holding the evidence
    notes: tuple[str, ...] = ()


def _number(x: float, language: str, digits: int = 1) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if language == "vi" else text


def _percent(x: float, language: str) -> str:
    return f"{round(100 * x):d}%"


def _count(n: int, forms: tuple[str, str]) -> str:
    return forms[0] if n == 1 else forms[1].format(n=n)


def _strength(t: dict[str, Any], z: float, n_docs: int, language: str) -> tuple[str, list[str]]:
    if n_docs < THIN_DOCS:
        return "thin", [t["thin"].format(k=THIN_DOCS)]
    if abs(z) >= CLEAR_Z:
        return "clear", [t["clear"]]
    return "weak", [t["weak"].format(clear=_number(CLEAR_Z, language))]


def theme_findings(
    distinct: pd.DataFrame,
    coded: pd.DataFrame,
    corpus: Any,
    label: Callable[[str], str],
    by: str = "primary_province",
    *,
    language: str = "en",
    anchor: str = "#What-they-stress",
    kind_column: str = "kind",
    groups: Sequence[str] | None = None,
) -> list[Finding]:
    """The most distinctive theme of each group (``distinctive_themes`` rows), as findings.

    ``coded`` (``code_themes`` rows) gives the documents behind each theme; ``label`` turns a
    theme_id into its label in the report's language (``lambda t: codebook.label(t, "vi")``).

    A group of the corpus missing from ``distinct`` (its documents' kind has no counterpart in
    another group, so the within-kind comparison cannot be made) gets a finding saying so.
    ``groups``: only these groups (a province's profile), compared with every other group.
    """
    t = _TEXT[check_language(language)]
    docs = corpus.documents
    present = docs[by].dropna().astype(str)
    if present.nunique() < 2:
        return [Finding(t["none"], "none", 0, 0, anchor)]
    sentence_docs = _sentence_docs(coded, corpus, by)
    out = []
    for group in sorted(present.unique()) if groups is None else list(groups):
        rows = distinct[(distinct["group"] == group) & distinct["z"].notna()]
        if rows.empty:  # no stratum shared with another group: z is undefined
            kinds = ", ".join(sorted(set(docs.loc[docs[by] == group, kind_column].astype(str))))
            n_docs = int((docs[by] == group).sum())
            text = t["cannot"].format(group=group, kinds=kinds)
            out.append(Finding(text, "none", n_docs, 0, anchor))
            continue
        top = rows.sort_values("z", ascending=False, kind="stable").iloc[0]
        z = float(top["z"])
        theme = label(str(top["theme_id"]))
        n_docs = int(sentence_docs.get((group, str(top["theme_id"])), 0))
        n_sents = int(top["n_group"])
        if z < CLEAR_Z:  # never "stresses" on a z a reader is told is no clear difference
            text = t["no_clear"].format(
                group=group, theme=theme, z=_number(z, language), clear=_number(CLEAR_Z, language)
            )
        else:
            text = t["stress"].format(
                group=group,
                theme=theme,
                share=_percent(float(top["share_group"]), language),
                n=n_sents,
                N=int(top["n_sentences_group"]),
                rest=_percent(float(top["share_rest"]), language),
                z=_number(z, language),
            )
        strength, notes = _strength(t, z, n_docs, language)
        basis = t["basis"].format(docs=_count(n_docs, t["docs"]), sents=_count(n_sents, t["sents"]))
        out.append(Finding(text, strength, n_docs, n_sents, anchor, (basis, *notes)))
    return out


def _sentence_docs(coded: pd.DataFrame, corpus: Any, by: str) -> dict[tuple[str, str], int]:
    """(group, theme_id) -> documents with a sentence carrying the theme (from the coding)."""
    groups = corpus.documents.set_index(corpus.documents["doc_id"].astype(str))[by]
    frame = coded.assign(group=coded["doc_id"].astype(str).map(groups))
    return frame.groupby(["group", "theme_id"])["doc_id"].nunique().to_dict()


def register_findings(
    registers: pd.DataFrame,
    *,
    language: str = "en",
    anchor: str = "#Registers",
    names: Sequence[str] = ("directive", "vanguard"),
) -> list[Finding]:
    """The highest against the lowest rate of each register in ``names`` (``register_table``)."""
    from dxcompare.reporting.prose import register_label

    t = _TEXT[check_language(language)]
    out = []
    for name in names:
        rows = registers[registers["register"] == name].dropna(subset=["rate_per_1000"])
        if rows["group"].nunique() < 2 or rows["n_hits"].sum() == 0:
            continue
        rows = rows.sort_values(["rate_per_1000", "group"], ascending=[False, True])
        hi, lo = rows.iloc[0], rows.iloc[-1]

        def ci(row: pd.Series) -> str:
            if pd.isna(row["ci_low"]):
                return ""
            low, high = _number(row["ci_low"], language), _number(row["ci_high"], language)
            return t["ci"].format(low=low, high=high)

        text = t["register"].format(
            label=register_label(str(name), str(hi["label"]), language),
            hi_group=hi["group"],
            hi_rate=_number(float(hi["rate_per_1000"]), language),
            hi_ci=ci(hi),
            lo_group=lo["group"],
            lo_rate=_number(float(lo["rate_per_1000"]), language),
            lo_ci=ci(lo),
        )
        n_docs = int(hi["n_documents_group"] + lo["n_documents_group"])
        n_hits = int(hi["n_hits"] + lo["n_hits"])
        notes = [t["basis"].format(docs=_count(n_docs, t["docs"]), sents=_count(n_hits, t["hits"]))]
        if pd.isna(hi["ci_low"]) or pd.isna(lo["ci_low"]):
            notes.append(t["no_interval"])
        thin = bool(hi.get("thin", False)) or bool(lo.get("thin", False))
        if thin:
            strength = "thin"
            notes.append(t["thin"].format(k=THIN_DOCS))
        elif not (hi["ci_low"] > lo["ci_high"]):
            strength = "weak"
            notes.append(t["overlap"])
        else:
            strength = "clear"
            notes.append(t["clear"])
        out.append(Finding(text, strength, n_docs, n_hits, anchor, tuple(notes)))
    return out


def findings_html(findings: Sequence[Finding], language: str = "en") -> str:
    """The "Findings" section: a list, each item its sentence, its evidence notes and a link."""
    t = _TEXT[check_language(language)]
    items = []
    for f in findings:
        notes = " ".join(html.escape(n) for n in f.notes)
        link = f' <a href="{html.escape(f.anchor)}">{t["evidence"]}</a>' if f.anchor else ""
        items.append(
            f'<li class="dx-finding dx-{f.strength}">{html.escape(f.text)} '
            f'<span class="dx-evidence">{notes}</span>{link}</li>'
        )
    body = "\n".join(items) or f"<li>{html.escape(t['none'])}</li>"
    return f'<div class="dx-findings"><h2 id="Findings">{t["findings"]}</h2>\n<ul>\n{body}\n</ul></div>'


def methods_html(language: str = "en", extra: Sequence[str] = ()) -> str:
    """The summary's closing "Methods and limitations" section (``extra``: lines a report adds).

    Every report's own list is :func:`dxcompare.reporting.methods.methods_section`.
    """
    from dxcompare.reporting.methods import methods_section

    return methods_section("summary", language, extra)


__all__ = [
    "CLEAR_Z",
    "Finding",
    "LANGUAGES",
    "THIN_DOCS",
    "check_language",
    "findings_html",
    "methods_html",
    "register_findings",
    "theme_findings",
]
