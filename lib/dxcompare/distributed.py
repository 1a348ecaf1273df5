"""Run the corpus build's map step on Dask (``dask.distributed``).

Needed only when a corpus is too big for one machine's cores: the build is a map over
documents plus a merge, so each document is a Dask task and the merge happens locally.
Results come back in task order, so the corpus is identical to a local build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any


def run_on_dask(func: Callable[[Any], Any], tasks: Sequence[Any], scheduler: str) -> list[Any]:
    """Map ``func`` over ``tasks`` on a Dask cluster and return the results in order.

    ``scheduler`` is a scheduler address (``"tcp://10.0.0.5:8786"``) or ``"local"`` to start a
    ``LocalCluster`` with one single-threaded worker process per core (underthesea is not
    thread-parallel, so processes, not threads, give the speed-up).
    """
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        n = os.cpu_count() or 1
        with LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster) as client:
            return _gather(client, func, tasks)
    with Client(scheduler) as client:
        return _gather(client, func, tasks)


def _gather(client: Any, func: Callable[[Any], Any], tasks: Sequence[Any]) -> list[Any]:
    futures = client.map(func, list(tasks), pure=False)
    return client.gather(futures)
