"""Fault injection for the write path: an I/O error at the k-th write step, SIGKILL at random points.

`FaultInjector(fail_at=k, err=errno.ENOSPC)` makes the k-th write operation of the code run
inside it raise `OSError(err)`: opening, writing or closing a Parquet file, `pq.write_table`,
`os.replace`, `os.fsync`, `os.mkdir` (every way the write path touches the disk). With
`fail_at=0` it only counts, which is how `write_steps` finds how many steps a run has, so a
test can fail each one in turn. `kill_inside_publish` runs the write path in a child process
and SIGKILLs it at random moments, most of them after the manifest (inside publishing).

Used by tests/store/test_faults.py (fast) and `python -m devtools.reliability faults` (long).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
# Columns that differ between two writes of the same run (timestamps of when it happened).
VOLATILE = {"processed_at", "rejected_at", "started_at", "finished_at"}


class InjectedFault(OSError):
    """The error a FaultInjector raises (an OSError with the requested errno)."""


class FaultInjector:
    """Context manager: the `fail_at`-th write operation raises OSError(`err`); 0 = count only.

    `only="publish"` counts only operations made while publishing (inside `roll_forward`)."""

    def __init__(self, fail_at: int = 0, err: int = 28, only: str | None = None) -> None:
        self.fail_at, self.err, self.only = fail_at, err, only
        self.count = 0
        self.fired = False
        self.where = ""
        self._saved: list[tuple[Any, str, Any]] = []

    def tick(self, op: str) -> None:
        if self.only == "publish" and not _inside("roll_forward"):
            return
        self.count += 1
        if self.count == self.fail_at:
            self.fired = True
            self.where = f"{op} in {_caller()}"
            raise InjectedFault(self.err, f"{os.strerror(self.err)} (injected at {self.where})")

    def __enter__(self) -> FaultInjector:
        inj = self
        real_writer = pq.ParquetWriter

        class Writer(real_writer):  # type: ignore[misc, valid-type]
            def __init__(self, *a: Any, **k: Any) -> None:
                inj.tick("ParquetWriter.open")
                super().__init__(*a, **k)

            def write_table(self, *a: Any, **k: Any) -> None:
                inj.tick("ParquetWriter.write_table")
                super().write_table(*a, **k)

            def close(self) -> None:
                was_open = getattr(self, "is_open", True)
                super().close()
                if was_open:
                    inj.tick("ParquetWriter.close")

        def wrap(fn: Callable[..., Any], op: str) -> Callable[..., Any]:
            def inner(*a: Any, **k: Any) -> Any:
                if not (op == "os.mkdir" and os.path.isdir(a[0])):  # an existing folder costs no space
                    inj.tick(op)
                return fn(*a, **k)
            return inner

        for mod, name, new in ((pq, "ParquetWriter", Writer), (pq, "write_table", wrap(pq.write_table, "write_table")),
                               (os, "replace", wrap(os.replace, "os.replace")),
                               (os, "fsync", wrap(os.fsync, "os.fsync")), (os, "mkdir", wrap(os.mkdir, "os.mkdir"))):
            self._saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, new)
        return self

    def __exit__(self, *exc: object) -> None:
        for mod, name, old in reversed(self._saved):
            setattr(mod, name, old)
        self._saved.clear()


def _inside(func: str) -> bool:
    f = sys._getframe(2)
    while f is not None:
        if f.f_code.co_name == func:
            return True
        f = f.f_back  # type: ignore[assignment]
    return False


def _caller() -> str:
    f = sys._getframe(3)
    names = []
    while f is not None and len(names) < 3:
        if "flows" in f.f_code.co_filename:
            names.append(f.f_code.co_name)
        f = f.f_back  # type: ignore[assignment]
    return "/".join(names) or "?"


def write_steps(write: Callable[[Path], Any], base: Path, workdir: Path) -> int:
    """How many write operations `write(warehouse)` makes on a copy of `base`."""
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(base, workdir)
    with FaultInjector(fail_at=0) as inj:
        write(workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    return inj.count


def partition_snapshot(wh: Path) -> dict[tuple[str, str], frozenset]:
    """What a reader sees: (table, partition) -> its rows (volatile timestamps left out), plus the state."""
    out: dict[tuple[str, str], frozenset] = {}
    for p in sorted(Path(wh).glob("*/key=*/*.parquet")):
        t = pq.read_table(p)
        cols = [c for c in t.column_names if c not in VOLATILE]
        out[(p.parent.parent.name, p.parent.name.split("=", 1)[1])] = frozenset(
            tuple(str(r[c]) for c in cols) for r in t.select(cols).to_pylist())
    st = Path(wh) / "_state" / "inputs.parquet"
    if st.exists():
        out[("_state", "inputs")] = frozenset(tuple(str(v) for v in r.values()) for r in pq.read_table(st).to_pylist())
    return out


def _bytes(p: Path) -> bytes | None:
    return p.read_bytes() if p.exists() else None


_CHILD = """
import random, sys, time
import flows.store.warehouse as w
from devtools import localrun
src, wh, marker, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rng = random.Random(seed)
real = w.publish_partition
def slow(*a, **k):  # spread publishing over time so that random kills land inside it
    time.sleep(rng.uniform(0, 0.02))
    return real(*a, **k)
w.publish_partition = slow
p = localrun.prepare(src, wh, "r-new")
open(marker, "w").close()
localrun.write(p)
"""


def kill_inside_publish(src: Path, base: Path, workdir: Path, kills: int, seed: int = 0,
                        window_s: float = 0.6) -> list[tuple[Path, str]]:
    """SIGKILL the write path `kills` times at random moments (a quarter anywhere after processing,
    the rest after the manifest, i.e. inside publishing); return (warehouse, outcome), outcome one
    of `before_manifest`, `inside_publish` (killed) or `completed` (the run ended first)."""
    rng = random.Random(seed)
    out = []
    for i in range(kills):
        wh = Path(workdir) / f"kill{i}"
        shutil.copytree(base, wh)
        marker = Path(workdir) / f"ready{i}"
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(wh), str(marker), str(seed + i)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        in_publish = i % 4 != 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if marker.exists() and (not in_publish or list(wh.glob("_staging/*/manifest.json"))):
                break
            time.sleep(0.001)
        time.sleep(rng.uniform(0, window_s if in_publish else 0.3))
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        rc = proc.wait()
        if not killed and rc != 0:
            raise RuntimeError(f"the write path failed on its own: {proc.stderr.read().decode()[-2000:]}")
        # after the manifest, or killed while removing the staging folder of a finished publish
        published = (bool(list(wh.glob("_staging/*/manifest.json")))
                     or _bytes(wh / "_state/inputs.parquet") != _bytes(Path(base) / "_state/inputs.parquet"))
        out.append((wh, "completed" if not killed else "inside_publish" if published else "before_manifest"))
    return out
