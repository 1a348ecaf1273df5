"""manifest.csv: overrides per document, and an error naming the line for every mistake."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from dxcompare.errors import ManifestError
from dxcompare.ingest.manifest import MANIFEST_COLUMNS, parse_published, read_manifest
from dxcompare.ingest.reading import discover_files

# A small stand-in for dxcompare.annotate.provinces.resolve_province (written elsewhere).
_PROVINCES = {
    "bình định": "Bình Định",
    "tỉnh bình định": "Bình Định",
    "hồ chí minh": "Hồ Chí Minh",
    "tp.hcm": "Hồ Chí Minh",
    "đắk lắk": "Đắk Lắk",
    "thừa thiên huế": "Thừa Thiên Huế",
}


def resolve_province(name: str) -> str | None:
    return _PROVINCES.get(unicodedata.normalize("NFC", name).strip().lower())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for name in [
        "binh_dinh/nq_05.txt",
        "dak_lak/kế hoạch 176.docx",
        "hcm/tin.html",
        "-draft.md",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Chuyển đổi số: {name}", encoding="utf-8"
        )  # distinct: copies are set aside
    return tmp_path


def load(corpus: Path, text: str, encoding: str = "utf-8", errors: str = "strict", **kwargs):
    manifest = corpus / "manifest.csv"
    manifest.write_bytes(text.encode(encoding, errors=errors))
    _, files, _ = discover_files(corpus)
    return read_manifest(manifest, files, **kwargs)


def error(corpus: Path, text: str, **kwargs) -> ManifestError:
    """The ManifestError that loading ``text`` raises (it must name the manifest and a fix)."""
    with pytest.raises(ManifestError) as caught:
        load(corpus, text, **kwargs)
    assert caught.value.path == str(corpus / "manifest.csv")
    assert caught.value.fix
    return caught.value


def test_columns_are_the_contract():
    assert MANIFEST_COLUMNS == ("file", "title", "outlet", "url", "published", "province", "kind")


def test_rows_override_only_their_non_empty_fields(corpus):
    result = load(
        corpus,
        "file,title,outlet,url,published,province,kind\n"
        "binh_dinh/nq_05.txt,Nghị quyết 05-NQ/TU,Báo Bình Định,https://baobinhdinh.vn/a,"
        "12/12/2022,Bình Định,Resolution\n"
        'hcm/tin.html,"Tin vắn, số 3",,,2023-06,,\n',
        resolve_province=resolve_province,
    )
    assert result == {
        (corpus / "binh_dinh/nq_05.txt").resolve(): {
            "title": "Nghị quyết 05-NQ/TU",
            "outlet": "Báo Bình Định",
            "url": "https://baobinhdinh.vn/a",
            "published": "2022-12-12",
            "published_precision": "day",
            "province": "Bình Định",
            "kind": "resolution",
        },
        (corpus / "hcm/tin.html").resolve(): {
            "title": "Tin vắn, số 3",
            "published": "2023-06",
            "published_precision": "month",
        },
    }


def test_utf8_bom_and_only_a_file_column(corpus):
    result = load(corpus, "\ufefffile\r\n-draft.md\r\n")
    assert result == {(corpus / "-draft.md").resolve(): {}}


def test_header_names_ignore_case_and_spaces(corpus):
    result = load(corpus, " File , Title \n-draft.md, Bản nháp \n")
    assert result == {(corpus / "-draft.md").resolve(): {"title": "Bản nháp"}}


def test_semicolon_separated_excel_export_is_read(corpus):
    result = load(corpus, "file;title;published\nhcm/tin.html;Tin, vắn;2021\n")
    assert result[(corpus / "hcm/tin.html").resolve()] == {
        "title": "Tin, vắn",
        "published": "2021",
        "published_precision": "year",
    }


def test_vietnamese_file_name_matches_whatever_its_unicode_form(corpus):
    nfd = unicodedata.normalize("NFD", "dak_lak/kế hoạch 176.docx")
    result = load(corpus, f"file,kind\n{nfd},plan\n")
    assert result == {(corpus / "dak_lak/kế hoạch 176.docx").resolve(): {"kind": "plan"}}


def test_windows_backslashes_are_accepted(corpus):
    result = load(corpus, "file,kind\nbinh_dinh\\nq_05.txt,resolution\n")
    assert list(result) == [(corpus / "binh_dinh/nq_05.txt").resolve()]


def test_province_is_resolved_to_its_canonical_name(corpus):
    result = load(corpus, "file,province\nhcm/tin.html,TP.HCM\n", resolve_province=resolve_province)
    assert result[(corpus / "hcm/tin.html").resolve()]["province"] == "Hồ Chí Minh"


def test_blank_rows_are_ignored(corpus):
    result = load(corpus, "file,title\n\n,\n-draft.md,x\n")
    assert len(result) == 1


def test_unknown_column_is_named_with_the_valid_ones(corpus):
    caught = error(corpus, "file,provnce\n-draft.md,Bình Định\n")
    assert caught.line == 1
    assert "unknown column 'provnce'" in caught.problem
    assert "did you mean 'province'" in caught.problem
    assert "file, title, outlet, url, published, province, kind" in caught.fix


def test_missing_file_column(corpus):
    caught = error(corpus, "title,kind\nx,plan\n")
    assert "no 'file' column" in caught.problem


def test_row_for_a_file_not_in_the_corpus(corpus):
    caught = error(corpus, "file,kind\n-draft.md,plan\nbinh_dinh/nq_5.txt,plan\n")
    assert caught.line == 3
    assert "'binh_dinh/nq_5.txt' is not a document of the corpus" in caught.problem
    assert "did you mean 'binh_dinh/nq_05.txt'" in caught.problem
    assert "manifest.csv:3:" in str(caught)


def test_duplicate_row_names_both_lines(corpus):
    caught = error(corpus, "file\nhcm/tin.html\n-draft.md\n./hcm/tin.html\n")
    assert caught.line == 4
    assert "listed twice (first on line 2)" in caught.problem


@pytest.mark.parametrize("value", ["/etc/passwd", "C:\\corpus\\a.txt", "\\\\server\\share\\a.txt"])
def test_absolute_paths_are_refused(corpus, value):
    caught = error(corpus, f'file\n"{value}"\n')
    assert "absolute path" in caught.problem
    assert caught.line == 2


@pytest.mark.parametrize("value", ["../../etc/passwd", "binh_dinh/../../x.txt"])
def test_paths_escaping_the_folder_are_refused(corpus, value):
    caught = error(corpus, f"file\n{value}\n")
    assert "outside the corpus folder" in caught.problem


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2022-12-12", "2022-12-12", "day"),
        ("2022-12", "2022-12", "month"),
        ("2022", "2022", "year"),
        ("12/12/2022", "2022-12-12", "day"),
        ("3/6/2020", "2020-06-03", "day"),
        ("03/06/2020", "2020-06-03", "day"),
        ("24-2-2025", "2025-02-24", "day"),
        ("6/2025", "2025-06", "month"),
        (" 2021 ", "2021", "year"),
    ],
)
def test_published_dates_are_day_first_iso_at_their_precision(value, iso, precision):
    assert parse_published(value) == (iso, precision)


@pytest.mark.parametrize(
    "value", ["31/02/2022", "2022-13-01", "12/12/22", "tháng 6", "2022/12/12", "1850", "13/2025"]
)
def test_bad_dates_name_the_line_and_the_accepted_forms(corpus, value):
    caught = error(corpus, f"file,published\n-draft.md,{value}\n")
    assert caught.line == 2
    assert f"'{value}'" in caught.problem
    assert "YYYY-MM-DD" in caught.fix and "DD/MM/YYYY" in caught.fix


def test_unknown_province_says_how_to_spell_it(corpus):
    caught = error(
        corpus, "file,province\n-draft.md,Binh Dinh Province\n", resolve_province=resolve_province
    )
    assert caught.line == 2
    assert "unknown province 'Binh Dinh Province'" in caught.problem
    assert "Bình Định" in caught.fix and "diacritics" in caught.fix


def test_province_is_kept_as_written_without_a_resolver(corpus):
    result = load(corpus, "file,province\n-draft.md,Bình Định\n")
    assert result[(corpus / "-draft.md").resolve()]["province"] == "Bình Định"


@pytest.mark.parametrize("fields", ["-draft.md,a,b", "-draft.md"])
def test_wrong_number_of_fields(corpus, fields):
    caught = error(corpus, f"file,title\nhcm/tin.html,ok\n{fields}\n")
    assert caught.line == 3
    assert "header has 2" in caught.problem
    assert "double quotes" in caught.fix


def test_line_numbers_count_quoted_cells_spanning_lines(corpus):
    caught = error(corpus, 'file,title\nhcm/tin.html,"Dòng một\nDòng hai"\nkhông_có.txt,x\n')
    assert caught.line == 4


@pytest.mark.parametrize("url", ["javascript:alert(1)", "baobinhdinh.vn/a", "https://a b"])
def test_urls_must_be_web_addresses(corpus, url):
    caught = error(corpus, f'file,url\n-draft.md,"{url}"\n')
    assert "not a web address" in caught.problem


def test_manifest_not_in_utf8_says_how_to_save_it(corpus):
    caught = error(
        corpus, "file,title\n-draft.md,Hội nghị Đà Nẵng\n", encoding="cp1252", errors="replace"
    )
    assert "not UTF-8" in caught.problem
    assert "CSV UTF-8" in caught.fix


def test_empty_manifest(corpus):
    caught = error(corpus, "")
    assert "empty" in caught.problem


def test_row_for_a_file_that_discovery_set_aside_is_ignored(corpus):
    (corpus / "hcm" / "tin_copy.html").write_bytes((corpus / "hcm" / "tin.html").read_bytes())
    (corpus / "bang.xlsx").write_bytes(b"PK\x03\x04")
    overrides = load(
        corpus, "file,kind\nhcm/tin_copy.html,plan\nbang.xlsx,plan\nhcm/tin.html,news\n"
    )
    assert list(overrides.values()) == [{"kind": "news"}]


def test_row_for_a_hidden_file_is_still_an_error(corpus):
    (corpus / ".nhap.txt").write_text("Bản nháp", encoding="utf-8")
    caught = error(corpus, "file\n.nhap.txt\n")
    assert "'.nhap.txt' is not a document of the corpus" in caught.problem
