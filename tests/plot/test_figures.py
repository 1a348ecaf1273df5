"""Figures a journal would print: the keyness dot plot, PNG only (no JPEG copy of a cloud)."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.plot.rhetoricviews import CLEAR_Z, plot_keyness_dots

# Written for this test: each province's texts lean on their own words.
TEXTS = {
    "son_la_1.txt": """Sơn La đưa nông sản lên sàn thương mại điện tử

Tỉnh Sơn La hỗ trợ nông dân bán xoài, mận và cà phê trên sàn thương mại điện tử.
Hợp tác xã được hướng dẫn livestream bán xoài, mận cho khách ở thành phố.
Nông dân trồng mận ở Mộc Châu nhận đơn hàng qua sàn thương mại điện tử mỗi ngày.
""",
    "son_la_2.txt": """Sơn La: xoài và mận lên sàn

Các hợp tác xã ở Sơn La đưa xoài, mận, nhãn lên sàn thương mại điện tử, truy xuất nguồn gốc bằng mã QR.
""",
    "vinh_phuc.txt": """Vĩnh Phúc xây dựng trung tâm điều hành thông minh

Tỉnh Vĩnh Phúc vận hành trung tâm điều hành thông minh, kết nối camera giao thông và dữ liệu dân cư.
Trung tâm điều hành thông minh tiếp nhận phản ánh của người dân và chuyển đến cơ quan xử lý.
""",
    "ben_tre.txt": """Bến Tre đào tạo kỹ năng số cho học sinh

Tỉnh Bến Tre tổ chức lớp kỹ năng số cho học sinh, giáo viên các trường trung học.
Học sinh được học an toàn thông tin và kỹ năng số khi dùng mạng xã hội.
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ba_tinh_tu_vung")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dxcompare.load_corpus(folder, use_cache=False)


def test_keyness_dots_draw_one_panel_per_province_with_its_own_words(corpus):
    key = dxcompare.keyness(corpus, by="primary_province")
    fig = plot_keyness_dots(key, n=6)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title().split("\n")[0] for ax in panels] == ["Bến Tre", "Sơn La", "Vĩnh Phúc"]
    words = {ax.get_title().split("\n")[0]: [t.get_text() for t in ax.get_yticklabels()]
             for ax in panels}  # fmt: skip
    assert "mận" in words["Sơn La"] and any("xoài" in w for w in words["Sơn La"])
    assert "học sinh" in words["Bến Tre"] or "kỹ năng số" in words["Bến Tre"]
    assert not set(words["Sơn La"]) & set(words["Vĩnh Phúc"])
    for ax in panels:  # the clear-difference line, words ordered by z from the top
        assert any(abs(line.get_xdata()[0] - CLEAR_Z) < 1e-9 for line in ax.get_lines())
        assert 1 <= len(ax.get_yticklabels()) <= 6
    assert fig.axes[0].get_xlim()[0] == 0


def test_word_clouds_are_shown_as_png_only():
    from IPython.core.interactiveshell import InteractiveShell
    from PIL import Image

    from dxcompare.reporting.notebook import setup_notebook

    shell = InteractiveShell.instance()
    image = Image.new("RGB", (40, 20), "white")
    assert "image/jpeg" in shell.display_formatter.format(image)[0]  # IPython's default
    setup_notebook()
    data, _ = shell.display_formatter.format(image)
    assert "image/png" in data and "image/jpeg" not in data


def test_executed_notebooks_keep_one_png_copy_of_a_figure():
    import nbformat

    from dxcompare.reporting.execute import _stable_output

    output = nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBO", "image/jpeg": "/9j/", "text/plain": "<PIL>"}
    )
    _stable_output(output, "c0o0")
    assert set(output["data"]) == {"image/png", "text/plain"}
