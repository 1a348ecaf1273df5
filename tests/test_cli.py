"""The command line as a user meets it: pipes, options and file names."""

from __future__ import annotations

import json
import subprocess
import sys

from dxcompare.cli import main

CLI = [sys.executable, "-m", "dxcompare.cli"]


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_piped_into_head_ends_quietly(tmp_path):
    doc = "Ngày 12/4/2022, UBND tỉnh Quảng Trị ban hành Kế hoạch số 61/KH-UBND về chuyển đổi số.\n"
    for i in range(30):
        _write(tmp_path, f"bai-{i:02d}.txt", f"Bài số {i} của Quảng Trị\n\n{doc * (i + 1)}")
    shell = f"{' '.join(CLI)} extract {tmp_path} --format json | head -c 50"
    done = subprocess.run(shell, shell=True, capture_output=True, text=True)
    assert done.stdout.startswith("[")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_an_abbreviated_option_is_not_taken_for_another(tmp_path, capsys):
    _write(
        tmp_path, "bai.txt", "Tỉnh Sơn La đẩy mạnh chuyển đổi số\n\nSơn La phát triển hạ tầng số.\n"
    )
    try:
        main(["corpus", "--str", str(tmp_path)])
    except SystemExit as stop:
        assert stop.code == 2
    assert "unrecognized arguments: --str" in capsys.readouterr().err


def test_extract_json_carries_every_target_field(tmp_path, capsys):
    _write(
        tmp_path,
        "ninh-thuan.txt",
        "Ninh Thuận đặt mục tiêu số hóa\n\n"
        "Đến năm 2025, tỷ lệ hồ sơ trực tuyến của tỉnh Ninh Thuận đạt 30-40%, "
        "chỉ số DTI tăng ít nhất 3 bậc; tổng kinh phí 120 tỷ đồng.\n",
    )
    assert main(["extract", str(tmp_path), "--format", "json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)
    assert doc["primary_province"] == "Ninh Thuận"
    by_kind = {t["kind"]: t for t in doc["targets"]}
    assert by_kind["percent"]["value"] == 40 and by_kind["percent"]["value_low"] == 30
    assert (
        by_kind["rank_change"]["change"] == 3 and by_kind["rank_change"]["qualifier"] == "ít nhất"
    )
    assert by_kind["money"]["value"] == 120 and by_kind["money"]["unit"] == "tỷ đồng"
