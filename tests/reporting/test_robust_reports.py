"""Reports with nothing to find (issue 15): three texts differing only in a province's name have
no distinctive word, and the comparison cloud says so instead of failing the report."""

from __future__ import annotations

import dxcompare
from dxcompare.plot.clouds import comparison_cloud

TEMPLATE = (
    "Tỉnh {p} đẩy mạnh chuyển đổi số\n"
    "Ngày 12/3/2023, UBND tỉnh {p} ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số năm 2023.\n"
    "Tỉnh {p} phấn đấu đến năm 2025 có 90% hồ sơ thủ tục hành chính được xử lý trực tuyến.\n"
)


def test_texts_differing_only_in_a_province_name_draw_a_notice_not_an_error(load_texts):
    corpus = load_texts(
        {
            f"{name}.txt": TEMPLATE.format(p=province)
            for name, province in (
                ("binh_dinh", "Bình Định"),
                ("lai_chau", "Lai Châu"),
                ("dong_thap", "Đồng Tháp"),
            )
        },
        "giong_nhau",
    )
    assert sorted(corpus.documents["primary_province"]) == ["Bình Định", "Lai Châu", "Đồng Tháp"]
    image = comparison_cloud(
        corpus, exclude=["Bình Định", "Lai Châu", "Đồng Tháp"], width=500, height=300
    )
    assert image.size == (500, 300)
    assert image.info["dxcompare_notice"].startswith(
        "Nothing distinctive: no group has a word scoring above 0.0"
    )
    # Something is written on it (not a blank image).
    assert len(image.getcolors(1 << 24)) > 1


def test_a_corpus_with_distinctive_words_still_draws_a_cloud(load_texts):
    corpus = load_texts(
        {
            "binh_dinh.txt": TEMPLATE.format(p="Bình Định")
            + "Quy Nhơn xây dựng trung tâm dữ liệu AI.\n",
            "lai_chau.txt": TEMPLATE.format(p="Lai Châu") + "Vùng cao phủ sóng 4G cho bản làng.\n",
        },
        "khac_nhau",
    )
    image = comparison_cloud(corpus, width=500, height=300, legend=False)
    assert "dxcompare_notice" not in image.info
    assert dxcompare.keyness(corpus)["z"].max() > 0
