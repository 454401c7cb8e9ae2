"""Speed-and-scale benchmark: I/O floor, full flow, incremental run, per-stage times, peak RSS.

    python -m flows.bench --docs 10000 --workdir /tmp/nfbench --out bench.json [--scaling]
                          [--memory-docs 200000] [--profile-flow prof.txt]

How each number is obtained (also written into the JSON under "method"):

- corpus: `flows/bench/corpus.py` writes (or reuses, when its `.corpus.json` marker matches) a
  synthetic corpus under `<workdir>/corpus-<N>-s<seed>/`.
- I/O floor: this process reads every input file, hashes it (sha256) and streams the bytes
  into one zstd Parquet file with pyarrow, in batches; docs/s counts documents, not files.
- full / incremental / scaling runs: the flow that `newsflow run` runs, in a subprocess
  (Prefect's temporary server included), wall time measured here. The subprocess runs
  `python -m flows.bench _child ...`, which wraps the pipeline's stage functions with
  `time.perf_counter` timers before calling `flows.orchestrate.flow.run_flow`, the function the
  CLI calls (the benchmark does not import the CLI; no module is edited, and the
  wrapped functions are the very ones the flow calls), and writes the timers to a file.
  With `--workers > 1` read/clean/extract run in Dask worker processes, where the timers
  are not installed: those stages are then reported as null.
- peak RSS: psutil samples the subprocess and all its descendants (Prefect server, Dask
  workers) every 0.1 s; the peak of the sum is reported, plus the flow process alone.
- stage profile: read/clean/extract of a spread sample of documents in this process, by
  input format (what an HTML page costs compared with a text file).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flows.bench.probe import RssSampler, child, repo_root

GOALS = {  # name: (target, "min" = value must be >= target, "max" = <= target)
    "flow_vs_io_floor_docs_per_s": (0.30, "min"),
    "speedup_1_to_2_workers": (1.7, "min"),
    "incremental_share_of_full_time": (0.05, "max"),
    "orchestration_share": (0.15, "max"),
    "validation_share": (0.15, "max"),
    "peak_rss_per_process_mb": (1024.0, "max"),  # the flow process and each Dask worker, each on its own
}
REPORT_FIELDS = ("machine", "command", "corpus", "io_floor", "full", "incremental", "scaling", "memory",
                 "stage_profile", "goals", "method")
STAGE_GROUPS = ("read", "clean", "extract", "validate", "write", "orchestration")
IO_FLOOR_BATCH_FILES = 500  # files per Parquet write: bounded memory, few row groups
CHILD_ENV = {  # a fresh PREFECT_HOME needs the long start-up timeout (migrations); no telemetry
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
}
CORPUS_START = date(2025, 1, 1)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsflow bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=100_000, help="documents in the corpus (default 100000)")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/newsflow-bench"), help="corpus, warehouses, logs")
    p.add_argument("--out", type=Path, default=Path("bench.json"), help="JSON report (default bench.json)")
    p.add_argument("--workers", type=int, default=1, help="workers of the full run (2+ uses Dask)")
    p.add_argument("--batch-size", type=int, default=None, help="documents per task (flow default)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--days", type=int, default=365, help="days the corpus spreads over (partitions)")
    p.add_argument("--html-share", type=float, default=0.1)
    p.add_argument("--jsonl-share", type=float, default=0.1)
    p.add_argument("--incremental-share", type=float, default=0.01, help="new documents of the incremental run")
    p.add_argument("--scaling", action="store_true", help="also run the full flow with 1 and 2 workers")
    p.add_argument("--memory-docs", type=int, default=0, help="also run a corpus of N docs for peak RSS only")
    p.add_argument("--profile-docs", type=int, default=2000, help="documents of the in-process stage profile")
    p.add_argument("--profile-flow", type=Path, default=None,
                   help="also run the full flow once more under pyinstrument and write its text report here")
    p.add_argument("--fresh", action="store_true", help="regenerate the corpus even if a matching one exists")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        return child(argv[1:])
    args = build_parser().parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {k: None for k in REPORT_FIELDS}
    report["command"] = "python -m flows.bench " + " ".join(argv)
    report["machine"] = _machine()
    report["method"] = METHOD

    def save() -> None:  # after every phase: a long run that fails late keeps what it measured
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")

    corpus, report["corpus"] = ensure_corpus(args, args.docs, f"corpus-{args.docs}-s{args.seed}")
    report["io_floor"] = io_floor(corpus, args.workdir / "io_floor.parquet", report["corpus"]["docs"])
    save()
    report["full"] = run_flow(args, corpus, args.workdir / f"wh-w{args.workers}", args.workers)
    save()
    report["incremental"] = incremental(args, corpus, args.workdir / f"wh-w{args.workers}", report["full"])
    save()
    if args.scaling:
        other = 2 if args.workers == 1 else 1
        runs = {args.workers: report["full"], other: run_flow(args, corpus, args.workdir / f"wh-w{other}", other)}
        report["scaling"] = _scaling(runs[1], runs[2])
        save()
    if args.memory_docs:
        mcorpus, minfo = ensure_corpus(args, args.memory_docs, f"corpus-{args.memory_docs}-s{args.seed}")
        mrun = run_flow(args, mcorpus, args.workdir / "wh-memory", args.workers)
        report["memory"] = {"corpus": minfo, "wall_s": mrun["wall_s"], "docs_per_s": mrun["docs_per_s"],
                            "peak_rss_mb": mrun["peak_rss_mb"], "peak_rss_main_mb": mrun["peak_rss_main_mb"],
                            "peak_rss_by_process_mb": mrun["peak_rss_by_process_mb"]}
        save()
    if args.profile_docs:
        report["stage_profile"] = stage_profile(corpus, args.profile_docs)
    if args.profile_flow:
        run_flow(args, corpus, args.workdir / "wh-profile", args.workers, pyinstrument_out=args.profile_flow)
        report["profile_flow"] = str(args.profile_flow)
    report["machine"]["load_avg_after"] = list(os.getloadavg())
    report["goals"] = goals(report)
    save()
    print(format_table(report))
    print(f"report: {args.out}")
    return 0


def _machine() -> dict[str, Any]:
    import psutil

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "load_avg_before": list(os.getloadavg())}


# ---------------------------------------------------------------- corpus and I/O floor

def ensure_corpus(args: argparse.Namespace, n_docs: int, name: str) -> tuple[Path, dict[str, Any]]:
    """Reuse a corpus whose marker matches these parameters; else (re)generate it."""
    from flows.bench.corpus import generate_corpus

    path = args.workdir / name
    params = {"n_docs": n_docs, "seed": args.seed, "html_share": args.html_share,
              "jsonl_share": args.jsonl_share, "days": args.days, "start": CORPUS_START.isoformat()}
    marker = path / ".corpus.json"
    _drop_increment(path, args.days)
    if not args.fresh and marker.exists():
        info = json.loads(marker.read_text())
        if info.get("params") == params:
            return path, {**info["counts"], "path": str(path), "generate_s": info["generate_s"], "reused": True}
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    counts: dict[str, Any] = generate_corpus(path, n_docs, seed=args.seed, html_share=args.html_share,
                             jsonl_share=args.jsonl_share, days=args.days, start=CORPUS_START)
    secs = round(time.perf_counter() - t0, 2)
    counts["mb"] = round(counts["bytes"] / 1e6, 2)
    marker.write_text(json.dumps({"params": params, "counts": counts, "generate_s": secs}))
    return path, {**counts, "path": str(path), "generate_s": secs, "reused": False}


def _increment_day(days: int) -> date:
    return CORPUS_START + timedelta(days=days)  # the day after the corpus: a new scrape


def _drop_increment(corpus: Path, days: int) -> None:
    shutil.rmtree(corpus / f"{_increment_day(days):%Y/%m/%d}", ignore_errors=True)


def io_floor(corpus: Path, out: Path, n_docs: int) -> dict[str, Any]:
    """Read + sha256 + write every input's bytes to one zstd Parquet file: the least a run must do."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from flows.read.inputs import discover

    schema = pa.schema([("path", pa.string()), ("sha256", pa.string()), ("data", pa.large_binary())])
    t0 = time.perf_counter()
    n_files = n_bytes = 0
    cols: dict[str, list] = {"path": [], "sha256": [], "data": []}
    with pq.ParquetWriter(out, schema, compression="zstd") as w:
        for f in discover(corpus):
            data = f.read_bytes()
            cols["path"].append(f.rel)
            cols["sha256"].append(hashlib.sha256(data).hexdigest())
            cols["data"].append(data)
            n_files += 1
            n_bytes += len(data)
            if len(cols["path"]) >= IO_FLOOR_BATCH_FILES:
                w.write_table(pa.table(cols, schema=schema))
                cols = {k: [] for k in cols}
        if cols["path"]:
            w.write_table(pa.table(cols, schema=schema))
    secs = time.perf_counter() - t0
    return {"seconds": round(secs, 3), "files": n_files, "docs": n_docs, "mb": round(n_bytes / 1e6, 2),
            "docs_per_s": round(n_docs / secs, 1), "files_per_s": round(n_files / secs, 1),
            "mb_per_s": round(n_bytes / 1e6 / secs, 2), "parquet_mb": round(out.stat().st_size / 1e6, 2)}


# ---------------------------------------------------------------- flow runs

def run_flow(args: argparse.Namespace, corpus: Path, warehouse: Path, workers: int, *, fresh: bool = True,
             pyinstrument_out: Path | None = None) -> dict[str, Any]:
    """`newsflow run --json` in an instrumented subprocess; wall time, stage timers, peak RSS."""
    if fresh:
        shutil.rmtree(warehouse, ignore_errors=True)
    timings = args.workdir / f"timings-{warehouse.name}.json"
    timings.unlink(missing_ok=True)
    cli = ["run", "--source", str(corpus), "--warehouse", str(warehouse), "--workers", str(workers), "--json"]
    params: dict[str, Any] = {"source": str(corpus), "warehouse": str(warehouse), "workers": workers}
    if args.batch_size:
        cli += ["--batch-size", str(args.batch_size)]
        params["batch_size"] = args.batch_size
    cmd = [sys.executable, "-m", "flows.bench", "_child", str(timings), str(pyinstrument_out or ""),
           json.dumps(params)]
    env = {**os.environ, **CHILD_ENV}
    env.setdefault("PREFECT_HOME", str(args.workdir / "prefect_home"))
    log = args.workdir / f"run-{warehouse.name}.log"
    t0 = time.time()
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=repo_root())
        sampler = RssSampler(proc.pid)
        sampler.start()
        rc = proc.wait()
        sampler.stop()
    wall = time.time() - t0
    if rc != 0:
        raise RuntimeError(f"newsflow run failed (exit {rc}); see {log}: {log.read_text()[-2000:]}")
    t = json.loads(timings.read_text())
    rep = t.pop("report")
    mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    out = {"workers": workers, "command": "newsflow " + " ".join(cli), "wall_s": round(wall, 2),
           "docs_seen": rep["docs_seen"], "docs_written": rep["docs_written"], "docs_rejected": rep["docs_rejected"],
           "docs_per_s": round(rep["docs_seen"] / wall, 1), "mb_per_s": round(mb / 1e6 / wall, 2),
           "peak_rss_mb": round(sampler.peak_total / 2**20, 1), "peak_rss_main_mb": round(sampler.peak_main / 2**20, 1),
           "peak_rss_by_process_mb": sampler.by_role(),
           "cpu_s_by_process": sampler.cpu_by_role(),
           "cores_busy": round(sum(sampler.cpu.values()) / wall, 2),
           "rows": rep["rows"], "rejects_by_reason": rep["rejects_by_reason"], "log": str(log),
           # the flow's own stage clocks (RunSummary.timings): read/clean/extract summed over all workers
           "flow_timings_s": rep.get("timings_s"), "flow_wall_s": rep.get("wall_s")}
    out.update(_stages(t, t0, wall, workers))
    if workers > 1 and rep.get("timings_s"):
        out["worker_seconds"] = {k: rep["timings_s"].get(k) for k in ("read", "clean", "extract", "rows")}
    return out


def _stages(t: dict[str, Any], t0: float, wall: float, workers: int) -> dict[str, Any]:
    """Group the child's timers into the report's stages; orchestration is what is left."""
    s = {k: v[0] for k, v in t["timers"].items()}
    g = s.get
    in_workers = workers > 1
    # the driver's side: taking each staged batch (state, links) and finishing (stories, publish, Data Docs);
    # its validation of the stories and runs rows (well under a second) also counts in "validate"
    writer_total = g("write_batch", 0) + g("finish", 0)
    detail = {k: round(v, 3) for k, v in sorted(s.items())}
    groups = {
        "read": None if in_workers else g("read", 0) + g("plan", 0) + g("load_state", 0),
        "clean": None if in_workers else g("clean", 0),
        "extract": None if in_workers else g("extract", 0),
        "validate": g("validate", 0) + g("validate_setup", 0),
        # rows -> column buffers -> Arrow, staging (in the task), the driver's commit: links, publishing,
        # state files, Data Docs
        "write": (0 if in_workers else g("records", 0) + g("stage", 0)) + writer_total,
    }
    groups["orchestration"] = wall - sum(v for v in groups.values() if v is not None)
    marks = t["marks"]
    return {
        "stages_s": {k: None if v is None else round(v, 2) for k, v in groups.items()},
        "stage_share": {k: None if v is None else round(v / wall, 3) for k, v in groups.items()},
        "startup_s": round(marks["flow_start"] - t0, 2) if "flow_start" in marks else None,
        "teardown_s": round(t0 + wall - marks["flow_end"], 2) if "flow_end" in marks else None,
        "timers_s": detail, "timer_calls": {k: v[1] for k, v in sorted(t["timers"].items())},
    }


def incremental(args: argparse.Namespace, corpus: Path, warehouse: Path, full: dict[str, Any]) -> dict[str, Any]:
    """Add `incremental_share` new documents (one new day) and run again into the same warehouse."""
    from flows.bench.corpus import generate_corpus

    n_new = max(1, round(args.docs * args.incremental_share))
    try:
        counts = generate_corpus(corpus, n_new, seed=args.seed, html_share=args.html_share,
                                 jsonl_share=args.jsonl_share, days=1, start=_increment_day(args.days),
                                 start_index=args.docs)
        run = run_flow(args, corpus, warehouse, args.workers, fresh=False)
        # and once more: nothing is new, the cost of a scheduled run that finds nothing
        noop = run_flow(args, corpus, warehouse, args.workers, fresh=False)
        run["nothing_new"] = {k: noop.get(k) for k in ("wall_s", "startup_s", "teardown_s", "peak_rss_mb",
                                                         "stages_s", "docs_seen", "docs_written")}
    finally:
        _drop_increment(corpus, args.days)  # keep the corpus reusable
    run["new_docs"] = counts["docs"]
    run["share_of_full_time"] = round(run["wall_s"] / full["wall_s"], 3)
    body = run["wall_s"] - (run["startup_s"] or 0) - (run["teardown_s"] or 0)
    full_body = full["wall_s"] - (full["startup_s"] or 0) - (full["teardown_s"] or 0)
    run["share_of_full_time_excl_startup"] = round(body / full_body, 3) if full_body > 0 else None
    return run


def _scaling(one: dict[str, Any], two: dict[str, Any]) -> dict[str, Any]:
    def body(r: dict[str, Any]) -> float:
        return r["wall_s"] - (r["startup_s"] or 0) - (r["teardown_s"] or 0)

    keep = ("wall_s", "docs_per_s", "peak_rss_mb", "peak_rss_by_process_mb", "cpu_s_by_process", "cores_busy",
            "stages_s", "startup_s", "teardown_s",
            "flow_wall_s", "flow_timings_s", "worker_seconds", "log")
    return {"workers_1_s": one["wall_s"], "workers_2_s": two["wall_s"],
            "speedup": round(one["wall_s"] / two["wall_s"], 2),
            "speedup_excl_startup": round(body(one) / body(two), 2),
            # the flow's own wall (plan to publish): without Prefect's server and the cluster's start
            "speedup_flow_body": round(one["flow_wall_s"] / two["flow_wall_s"], 2)
            if one.get("flow_wall_s") and two.get("flow_wall_s") else None,
            "workers_1": {k: one.get(k) for k in keep}, "workers_2": {k: two.get(k) for k in keep}}


def stage_profile(corpus: Path, n_docs: int) -> dict[str, Any]:
    """ms/doc of read, clean and extract by input format, on a spread sample of the corpus."""
    from flows.clean.cleaner import clean_text
    from flows.extract import extract_all
    from flows.model import Reject
    from flows.read.inputs import discover, read_input

    files = list(discover(corpus))
    fmts = {"txt": 0.8, "html": 0.1, "jsonl": 0.1}
    by_fmt = {f: [x for x in files if x.fmt == f] for f in fmts}
    acc: dict[str, dict[str, float]] = {}
    for fmt, share in fmts.items():
        want = max(1, int(n_docs * share))
        pool = by_fmt[fmt]
        if not pool:
            continue
        step = max(1, len(pool) // want)
        a = acc.setdefault(fmt, {"docs": 0, "errors": 0, "read": 0.0, "clean": 0.0, "extract": 0.0})
        for f in pool[::step]:
            t = time.perf_counter()
            docs = list(read_input(f))
            a["read"] += time.perf_counter() - t
            for d in docs:
                if isinstance(d, Reject) or a["docs"] >= want:
                    continue
                t = time.perf_counter()
                try:
                    c = clean_text(d.text, title_hint=d.title_hint)
                    t2 = time.perf_counter()
                    extract_all(d, c)
                except Exception:  # noqa: BLE001 - the flow rejects such a document; so do we
                    a["errors"] += 1
                    continue
                a["clean"] += t2 - t
                a["extract"] += time.perf_counter() - t2
                a["docs"] += 1
            if a["docs"] >= want:
                break
    return {fmt: {"docs": int(a["docs"]), "errors": int(a["errors"]), **{f"{k}_ms_per_doc": round(1000 * a[k] / max(1, a["docs"]), 3)
                                             for k in ("read", "clean", "extract")}}
            for fmt, a in acc.items()}


# ---------------------------------------------------------------- goals and the table

def goals(r: dict[str, Any]) -> dict[str, Any]:
    full = r["full"]
    values = {
        "flow_vs_io_floor_docs_per_s": full["docs_per_s"] / r["io_floor"]["docs_per_s"],
        "speedup_1_to_2_workers": r["scaling"]["speedup"] if r["scaling"] else None,
        "incremental_share_of_full_time": r["incremental"]["share_of_full_time"] if r["incremental"] else None,
        "orchestration_share": full["stage_share"]["orchestration"],
        "validation_share": full["stage_share"]["validate"],
        "peak_rss_per_process_mb": max(_per_process_peak(full), _per_process_peak(r["memory"] or {})),
    }
    out = {}
    for name, (target, kind) in GOALS.items():
        v = values[name]
        met = None if v is None else (v >= target if kind == "min" else v <= target)
        out[name] = {"value": None if v is None else round(v, 3), "target": target, "kind": kind, "met": met}
    return out


def _per_process_peak(run: dict[str, Any]) -> float:
    """The largest peak RSS of the flow process or of any one Dask worker (Prefect's server aside)."""
    by = run.get("peak_rss_by_process_mb") or {}
    peaks = [*by.get("flow", []), *by.get("dask-worker", [])]
    return max(peaks) if peaks else float(run.get("peak_rss_main_mb", 0))


def format_table(r: dict[str, Any]) -> str:
    full, floor, c = r["full"], r["io_floor"], r["corpus"]
    lines = [f"corpus: {c['docs']} docs ({c['txt']} txt, {c['html']} html, {c['jsonl']} jsonl in "
             f"{c['jsonl_files']} files), {c['mb']} MB, {c['days']} days; generated in {c['generate_s']} s"
             f"{' (reused)' if c['reused'] else ''}",
             f"{'run':<22}{'wall s':>9}{'docs/s':>9}{'MB/s':>8}{'peak RSS MB':>13}",
             f"{'I/O floor':<22}{floor['seconds']:>9.1f}{floor['docs_per_s']:>9.0f}{floor['mb_per_s']:>8.1f}{'':>13}"]
    runs = [(f"full (workers {full['workers']})", full), ("incremental +1%", r["incremental"])]
    if r["scaling"]:
        other = 2 if full["workers"] == 1 else 1
        runs.append((f"full (workers {other})", {**r["scaling"][f"workers_{other}"], "mb_per_s": float("nan")}))
    if r["memory"]:
        runs.append((f"memory ({r['memory']['corpus']['docs']})", {**r["memory"], "mb_per_s": float("nan")}))
    for name, x in runs:
        if x:
            lines.append(f"{name:<22}{x['wall_s']:>9.1f}{x['docs_per_s']:>9.0f}{x['mb_per_s']:>8.1f}"
                         f"{x['peak_rss_mb']:>13.0f}")
    if full["docs_rejected"] > full["docs_seen"] * 0.05:
        lines.append(f"WARNING: {full['docs_rejected']} of {full['docs_seen']} documents rejected "
                     f"({full['rejects_by_reason']}): timings are not representative")
    share = full["stage_share"]
    lines.append("full run stages (s, share): " + ", ".join(
        f"{k} n/a" if v is None else f"{k} {v:.1f} ({share[k]:.0%})" for k, v in full["stages_s"].items())
        + f"; startup {full['startup_s']} s")
    verdict = {True: "ok", False: "MISSED", None: "-"}
    lines.append("goals: " + "; ".join(f"{k} {g['value']} ({verdict[g['met']]})" for k, g in r["goals"].items()))
    return "\n".join(lines)


METHOD = {
    "io_floor": "this process: discover + read_bytes + sha256 of every file, bytes streamed into one zstd "
                "Parquet file (pyarrow ParquetWriter, 500 files per write); docs/s = corpus documents / seconds",
    "full": "subprocess `python -m flows.bench _child ...` = flows.orchestrate.flow.run_flow(...), what `newsflow run` calls, with timers "
            "wrapped around the functions the flow calls; wall time measured by the parent from spawn to exit",
    "stages": "read = read_input (incl. sha256, decoding, trafilatura for HTML) + plan (discovery, stat) + "
              "state loading; clean = clean_text; extract = extract_all; validate = Validator.validate + "
              "Validator.__init__ (GX import and context); write = add_document/add_reject (rows) + "
              "write_staged (the batch's staging, in the task) + BatchWriter.take (the driver's state, links, "
              "Data Docs filing) + BatchWriter.finish (stories, runs, publish, state files, Data Docs); the "
              "driver's validation of stories and runs rows (well under a second) counts in both validate and "
              "write; orchestration = wall - all of these (interpreter and Prefect start-up, temporary server, "
              "task/flow run overhead, waiting for workers, logging, artifact). With workers > 1 the whole "
              "task (read/clean/extract/validate/stage) runs in Dask workers, is not timed here, and falls into "
              "orchestration; the flow's own clocks, summed over workers, are in flow_timings_s.",
    "startup_s": "from spawn of the subprocess to the flow's first call to plan() (imports, Prefect server)",
    "peak_rss": "psutil, sampled every 0.1 s: peak_rss_mb = peak of the sum over the subprocess and all its "
                "descendants; peak_rss_by_process_mb = each process's own peak, by role (flow = the driver, "
                "dask-worker, prefect-server); the goal is per process (the driver and each worker); "
                "cpu_s_by_process / cores_busy: CPU seconds (user + system) of each process at its last sample, "
                "by role, and their sum over the wall time",
    "incremental": "new documents written to one new day folder of the same corpus, run into the warehouse of "
                   "the full run; the folder is removed afterwards",
    "stage_profile": "in-process, no Prefect: read_input, clean_text, extract_all on a spread sample by format",
}


if __name__ == "__main__":
    sys.exit(main())
