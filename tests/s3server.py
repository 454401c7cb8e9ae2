"""A local S3-compatible server for the object-storage tests: moto's standalone server.

Why a real server in a subprocess rather than moto's in-process mocks: pyarrow's S3 client is C++
and talks HTTP, so it can only be pointed at a listening endpoint; Dask workers in other processes
must reach the same buckets too. One server per test session (it starts in ~1-2 s).

`s3_env(endpoint)` is the environment a process needs to use the server (the test's own process,
a `dask worker` subprocess): fake credentials, region us-east-1 and `AWS_ENDPOINT_URL`, which
pyarrow, boto3, Polars and DuckDB's own settings all take from the standard variables.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"
START_TIMEOUT_S = 60.0


def s3_env(endpoint: str) -> dict[str, str]:
    """The AWS_* variables that point boto3, pyarrow and fsspec at `endpoint` with test credentials."""
    return {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_EC2_METADATA_DISABLED": "true",  # no 1-s probe of the instance metadata service
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class S3Server:
    """A running moto server: its endpoint, and fresh buckets on demand."""

    endpoint: str
    process: subprocess.Popen[bytes]
    buckets: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return s3_env(self.endpoint)

    def client(self):  # -> botocore S3 client (untyped)
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def bucket(self, name: str = "nf") -> str:
        """Create a new, empty bucket whose name starts with `name`; return its name.

        A random suffix keeps tests independent within the session-wide server; names are
        made valid for S3 (lowercase letters, digits and `-`, 3 to 63 characters)."""
        stem = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:40] or "nf"
        bucket = f"{stem}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=bucket)
        self.buckets.append(bucket)
        return bucket


@contextmanager
def running_s3_server(timeout_s: float = START_TIMEOUT_S) -> Iterator[S3Server]:
    """Start `python -m moto.server` on 127.0.0.1 (free port), wait until it answers, stop it after."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # the server's request log; read only if it fails to start
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **s3_env(endpoint)})
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                log.seek(0)
                err = log.read().decode("utf-8", "replace")
                raise RuntimeError(f"moto server exited with {proc.returncode}: {err[-2000:]}")
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"moto server did not answer on {endpoint} within {timeout_s} s") from None
                time.sleep(0.2)
        yield S3Server(endpoint, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def s3_environment(endpoint: str) -> Iterator[None]:
    """Set the AWS_* variables for `endpoint` in this process; restore the previous values after."""
    env = s3_env(endpoint)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
