"""The codebook file: the bundled one is complete and canonical; a broken one names its line."""

from __future__ import annotations

import re
import textwrap

import pytest

from dxcompare.analyze.codebook import NONE_ID, compile_pattern, load_codebook, parse_codebook
from dxcompare.annotate.normalize import fold
from dxcompare.errors import CodebookError

PILLARS = ["digital_government", "digital_economy", "digital_society", "enablers"]


@pytest.fixture(scope="module")
def bundled():
    return load_codebook()


def test_bundled_codebook_has_the_three_national_pillars_plus_enablers(bundled):
    assert bundled.pillars == PILLARS
    assert bundled["digital_government"].label_vi == "Chính quyền số"
    assert bundled["digital_economy"].label_vi == "Kinh tế số"
    assert bundled["digital_society"].label_vi == "Xã hội số"


def test_bundled_codebook_has_at_least_twenty_leaf_themes_each_with_patterns(bundled):
    leaves = bundled.leaves
    assert len(leaves) >= 20
    for tid in leaves:
        theme = bundled[tid]
        assert theme.patterns, tid
        assert theme.label_vi and theme.label_en and theme.definition, tid


def test_bundled_codebook_covers_the_themes_the_issue_lists(bundled):
    wanted = {
        "awareness", "leadership", "institutions", "infrastructure", "data", "platforms",
        "online_services", "admin_reform", "digital_identity", "cybersecurity", "human_resources",
        "youth_mass_orgs", "community_teams", "smart_city", "hightech_innovation",
        "ecommerce_business", "society_services", "remote_work", "finance", "monitoring",
        "people_centre",
    }  # fmt: skip
    assert wanted <= set(bundled.leaves)


def test_bundled_phrase_patterns_are_written_in_canonical_folded_spelling(bundled):
    # A pattern written "hoà" or "Đoàn" would never match the normalized, lower-cased text.
    for theme in bundled:
        for p in (*theme.patterns, *theme.exclude, *theme.exclude_sentence):
            if p.kind == "phrase":
                assert fold(p.source) == p.source, (theme.id, p.source)


def test_pillar_of_a_leaf_is_its_top_level_ancestor(bundled):
    assert bundled.pillar_of("digital_identity") == "digital_government"
    assert bundled.pillar_of("youth_mass_orgs") == "digital_society"
    assert bundled.pillar_of("finance") == "enablers"
    assert bundled.pillar_of(NONE_ID) == NONE_ID


def test_codebook_table_lists_every_theme_with_pillar_and_leaf_flag(bundled):
    table = bundled.table()
    assert list(table["theme_id"]) == list(bundled.themes)
    row = table.set_index("theme_id").loc["cybersecurity"]
    assert row["pillar"] == "enablers" and row["is_leaf"] and row["depth"] == 1


def test_phrase_pattern_matches_whole_syllables_only():
    p = compile_pattern("soc")
    assert p.regex.search("trung tâm soc của tỉnh")
    assert not p.regex.search("social network")
    assert not compile_pattern("đoàn").regex.search("đoànx")


def test_phrase_pattern_accepts_punctuation_with_or_without_spaces():
    p = compile_pattern("tổ chức chính trị - xã hội")
    assert p.regex.search("các tổ chức chính trị-xã hội")
    assert p.regex.search("các tổ chức chính trị - xã hội")


def test_phrase_pattern_is_folded_so_it_can_be_written_in_capitals():
    assert compile_pattern("VNeID").regex.search("ứng dụng vneid")


def test_regex_pattern_can_make_a_part_case_sensitive():
    p = compile_pattern("re:(?-i:AI)")
    assert p.regex.search("ứng dụng AI trong y tế")
    assert not p.regex.search("không ai bị bỏ lại")


# ------------------------------------------------------------------------------------ errors
def _write(tmp_path, body: str):
    path = tmp_path / "my_codebook.yaml"
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


GOOD = """
themes:
- id: econ
  label_vi: Kinh tế số
  label_en: Digital economy
- id: shops
  parent: econ
  label_vi: Thương mại điện tử
  label_en: E-commerce
  patterns:
    - thương mại điện tử
"""


def test_user_codebook_loads_from_a_path(tmp_path):
    cb = load_codebook(_write(tmp_path, GOOD))
    assert list(cb.themes) == ["econ", "shops"]
    assert cb.pillar_of("shops") == "econ"


def test_bad_yaml_names_the_file_and_line(tmp_path):
    path = _write(tmp_path, GOOD + "- id: a: b\n  label_vi: X\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert err.value.line == 11
    assert "my_codebook.yaml:11" in str(err.value)


def test_duplicate_theme_id_names_the_line_of_the_second(tmp_path):
    path = _write(tmp_path, GOOD + "- id: shops\n  label_vi: X\n  label_en: Y\n")
    with pytest.raises(CodebookError, match="duplicate theme id 'shops'") as err:
        load_codebook(path)
    assert err.value.line == 11


def test_pattern_that_cannot_compile_names_its_own_line(tmp_path):
    path = _write(tmp_path, GOOD + "    - 're:(ví điện tử'\n")
    with pytest.raises(CodebookError, match="cannot compile") as err:
        load_codebook(path)
    assert err.value.line == 11


def test_unknown_parent_names_the_parent_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("parent: econ", "parent: economy"))
    with pytest.raises(CodebookError, match="unknown parent 'economy'") as err:
        load_codebook(path)
    assert err.value.line == 6


def test_missing_label_names_the_theme_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("  label_en: E-commerce\n", ""))
    with pytest.raises(CodebookError, match="label_en") as err:
        load_codebook(path)
    assert err.value.line == 5


def test_misspelled_key_is_an_error_not_silently_ignored(tmp_path):
    path = _write(tmp_path, GOOD.replace("  patterns:", "  pattern:"))
    with pytest.raises(CodebookError, match="unknown key 'pattern'") as err:
        load_codebook(path)
    assert err.value.line == 9


def test_parent_cycle_is_an_error():
    text = GOOD.replace("- id: econ\n", "- id: econ\n  parent: shops\n")
    with pytest.raises(CodebookError, match="own ancestor"):
        parse_codebook(textwrap.dedent(text), "cycle.yaml")


def test_none_is_a_reserved_theme_id():
    with pytest.raises(CodebookError, match="reserved"):
        parse_codebook("themes:\n- id: none\n  label_vi: a\n  label_en: b\n", "x.yaml")


def test_empty_pattern_is_an_error():
    with pytest.raises(CodebookError, match="cannot compile"):
        parse_codebook(
            "themes:\n- id: a\n  label_vi: a\n  label_en: b\n  patterns:\n    - 're:'\n", "x.yaml"
        )


def test_missing_file_and_empty_file_are_codebook_errors(tmp_path):
    with pytest.raises(CodebookError, match="file not found"):
        load_codebook(tmp_path / "nope.yaml")
    with pytest.raises(CodebookError, match="empty"):
        load_codebook(_write(tmp_path, "\n"))


def test_error_message_says_how_to_fix(tmp_path):
    path = _write(tmp_path, GOOD.replace("parent: econ", "parent: economy"))
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert re.search(r"Fix: ", str(err.value))


def test_a_codebook_path_that_is_a_folder_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(CodebookError, match="cannot read the codebook file") as caught:
        load_codebook(tmp_path)
    assert str(tmp_path) in str(caught.value) and "Fix:" in str(caught.value)


def test_a_codebook_in_windows_1258_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "chu_de.yaml"
    # "label_vi: Y tế" saved by an old Windows editor: ê is one byte (0xEA), tone as a combining mark
    path.write_bytes(b"- id: y_te\n  label_vi: Y t\xea\xec\n")
    with pytest.raises(CodebookError, match="not UTF-8") as caught:
        load_codebook(path)
    assert caught.value.line == 2


def test_parsed_once_per_text_and_each_call_gets_its_own_codebook():
    text = textwrap.dedent(
        """\
        themes:
        - id: chinh_quyen_so
          label_vi: Chính quyền số
          label_en: Digital government
          patterns: ["dịch vụ công trực tuyến"]
        """
    )
    first = parse_codebook(text, "mine.yaml")
    second = parse_codebook(text, "mine.yaml")
    assert first == second and first is not second
    # the compiled patterns are shared, not compiled again
    assert first["chinh_quyen_so"].patterns[0].regex is second["chinh_quyen_so"].patterns[0].regex
    del first.themes["chinh_quyen_so"]  # one caller's edit does not reach the next caller
    assert "chinh_quyen_so" in parse_codebook(text, "mine.yaml")
    # an edited file (other text) is parsed afresh
    edited = parse_codebook(text.replace("dịch vụ công trực tuyến", "chữ ký số"), "mine.yaml")
    assert edited["chinh_quyen_so"].patterns[0].source == "chữ ký số"
    sentence = fold("Sở Thông tin và Truyền thông Hà Nội cấp chữ ký số cho cán bộ")
    assert edited["chinh_quyen_so"].patterns[0].regex.search(sentence)
