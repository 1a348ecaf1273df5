"""Word clouds (segmented words, Vietnamese glyphs, reproducible PNG) and the keyness plot."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image, ImageDraw, ImageFont

import dxcompare
from dxcompare.analyze.keywords import keyness
from dxcompare.errors import ParameterError
from dxcompare.plot.clouds import (
    PALETTE,
    cloud_weights,
    comparison_cloud,
    comparison_weights,
    default_font_path,
    word_cloud,
    word_clouds,
)
from dxcompare.plot.rhetoricviews import plot_keyness

DOCS = {
    "quang_ninh.txt": (
        "Quảng Ninh đẩy mạnh chuyển đổi số trong ngành than\n\n"
        "Tỉnh Quảng Ninh đẩy mạnh chuyển đổi số trong ngành than.\n"
        "Ngành than của Quảng Ninh ứng dụng chuyển đổi số trong khai thác than.\n"
        "Công nhân mỏ than được đào tạo kỹ năng số.\n"
    ),
    "da_nang.txt": (
        "Đà Nẵng xây dựng đô thị thông minh\n\n"
        "Thành phố Đà Nẵng phát triển du lịch thông minh và dữ liệu mở.\n"
        "Du khách tra cứu dữ liệu du lịch trên ứng dụng của Đà Nẵng.\n"
    ),
    "thua_thien_hue.txt": (
        "Thừa Thiên Huế số hóa di sản\n\n"
        "Thừa Thiên Huế số hóa di sản cố đô và phát triển du lịch thông minh.\n"
        "Du khách đến Thừa Thiên Huế dùng ứng dụng Hue-S để tra cứu di sản.\n"
    ),
}


@pytest.fixture(scope="module")
def tiny(load_texts):
    return load_texts(DOCS, "tiny_clouds")


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_weights_are_segmented_words_in_their_usual_surface_form(tiny):
    weights = cloud_weights(tiny, "Quảng Ninh")
    assert weights["than"] == 4
    assert weights["chuyển đổi số"] == 2 and "số" not in weights
    assert "Quảng Ninh" not in weights and "quảng ninh" not in weights  # names are masked
    named = cloud_weights(tiny, "Quảng Ninh", entities=True)
    assert named["Quảng Ninh"] == 2 and "quảng ninh" not in named
    assert "trong" not in weights  # stopword
    assert list(weights)[0] == "than"  # most frequent first, a fixed order
    assert "Quảng Ninh" not in cloud_weights(tiny, "Quảng Ninh", exclude=["quảng ninh"])


def test_word_cloud_is_an_image_and_the_same_corpus_gives_the_same_png(tiny):
    a = word_cloud(tiny, group="Quảng Ninh", width=400, height=250)
    b = word_cloud(tiny, group="Quảng Ninh", width=400, height=250)
    assert isinstance(a, Image.Image) and a.size == (400, 250)
    assert png(a) == png(b)
    c = word_cloud(tiny, group="Quảng Ninh", width=400, height=250, random_state=7)
    assert png(c) != png(a)


def test_words_are_drawn_whole_not_split_into_syllables(tiny):
    from dxcompare.plot.clouds import _wordcloud

    cloud = _wordcloud(400, 250, 50, 1, None, {})
    cloud.generate_from_frequencies(cloud_weights(tiny, "Quảng Ninh"))
    drawn = {word for (word, _), *_ in cloud.layout_}
    assert "chuyển đổi số" in drawn and "kỹ năng số" in drawn
    assert not drawn & {"chuyển", "đổi", "số", "đổi số"}
    assert cloud.collocations is False and cloud.normalize_plurals is False


def test_font_has_every_vietnamese_letter():
    font = ImageFont.truetype(default_font_path(), 40)

    def glyph(text: str) -> tuple:
        mask = font.getmask(text)
        return mask.size, bytes(mask)

    missing = glyph("\U000f0000")  # a private-use character: drawn as the missing-glyph box
    for letter in "ăâđêôơưĐƯƠắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ":
        assert glyph(letter) != missing, letter
    assert len({glyph("a"), glyph("ă"), glyph("ắ"), glyph("ặ")}) == 4  # each mark is drawn
    img = Image.new("L", (900, 60), 255)
    ImageDraw.Draw(img).text((5, 5), "Đắk Lắk Thừa Thiên Huế ữ ỹ ợ", font=font, fill=0)
    assert np.asarray(img).min() == 0


def test_one_cloud_per_province(tiny):
    clouds = word_clouds(tiny, by="primary_province", width=300, height=200)
    assert list(clouds) == ["Quảng Ninh", "Thừa Thiên Huế", "Đà Nẵng"]
    assert all(isinstance(img, Image.Image) for img in clouds.values())


def test_unknown_group_is_a_clear_error(tiny):
    with pytest.raises(ParameterError) as err:
        word_cloud(tiny, group="Hà Nội")
    assert "Quảng Ninh, Thừa Thiên Huế, Đà Nẵng" in str(err.value)


def test_comparison_puts_each_word_in_one_group_with_its_colour(tiny):
    words = comparison_weights(keyness(tiny), n=10)
    assert not words["display"].duplicated().any()
    assert words.loc[words["display"] == "than", "group"].item() == "Quảng Ninh"
    assert words.loc[words["display"] == "di sản", "group"].item() == "Thừa Thiên Huế"
    assert (words["score"] > 0).all()


def test_comparison_cloud_draws_group_colours_and_a_legend_reproducibly(tiny):
    a = comparison_cloud(tiny, width=500, height=300)
    b = comparison_cloud(tiny, width=500, height=300)
    assert a.width == 500 and a.height > 300  # the legend strip
    assert png(a) == png(b)
    colours = {tuple(c) for c in np.asarray(a.convert("RGB")).reshape(-1, 3)[::7].tolist()}
    for hex_colour in PALETTE[:3]:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours


def rgbs(image: Image.Image) -> set[tuple[int, int, int]]:
    return {tuple(c) for c in np.asarray(image.convert("RGB")).reshape(-1, 3).tolist()}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_a_group_keeps_its_colour_whichever_groups_are_compared(tiny):
    # Sorted groups of the corpus: Quảng Ninh, Thừa Thiên Huế, Đà Nẵng -> PALETTE[0], [1], [2]
    two = rgbs(comparison_cloud(tiny, groups=["Đà Nẵng", "Thừa Thiên Huế"], width=500, height=300))
    assert rgb(PALETTE[1]) in two and rgb(PALETTE[2]) in two  # Huế and Đà Nẵng as in the full cloud
    assert rgb(PALETTE[0]) not in two  # Quảng Ninh's colour: neither drawn nor in the legend
    one = rgbs(comparison_cloud(tiny, groups=["Đà Nẵng"], width=500, height=300))
    assert rgb(PALETTE[2]) in one and rgb(PALETTE[0]) not in one


def test_legend_names_only_groups_with_words_in_the_cloud(tiny):
    table = keyness(tiny)
    da_nang = table.loc[(table["group"] == "Đà Nẵng") & (table["z"] > 0), "display"].tolist()
    image = comparison_cloud(tiny, exclude=da_nang, width=500, height=300)
    colours = rgbs(image)
    assert rgb(PALETTE[0]) in colours and rgb(PALETTE[1]) in colours
    assert rgb(PALETTE[2]) not in colours  # Đà Nẵng has no word left: no swatch, no name


def test_plot_keyness_shows_both_sides(tiny):
    table = keyness(tiny)
    fig = plot_keyness(table, target="Quảng Ninh", n=5)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert "than" in labels
    widths = [p.get_width() for p in ax.patches]
    assert any(w > 0 for w in widths) and any(w < 0 for w in widths)
    assert "Quảng Ninh" in ax.get_title()


def test_plot_keyness_needs_a_target_when_the_table_has_several_groups(tiny):
    with pytest.raises(ParameterError, match="target="):
        plot_keyness(keyness(tiny))
    pair = keyness(tiny, target="Quảng Ninh", reference="Đà Nẵng", method="chi2")
    assert "Đà Nẵng" in plot_keyness(pair).axes[0].get_title()


def test_seed_clouds_are_reproducible_for_every_province(seeds_dir):
    corpus = dxcompare.load_corpus(seeds_dir, use_cache=False)
    clouds = word_clouds(corpus, width=400, height=250)
    assert set(clouds) == {"Bình Định", "Hà Nội", "Hải Phòng"}
    again = word_cloud(corpus, group="Hà Nội", width=400, height=250)
    assert png(again) == png(clouds["Hà Nội"])


def test_word_clouds_skip_a_group_left_without_words_by_min_count(tmp_path):
    (tmp_path / "ben_tre.txt").write_text(
        "Bến Tre phát triển nông nghiệp số\n\n"
        "Nông dân Bến Tre bán dừa trên sàn thương mại điện tử.\n"
        "Sàn thương mại điện tử giúp nông dân bán dừa quanh năm.\n",
        encoding="utf-8",
    )
    (tmp_path / "kon_tum.txt").write_text(
        "Kon Tum phủ sóng di động\n\nKon Tum lắp thêm trạm phát sóng ở vùng sâu.\n",
        encoding="utf-8",
    )
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    assert set(cloud_weights(corpus, "Bến Tre", min_count=2)) >= {"nông dân", "dừa"}
    assert cloud_weights(corpus, "Kon Tum", min_count=2) == {}
    clouds = word_clouds(corpus, min_count=2, width=200, height=120)
    assert list(clouds) == ["Bến Tre"]


def test_comparison_cloud_of_more_groups_than_the_palette_gives_each_its_own_colour(tmp_path):
    topics = [
        "cà phê", "hồ tiêu", "cao su", "thanh long", "nước mắm", "gốm sứ",
        "lụa tơ tằm", "chè xanh", "muối biển", "yến sào", "nón lá",
    ]  # fmt: skip
    for i, topic in enumerate(topics):
        (tmp_path / f"bai_{i:02d}.txt").write_text(
            f"Bài {i}\n\nHợp tác xã bán {topic} trên sàn điện tử. Giá {topic} tăng.\n",
            encoding="utf-8",
        )
    corpus = dxcompare.load_corpus(tmp_path, use_cache=False)
    assert len(corpus.documents) == len(topics) > len(PALETTE)
    image = comparison_cloud(corpus, by="doc_id", width=400, height=240)
    assert image.width == 400 and image.height > 240
    with pytest.raises(ParameterError, match="11 groups but 10 colours"):
        comparison_cloud(corpus, by="doc_id", colors=PALETTE)
