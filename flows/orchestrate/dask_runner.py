"""Multi-core and multi-machine runs through prefect-dask's DaskTaskRunner.

The CPU stages (read, clean, extract) run as `process-batch` tasks; with a DaskTaskRunner
they run in separate worker processes, so they scale past the GIL on one machine (a
LocalCluster with N single-threaded worker processes) or across machines (an existing
Dask scheduler). Validation and writing stay in the flow's process.
"""

from __future__ import annotations


def dask_task_runner(workers: int, address: str | None = None):  # noqa: ANN201 - prefect_dask.DaskTaskRunner
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    # Loopback only, no dashboard listener on 0.0.0.0 (STACK.md: --no-dashboard still binds).
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": max(1, workers), "threads_per_worker": 1, "processes": True,
        "host": "127.0.0.1", "dashboard_address": "127.0.0.1:0",
    })
