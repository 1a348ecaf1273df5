"""A child process that dies with its parent: notebook kernels and corpus-build workers.

After ``kill -9`` of ``dxcompare report`` or ``dxcompare corpus`` no cleanup runs in the
parent, and its children are handed to PID 1. ipykernel's own watcher and a polling thread
both live in the child's interpreter, so a cell or a document stuck in one long regular
expression (the GIL held for minutes) keeps them from ever running: such a kernel was seen
at full CPU ten minutes after its parent was killed. On Linux the child therefore asks the
operating system itself to kill it when its parent goes (``prctl(PR_SET_PDEATHSIG)``), which
needs no Python code to run; elsewhere a polling thread is the fallback.

    >>> from dxcompare.lifeline import kernel_command
    >>> kernel_command(["python", "-m", "ipykernel_launcher", "-f", "k.json"])[1]
    '-c'

This file uses the standard library only and is also run as a script inside kernels (see
:func:`kernel_command`), so the kernel need not be able to import dxcompare.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

# <linux/prctl.h>: the signal this process gets when the thread that forked it exits.
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(signum: int) -> bool:
    """True if the kernel will send ``signum`` to this process when its parent exits (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (ImportError, OSError, AttributeError):
        return False
    zero = ctypes.c_ulong(0)
    return prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signum), zero, zero, zero) == 0


def _watch(parent: int, every: float) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def die_with_parent(parent: int, every: float = 0.5) -> bool:
    """Make this process exit as soon as process ``parent`` (which started it) is gone.

    On Linux the kernel sends SIGKILL (nothing in this process can delay it); elsewhere a
    daemon thread polls ``os.getppid()`` every ``every`` seconds. Returns True when the
    operating system guards the process. If the parent is already gone, exits at once.

    The Linux signal comes when the parent *thread* that started this process ends: start
    children from a thread that outlives them (the main thread, or a pool thread that shuts
    its kernel down before it ends), as dxcompare does.
    """
    armed = _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(1)
    if not armed:
        threading.Thread(
            target=_watch, args=(parent, every), name="dxcompare-parent-watch", daemon=True
        ).start()
    return armed


# `python -c BOOT -f kernel.json ...`: run this file as __main__, which starts the kernel.
_BOOT = "import sys;p={path!r};exec(compile(open(p,encoding='utf-8').read(),p,'exec'))"


def kernel_command(argv: list[str]) -> list[str]:
    """An IPython kernel command line that starts the kernel guarded by :func:`die_with_parent`.

    ``[python, "-m", "ipykernel_launcher", *args]`` becomes ``[python, "-c", <run this file>,
    *args]``; any other kernel command is returned unchanged (its own parent polling stays).
    """
    if len(argv) >= 3 and argv[1:3] == ["-m", "ipykernel_launcher"]:
        return [argv[0], "-c", _BOOT.format(path=os.path.abspath(__file__)), *argv[3:]]
    return list(argv)


def _kernel_main() -> None:
    """Guard this kernel by its parent (jupyter_client sets JPY_PARENT_PID), then start it."""
    parent = int(os.environ.get("JPY_PARENT_PID") or 0)
    if parent > 1:
        die_with_parent(parent)
    import runpy

    # exactly what `python -m ipykernel_launcher` does, cwd handling included
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _kernel_main()
