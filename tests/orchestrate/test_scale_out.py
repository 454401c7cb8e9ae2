"""Scale-out for real: the flow with its source and warehouse on a local S3 server, and through a
Dask cluster (`dask scheduler` + two `dask worker` processes on 127.0.0.1) that validates and
stages every batch itself while the flow's process only commits.

Both compare the warehouse with the same flow over the same inputs in local folders: row
counts and content hashes per table (run ids, times and the source location left out).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.table_hashes import table_hashes
from flows.fs import open_storage
from tests.conftest import SEEDS, write_files
from tests.s3server import free_port

pytestmark = pytest.mark.flow

EXTRA = {  # a JSONL feed, an HTML page and an empty file: every reader and a reject, besides the samples
    "feeds/2025-05-03.jsonl": '{"id": "r1", "url": "https://example.org/a", "text": "Troops arrive\\n\\n'
                              'Some 80 soldiers arrived in Kabul on Friday, officials said."}\n',
    "pages/page.html": "<html><head><title>Withdrawal</title></head><body><article><h1>Withdrawal</h1>"
                       "<p>About 300 French soldiers left Mali on Monday, the defence ministry said.</p>"
                       "</article></body></html>",
    "empty.txt": b"",
}


def _local_source(root: Path) -> Path:
    src = root / "src"
    shutil.copytree(SEEDS, src)
    write_files(src, EXTRA)
    return src


def _upload(server, bucket: str, src: Path, prefix: str) -> None:
    client = server.client()
    for p in sorted(src.rglob("*")):
        if p.is_file():
            client.put_object(Bucket=bucket, Key=f"{prefix}/{p.relative_to(src).as_posix()}", Body=p.read_bytes())


@pytest.fixture(scope="module")
def local_reference(prefect_server, tmp_path_factory) -> tuple[Path, dict]:
    """The inputs in a local folder and the warehouse the flow makes of them there."""
    from flows.orchestrate.flow import run_flow

    root = tmp_path_factory.mktemp("scale-local")
    src = _local_source(root)
    run_flow(src, root / "wh", batch_size=2)
    return src, table_hashes(root / "wh")


def test_a_flow_on_s3_makes_the_same_tables_as_on_local_folders(local_reference, s3_server, tmp_path, monkeypatch):
    from flows.orchestrate.flow import run_flow

    src, expected = local_reference
    bucket = s3_server.bucket("nf-same")
    _upload(s3_server, bucket, src, "raw")
    monkeypatch.setenv("NEWSFLOW_LOCAL_DIR", str(tmp_path / "local"))
    summary = run_flow(f"s3://{bucket}/raw", f"s3://{bucket}/warehouse", batch_size=2)
    assert summary["docs_seen"] == 8 and summary["docs_rejected"] == 1 and summary["validation_success"]
    assert table_hashes(f"s3://{bucket}/warehouse") == expected
    wh = open_storage(f"s3://{bucket}/warehouse")
    assert not [i.path for i in wh.walk("_staging")], "a committed run leaves no staging objects"
    assert wh.is_file("_state/inputs.parquet") and not wh.is_file(".lock"), "state kept, lock released"
    # Data Docs and the run report live on the machine that ran the flow
    assert Path(summary["report"]).is_file() and str(tmp_path / "local") in summary["report"]
    # a second run reads nothing again: objects keep their size and modification time
    again = run_flow(f"s3://{bucket}/raw", f"s3://{bucket}/warehouse", batch_size=2)
    assert again["docs_unchanged"] == 8 and again["docs_written"] == 0


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115


@pytest.fixture
def dask_cluster(s3_server, tmp_path):
    """`dask scheduler` and two single-threaded `dask worker` processes on 127.0.0.1, with the S3
    settings in their environment (as a deployment gives every worker the same credentials)."""
    port = free_port()
    addr = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, **s3_server.env}
    dask = str(Path(sys.executable).with_name("dask"))
    procs = [_start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                     "--dashboard-address", "127.0.0.1:0"], env, tmp_path / "scheduler.log")]
    try:
        for i in range(2):
            procs.append(_start([dask, "worker", addr, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                                 "--dashboard-address", "127.0.0.1:0", "--name", f"w{i}"], env,
                                tmp_path / f"worker{i}.log"))
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                client = Client(addr, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        client.wait_for_workers(2, timeout=120)
        yield addr, client
        client.close()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_dask_cluster_validates_and_stages_while_the_driver_only_commits(
        local_reference, s3_server, dask_cluster, tmp_path, monkeypatch):
    from flows.orchestrate.flow import run_flow
    from flows.validate import checkpoint

    addr, client = dask_cluster
    src, expected = local_reference
    bucket = s3_server.bucket("nf-cluster")
    _upload(s3_server, bucket, src, "raw")
    monkeypatch.setenv("NEWSFLOW_LOCAL_DIR", str(tmp_path / "local"))
    checkpoint._WORKER_VALIDATORS.clear()
    summary = run_flow(f"s3://{bucket}/raw", f"s3://{bucket}/warehouse", batch_size=2, dask_address=addr)
    assert summary["docs_seen"] == 8 and summary["validation_success"]
    assert table_hashes(f"s3://{bucket}/warehouse") == expected
    # the batches were validated in the workers (each keeps its Great Expectations context for the
    # next batch), never in the flow's own process
    def validators_here() -> int:  # nested: cloudpickle sends it by value (workers cannot import tests/)
        from flows.validate import checkpoint

        return len(checkpoint._WORKER_VALIDATORS)

    per_worker = client.run(validators_here)
    assert sum(per_worker.values()) >= 1, per_worker
    assert not checkpoint._WORKER_VALIDATORS, "the driver validated a batch itself"
    # what the workers measured comes back with their batches
    assert summary["timings_s"]["extract"] > 0 and summary["timings_s"]["validate"] > 0
