"""Orchestrate: the run loop (`pipeline`, plain Python), the Prefect flow (`flow`, the only module
that imports Prefect) and Dask task runners (`dask_runner`)."""
