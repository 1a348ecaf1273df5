"""dxcompare's one logger and its progress bars (private: the stages and the CLI use it).

Progress text and warnings of every stage go to ``logging.getLogger("dxcompare")`` or a child
named for the stage (``"dxcompare.corpus"``, ``"dxcompare.reporting"``). The library adds no
output of its own (a :class:`logging.NullHandler` only): the program decides what is shown.
The ``dxcompare`` command shows the INFO lines on stdout (:func:`console_logging`), as it
always printed them.

Progress bars are tqdm's, drawn on stderr only when it is a terminal: never in a pipe, a log
file, a notebook kernel or a test, so what a batch run writes does not change. The environment
variable ``DXCOMPARE_PROGRESS=0`` turns them off on a terminal too (``1`` forces them on).

    >>> with progress_bar(3, "documents") as bar:   # doctest: +SKIP
    ...     for _ in range(3):
    ...         bar.update(1)
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

ROOT = "dxcompare"
logger = logging.getLogger(ROOT)
# A library adds no output of its own: without a handler configured by the program, nothing is
# written (no "lastResort" line on stderr for a warning).
logger.addHandler(logging.NullHandler())


def get_logger(stage: str) -> logging.Logger:
    """The logger of one stage: ``get_logger("corpus")`` is ``dxcompare.corpus``."""
    return logging.getLogger(f"{ROOT}.{stage}")


def bars_enabled() -> bool:
    """Whether progress bars are drawn: stderr is a terminal, not under pytest, not turned off."""
    wanted = os.environ.get("DXCOMPARE_PROGRESS", "").strip()
    if wanted in ("0", "1"):
        return wanted == "1"
    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


class _NoBar:
    """What :func:`progress_bar` returns when no bar is drawn (tqdm is not even imported)."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, desc: str, unit: str = "doc") -> Any:
    """A tqdm bar of ``total`` steps on stderr, or a do-nothing bar (see :func:`bars_enabled`).

    The bar disappears when closed (``leave=False``): the lines written around it stay readable.
    """
    if total < 1 or not bars_enabled():
        return _NoBar()
    # tqdm.auto would pick the notebook bar, which prints on stdout once an IPython shell exists
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr, dynamic_ncols=True)


class _ConsoleHandler(logging.Handler):
    """Each record's message on the current ``sys.stdout``, written around any progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            if bars_enabled():
                from tqdm import tqdm

                tqdm.write(message, file=sys.stdout)  # clears the bar, writes, redraws it
            else:
                sys.stdout.write(message + "\n")
                sys.stdout.flush()
        except BrokenPipeError:
            raise
        except Exception:  # a logging handler never raises into the program (logging's rule)
            self.handleError(record)


@contextlib.contextmanager
def console_logging(level: int = logging.INFO) -> Iterator[None]:
    """While the block runs, dxcompare's messages of ``level`` and above go to stdout, bare.

    What the ``dxcompare`` command uses: its lines are the messages alone ("[run]     summary"),
    exactly what it printed before it used logging. The logger's level and handlers are restored
    afterwards, so a program (or a test) calling ``cli.main`` twice sees each line once.
    """
    handler = _ConsoleHandler(level)
    handler.setFormatter(logging.Formatter("%(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, previous) if previous else level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
