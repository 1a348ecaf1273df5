"""The closing "Methods and limitations" of each report: what was computed, how well it works.

Each report lists the codebook and statistics it uses, the extraction accuracy measured on real
documents, and the corpus caveats. The accuracy figures come from one file,
``lib/dxcompare/data/accuracy.json`` (:func:`accuracy`), which ``docs/evaluation.md``,
``docs/timeline_evaluation.md`` and ``dxcompare evaluate`` are checked against
(tests/reporting/test_accuracy_figures.py); :func:`write_accuracy` recomputes it from the gold
file after a rule change.

    >>> "Wilson" in methods_section("strategies")
    True
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dxcompare.reporting.language import SECTION_TITLES, check_language

_LINES = {
    "en": {
        "themes": "Themes: each body sentence is coded with every theme of dxcompare's codebook "
        "(lib/dxcompare/data/codebook.yaml: phrases per theme, Vietnamese and English labels) "
        "whose words it contains; a sentence may carry several themes. The coding is exported "
        "term by term (theme_coding.csv). Its accuracy against hand coding has not been measured.",
        "distinctive": "Distinctive themes: log-odds ratio with an informative Dirichlet prior "
        "(Monroe, Colaresi & Quinn 2008), compared within each kind of document; |z| ≥ 2 is "
        "called a clear difference. A province whose documents are all of a kind no other "
        "province has cannot be compared and is said so.",
        "intervals": "Intervals: 95% percentile bootstrap of sentences (1000 resamples, fixed "
        "seed). Where the bootstrap has no width (a theme in no sentence or in all of them) the "
        "interval is Wilson's score interval instead; groups under 3 documents are flagged thin: "
        "their sentences come from one or two texts and are not independent.",
        "masking": "Vocabulary and registers count no names: province, place, person and "
        "organisation names and document-number fragments (UBND, NQ, TU) are masked first.",
        "keyness": "Key words: weighted log-odds with an informative prior (Monroe, Colaresi & "
        "Quinn 2008) of each province's words against the rest; national template phrases "
        "(shared verbatim by several provinces) left out.",
        "registers": "Registers: hits per 1,000 body words of the phrases in "
        "data/registers.yaml, with a 95% bootstrap interval resampling documents; no interval "
        "for a one-document group.",
        "quotes": "Quotations: speakers found by rules (name, title, verb of speech); their "
        "accuracy has not been measured on a gold set.",
        "extraction": "Extraction measured on {texts} hand-annotated real texts, {official} "
        "official and {news} news, {provinces} provinces (docs/evaluation.md). On the {u_texts} "
        "texts of the newest held-out set, scored before any rule had seen them: primary "
        "province {u_province}, the document's own number {u_own} (recall), publication date "
        "{u_published}, references F1 {u_references}, day dates F1 {u_dates}, goal years F1 "
        "{u_goal}; on all {c_texts} held-out texts with the current rules: province "
        "{c_province}, references F1 {c_references}, dates F1 {c_dates}.",
        "timeline_heldout": "On a held-out set written blind (docs/timeline_evaluation.md): "
        "dates P {t_dates_p} R {t_dates_r}, document references P {t_refs_p} R {t_refs_r}, "
        "targets P {t_targets_p} R {t_targets_r} (read the targets with care).",
        "lags": "Days after 749/QĐ-TTg (03/6/2020): from the national programme to each "
        "provincial document the texts date; a district's document is not the province's. The "
        "first document in this corpus is not necessarily the province's first.",
        "normalization": "Normalization: Unicode composition, Đ for Ð, traditional tone "
        "placement, spaces, quotes and dashes, reviewers' anchors; every change is in the audit. "
        "Line labels (title, byline, body, caption...) decide what is counted: only body lines.",
        "positions": "Evidence rows give the file (relative to the corpus folder) and the line "
        "and column of the words in it; for HTML, Word and PDF files the line is that of the "
        "extracted text.",
        "explorer": "Search: a theme's codebook phrases or any phrase, matched on whole "
        "syllables, case-insensitive; hits per 1,000 body words make provinces with more text "
        "comparable.",
        "caveats": "Caveats: the corpus is what was collected, not a sample of each province's "
        "output; news and official documents differ in form, so kinds are compared with their "
        "own kind; a province known from one or two texts is a case, not a pattern.",
    },
    "vi": {
        "themes": "Chủ đề: mỗi câu thân bài được mã hóa theo mọi chủ đề của bộ mã dxcompare "
        "(lib/dxcompare/data/codebook.yaml: cụm từ cho mỗi chủ đề, nhãn tiếng Việt và tiếng Anh) "
        "có từ xuất hiện trong câu; một câu có thể mang nhiều chủ đề. Bảng mã hóa được xuất theo "
        "từng cụm từ (theme_coding.csv). Độ chính xác so với mã hóa thủ công chưa được đo.",
        "distinctive": "Chủ đề đặc trưng: tỷ số log-odds với tiên nghiệm Dirichlet (Monroe, "
        "Colaresi & Quinn 2008), so sánh trong cùng loại văn bản; |z| ≥ 2 được coi là khác biệt "
        "rõ. Tỉnh mà mọi văn bản thuộc loại không tỉnh nào khác có thì không thể so sánh, và "
        "báo cáo nói rõ điều đó.",
        "intervals": "Khoảng tin cậy: bootstrap phân vị 95% theo câu (1000 lần, hạt giống cố "
        "định). Khi bootstrap không có độ rộng (chủ đề không có hoặc có trong mọi câu) thì dùng "
        "khoảng Wilson; nhóm dưới 3 văn bản được đánh dấu là mỏng: các câu của nhóm đến từ một "
        "hai văn bản và không độc lập.",
        "masking": "Từ vựng và văn phong không đếm tên riêng: tên tỉnh, địa danh, người, tổ chức "
        "và mảnh số hiệu văn bản (UBND, NQ, TU) được che trước khi đếm.",
        "keyness": "Từ khóa: log-odds có trọng số với tiên nghiệm (Monroe, Colaresi & Quinn "
        "2008) của từ mỗi tỉnh so với phần còn lại; bỏ các cụm từ khuôn mẫu quốc gia.",
        "registers": "Văn phong: số lượt trên 1.000 từ thân bài của các cụm từ trong "
        "data/registers.yaml, khoảng tin cậy 95% bằng bootstrap theo văn bản; nhóm một văn bản "
        "không có khoảng tin cậy.",
        "quotes": "Trích dẫn: người nói được tìm bằng quy tắc (tên, chức danh, động từ nói); độ "
        "chính xác chưa được đo trên bộ chuẩn.",
        "extraction": "Độ chính xác trích xuất đo trên {texts} văn bản thật có chú giải thủ "
        "công, {official} văn bản hành chính và {news} tin bài, {provinces} tỉnh "
        "(docs/evaluation.md). Trên {u_texts} văn bản của bộ kiểm tra mới nhất, chấm trước khi "
        "quy tắc nào từng thấy chúng: tỉnh chính {u_province}, số hiệu của chính văn bản {u_own} "
        "(độ phủ), ngày ban hành {u_published}, trích dẫn F1 {u_references}, ngày F1 {u_dates}, "
        "năm mục tiêu F1 {u_goal}; trên cả {c_texts} văn bản kiểm tra với quy tắc hiện tại: "
        "tỉnh {c_province}, trích dẫn F1 {c_references}, ngày F1 {c_dates}.",
        "timeline_heldout": "Trên bộ kiểm tra viết độc lập (docs/timeline_evaluation.md): ngày "
        "P {t_dates_p} R {t_dates_r}, trích dẫn văn bản P {t_refs_p} R {t_refs_r}, chỉ tiêu "
        "P {t_targets_p} R {t_targets_r} (cần thận trọng với chỉ tiêu).",
        "lags": "Số ngày sau 749/QĐ-TTg (03/6/2020): từ chương trình quốc gia đến từng văn bản "
        "cấp tỉnh có ngày trong văn bản; văn bản cấp huyện không phải của tỉnh. Văn bản đầu tiên "
        "trong kho chưa chắc là văn bản đầu tiên của tỉnh.",
        "normalization": "Chuẩn hóa: dựng sẵn Unicode, Đ thay Ð, bỏ dấu kiểu cũ, khoảng trắng, "
        "dấu ngoặc kép và gạch ngang, mốc nhận xét; mọi thay đổi đều được ghi lại. Nhãn dòng "
        "(tiêu đề, tác giả, thân bài, chú thích...) quyết định phần được đếm: chỉ thân bài.",
        "positions": "Mỗi dòng bằng chứng ghi tệp (đường dẫn trong thư mục kho) và dòng, cột "
        "của từ trong tệp; với tệp HTML, Word và PDF, dòng là dòng của văn bản đã trích.",
        "explorer": "Tìm kiếm: cụm từ của một chủ đề hoặc cụm từ bất kỳ, khớp trọn âm tiết, "
        "không phân biệt hoa thường; số lượt trên 1.000 từ giúp so sánh các tỉnh có lượng văn "
        "bản khác nhau.",
        "caveats": "Lưu ý: kho văn bản là những gì đã thu thập, không phải mẫu đại diện của mỗi "
        "tỉnh; tin báo và văn bản hành chính khác nhau về hình thức nên chỉ so sánh cùng loại; "
        "tỉnh chỉ có một hai văn bản là một trường hợp, chưa phải xu hướng.",
    },
}

#: The methods each report states, in order.
REPORT_METHODS = {
    "corpus_overview": ("normalization", "extraction", "positions", "caveats"),
    "strategies": ("themes", "distinctive", "intervals", "positions", "caveats"),
    "timelines": ("lags", "extraction", "timeline_heldout", "positions", "caveats"),
    "rhetoric": ("masking", "keyness", "registers", "quotes", "positions", "caveats"),
    "province_profile": (
        "themes",
        "distinctive",
        "intervals",
        "lags",
        "keyness",
        "quotes",
        "extraction",
        "positions",
        "caveats",
    ),  # fmt: skip
    "explorer": ("explorer", "themes", "positions", "caveats"),
    "summary": (
        "themes",
        "distinctive",
        "intervals",
        "masking",
        "registers",
        "lags",
        "extraction",
        "caveats",
    ),  # fmt: skip
}


ACCURACY_FILE = "accuracy.json"
#: The held-out splits of the gold file that "current" scores together.
HELD_OUT = ("heldout", "heldout2", "heldout3")


@cache
def accuracy() -> dict[str, Any]:
    """The measured extraction accuracy (``data/accuracy.json``): gold make-up, first-pass
    unseen scores, current held-out scores, the timeline extractors' blind scores."""
    text = (resources.files("dxcompare") / "data" / ACCURACY_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def _figure(x: float, language: str) -> str:
    text = f"{x:.2f}"
    return text.replace(".", ",") if language == "vi" else text


def _accuracy_values(language: str) -> dict[str, Any]:
    a = accuracy()
    g, u, c, t = a["gold"], a["unseen"], a["current"], a["timeline"]
    f = lambda x: _figure(x, language)  # noqa: E731
    return {
        **{k: g[k] for k in ("texts", "official", "news", "provinces")},
        "u_texts": u["texts"], "u_province": f(u["province"]), "u_own": f(u["own_symbol_recall"]),
        "u_published": f(u["published"]), "u_references": f(u["references_f1"]),
        "u_dates": f(u["dates_f1"]), "u_goal": f(u["goal_years_f1"]),
        "c_texts": c["texts"], "c_province": f(c["province"]),
        "c_references": f(c["references_f1"]), "c_dates": f(c["dates_f1"]),
        **{f"t_{k}": f(v) for k, v in t.items() if isinstance(v, float | int)},
    }  # fmt: skip


def measured_accuracy(gold: str | Path) -> dict[str, Any]:
    """The "gold" and "current" parts of ``accuracy.json`` as the gold file gives them now
    (``dxcompare evaluate`` on the held-out splits together); ~20 s."""
    from dxcompare.analyze.evaluate import evaluate, read_gold

    records = read_gold(gold)
    held = [r for split in HELD_OUT for r in read_gold(gold, split)]
    scores = evaluate(held).scores.set_index("fact")
    r3 = lambda x: round(float(x), 3)  # noqa: E731
    return {
        "gold": {
            "texts": len(records),
            "official": sum(bool(r.get("official")) for r in records),
            "news": sum(not r.get("official") for r in records),
            "provinces": len({r["province"] for r in records if r.get("province")}),
        },
        "current": {
            "splits": list(HELD_OUT),
            "texts": len(held),
            "province": r3(scores.loc["province", "accuracy"]),
            "own_symbol_recall": r3(scores.loc["own_symbol", "recall"]),
            "published": r3(scores.loc["published", "accuracy"]),
            "references_f1": r3(scores.loc["references", "f1"]),
            "dates_f1": r3(scores.loc["dates", "f1"]),
            "goal_years_f1": r3(scores.loc["goal_years", "f1"]),
        },
    }


def write_accuracy(gold: str | Path, path: str | Path | None = None) -> Path:
    """Recompute the "gold" and "current" parts of ``accuracy.json`` from ``gold`` and write it
    (``path``: default the package's file); the recorded first-pass parts are kept."""
    target = Path(path) if path else Path(__file__).resolve().parents[1] / "data" / ACCURACY_FILE
    data = json.loads(target.read_text(encoding="utf-8"))
    measured = measured_accuracy(gold)
    data["gold"] = {"file": data["gold"].get("file", str(gold)), **measured["gold"]}
    data["current"] = measured["current"]
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    accuracy.cache_clear()
    return target


def methods_lines(report: str, language: str = "en") -> list[str]:
    """The methods and limitations of one report (a name of :data:`REPORT_METHODS`)."""
    lines = _LINES[check_language(language)]
    if report not in REPORT_METHODS:
        raise ValueError(
            f"report={report!r} is unknown. Fix: use one of {', '.join(REPORT_METHODS)}"
        )
    values = _accuracy_values(language)
    return [
        lines[k].format(**values) if "{" in lines[k] else lines[k] for k in REPORT_METHODS[report]
    ]


def methods_section(report: str, language: str = "en", extra: Sequence[str] = ()) -> str:
    """The closing "Methods and limitations" section of ``report`` as HTML (text escaped)."""
    t = SECTION_TITLES[check_language(language)]
    body = "\n".join(
        f"<li>{html.escape(line)}</li>" for line in [*methods_lines(report, language), *extra]
    )
    return (
        f'<div class="dx-methods"><h2 id="Methods-and-limitations">{t["methods"]}</h2>\n'
        f"<ul>\n{body}\n</ul></div>"
    )


__all__ = [
    "ACCURACY_FILE",
    "REPORT_METHODS",
    "accuracy",
    "measured_accuracy",
    "methods_lines",
    "methods_section",
    "write_accuracy",
]
