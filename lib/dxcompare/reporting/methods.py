"""The closing "Methods and limitations" of each report: what was computed, how well it works.

Each report lists the codebook and statistics it uses, the extraction accuracy measured on real
documents (``docs/evaluation.md``: 74 hand-annotated texts from 40 provinces;
``docs/timeline_evaluation.md``: a held-out set written blind), and the corpus caveats.

    >>> "Wilson" in methods_section("strategies")
    True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

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
        "extraction": "Extraction measured on 74 hand-annotated real texts, 34 official and 40 "
        "news, 40 provinces (docs/evaluation.md). On 23 texts the rules had never seen: primary "
        "province 0.91, the document's own number 0.78 (recall), publication date 0.91, "
        "references F1 0.97, day dates F1 0.99, goal years F1 1.0; on all 42 held-out texts "
        "with the current rules: province 0.98, references F1 0.99, dates F1 1.0.",
        "timeline_heldout": "On a held-out set written blind (docs/timeline_evaluation.md): "
        "dates P 0.91 R 0.94, document references P 0.96 R 0.96, targets P 0.70 R 0.69 (read "
        "the targets with care).",
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
        "extraction": "Độ chính xác trích xuất đo trên 74 văn bản thật có chú giải, 34 văn bản "
        "hành chính và 40 tin bài, 40 tỉnh (docs/evaluation.md). Trên 23 văn bản quy tắc chưa "
        "từng thấy: tỉnh chính 0,91, số hiệu của chính văn bản 0,78 (độ phủ), ngày ban hành "
        "0,91, trích dẫn F1 0,97, ngày F1 0,99, năm mục tiêu F1 1,0; trên cả 42 văn bản kiểm "
        "tra với quy tắc hiện tại: tỉnh 0,98, trích dẫn F1 0,99, ngày F1 1,0.",
        "timeline_heldout": "Trên bộ kiểm tra viết độc lập (docs/timeline_evaluation.md): ngày "
        "P 0,91 R 0,94, trích dẫn văn bản P 0,96 R 0,96, chỉ tiêu P 0,70 R 0,69 (cần thận trọng "
        "với chỉ tiêu).",
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


def methods_lines(report: str, language: str = "en") -> list[str]:
    """The methods and limitations of one report (a name of :data:`REPORT_METHODS`)."""
    lines = _LINES[check_language(language)]
    if report not in REPORT_METHODS:
        raise ValueError(
            f"report={report!r} is unknown. Fix: use one of {', '.join(REPORT_METHODS)}"
        )
    return [lines[k] for k in REPORT_METHODS[report]]


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


__all__ = ["REPORT_METHODS", "methods_lines", "methods_section"]
