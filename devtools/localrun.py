"""A run of the real pipeline and write path without Prefect or Great Expectations (reliability kit).

`prepare` plans and processes a source folder against a warehouse's state exactly as the flow
does (flows/orchestrate/flow.py); `write` hands the results to the real `BatchWriter`
(validation, staging, manifest, publish, state). The validator accepts every row: these tests
are about identity, accounting and the write path's failure behaviour; the suites are
exercised end to end by tests/orchestrate/test_flow.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb

from flows.orchestrate.pipeline import plan, process_batch
from flows.store.batch import BatchResult, Plan, RunConfig
from flows.store.publish import BatchWriter, RunSummary
from flows.store.schemas import DOC_TABLES, TABLES
from flows.store.staging import stage_batch
from flows.store.state import load_site_stats, load_state
from flows.store.warehouse import recover

ROOT = Path(__file__).resolve().parents[1]


class PassValidator:
    """Every row passes; Data Docs are not built."""

    def validate(self, table: str, tbl: Any, *args: Any) -> SimpleNamespace:
        return SimpleNamespace(stop_failures=[], bad_rows={})

    def build_docs(self) -> None:
        return None

    def file_results(self, results: list[Any]) -> None:
        return None


@dataclass
class Prepared:
    cfg: RunConfig
    run_id: str
    started: datetime
    results: list[BatchResult]
    plan_out: Plan


def prepare(src: Path, wh: Path, run_id: str, mode: str = "manual", **cfg_kw: Any) -> Prepared:
    cfg = RunConfig(Path(src), Path(wh), mode, suites_dir=ROOT / "expectations", **cfg_kw)
    recover(cfg.warehouse)
    state, stats = load_state(cfg.warehouse), load_site_stats(cfg.warehouse)
    recurring = {k: stats.recurring(k) for k in stats.sources()}
    plan_out = Plan()
    started = datetime.now(UTC)
    results = [process_batch(items, cfg, run_id, started, recurring) for items in plan(cfg, state, plan_out)]
    return Prepared(cfg, run_id, started, results, plan_out)


def write(p: Prepared) -> RunSummary:
    """The flow's write path over prepared results (state and statistics read afresh)."""
    state, stats = load_state(p.cfg.warehouse), load_site_stats(p.cfg.warehouse)
    summary = RunSummary(run_id=p.run_id, mode=p.cfg.mode, flow_run_id=None, cfg=p.cfg, started_at=p.started)
    writer = BatchWriter(p.cfg, p.run_id, state, summary, make_validator=PassValidator, site_stats=stats)
    try:
        for seq, r in enumerate(p.results, 1):  # what each worker does, then what the driver does
            writer.take(stage_batch(r, p.cfg.warehouse, p.run_id, seq, PassValidator()))
        writer.finish(p.plan_out)
    except BaseException:
        writer.abort()
        raise
    return summary


def run(src: Path, wh: Path, run_id: str, mode: str = "manual", **cfg_kw: Any) -> dict[str, Any]:
    return write(prepare(src, wh, run_id, mode, **cfg_kw)).as_dict()


def rows(wh: Path, table: str, cols: str = "*") -> list[tuple]:
    if not list((Path(wh) / table).glob("*/*.parquet")):
        return []
    return duckdb.sql(f"SELECT {cols} FROM read_parquet('{wh}/{table}/*/*.parquet', hive_partitioning=true) "
                      "ORDER BY ALL").fetchall()


def orphans(wh: Path) -> dict[str, int]:
    """Child rows whose document is not in `documents` (readers must never see these)."""
    docs = {r[0] for r in rows(wh, "documents", "doc_id")}
    out = {}
    for t in DOC_TABLES[1:]:
        n = sum(1 for r in rows(wh, t, "doc_id") if r[0] not in docs)
        if n:
            out[t] = n
    events = {r[0] for r in rows(wh, "events", "event_id")}
    n = sum(1 for (ids,) in rows(wh, "stories", "event_ids") if any(e not in events for e in ids))
    if n:  # a story must not keep members whose event rows are gone
        out["stories"] = n
    return out


def duplicate_ids(wh: Path) -> dict[str, int]:
    out = {}
    for name, spec in TABLES.items():
        ids = [r[0] for r in rows(wh, name, spec.id_column)]
        if len(ids) != len(set(ids)):
            out[name] = len(ids) - len(set(ids))
    return out
