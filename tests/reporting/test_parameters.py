"""check_parameters: a notebook's parameters checked in the cell after them, names typed any way."""

from __future__ import annotations

import pytest

import dxcompare
from dxcompare.errors import ParameterError
from dxcompare.reporting.parameters import CheckedParameters, match_name

# Written for this test: three provinces the seeds do not cover.
TEXTS = {
    "bac_ninh.txt": """Bắc Ninh triển khai dịch vụ công trực tuyến toàn trình

Ngày 04/4/2023, UBND tỉnh Bắc Ninh ban hành Kế hoạch số 210/KH-UBND về chuyển đổi số năm 2023.
Tỉnh Bắc Ninh phấn đấu 90% hồ sơ thủ tục hành chính được giải quyết trực tuyến.
""",
    "thua_thien_hue.txt": """Thừa Thiên Huế mở rộng nền tảng Hue-S

Tỉnh Thừa Thiên Huế đưa nền tảng Hue-S đến người dân ở tất cả các xã, phường.
Người dân phản ánh hiện trường và nhận kết quả xử lý qua ứng dụng trên điện thoại.
""",
    "dak_nong.txt": """Đắk Nông đào tạo kỹ năng số cho người dân vùng sâu

UBND tỉnh Đắk Nông tổ chức lớp bồi dưỡng kỹ năng số cho tổ công nghệ số cộng đồng ở các thôn, bon.
""",
}


@pytest.fixture
def corpus_dir(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_names_typed_without_diacritics_come_back_as_the_corpus_spells_them(corpus_dir):
    province, provinces, province_map, theme = dxcompare.check_parameters(
        corpus_dir,
        province="dak nong",
        provinces=["BAC NINH", "Thừa Thiên Huế"],
        province_map=63,
        theme="Dịch vụ công trực tuyến",  # the Vietnamese label finds the theme id
    )
    assert province == "Đắk Nông"
    assert provinces == ["Bắc Ninh", "Thừa Thiên Huế"]
    assert province_map == "63"
    assert theme == "online_services"


def test_a_misspelt_province_fails_listing_the_valid_names_and_the_closest(corpus_dir):
    with pytest.raises(ParameterError) as err:
        dxcompare.check_parameters(corpus_dir, province="Bắc Ninhh")
    message = str(err.value)
    assert "Did you mean 'Bắc Ninh'" in message
    for name in ("Bắc Ninh", "Thừa Thiên Huế", "Đắk Nông"):
        assert name in message


def test_other_parameters_fail_with_their_fix_before_any_corpus_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("Hà Giang số hóa hồ sơ.\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="'63'"):
        dxcompare.check_parameters(tmp_path, province_map="64")
    with pytest.raises(ParameterError, match="'en' or 'vi'"):
        dxcompare.check_parameters(tmp_path, language="fr")
    with pytest.raises(ParameterError, match="n_boot"):
        dxcompare.check_parameters(tmp_path, n_boot=-5)
    with pytest.raises(ParameterError, match="Valid: .*online_services"):
        dxcompare.check_parameters(tmp_path, theme="onlien services x")
    with pytest.raises(ParameterError, match="not found"):
        dxcompare.check_parameters(tmp_path / "khong-co", province_map="63")
    with pytest.raises(ParameterError, match="codebook"):
        dxcompare.check_parameters(tmp_path, codebook=str(tmp_path / "so_tay.yaml"))


def test_checked_values_keep_the_given_order_and_names():
    p = CheckedParameters({"language": "vi", "n_boot": 0})
    assert (
        tuple(p) == ("vi", 0) and p.n_boot == 0 and p.as_dict() == {"language": "vi", "n_boot": 0}
    )
    assert match_name("hai phong", ["Hải Phòng", "Hà Nội"]) == "Hải Phòng"


@pytest.mark.slow
def test_a_profile_with_a_misspelt_province_stops_at_the_check_cell_listing_the_names(
    corpus_dir, tmp_path
):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from dxcompare.reporting.plan import default_notebooks_dir

    notebook = default_notebooks_dir() / "province_profile.ipynb"
    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(str(notebook), str(tmp_path / "run.ipynb"),
                                   parameters={"corpus_path": str(corpus_dir), "province": "Dak Nongg"},
                                   kernel_name="python3", progress_bar=False)  # fmt: skip
    assert err.value.ename == "ParameterError"
    assert "Did you mean 'Đắk Nông'" in err.value.evalue and "Thừa Thiên Huế" in err.value.evalue
    # the cell after the parameters (and the injected ones) is the one that failed
    assert "check_parameters" in "".join(err.value.source)


def test_the_notebooks_load_after_the_check_reuses_its_tables_once_and_sees_edited_files(
    corpus_dir,
):
    import pandas.testing as pdt

    from dxcompare.corpus import build

    dxcompare.load_corpus(corpus_dir)  # built and stored, as `dxcompare report` does first
    (province,) = dxcompare.check_parameters(corpus_dir, province="bac ninh")
    assert province == "Bắc Ninh"
    (kept,) = build._kept.values()  # what the check read, waiting for the notebook's load
    corpus = dxcompare.load_corpus(corpus_dir)
    assert corpus.documents is kept[0]["documents"] and not build._kept
    fresh = dxcompare.load_corpus(corpus_dir)  # read from the cache entry again
    for name in build._TABLES:
        pdt.assert_frame_equal(getattr(corpus, name), getattr(fresh, name))
    pdt.assert_frame_equal(corpus.problems, fresh.problems)

    dxcompare.check_parameters(corpus_dir, province="dak nong")
    (corpus_dir / "yen_bai.txt").write_text(
        "Yên Bái đưa chữ ký số đến cán bộ cấp xã\n\n"
        "UBND tỉnh Yên Bái cấp chữ ký số cho cán bộ, công chức của 173 xã, phường, thị trấn.\n",
        encoding="utf-8",
    )
    edited = dxcompare.load_corpus(corpus_dir)  # another corpus key: nothing stale is handed over
    assert "Yên Bái" in set(edited.documents["primary_province"])
    assert len(edited.documents) == 4 and not build._kept
