"""Run the corpus build's map step on Dask (``dask.distributed``).

Needed only when a corpus is too big for one machine's cores: the build is a map over
documents plus a merge, so each document is a Dask task and the merge happens locally.
Results come back in task order, so the corpus is identical to a local build.

    >>> load_corpus("/shared/corpus", scheduler="tcp://10.0.0.5:8786")   # doctest: +SKIP
    >>> load_corpus("corpus", scheduler="local")    # a LocalCluster, one process per core

Workers must run the same dxcompare (checked: a different code fingerprint is an error, not a
silently different corpus) and see the documents at the same paths (checked before mapping).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from dxcompare.errors import CorpusError

#: Seconds to wait for a remote scheduler before giving up with a clear error.
CONNECT_TIMEOUT = 10


def run_on_dask(
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    scheduler: Any,
    *,
    paths: Sequence[str] = (),
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """Map ``func`` over ``tasks`` on a Dask cluster and return the results in task order.

    ``scheduler`` is a scheduler address (``"tcp://10.0.0.5:8786"``), ``"local"`` to start a
    ``LocalCluster`` with ``workers`` (default: one per core) single-threaded worker processes
    (underthesea holds the GIL, so processes, not threads, give the speed-up), or a
    ``dask.distributed.Client`` already connected. ``paths`` are checked to be readable on every
    worker first. Raises CorpusError when the cluster cannot be reached or does not match.
    """
    return list(
        iter_on_dask(func, tasks, scheduler, paths=paths, workers=workers, progress=progress)
    )


def iter_on_dask(
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    scheduler: Any,
    *,
    paths: Sequence[str] = (),
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Any]:
    """:func:`run_on_dask`, yielding each result in task order as soon as it and those before
    it are done, and releasing it on the cluster, so the caller can merge as results arrive."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise CorpusError(
            f"scheduler={scheduler!r} needs dask.distributed ({err}). "
            "Fix: pip install 'dask[distributed]', or leave scheduler unset for a local build"
        ) from err

    if isinstance(scheduler, Client):
        yield from _map(scheduler, func, tasks, paths, progress)
        return
    if scheduler == "local":
        n = workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be another user's dashboard
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield from _map(client, func, tasks, paths, progress)
        return
    with _connect(Client, str(scheduler)) as client:
        yield from _map(client, func, tasks, paths, progress)


def _connect(client_class: type, address: str) -> Any:
    try:
        return client_class(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise CorpusError(
            f"cannot reach the Dask scheduler at {address!r} ({err}). Fix: start one with "
            "`dask scheduler` and workers with `dask worker <address>`, check the address and "
            "port, or pass scheduler='local' to use this machine's cores"
        ) from err


def _map(
    client: Any,
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    paths: Sequence[str],
    progress: Callable[[int, int], None] | None,
) -> Iterator[Any]:
    check_workers(client, paths)
    futures = client.map(func, list(tasks), pure=False)
    try:
        for i in range(len(futures)):
            result = futures[i].result()
            futures[i].release()
            futures[i] = None
            if progress:
                progress(i + 1, len(futures))
            yield result
    finally:  # stopped early (strict=True, an error): drop what is still queued
        client.cancel([f for f in futures if f is not None])


def _worker_facts(paths: Sequence[str]) -> dict[str, Any]:
    """Run on each worker: its dxcompare code fingerprint and the paths it cannot read."""
    from dxcompare.corpus.cache import code_fingerprint

    missing = [p for p in paths if not os.access(p, os.R_OK)]
    return {"fingerprint": code_fingerprint(), "missing": missing[:3], "n_missing": len(missing)}


def check_workers(client: Any, paths: Sequence[str] = ()) -> None:
    """Raise CorpusError unless every worker runs this dxcompare and can read every path."""
    from dxcompare.corpus.cache import code_fingerprint

    facts = client.run(_worker_facts, list(paths))
    if not facts:
        raise CorpusError(
            "the Dask cluster has no workers. Fix: start some with `dask worker <scheduler address>`"
        )
    mine = code_fingerprint()
    for worker, fact in sorted(facts.items()):
        if fact["fingerprint"] != mine:
            raise CorpusError(
                f"Dask worker {worker} runs a different dxcompare (code or data files differ), so "
                "its documents would not match a local build. Fix: install this same dxcompare "
                "on every worker (same version and data files) and restart the workers"
            )
        if fact["n_missing"]:
            raise CorpusError(
                f"Dask worker {worker} cannot read {fact['n_missing']} of the corpus files, e.g. "
                f"{fact['missing'][0]}. Fix: put the corpus on a filesystem every worker mounts "
                "at the same path, and pass that path to load_corpus"
            )
