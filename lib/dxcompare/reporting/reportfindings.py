"""The findings each report opens with, generated from the tables it shows.

One function per kind of statistic; each returns :class:`~dxcompare.reporting.findings.Finding`
items (a sentence with its numbers, the documents and sentences behind it, its strength and the
section holding the evidence), in English or Vietnamese (``language="vi"``):

- :func:`corpus_findings`: what the corpus holds and how far to trust it (corpus overview);
- :func:`share_findings`: the largest against the smallest share of a pillar, with intervals;
- :func:`keyness_findings`: each province's most distinctive word (rhetoric);
- :func:`template_findings`, :func:`speaker_findings`: shared national formulas, who is quoted;
- :func:`timeline_findings`: each province's first dated document after the national programme;
- :func:`query_findings`: where a theme or phrase occurs (explorer).

    >>> found = timeline_findings(first_responses(lags), lags, reference="749/QĐ-TTg")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dxcompare.extract.national import NATIONAL_PROGRAMME
from dxcompare.reporting.findings import (
    _TEXT,
    CLEAR_Z,
    THIN_DOCS,
    Finding,
    _count,
    _number,
    _percent,
    check_language,
)

_MORE = {
    "en": {
        "corpus": "The corpus holds {docs} about {n} provinces ({kinds}).",
        "thin_groups": "{k} of {n} provinces rest on fewer than {t} documents ({names}): read "
        "their comparisons as single cases.",
        "unknown": "{docs} name no province (shown as “(unknown)”).",
        "dated": "{dated} of {n} documents carry a publication date and {outlet} an outlet.",
        "few_dates": "Under half the documents are dated: timelines rest on the dates in the text.",
        "normalized": "Normalization rewrote {n} places in {docs}; the most frequent change: {rule} "
        "({k}).",
        "normalized_none": "Normalization changed nothing: the text is as written.",
        "set_aside": "{n} set aside (not counted anywhere): {files}.",
        "set_aside_none": "Every file was read; none was set aside.",
        "files": ("1 file", "{n} files"),
        "share": "{label}: {hi_group} {hi} of its sentences{hi_ci} vs {lo_group} {lo}{lo_ci}.",
        "overlap_share": "The intervals overlap: this corpus cannot tell them apart.",
        "keyword": "{group}'s most distinctive word is “{word}”: {n} times in its texts vs {rest} "
        "in the others' (z = {z}).",
        "no_keyword": "{group}: no word stands out clearly (largest: “{word}”, z = {z}).",
        "templates": "{n} phrases recur word for word in the texts of several provinces (national "
        "formulas), e.g. “{example}” in {groups}.",
        "templates_none": "No phrase recurs word for word across provinces.",
        "speaker": "{group}: the most quoted voice is {speaker}{title} ({n}).",
        "quotes": ("1 quotation", "{n} quotations"),
        "unnamed": " (not named)",
        "speakers_none": "No quotation was found in these texts.",
        "first": "{group}'s first dated document after {ref} in this corpus is {symbol} "
        "({date}), {days} days after it.",
        "before": "{group}'s earliest dated document, {symbol} ({date}), came {days} days "
        "before {ref}.",
        "median": "Median: {days} days after {ref}, over {k} of {n} provinces (the others have "
        "no dated provincial document here).",
        "median_all": "Median: {days} days after {ref}, over all {k} provinces.",
        "undated": "{names}: no dated provincial document in this corpus, no timing to compare.",
        "few_medians": "A median of fewer than 3 provinces: read each province's number on its own.",
        "timeline_none": "No provincial document is dated: no timing can be compared.",
        "one_date": "One dated document: the province's first response may be earlier than "
        "this corpus shows.",
        "precision": "Dated only to the {p}.",
        "query": "{query}: {hits} in {docs}; most often in {group} ({rate} per 1,000 words, "
        "{ghits}).",
        "query_none": "{query}: no occurrence in these provinces' texts.",
        "query_hits": ("1 occurrence", "{n} occurrences"),
        "query_rest": "{groups}: no occurrence.",
        "profile": "{group}: {docs} in this corpus ({kinds}), {words} body words, of {n} "
        "documents in all.",
        "profile_none": "{group}: no document of this corpus has it as its main province.",
    },
    "vi": {
        "corpus": "Kho văn bản có {docs} về {n} tỉnh ({kinds}).",
        "thin_groups": "{k}/{n} tỉnh có dưới {t} văn bản ({names}): so sánh về các tỉnh này chỉ "
        "là từng trường hợp.",
        "unknown": "{docs} không nêu tỉnh nào (nhóm “(unknown)”).",
        "dated": "{dated}/{n} văn bản có ngày đăng và {outlet} có nguồn.",
        "few_dates": "Dưới một nửa văn bản có ngày: dòng thời gian dựa vào ngày ghi trong văn bản.",
        "normalized": "Chuẩn hóa đã sửa {n} chỗ trong {docs}; thay đổi nhiều nhất: {rule} ({k}).",
        "normalized_none": "Chuẩn hóa không thay đổi gì: văn bản giữ nguyên như khi viết.",
        "set_aside": "{n} bị để riêng (không được tính ở đâu): {files}.",
        "set_aside_none": "Mọi tệp đều đọc được; không tệp nào bị để riêng.",
        "files": ("1 tệp", "{n} tệp"),
        "share": "{label}: {hi_group} {hi} số câu{hi_ci} so với {lo_group} {lo}{lo_ci}.",
        "overlap_share": "Hai khoảng tin cậy chồng lên nhau: kho văn bản này không phân biệt được.",
        "keyword": "Từ đặc trưng nhất của {group} là “{word}”: {n} lần trong văn bản của tỉnh so "
        "với {rest} ở các tỉnh khác (z = {z}).",
        "no_keyword": "{group}: không có từ nào nổi bật rõ (lớn nhất: “{word}”, z = {z}).",
        "templates": "{n} cụm từ lặp lại nguyên văn trong văn bản của nhiều tỉnh (công thức quốc "
        "gia), ví dụ “{example}” ở {groups}.",
        "templates_none": "Không có cụm từ nào lặp lại nguyên văn giữa các tỉnh.",
        "speaker": "{group}: người được trích dẫn nhiều nhất là {speaker}{title} ({n}).",
        "quotes": ("1 trích dẫn", "{n} trích dẫn"),
        "unnamed": " (không nêu tên)",
        "speakers_none": "Không tìm thấy trích dẫn nào trong các văn bản này.",
        "first": "Văn bản có ngày đầu tiên của {group} sau {ref} trong kho là {symbol} ({date}), "
        "{days} ngày sau đó.",
        "before": "Văn bản có ngày sớm nhất của {group}, {symbol} ({date}), ra trước {ref} "
        "{days} ngày.",
        "median": "Trung vị: {days} ngày sau {ref}, tính trên {k}/{n} tỉnh (các tỉnh còn lại "
        "không có văn bản cấp tỉnh có ngày).",
        "median_all": "Trung vị: {days} ngày sau {ref}, tính trên cả {k} tỉnh.",
        "undated": "{names}: không có văn bản cấp tỉnh có ngày trong kho, không thể so sánh thời "
        "điểm.",
        "few_medians": "Trung vị của dưới 3 tỉnh: nên đọc riêng số của từng tỉnh.",
        "timeline_none": "Không văn bản cấp tỉnh nào có ngày: không thể so sánh thời điểm.",
        "one_date": "Chỉ một văn bản có ngày: phản ứng đầu tiên của tỉnh có thể sớm hơn những gì "
        "kho văn bản cho thấy.",
        "precision": "Chỉ biết đến {p}.",
        "query": "{query}: {hits} trong {docs}; nhiều nhất ở {group} ({rate} trên 1.000 từ, "
        "{ghits}).",
        "query_none": "{query}: không xuất hiện trong văn bản của các tỉnh này.",
        "query_hits": ("1 lần", "{n} lần"),
        "query_rest": "{groups}: không xuất hiện.",
        "profile": "{group}: {docs} trong kho ({kinds}), {words} từ thân bài, trên tổng số {n} "
        "văn bản.",
        "profile_none": "{group}: không văn bản nào trong kho có tỉnh này là tỉnh chính.",
    },
}
_PRECISION_VI = {"month": "tháng", "year": "năm", "quarter": "quý", "range": "khoảng"}


def _texts(language: str) -> tuple[dict[str, Any], dict[str, Any]]:
    language = check_language(language)
    return _TEXT[language], _MORE[language]


def _basis(t: dict[str, Any], docs: int, sents: int, hits: bool = False) -> str:
    forms = t["hits"] if hits else t["sents"]
    return t["basis"].format(docs=_count(docs, t["docs"]), sents=_count(sents, forms))


def _names(values: Sequence[str], limit: int = 6) -> str:
    values = list(values)
    return ", ".join(values[:limit]) + (", …" if len(values) > limit else "")


# ---------------------------------------------------------------------------- corpus overview
def corpus_findings(
    corpus: Any, by: str = "primary_province", *, language: str = "en", unknown: str = "(unknown)"
) -> list[Finding]:
    """What the corpus holds, how evenly, how well dated, what reading changed or set aside."""
    t, m = _texts(language)
    docs = corpus.documents
    n = len(docs)
    groups = docs[by].dropna().astype(str)
    counts = groups.value_counts()
    kinds = ", ".join(f"{k} {v}" for k, v in docs["kind"].fillna("?").value_counts().items())
    out = [
        Finding(
            m["corpus"].format(docs=_count(n, t["docs"]), n=len(counts), kinds=kinds),
            "none",
            n,
            len(corpus.sentences),
            "#Documents-per-province-and-kind",
        )
    ]
    thin = sorted(g for g, c in counts.items() if c < THIN_DOCS)
    if thin:
        text = m["thin_groups"].format(k=len(thin), n=len(counts), t=THIN_DOCS, names=_names(thin))
        out.append(
            Finding(text, "thin", int(counts[thin].sum()), 0, "#Documents-per-province-and-kind")
        )
    n_unknown = int(docs[by].isna().sum())
    if n_unknown:
        text = m["unknown"].format(docs=_count(n_unknown, t["docs"]))
        out.append(Finding(text, "weak", n_unknown, 0, "#Documents"))
    dated = int(docs["published"].replace("", None).notna().sum())
    outlet = int(docs["outlet"].replace("", None).notna().sum())
    notes = (m["few_dates"],) if n and dated < n / 2 else ()
    text = m["dated"].format(dated=dated, n=n, outlet=outlet)
    out.append(Finding(text, "weak" if notes else "none", n, 0, "#Metadata-found", notes))
    audit = corpus.audit()
    if len(audit) and int(audit["n_changes"].sum()):
        top = audit.sort_values("n_changes", ascending=False, kind="stable").iloc[0]
        n_docs = int(corpus.normalization["doc_id"].nunique())
        text = m["normalized"].format(
            n=int(audit["n_changes"].sum()),
            docs=_count(n_docs, t["docs"]),
            rule=str(top["rule"]),
            k=int(top["n_changes"]),
        )
        out.append(Finding(text, "none", n_docs, 0, "#What-normalization-changed"))
    else:
        out.append(Finding(m["normalized_none"], "none", 0, 0, "#What-normalization-changed"))
    problems = corpus.problems
    if len(problems):
        files = _names([str(p).rsplit("/", 1)[-1] for p in problems["path"]])
        text = m["set_aside"].format(n=_count(len(problems), m["files"]), files=files)
        out.append(Finding(text, "weak", 0, 0, "#Files-set-aside"))
    else:
        out.append(Finding(m["set_aside_none"], "none", 0, 0, "#Files-set-aside"))
    return out


def profile_findings(
    corpus: Any, province: str, by: str = "primary_province", *, language: str = "en"
) -> list[Finding]:
    """How much the corpus holds about one province: documents, kinds, words; thin if few."""
    t, m = _texts(language)
    docs = corpus.documents
    mine = docs[docs[by] == province]
    if mine.empty:
        return [
            Finding(
                m["profile_none"].format(group=province),
                "none",
                0,
                0,
                "#Documents-about-the-province",
            )
        ]
    kinds = ", ".join(f"{k} {v}" for k, v in mine["kind"].fillna("?").value_counts().items())
    words = int(mine["n_words"].sum())
    text = m["profile"].format(
        group=province,
        docs=_count(len(mine), t["docs"]),
        kinds=kinds,
        words=f"{words:,}".replace(",", "." if language == "vi" else ","),
        n=len(docs),
    )
    n_sents = int(mine["n_body_sentences"].sum())
    notes = [_basis(t, len(mine), n_sents)]
    strength = "thin" if len(mine) < THIN_DOCS else "none"
    if strength == "thin":
        notes.append(t["thin"].format(k=THIN_DOCS))
    return [
        Finding(text, strength, len(mine), n_sents, "#Documents-about-the-province", tuple(notes))
    ]


# ------------------------------------------------------------------------------- theme shares
def share_findings(
    table: pd.DataFrame,
    label: Callable[[str], str],
    *,
    language: str = "en",
    anchor: str = "#The-three-pillars-and-the-enablers",
    codes: Sequence[str] | None = None,
    skip_groups: Sequence[str] = ("(unknown)",),
) -> list[Finding]:
    """For each code (pillar or theme): the group with the largest share against the smallest.

    ``table`` is :func:`~dxcompare.analyze.themes.theme_table` output. Overlapping intervals make
    the finding weak, a thin group (under 3 documents) makes it thin, and the interval shown is
    the table's (bootstrap, or Wilson's where the bootstrap would have no width).
    """
    t, m = _texts(language)
    rows = table[~table["group"].isin(skip_groups) & (table["theme_id"] != "none")]
    out = []
    for code in codes or list(dict.fromkeys(rows["theme_id"])):
        sub = rows[rows["theme_id"] == code].sort_values(
            ["share", "group"], ascending=[False, True]
        )
        if sub["group"].nunique() < 2 or sub["n_sentences"].sum() == 0:
            continue
        hi, lo = sub.iloc[0], sub.iloc[-1]

        def ci(row: pd.Series) -> str:
            if pd.isna(row["ci_low"]):
                return ""
            return t["ci"].format(
                low=_percent(row["ci_low"], language), high=_percent(row["ci_high"], language)
            )

        text = m["share"].format(
            label=label(str(code)),
            hi_group=hi["group"],
            hi=_percent(float(hi["share"]), language),
            hi_ci=ci(hi),
            lo_group=lo["group"],
            lo=_percent(float(lo["share"]), language),
            lo_ci=ci(lo),
        )
        n_docs = int(hi["n_documents_group"] + lo["n_documents_group"])
        n_sents = int(hi["n_sentences"] + lo["n_sentences"])
        notes = [_basis(t, n_docs, n_sents)]
        if bool(hi.get("thin", False)) or bool(lo.get("thin", False)):
            strength = "thin"
            notes.append(t["thin"].format(k=THIN_DOCS))
        elif pd.isna(hi["ci_low"]) or not (hi["ci_low"] > lo["ci_high"]):
            strength = "weak"
            notes.append(m["overlap_share"])
        else:
            strength = "clear"
            notes.append(t["clear"])
        out.append(Finding(text, strength, n_docs, n_sents, anchor, tuple(notes)))
    return out


# ----------------------------------------------------------------------------------- rhetoric
def keyness_findings(
    key: pd.DataFrame | None,
    corpus: Any,
    by: str = "primary_province",
    *,
    language: str = "en",
    anchor: str = "#Key-words",
    groups: Sequence[str] | None = None,
) -> list[Finding]:
    """Each group's most distinctive word (``keyness`` rows), with its counts and z."""
    t, m = _texts(language)
    if key is None or key.empty:
        return [Finding(t["none"], "none", 0, 0, anchor)]
    docs = corpus.documents
    n_docs = docs[by].astype(str).value_counts()
    out = []
    for group in groups or sorted(set(key["group"].astype(str))):
        rows = key[(key["group"] == group) & (key["z"] > 0)]
        if rows.empty:
            continue
        top = rows.sort_values("z", ascending=False, kind="stable").iloc[0]
        z = float(top["z"])
        word = str(top.get("display") or top["token"])
        fields = dict(group=group, word=word, z=_number(z, language))
        if z < CLEAR_Z:
            text = m["no_keyword"].format(**fields)
        else:
            text = m["keyword"].format(n=int(top["n_group"]), rest=int(top["n_rest"]), **fields)
        k = int(n_docs.get(group, 0))
        notes = [
            t["basis"].format(
                docs=_count(k, t["docs"]), sents=_count(int(top["n_group"]), t["hits"])
            )
        ]
        if k < THIN_DOCS:
            strength = "thin"
            notes.append(t["thin"].format(k=THIN_DOCS))
        elif abs(z) >= CLEAR_Z:
            strength = "clear"
            notes.append(t["clear"])
        else:
            strength = "weak"
            notes.append(t["weak"].format(clear=_number(CLEAR_Z, language)))
        out.append(Finding(text, strength, k, int(top["n_group"]), anchor, tuple(notes)))
    return out


def template_findings(
    shared: pd.DataFrame, *, language: str = "en", anchor: str = "#Shared-templates"
) -> list[Finding]:
    """How many phrases recur verbatim across provinces, with the most widespread example."""
    t, m = _texts(language)
    if shared is None or shared.empty:
        return [Finding(m["templates_none"], "none", 0, 0, anchor)]
    top = shared.sort_values(
        ["n_groups", "n_documents", "count"], ascending=False, kind="stable"
    ).iloc[0]
    text = m["templates"].format(
        n=len(shared), example=str(top["example"]), groups=str(top["groups"])
    )
    n_docs = int(top["n_documents"])
    notes = (_basis(t, n_docs, int(top["count"]), hits=True),)
    return [Finding(text, "none", n_docs, int(top["count"]), anchor, notes)]


def speaker_findings(
    speakers: pd.DataFrame,
    *,
    language: str = "en",
    anchor: str = "#Who-speaks",
    groups: Sequence[str] | None = None,
) -> list[Finding]:
    """Each group's most quoted speaker (``speaker_table`` rows, sorted most quoted first)."""
    t, m = _texts(language)
    if speakers is None or speakers.empty:
        return [Finding(m["speakers_none"], "none", 0, 0, anchor)]
    out = []
    for group in groups or sorted(set(speakers["group"].astype(str))):
        rows = speakers[speakers["group"] == group]
        if rows.empty:
            continue
        top = rows.sort_values(["n_quotes", "speaker"], ascending=[False, True]).iloc[0]
        role = top.get("speaker_title")
        role = str(role) if isinstance(role, str) and role else ""
        name = top.get("speaker")
        if isinstance(name, str) and name:
            speaker, title = name, f", {role}" if role else ""
        else:  # quoted by title only ("Lãnh đạo tỉnh cho rằng ...")
            speaker, title = role or "?", m["unnamed"]
        text = m["speaker"].format(
            group=group, speaker=speaker, title=title, n=_count(int(top["n_quotes"]), m["quotes"])
        )
        n_docs = int(top["n_documents"])
        notes = [_basis(t, n_docs, int(top["n_quotes"]), hits=True)]
        strength = "thin" if n_docs < THIN_DOCS else "none"
        if strength == "thin":
            notes.append(t["thin"].format(k=THIN_DOCS))
        out.append(Finding(text, strength, n_docs, int(top["n_quotes"]), anchor, tuple(notes)))
    return out


# ---------------------------------------------------------------------------------- timelines
def timeline_findings(
    first: pd.DataFrame,
    lags: pd.DataFrame,
    *,
    reference: str = NATIONAL_PROGRAMME,
    groups: Sequence[str] = (),
    language: str = "en",
    anchor: str = "#How-long-after-the-national-programme",
) -> list[Finding]:
    """Each group's first dated document after ``reference``, the median and who has none.

    ``first`` is :func:`~dxcompare.plot.timelineviews.first_responses` output, ``lags`` the
    :func:`lag_table` it came from; ``groups``: every province of the report, so the ones without
    a dated document are named rather than silently left out of the median.
    """
    t, m = _texts(language)
    out = []
    if first is None or first.empty:
        if groups:
            return [
                Finding(m["undated"].format(names=_names(sorted(groups))), "none", 0, 0, anchor)
            ]
        return [Finding(m["timeline_none"], "none", 0, 0, anchor)]
    for row in first.itertuples(index=False):
        days = row.days_after_reference
        if days != days:
            continue
        key = "first" if days >= 0 else "before"
        text = m[key].format(
            group=row.group, ref=reference, symbol=row.symbol, date=row.date, days=abs(int(days))
        )
        mine = lags[lags["group"] == row.group]
        n_docs = int(mine["doc_id"].nunique())
        notes = [_basis(t, n_docs, int(mine["sentence_id"].notna().sum()))]
        precision = mine.loc[mine["symbol"] == row.symbol, "precision"]
        p = str(precision.iloc[0]) if len(precision) else "day"
        if p != "day":
            notes.append(
                m["precision"].format(p=_PRECISION_VI.get(p, p) if language == "vi" else p)
            )
        strength = "thin" if int(getattr(row, "n_documents", len(mine))) < 2 else "none"
        if strength == "thin":
            notes.append(m["one_date"])
        out.append(Finding(text, strength, n_docs, len(mine), anchor, tuple(notes)))
    days = first["days_after_reference"].dropna()
    named = sorted(set(groups) | set(first["group"].astype(str)))
    if len(days) >= 2 and len(named) > 1:  # a median of one number is that number
        key = "median" if len(days) < len(named) else "median_all"
        text = m[key].format(days=f"{days.median():.0f}", ref=reference, k=len(days), n=len(named))
        strength = "thin" if len(days) < THIN_DOCS else "none"
        notes = (m["few_medians"],) if strength == "thin" else ()
        out.append(Finding(text, strength, len(days), 0, anchor, notes))
    undated = sorted(
        set(groups) - set(first.loc[first["days_after_reference"].notna(), "group"].astype(str))
    )
    if undated:
        out.append(Finding(m["undated"].format(names=_names(undated)), "none", 0, 0, anchor))
    return out


# ----------------------------------------------------------------------------------- explorer
def query_findings(
    view: dict[str, Any], *, language: str = "en", anchor: str = "#Default-view"
) -> list[Finding]:
    """Where the explorer's theme or phrase occurs: total, the province using it most, the rest."""
    t, m = _texts(language)
    counts = view["counts"]
    query = str(view["query"])
    total = int(counts["n_hits"].sum()) if len(counts) else 0
    if not total:
        return [Finding(m["query_none"].format(query=query), "none", 0, 0, anchor)]
    top = counts.sort_values(["rate_per_1000", "group"], ascending=[False, True]).iloc[0]
    n_docs = int(counts["n_documents"].sum())
    text = m["query"].format(
        query=query,
        hits=_count(total, m["query_hits"]),
        docs=_count(n_docs, t["docs"]),
        group=top["group"],
        rate=_number(float(top["rate_per_1000"]), language),
        ghits=_count(int(top["n_hits"]), m["query_hits"]),
    )
    top_docs = int(top["n_documents"])
    notes = [f"{top['group']}: " + _basis(t, top_docs, int(top["n_hits"]), hits=True)]
    strength = "thin" if top_docs < THIN_DOCS else "none"
    if strength == "thin":
        notes.append(t["thin"].format(k=THIN_DOCS))
    out = [Finding(text, strength, n_docs, total, anchor, tuple(notes))]
    silent = sorted(counts.loc[counts["n_hits"] == 0, "group"].astype(str))
    if silent:
        out.append(Finding(m["query_rest"].format(groups=_names(silent)), "none", 0, 0, anchor))
    return out


__all__ = [
    "corpus_findings",
    "keyness_findings",
    "profile_findings",
    "query_findings",
    "share_findings",
    "speaker_findings",
    "template_findings",
    "timeline_findings",
]
