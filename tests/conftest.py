"""Shared fixtures: Prefect test server (once per session), source-folder builders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def prefect_server():
    """One Prefect test server for the session (migrations take 15-30 s on a fresh DB)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/ (tests change, add and delete inputs)."""
    dst = tmp_path / "source"
    shutil.copytree(SEEDS, dst)
    return dst


def write_files(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_bytes(content)
    return folder


# Pieces of news text, glued at random by `random_news_texts` to fuzz extractors' offsets.
NEWS_PIECES = ["500", "troops", " ", ",", ".", "\n\n", "“", "”", '"', "‘", "’", "on", "Saturday", "March",
               "2020", "1970s", "two", "were", "killed", "of", "its", "said", "mid-", "-", "the", "a dozen",
               "$5", "45-year-old", "Iraqi", "According to", ":", "hundreds of", "people", "14 July"]


def random_news_texts(n: int = 300, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(NEWS_PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(0, 40)))
            for _ in range(n)]


@pytest.fixture(scope="session")
def quickstart_warehouse(prefect_server, tmp_path_factory) -> tuple[Path, dict]:
    """The Quick start's result, built once: `newsflow run` over a copy of seeds/ (rejects empty).

    Shared by the reader and report tests, which must not change it (copy it first).
    """
    from flows.orchestrate.flow import run_flow

    root = tmp_path_factory.mktemp("quickstart")
    shutil.copytree(SEEDS, root / "seeds")
    summary = run_flow(root / "seeds", root / "warehouse")
    return root / "warehouse", summary


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto, on 127.0.0.1) for the session, with the AWS_* variables
    pointing at it set in os.environ meanwhile (restored after).

    Yields a `tests.s3server.S3Server`: `.endpoint`, `.env` (pass it to subprocesses, e.g. Dask
    workers; also `tests.s3server.s3_env(endpoint)`) and `.bucket(name)`, a fresh bucket per call.
    `flows.fs` caches opened storages and pyarrow reads the variables when a storage is opened, so
    the environment is set before any `s3://` storage exists, and the cache is emptied at both ends
    (no storage outlives the server it talks to)."""
    from flows import fs
    from tests.s3server import running_s3_server, s3_environment

    with running_s3_server() as server, s3_environment(server.endpoint):
        fs._open.cache_clear()
        try:
            yield server
        finally:
            fs._open.cache_clear()
