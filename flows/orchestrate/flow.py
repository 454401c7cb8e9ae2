"""Prefect wiring: the only module that imports Prefect.

One flow, `newsflow-run`, serves scheduled runs, manual runs and backfills. Work is cut
into batches of many documents; each batch is one `process-batch` task that does the whole
per-document pipeline where it runs: read, clean, extract, validate (Great Expectations, one
in-memory context per worker process, reused) and stage its rows into the warehouse's staging
area. With `workers > 1` (a local Dask cluster) or `dask_address` (an existing one) the tasks run
in Dask worker processes. The flow's own process (the driver) only plans and commits: it takes
each batch's small `StagedBatch` (counters, staged file names, input state, link features),
links duplicates and stories, files the validation results for Data Docs, and publishes
atomically at the end (see flows/store/warehouse.py). No row data passes through it.
"""

# no `from __future__ import annotations`: Prefect builds a pydantic model of the flow signature

import logging
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.context import get_run_context

from flows.fs import open_storage
from flows.orchestrate.pipeline import balance_tail, dry_run_plan, format_dry_run, plan, process_and_stage
from flows.read.inputs import MAX_DOC_BYTES, MAX_JSONL_FILE_BYTES
from flows.store.batch import DEFAULT_BATCH_SIZE, MODES, Plan, RunConfig
from flows.store.memory import trim
from flows.store.publish import BatchWriter, RunSummary
from flows.store.staging import StagedBatch
from flows.store.state import load_site_stats, load_state
from flows.store.warehouse import recover, warehouse_lock
from flows.validate.checkpoint import worker_validator

log = logging.getLogger("newsflow")
# How often (in batches) a run forgets single sightings of lines in large sources.
PRUNE_EVERY_BATCHES = 5


def _transient(task_, task_run, state) -> bool:  # noqa: ANN001 - Prefect's retry_condition_fn signature
    """Retry only transient I/O errors, never bad data (bad data never raises: it is rejected)."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:  # noqa: BLE001
        return False
    return False


@task(name="process-batch", retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_transient,
      persist_result=False)
def process_batch_task(items: list, cfg: RunConfig, run_id: str, now: datetime,
                       recurring: dict[str, frozenset[str]], seq: int) -> StagedBatch:
    """Read, clean, extract, validate and stage one batch in this (worker) process."""
    validator = worker_validator(_suites_here(cfg.suites_dir), run_id, now.date())
    try:
        return process_and_stage(items, cfg, run_id, now, recurring, seq, validator)
    finally:
        trim()  # a worker lives for many batches: hand back what this one freed


def _suites_here(suites_dir: Path) -> Path:
    """The driver's suites folder if this machine has it, else this install's own (a worker on
    another machine runs the same package, installed elsewhere)."""
    return suites_dir if (Path(suites_dir) / "documents.json").is_file() else default_suites_dir()


@flow(name="newsflow-run", log_prints=True, validate_parameters=True)
def newsflow_run(
    source: str = "seeds",
    warehouse: str = "warehouse",
    mode: str = "manual",
    since: date | None = None,
    until: date | None = None,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    lock_wait_seconds: float = 0.0,
    suites_dir: str | None = None,
    favor: str = "balanced",
    max_doc_bytes: int = MAX_DOC_BYTES,
    max_file_bytes: int = MAX_JSONL_FILE_BYTES,
) -> dict[str, Any]:
    """Process new or changed inputs of `source` (or a backfill's date range) into `warehouse`."""
    logger = get_run_logger()
    src, wh = open_storage(source), open_storage(warehouse)
    cfg = RunConfig(src.url, wh.url, mode, since, until, dry_run, batch_size,
                    max_doc_bytes=max_doc_bytes, max_file_bytes=max_file_bytes,
                    suites_dir=Path(suites_dir).resolve() if suites_dir else default_suites_dir(), favor=favor)
    if mode not in MODES:
        raise ValueError(f"mode must be scheduled, manual or backfill, not {mode!r}")
    if not src.is_dir():
        raise FileNotFoundError(f"source folder {cfg.source} does not exist (or is not a folder); "
                                "pass the folder of raw inputs with --source DIR")
    started = datetime.now(UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    ctx = get_run_context()
    fr = getattr(ctx, "flow_run", None)
    flow_run_id = str(fr.id) if fr is not None else None
    with warehouse_lock(cfg.warehouse, lock_wait_seconds, run_id=run_id) as held:
        for msg in recover(cfg.warehouse):
            logger.warning("recovery: %s", msg)
        state = load_state(cfg.warehouse)
        stats = load_site_stats(cfg.warehouse)
        recurring = {k: stats.recurring(k) for k in stats.sources()}
        plan_out = Plan()
        batches = plan(cfg, state, plan_out)
        if dry_run:
            return _dry_run(cfg, state, logger)
        summary = RunSummary(run_id=run_id, mode=mode, flow_run_id=flow_run_id, cfg=cfg, started_at=started)
        writer = BatchWriter(cfg, run_id, state, summary, make_validator=lambda: _validator(cfg, run_id),
                             site_stats=stats, still_ours=held.ensure_held)
        total = None
        if sys.stderr.isatty() and cfg.is_backfill:  # an ETA needs a total: one cheap stat-only pass
            total = sum(len(b) for b in plan(cfg, state, Plan()))
        progress = _Progress(logger, total)
        try:
            for i, staged in enumerate(_run_batches(batches, cfg, run_id, started, recurring, workers), 1):
                writer.take(staged)
                staged.release()  # Prefect keeps every task's result object until the flow ends: empty it
                if i % PRUNE_EVERY_BATCHES == 0:
                    stats.prune()  # keeps memory flat on long runs (see flows/clean/sitestats.py)
                progress.update(staged.counters["seen"], summary)
            writer.finish(plan_out)
        except BaseException:
            if not writer.abort():  # the manifest exists: the next run rolls this one forward
                logger.error("run %s stopped while publishing; the next run finishes publishing it", run_id)
            raise
        finally:
            progress.close()
    report = summary.as_dict()
    report["report"] = _write_report(cfg, run_id, logger)
    logger.info("newsflow run %s finished: %s", run_id, summary.one_line())
    markdown = summary.markdown()
    if report["report"]:
        markdown += f"\n\nRun report (plots, validation pages): [{report['report']}]({Path(report['report']).as_uri()})"
    try:
        create_markdown_artifact(key="newsflow-run-summary", markdown=markdown,
                                 description=f"newsflow {mode} run {run_id}")
        if report["report"]:
            create_link_artifact(key="newsflow-run-report", link=Path(report["report"]).as_uri(),
                                 link_text=f"newsflow run report {run_id}",
                                 description="self-contained HTML page: plots, rejects, validation pages")
    except Exception as e:  # noqa: BLE001 - an artifact is a nicety, not the run's result
        logger.warning("could not create the summary artifact: %s", e)
    return report


def _write_report(cfg: RunConfig, run_id: str, logger) -> str | None:  # noqa: ANN001
    """The run's HTML report (flows/report/runpage.py); the tables are published whatever happens here."""
    try:
        from flows.report.runpage import write_run_report

        return str(write_run_report(cfg.warehouse, run_id).resolve())
    except Exception as e:  # noqa: BLE001 - a report is a view of the run, not its result
        logger.warning("could not write the run report: %s", e)
        return None


def _run_batches(batches, cfg: RunConfig, run_id: str, now: datetime, recurring, workers: int):  # noqa: ANN001
    """Run process-batch tasks, at most 2*workers in flight, yielding their StagedBatch in order."""
    if workers <= 1:
        for seq, items in enumerate(batches, 1):
            yield process_batch_task(items, cfg, run_id, now, recurring, seq)
        return
    window: list = []
    for seq, items in enumerate(balance_tail(batches, workers), 1):
        window.append(process_batch_task.submit(items, cfg, run_id, now, recurring, seq))
        if len(window) >= 2 * workers:
            yield window.pop(0).result()
    while window:
        yield window.pop(0).result()


def _dry_run(cfg: RunConfig, state, logger) -> dict[str, Any]:  # noqa: ANN001
    out = dry_run_plan(cfg, state)
    logger.info("%s", format_dry_run(out))
    return out


class _Progress:
    """A tqdm bar (docs, docs/s, ETA) on a terminal; a log line every few batches otherwise."""

    def __init__(self, logger, total: int | None = None) -> None:  # noqa: ANN001
        self.logger = logger
        self.t0 = time.monotonic()
        self.done = 0
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", desc="newsflow", dynamic_ncols=True)

    def update(self, n: int, summary: RunSummary) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        rate = self.done / max(1e-9, time.monotonic() - self.t0)
        self.logger.info("progress: %d documents (%.0f docs/s), %d written, %d rejected",
                         self.done, rate, summary.docs_written, summary.docs_rejected)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _validator(cfg: RunConfig, run_id: str):  # noqa: ANN202 - flows.validate.checkpoint.Validator
    """The run's validator, imported only when the first batch is validated (GX imports slowly).
    Its results and Data Docs pages are named by the run id."""
    from flows.validate.checkpoint import Validator

    return Validator(cfg.suites_dir, open_storage(cfg.warehouse).local_dir() / "_gx", today=datetime.now(UTC).date(),
                     run_name=run_id)


def default_suites_dir() -> Path:
    """The suites: `flows/expectations/` in an installed wheel (setup.py copies the checkout's
    `expectations/` there at build time), else the checkout's `expectations/` (a source tree or an
    editable install), else `expectations/` of the current directory."""
    pkg = Path(__file__).resolve().parents[1]
    for d in (pkg / "expectations", pkg.parent / "expectations"):
        if (d / "documents.json").is_file():
            return d
    return Path("expectations")


def run_flow(source: str | Path = "seeds", warehouse: str | Path = "warehouse", *, mode: str = "manual",
             since: date | None = None, until: date | None = None, dry_run: bool = False,
             batch_size: int = DEFAULT_BATCH_SIZE, workers: int = 1, dask_address: str | None = None,
             lock_wait_seconds: float = 0.0, favor: str = "balanced") -> dict[str, Any]:
    """One flow run with the task runner its options ask for; returns the run summary.

    The single way in for the CLI, the Python API (`flows.run`) and the benchmark, so that all
    three run exactly the same flow. `workers > 1` runs the batch tasks in a local Dask cluster,
    `dask_address` on an existing one.
    """
    params: dict[str, Any] = dict(source=str(source), warehouse=str(warehouse), mode=mode, since=since,
                                  until=until, dry_run=dry_run, batch_size=batch_size, workers=workers,
                                  lock_wait_seconds=lock_wait_seconds, favor=favor)
    flow_fn = newsflow_run
    if workers > 1 or dask_address:
        from flows.orchestrate.dask_runner import dask_task_runner

        flow_fn = newsflow_run.with_options(task_runner=dask_task_runner(workers, dask_address))
        params["workers"] = max(workers, 2)
    return flow_fn(**params)


__all__ = ["newsflow_run", "process_batch_task", "run_flow"]
