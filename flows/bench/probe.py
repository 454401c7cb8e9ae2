"""Instruments for `flows/bench/runner.py`: the flow subprocess's stage timers and an RSS sampler.

`python -m flows.bench _child TIMINGS PROFILE PARAMS_JSON` runs `flows.orchestrate.flow.run_flow` (what
`newsflow run` calls; the benchmark does not go through the CLI) with
`time.perf_counter` timers wrapped around the very functions the flow calls (no module is
edited), writes the timers as JSON, and optionally profiles the run with pyinstrument.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from pathlib import Path
from typing import Any

RSS_SAMPLE_SECONDS = 0.1  # how often the sampler reads the process tree's memory


class RssSampler(threading.Thread):
    """Peak resident memory of a process tree (the flow, Prefect's server, Dask workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_total = self.peak_main = 0
        self.peaks: dict[int, int] = {}     # pid -> peak RSS of that process alone
        self.roles: dict[int, str] = {}     # pid -> flow / dask-worker / prefect-server / other
        self.cpu: dict[int, float] = {}     # pid -> CPU seconds (user + system) at its last sample
        self._stop_evt = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop_evt.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                main = root.memory_info().rss
            except psutil.NoSuchProcess:
                return
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    if p.pid not in self.roles:
                        self.roles[p.pid] = "flow" if p.pid == self.pid else _role(p.cmdline())
                except psutil.Error:
                    continue
                total += rss
                self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), rss)
                try:
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak_total = max(self.peak_total, total)
            self.peak_main = max(self.peak_main, main)
            self._stop_evt.wait(RSS_SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop_evt.set()
        self.join(timeout=5)

    def cpu_by_role(self) -> dict[str, float]:
        """CPU seconds used, by role (summed over the role's processes): how many cores a run kept busy."""
        out: dict[str, float] = {}
        for pid, secs in self.cpu.items():
            role = self.roles.get(pid, "other")
            out[role] = round(out.get(role, 0.0) + secs, 1)
        return out

    def by_role(self) -> dict[str, list[float]]:
        """Peak RSS in MB of each process, grouped by role (each Dask worker on its own)."""
        out: dict[str, list[float]] = {}
        for pid, peak in sorted(self.peaks.items()):
            out.setdefault(self.roles.get(pid, "other"), []).append(round(peak / 2**20, 1))
        return out


def _role(cmdline: list[str]) -> str:
    """What a process of the flow's tree is, from its command line."""
    text = " ".join(cmdline)
    if "prefect" in text and ("server" in text or "uvicorn" in text):
        return "prefect-server"
    if "spawn_main" in text or "distributed" in text or "dask" in text:
        return "dask-worker"
    return "other"


def repo_root() -> str:
    return str(Path(__file__).resolve().parents[2])


# ---------------------------------------------------------------- the instrumented child

class _Timers:
    def __init__(self) -> None:
        self.timers: dict[str, list[float]] = {}
        self.marks: dict[str, float] = {}
        self.report: dict[str, Any] | None = None

    def add(self, name: str, secs: float) -> None:
        t = self.timers.setdefault(name, [0.0, 0])
        t[0] += secs
        t[1] += 1

    def wrap(self, fn, name: str):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.add(name, time.perf_counter() - t)
        return timed

    def wrap_iter(self, fn, name: str):  # noqa: ANN001, ANN202
        """Time a generator's own work (each next()), not the consumer's between items."""
        @functools.wraps(fn)
        def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202
            it = fn(*a, **k)
            while True:
                t = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    self.add(name, time.perf_counter() - t)
                    return
                self.add(name, time.perf_counter() - t)
                yield item
        return timed


def _instrument(T: _Timers) -> None:
    """Wrap the functions the flow calls, where it looks them up (module globals, classes)."""
    import flows.orchestrate.flow as fl
    import flows.orchestrate.pipeline as pl
    import flows.store.staging as sg
    from flows.store.publish import BatchWriter, RunSummary
    from flows.store.records import TableBuffer
    from flows.store.warehouse import Stager
    from flows.validate.checkpoint import Validator

    for name, stage in (("clean_text", "clean"), ("extract_all", "extract"), ("add_document", "records"),
                        ("add_reject", "records")):
        setattr(pl, name, T.wrap(getattr(pl, name), stage))
    pl.read_input = T.wrap_iter(pl.read_input, "read")
    plan = T.wrap_iter(fl.plan, "plan")

    def marked_plan(*a, **k):  # noqa: ANN002, ANN003, ANN202 - the flow body starts planning first
        T.marks.setdefault("flow_start", time.time())
        return plan(*a, **k)

    fl.plan = marked_plan
    sg.write_staged = T.wrap(sg.write_staged, "stage")
    fl.load_state = T.wrap(fl.load_state, "load_state")
    fl.load_site_stats = T.wrap(fl.load_site_stats, "load_state")
    for cls, meth, stage in ((BatchWriter, "take", "write_batch"), (BatchWriter, "finish", "finish"),
                             (TableBuffer, "to_arrow", "to_arrow"), (Validator, "validate", "validate"),
                             (Validator, "__init__", "validate_setup"), (Validator, "build_docs", "data_docs"),
                             (Stager, "commit", "publish")):
        setattr(cls, meth, T.wrap(getattr(cls, meth), stage))
    as_dict = RunSummary.as_dict

    def keep_report(self):  # noqa: ANN001, ANN202
        T.report = as_dict(self)
        T.marks["flow_end"] = time.time()
        return T.report

    RunSummary.as_dict = keep_report  # type: ignore[method-assign]  # instrumenting on purpose


def child(argv: list[str]) -> int:
    """`python -m flows.bench _child TIMINGS PYINSTRUMENT_OUT PARAMS_JSON` (run_flow keyword arguments)."""
    timings, prof_out, params = Path(argv[0]), argv[1], json.loads(argv[2])
    T = _Timers()
    _instrument(T)
    from flows.orchestrate.flow import run_flow

    profiler = None
    if prof_out:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    run_flow(**params)
    rc = 0
    if profiler is not None:
        profiler.stop()
        Path(prof_out).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    timings.write_text(json.dumps({"timers": T.timers, "marks": T.marks, "report": T.report}, default=str))
    return rc


# ---------------------------------------------------------------- in-process stage profile

