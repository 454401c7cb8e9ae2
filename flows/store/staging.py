"""A processed batch, validated and staged where it was processed: what a worker does after extracting.

Scale-out rests on this step running in the worker (a Dask worker process, or the flow's own
process with one worker), not in the flow's process: the batch's rows are validated there
(Great Expectations, through the injected validator), failing rows are quarantined into `rejects`,
and the rest are written straight to the warehouse's staging area (`_staging/<run>/<table>/
batch-N.parquet`, local or on object storage). What goes back to the driver is a `StagedBatch`:
counters, the staged files' names and partitions, the inputs' new state, the line fingerprints
for the site statistics, and the few values cross-document linking needs (each document's body
hash and MinHash, each event's story key). No row data passes through the driver, so one driver
can commit for many workers.

Nothing here imports Great Expectations or Prefect: the validator is any object with
`validate(table, arrow_table, body_by_doc, link_ids, title_by_doc)` returning an outcome with
`bad_rows` and `stop_failures` (flows/validate/checkpoint.py), and optionally `take_results()`,
the serialised validation results the driver files for Data Docs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flows.clean.sitestats import line_fingerprint
from flows.fs import Storage, open_storage
from flows.model import Reject
from flows.store import duplicates
from flows.store.batch import BatchResult
from flows.store.records import TableBuffer, add_reject
from flows.store.schemas import DOC_TABLES, TABLES
from flows.store.state import InputState
from flows.store.stories import Member, members_from_tables
from flows.store.warehouse import StagedFile, write_staged


class TableBroken(RuntimeError):
    """A table failed a table-level expectation; the run stops and writes nothing."""


@dataclass
class StagedBatch:
    """What the driver needs of one staged batch (no rows: they are in the staged files)."""

    seq: int
    files: list[StagedFile]
    states: list[InputState]
    counters: Counter
    field_errors: Counter
    repairs: Counter
    timings: dict[str, float]
    slowest: tuple[float, str]
    vanished: list[str]
    rows: Counter                                   # rows staged per table
    rows_quarantined: int = 0
    rejects_by_reason: Counter = field(default_factory=Counter)
    validation_success: bool = True
    site_fingerprints: list[tuple[str, list[str]]] = field(default_factory=list)  # (source key, line fps) per doc
    doc_features: list[tuple[str, date, str, np.ndarray | None]] = field(default_factory=list)  # id, key, hash, MinHash
    members: list[Member] = field(default_factory=list)  # the batch's events, as story candidates
    validation_results: list[Any] = field(default_factory=list)  # for the driver's Data Docs
    written_sha: list[str] = field(default_factory=list)  # content hashes of documents written


    def release(self) -> None:
        """Drop everything but the counters, once the driver has taken the batch. The orchestrator may
        keep a reference to every task's result for the whole run (Prefect's flow context does), so
        a million-document run would otherwise hold every batch's states, features and results."""
        self.files, self.states, self.vanished = [], [], []
        self.site_fingerprints, self.doc_features, self.members = [], [], []
        self.validation_results, self.written_sha = [], []


def batch_file_name(seq: int) -> str:
    """The staged file name of batch `seq` (the same on a retry, which then replaces it)."""
    return f"batch-{seq:06d}.parquet"


def stage_batch(result: BatchResult, warehouse: Storage | Path | str, run_id: str, seq: int, validator: Any,
                now: datetime | None = None) -> StagedBatch:
    """Validate one processed batch, quarantine failing rows, stage the rest; return the accounting.

    Raises TableBroken when a table-level expectation fails (the run stops, nothing is published).
    """
    wh = open_storage(warehouse)
    t_start = perf_counter()
    now = now or datetime.now(UTC)
    tables = result.tables()
    parts = {t: result.buffer.partitions[t] for t in (*DOC_TABLES, "rejects")}
    out = StagedBatch(seq, [], list(result.states), Counter(result.counters), Counter(result.field_errors),
                      Counter(result.repairs), dict(result.timings), result.slowest, list(result.vanished), Counter())
    qbuf = TableBuffer()  # rejects rows of quarantined rows
    quarantined_docs: set[str] = set()
    bad_rows: dict[str, set[str]] = {}
    docs = tables["documents"]
    doc_ids = docs.column("doc_id").to_pylist()
    body_by_doc = dict(zip(doc_ids, docs.column("body").to_pylist(), strict=True))
    title_by_doc = {d: t for d, t in zip(doc_ids, docs.column("title").to_pylist(), strict=True) if t}
    link_ids = {i for t, col in (("counts", "count_id"), ("mentions", "mention_id"), ("dates", "date_id"))
                for i in tables[t].column(col).to_pylist()}
    t_val = perf_counter()
    for table in DOC_TABLES:
        res = validator.validate(table, tables[table], body_by_doc, link_ids, title_by_doc)
        if res.stop_failures:
            raise TableBroken(f"table '{table}' is broken: {'; '.join(res.stop_failures)}; nothing was written")
        if not res.bad_rows:
            continue
        out.validation_success = False
        bad_rows[table] = set(res.bad_rows)
        id_col = TABLES[table].id_column
        rows_by_id = {r[id_col]: r for r in tables[table].to_pylist() if r[id_col] in res.bad_rows}
        for rid, exps in res.bad_rows.items():
            row = rows_by_id.get(rid, {})
            doc_id = row.get("doc_id") or rid.split(":", 1)[0]
            if table == "documents":
                quarantined_docs.add(doc_id)
            add_reject(qbuf, Reject(row.get("source_uri") or doc_id, "validate", "failed_expectation",
                                    f"{table} row {rid} failed {', '.join(exps)}", row.get("content_sha256"),
                                    result.doc_partition.get(doc_id), table, ", ".join(exps), rid),
                       run_id, now, row_json=json.dumps(row, default=str))
            out.rows_quarantined += 1
    if quarantined_docs:  # a quarantined document takes all its rows with it, and counts as rejected
        out.counters["rejected"] += sum(1 for d in quarantined_docs if d in result.doc_partition)
        states = []
        for st in out.states:
            if st.doc_id in quarantined_docs and st.status == "written":
                out.counters["changed" if st.source_uri in result.known_uris else "new"] -= 1
                st = InputState(st.source_uri, st.file, st.size, st.mtime_ns, st.content_sha256, None,
                                st.partition_date, "rejected", st.run_id)
            states.append(st)
        out.states = states
    rejects = pa.concat_tables([tables["rejects"], qbuf.to_arrow("rejects")])
    reject_parts = parts["rejects"] + qbuf.partitions["rejects"]
    res = validator.validate("rejects", rejects)
    if res.stop_failures:
        raise TableBroken(f"table 'rejects' is broken: {'; '.join(res.stop_failures)}")
    out.timings["validate"] = out.timings.get("validate", 0.0) + perf_counter() - t_val
    t_stage = perf_counter()
    out.rejects_by_reason.update(rejects.column("reason_code").to_pylist())
    name = batch_file_name(seq)
    kept: dict[str, pa.Table] = {}
    for table in ("rejects", *DOC_TABLES):
        tbl, tparts = (rejects, reject_parts) if table == "rejects" else (tables[table], parts[table])
        keep = _keep_mask(tbl, table, quarantined_docs, bad_rows.get(table, set())) if table != "rejects" else None
        if keep is not None:
            tbl = tbl.filter(keep)
            tparts = [p for p, k in zip(tparts, keep.to_pylist(), strict=True) if k]
        kept[table] = tbl
        f = write_staged(wh, run_id, table, tbl, tparts, name)
        if f is not None:
            out.files.append(f)
            out.rows[table] += f.rows
    # what the driver needs to link documents and events across the warehouse
    kept_docs = kept["documents"]
    doc_partition = {d: p for d, p in result.doc_partition.items() if d not in quarantined_docs}
    for d in kept_docs.column("doc_id").to_pylist():  # bodies as already read for validation
        out.doc_features.append((d, doc_partition[d], *duplicates.features(body_by_doc[d])))
    out.members = members_from_tables(kept["events"], kept_docs, doc_partition)
    out.site_fingerprints = [(key, sorted({line_fingerprint(t) for t in lines})) for key, lines in result.site_lines]
    out.written_sha = [st.content_sha256 for st in out.states if st.status == "written" and st.content_sha256
                       and st.source_uri not in result.known_uris]
    take = getattr(validator, "take_results", None)
    out.validation_results = take() if take is not None else []
    out.timings["stage"] = out.timings.get("stage", 0.0) + perf_counter() - t_stage + (t_val - t_start)
    return out


def _keep_mask(tbl: pa.Table, table: str, docs: set[str], rows: set[str]) -> pa.Array | None:
    if not docs and not rows:
        return None
    mask = pc.invert(pc.is_in(tbl.column("doc_id"), pa.array(sorted(docs), pa.string())))
    if rows:
        mask = pc.and_(mask, pc.invert(pc.is_in(tbl.column(TABLES[table].id_column),
                                                pa.array(sorted(rows), pa.string()))))
    return mask
