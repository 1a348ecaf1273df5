"""The province of a provincial paper or portal, from its web host or its name (issue 16)."""

from __future__ import annotations

import pytest

from dxcompare.annotate.outlets import host_province, name_province, outlet_province
from dxcompare.corpus.build import load_corpus


@pytest.mark.parametrize(
    ("url", "province"),
    [
        (
            "https://baobariavungtau.com.vn/chuyen-doi-so/202506/chuyen-doi-so-manh-me/",
            "Bà Rịa - Vũng Tàu",
        ),
        ("https://hdnd.dongnai.gov.vn/vi/news/hoi-dong-nhan-dan/abc-1996.html", "Đồng Nai"),
        ("https://skhcn.dienbien.gov.vn/portal/pages/2023-08-07/abc.aspx", "Điện Biên"),
        ("https://thachkim.locha.hatinh.gov.vn/vi/news/abc.html", "Hà Tĩnh"),
        ("http://dakrlap.daknong.gov.vn/ke-hoach", "Đắk Nông"),
        ("https://baocamau.vn/kinh-te/abc", "Cà Mau"),
        ("baophutho.vn/hoi-thao-240870.htm", "Phú Thọ"),
        ("https://www.baoquangninh.vn/abc", "Quảng Ninh"),
    ],
)
def test_a_provincial_host_names_its_province(url, province):
    assert host_province(url) == province


@pytest.mark.parametrize(
    "url",
    [
        "https://vnexpress.net/ha-noi-dan-dau-chuyen-doi-so.html",  # a national paper
        "https://nhandan.vn/dien-bien-bo-tri-post669522.html",  # the path names it, not the host
        "https://news.laodong.vn/xa-hoi/cao-bang-du-kien.ldo",
        "https://thuvienphapluat.vn/van-ban/Ke-hoach-8124-KH-UBND-2023-Lam-Dong.aspx",
        "https://www.mic.gov.vn/Pages/ChuyenMuc/Chuyen-doi-so.html",
        "",
        None,
    ],
)
def test_a_national_or_unknown_host_names_no_province(url):
    assert host_province(url) is None


def test_the_outlets_name_wins_over_its_host():
    assert name_province("Báo Lào Cai") == "Lào Cai"
    assert name_province("VnExpress") is None
    assert outlet_province("https://baocamau.vn/abc", "Báo Bạc Liêu") == "Bạc Liêu"
    assert outlet_province("https://baocamau.vn/abc", None) == "Cà Mau"


def _build(tmp_path, text, url, name="doc"):
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(f"file,url\n{name}.txt,{url}\n", encoding="utf-8")
    return load_corpus(tmp_path, use_cache=False).documents.iloc[0]


def test_a_text_naming_no_province_takes_its_outlets(tmp_path):
    text = (
        "Phó Chủ tịch UBND tỉnh vừa ký ban hành văn bản triển khai Quyết định 1012/QĐ-TTg của Thủ"
        " tướng Chính phủ.\n\nUBND tỉnh yêu cầu các sở, ngành, địa phương đẩy mạnh số hóa, chia sẻ"
        " dữ liệu.\n"
    )
    doc = _build(tmp_path, text, "https://baobariavungtau.com.vn/chuyen-doi-so/202506/abc/")
    assert (doc["primary_province"], doc["province_2025"]) == ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh")


def test_after_the_merger_an_outlets_former_province_is_named_by_its_new_unit(tmp_path):
    text = (
        "Ngày 15/9/2025, Sở Khoa học và Công nghệ tỉnh tổ chức hội nghị triển khai nền tảng số"
        " cho 124 xã, phường sau sắp xếp.\n\nCác xã, phường đã vận hành hệ thống họp trực tuyến.\n"
    )
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,url,published\ndoc.txt,https://baoquangbinh.vn/abc.htm,2025-09-15\n", encoding="utf-8"
    )
    doc = load_corpus(tmp_path, use_cache=False).documents.iloc[0]
    assert (doc["primary_province"], doc["province_2025"]) == ("Quảng Trị", "Quảng Trị")


def test_a_province_named_in_the_text_wins_over_the_outlets(tmp_path):
    text = (
        "Tỉnh Gia Lai đẩy mạnh chuyển đổi số\n\nNgày 3/3/2026, UBND tỉnh Gia Lai ra mắt Trung tâm"
        " dữ liệu. Gia Lai đặt mục tiêu hoàn thành số hóa hồ sơ.\n"
    )
    doc = _build(tmp_path, text, "https://baodaklak.vn/abc.html")
    assert doc["primary_province"] == "Gia Lai"
