"""Stopping a run cleanly: SIGINT, SIGTERM and SIGHUP stop the kernels and workers it started.

Kernels run in their own session (jupyter_client starts them so), so a Ctrl-C or a closed
terminal never reaches them, and the Python default for SIGTERM and SIGHUP ends the parent
without any cleanup. The command line therefore turns these signals into :class:`Stopped`
(a ``KeyboardInterrupt``) after killing every child process the run registered; the
``with`` blocks then unwind as for Ctrl-C: the staging folder goes, the lock is released,
and only complete reports stay.

    >>> from dxcompare.stopping import Children
    >>> with Children() as children:                    # doctest: +SKIP
    ...     children.add(lambda: os.killpg(kernel_pid, signal.SIGKILL))
    ...     ...                                           # a signal here kills the kernel

A library call gets no handlers (the program owns its signals); ``report`` and
``load_corpus`` still stop their children on ``KeyboardInterrupt``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

# Signals that stop a run; SIGHUP: the terminal closed, or `kill -HUP`.
SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; ``exit_code`` is the shell's 128 + signal number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.signal_name = signal.Signals(signum).name
        super().__init__(self.signal_name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class Children:
    """The child processes one run started, killed together when the run is stopped.

    ``add`` a function that kills one child (or a group), ``discard`` it once the child has
    ended. ``stop`` runs every kill function once and makes later ``add`` calls kill at once,
    so a kernel started while the run stops does not survive it. No locks: a signal handler
    runs ``stop`` in the main thread, possibly while that thread is inside ``add``.
    """

    _ids = itertools.count()

    def __init__(self) -> None:
        self.stopped = False
        self._kills: dict[int, Callable[[], None]] = {}

    def __enter__(self) -> Children:
        _LIVE[id(self)] = self
        return self

    def __exit__(self, *exc: Any) -> None:
        _LIVE.pop(id(self), None)

    def add(self, kill: Callable[[], None]) -> int:
        """Register ``kill``; returns a key for ``discard``."""
        key = next(self._ids)
        self._kills[key] = kill
        if self.stopped:  # stop() ran meanwhile: this child must not outlive the run either
            kill = self._kills.pop(key, None)
            if kill is not None:
                _quietly(kill)
        return key

    def discard(self, key: int) -> None:
        self._kills.pop(key, None)

    def stop(self) -> None:
        """Kill every registered child now; later ``add`` calls kill theirs at once."""
        self.stopped = True
        for key in list(self._kills):
            kill = self._kills.pop(key, None)  # atomic: each child is killed once
            if kill is not None:
                _quietly(kill)


def _quietly(kill: Callable[[], None]) -> None:
    with contextlib.suppress(OSError, ValueError):  # already gone
        kill()


# The runs in progress in this process (normally one), for the signal handler.
_LIVE: dict[int, Children] = {}


def stop_all() -> None:
    """Kill the children of every run in progress (what a stop signal does first)."""
    for children in list(_LIVE.values()):
        children.stop()


def kill_group(pid: int, alive: Callable[[], bool] | None = None) -> None:
    """SIGKILL the process group led by ``pid`` (a kernel: its own session), or just ``pid``."""
    if alive is not None and not alive():
        return  # reaped already: the number may belong to another process by now
    kill = getattr(os, "killpg", None)
    if kill is not None:
        try:
            if os.getpgid(pid) == pid:
                kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                return
        except OSError:
            pass
    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))


@contextlib.contextmanager
def handle_signals(
    signals: tuple[int, ...] = SIGNALS, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """While inside: a stop signal kills every run's children, then raises :class:`Stopped`.

    A second signal while the run unwinds kills the children again and ends the process at
    once (exit 128 + signal). Signals ignored when the program started (``nohup``, a
    background job's SIGINT) stay ignored. Outside the main thread this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        stop_all()
        if received:  # impatient: the first stop is unwinding; end now, nothing half-written
            _exit_now(signum, say)
        received.append(signum)
        if _deferred["depth"]:  # inside a commit: raised when it is complete
            _deferred["pending"] = signum
            return
        raise Stopped(signum)

    previous = {}
    for signum in signals:
        old = signal.getsignal(signum)
        if old is signal.SIG_IGN:
            continue
        previous[signum] = old
        signal.signal(signum, handler)
    with _kill_on_any_thread(tuple(previous), say):
        try:
            yield
        finally:
            for signum, old in previous.items():
                signal.signal(signum, old if old is not None else signal.SIG_DFL)


# How many `deferred()` blocks the main thread is in, and the stop signal that came meanwhile.
_deferred: dict[str, int] = {"depth": 0, "pending": 0}


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A block a stop signal does not cut in two: the children die at once, Stopped comes after.

    ``report`` moves a finished report's files into place and records them in the manifest
    inside one: a Ctrl-C then never leaves a report half replaced. Main thread only; without
    :func:`handle_signals` (a library call) it changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _deferred["depth"] += 1
    try:
        yield
    finally:
        _deferred["depth"] -= 1
        signum = _deferred["pending"]
        if signum and not _deferred["depth"]:
            _deferred["pending"] = 0
            raise Stopped(signum)


@contextlib.contextmanager
def _kill_on_any_thread(
    signals: tuple[int, ...], say: Callable[[str], None] | None
) -> Iterator[None]:
    """Kill the children as soon as a signal arrives, whichever thread the system gave it to.

    Python runs a signal handler in the main thread only, and a main thread waiting for a
    notebook thread or a pool result is not woken when the signal went to another thread:
    the kernels would run on until a notebook finished. The C-level handler also writes the
    signal number to a "wakeup" pipe; this thread reads it and kills at once. The children's
    death then wakes the main thread, whose handler raises :class:`Stopped`.
    """
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (ValueError, OSError):  # not the main thread, or no wakeup pipes here
        os.close(read_end)
        os.close(write_end)
        yield
        return

    def watch() -> None:
        seen = 0
        while True:
            try:
                data = os.read(read_end, 64)
            except OSError:
                return
            if not data:  # the pipe was closed: the command is over
                return
            for signum in data:
                if signum not in signals:  # another handler's signal (the pipe is shared)
                    continue
                seen += 1
                stop_all()
                if seen > 1:
                    _exit_now(signum, say)

    watcher = threading.Thread(target=watch, name="dxcompare-signal-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        os.close(write_end)
        watcher.join(timeout=5)
        os.close(read_end)


def _exit_now(signum: int, say: Callable[[str], None] | None) -> None:
    _write(
        say,
        f"dxcompare: {signal.Signals(signum).name} again: stopped at once (the next run cleans up)",
    )
    os._exit(128 + signum)


def _write(say: Callable[[str], None] | None, message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # SIGHUP: the terminal may be gone
        if say is not None:
            say(message)
        else:
            print(message, file=sys.stderr, flush=True)
