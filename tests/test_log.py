"""One logger for progress text and warnings; tqdm bars only on a terminal (dxcompare._log)."""

from __future__ import annotations

import inspect
import logging

import pytest

from dxcompare import _log
from dxcompare.reporting.execute import say

DOCS = {
    "quang_tri.txt": "Quảng Trị số hóa hồ sơ\nTỉnh Quảng Trị đã số hóa 12.000 hồ sơ hộ tịch.\n",
    "an_giang.txt": "An Giang mở rộng thanh toán số\nTỉnh An Giang có 65% chợ thanh toán không dùng tiền mặt.\n",
}


def test_no_bar_in_a_test_or_a_pipe_unless_asked(monkeypatch):
    monkeypatch.delenv("DXCOMPARE_PROGRESS", raising=False)
    assert not _log.bars_enabled()  # pytest: stderr captured, PYTEST_CURRENT_TEST set
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "1")
    assert _log.bars_enabled()
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "0")
    assert not _log.bars_enabled()


def test_a_corpus_build_draws_its_bar_on_stderr_only_when_bars_are_on(
    load_texts, capsys, monkeypatch
):
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "0")
    load_texts(DOCS, "log_quiet")
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "1")
    load_texts(DOCS, "log_bar")
    shown = capsys.readouterr()
    assert shown.out == ""  # stdout (a pipe, a CSV export) never gets a bar
    # tqdm redraws at most every 0.1 s and clears its bar when done: the last count may not show
    assert "documents:" in shown.err and "/2 [" in shown.err


def test_the_bar_stays_on_stderr_once_ipykernel_is_imported(capsys, monkeypatch):
    # Any test (or script) that imported ipykernel makes tqdm.auto choose its notebook bar,
    # which an IPython shell without a front end prints on stdout: the bar must not follow it.
    import sys

    import ipykernel.zmqshell  # noqa: F401  (what tqdm.auto looks for)
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    for name in ("tqdm.auto", "tqdm.autonotebook"):  # tqdm.auto chooses once, at import
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "1")
    bar = _log.progress_bar(2, "documents", "doc")
    bar.update(2)
    bar.close()
    shown = capsys.readouterr()
    assert shown.out == ""
    assert "documents:" in shown.err


def test_console_logging_prints_bare_lines_and_then_restores_the_logger(capsys):
    logger = logging.getLogger("dxcompare")
    before = (logger.level, list(logger.handlers))
    with _log.console_logging():
        say(None, "[run]     province_profile-quang-tri")
        _log.get_logger("corpus").debug("not shown: below INFO")
    say(None, "[run]     not shown: the block has ended")
    assert capsys.readouterr().out == "[run]     province_profile-quang-tri\n"
    assert (logger.level, list(logger.handlers)) == before


def test_the_library_prints_no_progress_by_default(caplog, capsys):
    from dxcompare.reporting.reports import report

    assert inspect.signature(report).parameters["progress"].default is None
    with caplog.at_level(logging.INFO, logger="dxcompare"):
        say(None, "[ok]      summary (1.0 s)")
    assert capsys.readouterr().out == ""
    assert [r.getMessage() for r in caplog.records] == ["[ok]      summary (1.0 s)"]


@pytest.mark.parametrize("total", [0, 3])
def test_a_bar_that_is_not_drawn_still_counts_and_closes(total, monkeypatch):
    monkeypatch.setenv("DXCOMPARE_PROGRESS", "0")
    with _log.progress_bar(total, "reports", unit="report") as bar:
        bar.update(1)
