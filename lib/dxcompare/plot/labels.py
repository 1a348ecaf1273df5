"""The words of the figures (titles, axis labels, legends) in English and Vietnamese.

    >>> figure_label("share_of_sentences", "vi")
    'Tỷ lệ câu thuộc phần nội dung'
    >>> figure_label("keyness_title", "vi", group="Lào Cai", reference="phần còn lại của kho")
    'Từ khóa đặc trưng: Lào Cai so với phần còn lại của kho'

One dictionary per language, the same keys in both (a test checks it); a report's
``language`` parameter ("en" or "vi") reaches every plotting function as ``lang``. Kept in
``plot/`` (not ``reporting/``) so a figure never imports the reports.
"""

from __future__ import annotations

from typing import Any

FIGURE_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "share_of_sentences": "share of body sentences",
        "standardized": " (standardized to the corpus mix of kinds)",
        "pillars_title": "Pillars by group (bars: bootstrap interval)",
        "heatmap_title": "Themes by {by}: {value} of body sentences",
        "group": "group",
        "province": "province",
        "kind": "kind",
        "share": "share",
        "share_adjusted": "share adjusted",
        "rate_per_1000": "rate per 1000",
        "n_sentences": "n sentences",
        "group_themes_title": "Themes of {group} (bars: bootstrap interval)",
        "no_theme": "no body sentence with a theme",
        "whole_corpus": "whole corpus",
        "keyness_title": "Keyness: {group} vs {reference}",
        "rest_of_corpus": "the rest of the corpus",
        "no_word_differs": "no word differs",
        "score_z": "weighted log-odds z-score (Monroe et al. 2008)",
        "score_chi2": "signed chi-square (Yates-corrected where small)",
        "score_G2": "signed likelihood ratio G2",
        "dashed_z": "dashed: z = {z}",
        "dots_title": "The words that set each group apart (each against all the others)",
        "n_clear": "{n} clear",
        "none_clear": "no word clearly distinctive",
        "no_word_here": "no word used more here",
        "swimlane_title": "Dated events by province, against the national documents ({reference})",
        "national_lane": "National documents",
        "no_event": "no dated event in this corpus",
        "kind_document": "document issued / approved",
        "kind_meeting": "meeting, conference",
        "kind_target": "target (its horizon)",
        "kind_ranking": "ranking, score",
        "kind_date": "other dated fact",
        "hollow": "hollow: month or year only",
        "national_programme": "national programme",
        "documents": "documents",
        "days_short": "d",
    },
    "vi": {
        "share_of_sentences": "Tỷ lệ câu thuộc phần nội dung",
        "standardized": " (chuẩn hóa theo cơ cấu loại văn bản của kho)",
        "pillars_title": "Các trụ cột theo nhóm (thanh lỗi: khoảng bootstrap)",
        "heatmap_title": "Chủ đề theo {by}: {value} câu thuộc phần nội dung",
        "group": "nhóm",
        "province": "Tỉnh",
        "kind": "loại văn bản",
        "share": "tỷ lệ",
        "share_adjusted": "tỷ lệ đã chuẩn hóa",
        "rate_per_1000": "số lần trên 1000 từ",
        "n_sentences": "số câu",
        "group_themes_title": "Chủ đề của {group} (thanh lỗi: khoảng bootstrap)",
        "no_theme": "không có câu nội dung nào thuộc một chủ đề",
        "whole_corpus": "toàn bộ kho văn bản",
        "keyness_title": "Từ khóa đặc trưng: {group} so với {reference}",
        "rest_of_corpus": "phần còn lại của kho",
        "no_word_differs": "không có từ nào khác biệt",
        "score_z": "điểm z log-odds có trọng số (Monroe và cộng sự 2008)",
        "score_chi2": "khi bình phương có dấu (hiệu chỉnh Yates khi tần số nhỏ)",
        "score_G2": "tỷ số hợp lý G2 có dấu",
        "dashed_z": "đường nét đứt: z = {z}",
        "dots_title": "Những từ làm nên nét riêng của từng nhóm (mỗi nhóm so với các nhóm còn lại)",
        "n_clear": "{n} từ khác biệt rõ",
        "none_clear": "không có từ nào khác biệt rõ",
        "no_word_here": "không có từ nào dùng nhiều hơn ở đây",
        "swimlane_title": "Các sự kiện có ngày theo tỉnh, so với văn bản trung ương ({reference})",
        "national_lane": "Văn bản trung ương",
        "no_event": "kho văn bản không có sự kiện nào có ngày",
        "kind_document": "văn bản ban hành / phê duyệt",
        "kind_meeting": "cuộc họp, hội nghị",
        "kind_target": "mục tiêu (thời hạn)",
        "kind_ranking": "xếp hạng, chỉ số",
        "kind_date": "sự kiện có ngày khác",
        "hollow": "ký hiệu rỗng: chỉ biết tháng hoặc năm",
        "national_programme": "Chương trình quốc gia",
        "documents": "Số văn bản",
        "days_short": "ngày",
    },
}


def figure_label(key: str, lang: str = "en", **values: Any) -> str:
    """The label ``key`` in ``lang`` ("en" or "vi"), with ``values`` filled in.

    An unknown language is a ValueError naming both (as a report's ``language`` parameter).
    """
    if lang not in FIGURE_LABELS:
        raise ValueError(f"lang={lang!r} is unknown. Fix: use 'en' or 'vi'")
    text = FIGURE_LABELS[lang][key]
    return text.format(**values) if values else text


__all__ = ["FIGURE_LABELS", "figure_label"]
