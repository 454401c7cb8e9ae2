"""The driver's commit: gather what the workers staged, link across documents, publish at the end.

This is the run's bookkeeping, kept apart from Prefect (flows/orchestrate/flow.py calls it) and from
Great Expectations (flows/validate/checkpoint.py holds that): workers validated and staged their
batches (flows/store/staging.py); here the accounting is kept (seen = written + unchanged +
rejected), the input state updated, duplicates and stories linked, and the warehouse handed what
to publish.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from time import perf_counter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flows import __version__
from flows.fs import Storage
from flows.model import Reject
from flows.store.batch import Plan, RunConfig
from flows.store.linking import CrossDocLinker
from flows.store.memory import trim
from flows.store.records import TableBuffer, add_reject
from flows.store.staging import StagedBatch, TableBroken, batch_file_name
from flows.store.state import InputState, State, write_site_stats_file, write_state_file
from flows.store.warehouse import Stager, ensure_table_files, list_partitions

log = logging.getLogger("newsflow.publish")


@dataclass
class RunSummary:
    run_id: str
    mode: str
    flow_run_id: str | None
    cfg: RunConfig
    started_at: datetime
    finished_at: datetime | None = None
    counters: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    field_errors: Counter = field(default_factory=Counter)
    rejects_by_reason: Counter = field(default_factory=Counter)
    rows_quarantined: int = 0
    validation_success: bool = True
    data_docs: str | None = None
    deleted: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)     # gone inputs whose content came back under a new name
    repairs: Counter = field(default_factory=Counter)  # what reading fixed (nul_bytes_stripped, ...)
    slowest: tuple[float, str] = (0.0, "")             # seconds and source_uri of the slowest document
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # seconds per stage
    links: dict[str, Any] = field(default_factory=dict)  # duplicates and stories (flows/store/linking.py)
    validated_batches: dict[str, int] = field(default_factory=dict)  # suite -> batches the workers validated

    @property
    def docs_written(self) -> int:
        return self.counters["new"] + self.counters["changed"]

    @property
    def docs_rejected(self) -> int:
        return self.counters["rejected"]

    def as_dict(self) -> dict[str, Any]:
        c = self.counters
        return {
            "run_id": self.run_id, "mode": self.mode, "flow_run_id": self.flow_run_id,
            "docs_seen": c["seen"], "docs_new": c["new"], "docs_changed": c["changed"],
            "docs_unchanged": c["unchanged"], "docs_rejected": c["rejected"], "docs_written": self.docs_written,
            "docs_deleted": len(self.deleted), "docs_rejected_now": c["rejected_now"], "docs_moved": len(self.moved),
            "rows": dict(self.rows), "field_errors": dict(self.field_errors), "repairs": dict(self.repairs),
            "slowest_doc_s": round(self.slowest[0], 3), "slowest_doc": self.slowest[1] or None,
            "rejects_by_reason": dict(self.rejects_by_reason), "rows_quarantined": self.rows_quarantined,
            "validation_success": self.validation_success, "data_docs": self.data_docs,
            "validated_batches": dict(self.validated_batches),
            "duplicates": self.links.get("duplicates", {}), "stories": self.links.get("stories", {}),
            "timings_s": {k: round(v, 3) for k, v in sorted(self.timings.items())},
            "wall_s": round((self.finished_at - self.started_at).total_seconds(), 3) if self.finished_at else None,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }

    def one_line(self) -> str:
        c = self.counters
        if c["seen"] and not self.docs_written and not c["rejected"]:
            return f"nothing new: {c['seen']} documents seen, all unchanged"
        return (f"{c['seen']} seen, {self.docs_written} written ({c['new']} new, {c['changed']} changed), "
                f"{c['unchanged']} unchanged, {c['rejected']} rejected, {len(self.deleted)} deleted; "
                f"rows {dict(self.rows)}; validation {'passed' if self.validation_success else 'FAILED'}")

    def markdown(self) -> str:
        d = self.as_dict()
        out = [f"# newsflow {self.mode} run `{self.run_id}`", "", "| documents | count |", "|---|---|"]
        out += [f"| {k.removeprefix('docs_')} | {d[k]} |" for k in
                ("docs_seen", "docs_new", "docs_changed", "docs_unchanged", "docs_rejected", "docs_deleted",
                 "docs_rejected_now", "docs_moved")]
        out += ["", "| table | rows written |", "|---|---|"]
        out += [f"| {t} | {n} |" for t, n in sorted(self.rows.items())]
        out += ["", f"Validation: {'passed' if self.validation_success else 'rows quarantined'}"
                f" ({self.rows_quarantined} rows quarantined). Data Docs: {self.data_docs}"]
        if self.rejects_by_reason:
            out += ["", "Rejects: " + ", ".join(f"{k} {v}" for k, v in sorted(self.rejects_by_reason.items()))]
        if self.links:
            dup, st = self.links.get("duplicates", {}), self.links.get("stories", {})
            out += ["", f"Duplicates: {dup.get('exact', 0)} exact, {dup.get('near', 0)} near. Stories: "
                    f"{st.get('changed', 0)} new or changed, {st.get('total', 0)} in all "
                    f"({st.get('multi_document', 0)} told by several documents)."]
        if self.field_errors:
            out += ["", "Field errors: " + ", ".join(f"{k} {v}" for k, v in sorted(self.field_errors.items()))]
        if self.repairs:
            out += ["", "Repairs: " + ", ".join(f"{k} {v}" for k, v in sorted(self.repairs.items()))]
        if self.slowest[1]:
            out += ["", f"Slowest document: {self.slowest[1]} ({self.slowest[0]:.2f} s)"]
        return "\n".join(out)

    def runs_row(self) -> dict[str, Any]:
        c = self.counters
        return dict(
            run_id=self.run_id, mode=self.mode, flow_run_id=self.flow_run_id, source=str(self.cfg.source),
            since=self.cfg.since, until=self.cfg.until, dry_run=self.cfg.dry_run, started_at=self.started_at,
            finished_at=self.finished_at or datetime.now(UTC), docs_seen=c["seen"], docs_new=c["new"],
            docs_changed=c["changed"], docs_unchanged=c["unchanged"], docs_rejected=c["rejected"],
            docs_written=self.docs_written, docs_deleted=len(self.deleted), docs_rejected_now=c["rejected_now"],
            rows=[{"name": k, "value": v} for k, v in sorted(self.rows.items())],
            field_errors=[{"name": k, "value": v} for k, v in sorted(self.field_errors.items())],
            repairs=[{"name": k, "value": v} for k, v in sorted(self.repairs.items())],
            rows_quarantined=self.rows_quarantined, validation_success=self.validation_success,
            pipeline_version=__version__)


def _sha_prefixes(shas: list[str]) -> np.ndarray:
    """The first 64 bits of sha256 hex digests, as integers (collisions: ~1 in 10^7 at a million documents,
    and one would only make a gone file count as moved)."""
    return np.array([int(h[:16], 16) for h in shas], dtype=np.uint64)


class BatchWriter:
    """The driver's side of a run: take each staged batch's accounting, link, then commit and publish.

    Workers validate and stage their batches themselves (flows/store/staging.py); the writer
    never sees their rows. Per batch it records the staged files, updates the input state (moves,
    documents that became rejects, records gone from their file), links documents and events
    across the warehouse from the features the worker computed, and files the validation
    results. At the end it stages the few rows only it can make (stories, the run's row) and
    commits: manifest, publish, state.
    """

    def __init__(self, cfg: RunConfig, run_id: str, state: State, summary: RunSummary,
                 make_validator: Callable[[], Any], site_stats: Any = None,
                 still_ours: Callable[[], None] | None = None) -> None:
        """`make_validator` builds the driver's validator on first use (`flows.validate.checkpoint.Validator`:
        Great Expectations is slow to import, and the write path must not depend on it); it validates
        the stories and runs rows and files the workers' results for Data Docs."""
        self.cfg = cfg
        self._make_validator = make_validator
        self.run_id = run_id
        self.state = state
        self.summary = summary
        self.site_stats = site_stats
        self.still_ours = still_ours  # raises when the warehouse lock was lost (flows/store/lock.py)
        self.stager = Stager(cfg.warehouse, run_id)
        self._validator = None
        self.written_days: set[date] = set()
        # content of documents new in this run (to spot moved inputs), as 64-bit prefixes of the
        # hashes in arrays: a first run over a million documents holds 8 MB, not a million strings
        self._written_sha: list[np.ndarray] = []
        self.linker = CrossDocLinker(cfg.warehouse, cfg.in_range if cfg.is_backfill else None)

    @property
    def validator(self):  # noqa: ANN201 - flows.validate.checkpoint.Validator, built on first use
        if self._validator is None:
            self._validator = self._make_validator()
        return self._validator

    def take(self, b: StagedBatch) -> None:
        """Record one batch a worker validated and staged."""
        s = self.summary
        t_start = perf_counter()
        s.counters.update(b.counters)
        for k, v in b.timings.items():
            s.timings[k] += v
        s.field_errors.update(b.field_errors)
        s.repairs.update(b.repairs)
        s.slowest = max(s.slowest, b.slowest)
        s.rows.update(b.rows)
        s.rows_quarantined += b.rows_quarantined
        s.rejects_by_reason.update(b.rejects_by_reason)
        s.validation_success = s.validation_success and b.validation_success
        for f in b.files:
            self.stager.add(f)
            if f.table == "documents":
                self.written_days.update(date.fromisoformat(k) for k, _, _ in f.groups)
        if b.written_sha:
            self._written_sha.append(_sha_prefixes(b.written_sha))
        for st in b.states:
            old = self.state.by_uri.get(st.source_uri)
            if old and old.doc_id and old.partition_date and old.partition_date != st.partition_date:
                self.stager.drop_docs(old.partition_date, {old.doc_id})  # the document moved partition
            if st.status == "rejected" and old and old.status == "written" and old.doc_id and old.partition_date:
                s.counters["rejected_now"] += 1  # a document that became a reject loses its rows
                self.stager.drop_docs(old.partition_date, {old.doc_id})
                self.linker.forget_docs([old.doc_id])  # and its events their stories
            self.state.put(st)
        for u in b.vanished:  # a record its file no longer holds: the file says it is gone
            old = self.state.by_uri.get(u)
            if old is None:
                continue
            if old.status == "written":
                s.deleted.append(u)
            self._forget(old)
        if self.site_stats is not None:
            for key, fps in b.site_fingerprints:
                self.site_stats.add_fingerprints(key, fps)
        t_link = perf_counter()
        if b.doc_features:
            tbl, parts = self.linker.link_documents(b.doc_features)
            self.stager.stage_links("documents", tbl, parts, batch_file_name(b.seq))
        if b.members:
            tbl, parts = self.linker.link_events(b.members)
            self.stager.stage_links("events", tbl, parts, batch_file_name(b.seq))
        t_filed = perf_counter()
        s.timings["links"] += t_filed - t_link
        if b.validation_results:
            self.validator.file_results(b.validation_results)
        trim()  # the batch's features and results are freed: keep the driver's RSS at what it holds
        s.timings["commit"] += (t_link - t_start) + (perf_counter() - t_filed)  # all of take but the linking

    def _forget(self, old: InputState) -> None:
        """Drop a known input from the state and its rows from every document table."""
        if old.doc_id and old.partition_date:
            self.stager.drop_docs(old.partition_date, {old.doc_id})
            self.linker.forget_docs([old.doc_id])
        self.state.drop(old.source_uri)

    def _stage(self, table: str, tbl: pa.Table, parts: list[date], keep: pa.Array | None) -> None:
        """Stage rows the driver made (stories, the run's row, their rejects)."""
        if keep is not None:
            tbl = tbl.filter(keep)
            parts = [p for p, k in zip(parts, keep.to_pylist(), strict=True) if k]
        self.stager.stage(table, tbl, parts)
        self.summary.rows[table] += tbl.num_rows

    def finish(self, plan_out: Plan) -> None:
        s, cfg = self.summary, self.cfg
        s.counters["seen"] += plan_out.unchanged_docs
        s.counters["unchanged"] += plan_out.unchanged_docs
        gone = [self.state.by_uri[u] for f, uris in self.state.by_file.items() if plan_out.gone(f)
                for u in uris]
        written = np.concatenate(self._written_sha) if self._written_sha else np.zeros(0, np.uint64)
        back = np.isin(_sha_prefixes([o.content_sha256 or "0" for o in gone]), written)
        for old, is_back in zip(gone, back, strict=True):  # moved or renamed: the same content is back under
            if old.content_sha256 and is_back and old.status in ("written", "deleted"):  # a new name: old rows go
                if old.status == "written":
                    s.deleted.append(old.source_uri)
                s.moved.append(old.source_uri)
                self._forget(old)
        gone = [old for old in gone if old.source_uri in self.state.by_uri]
        if cfg.is_backfill:
            days = {d for d in list_partitions(cfg.warehouse, "documents") if cfg.in_range(d)} | self.written_days
            for d in sorted(days):
                self.stager.replace_partition(d)
            for old in gone:  # a backfill rebuilds partitions from the inputs that exist
                if cfg.in_range(old.partition_date):
                    if old.status != "deleted":  # reported once, by the run that found it gone
                        s.deleted.append(old.source_uri)
                    self.state.drop(old.source_uri)
        else:
            for old in gone:  # reported once; their rows stay (the scraper's folder is not the archive)
                if old.status != "deleted":
                    s.deleted.append(old.source_uri)
                    self.state.put(InputState(old.source_uri, old.file, old.size, old.mtime_ns, old.content_sha256,
                                              old.doc_id, old.partition_date, "deleted", old.run_id))
        if s.deleted:
            log.warning("%d known inputs are gone from %s (first: %s)%s", len(s.deleted), cfg.source,
                        ", ".join(s.deleted[:5]), "; their rows were dropped by the backfill" if cfg.is_backfill
                        else "; the rows of whole files are kept, those of records gone from a file or "
                             "of moved files are dropped")
        if s.moved:
            log.warning("%d inputs were moved or renamed (first: %s); their rows now live under the new name",
                        len(s.moved), ", ".join(s.moved[:5]))
        self._stage_stories()
        s.finished_at = datetime.now(UTC)
        buf = TableBuffer()
        buf.add("runs", s.started_at.date(), **s.runs_row())
        runs = buf.to_arrow("runs")
        out = self.validator.validate("runs", runs)
        if out.stop_failures:
            raise TableBroken(f"table 'runs' is broken: {'; '.join(out.stop_failures)}")
        self._stage("runs", runs, buf.partitions["runs"], None)
        s.rows["runs"] -= 1  # the run's own row is not part of "rows written" for the user
        if s.rows["runs"] == 0:
            del s.rows["runs"]
        t_pub = perf_counter()
        writers: dict[str, Callable[[Storage, str], None]] = {
            "inputs.parquet": lambda wh, rel: write_state_file(self.state, wh, rel)}
        if self.site_stats is not None:
            writers["site_lines.parquet"] = lambda wh, rel: write_site_stats_file(self.site_stats, wh, rel)
        self.stager.commit({**writers, **self.linker.state_writers()}, still_ours=self.still_ours)
        ensure_table_files(cfg.warehouse, s.started_at.date())  # empty tables still open in every reader
        s.timings["publish"] += perf_counter() - t_pub
        t_docs = perf_counter()
        s.validated_batches = {str(k): v for k, v in getattr(self.validator, "batches_validated", {}).items()}
        try:
            s.data_docs = str(self.validator.build_docs())
        except Exception as e:  # noqa: BLE001 - the tables are published; docs can be rebuilt
            log.warning("could not build Data Docs: %s", e)
        s.timings["data_docs"] += perf_counter() - t_docs

    def _stage_stories(self) -> None:
        """Validate and stage the stories the run changed (replaced by id); drop emptied ones."""
        t0 = perf_counter()
        tbl, parts, removed = self.linker.story_table(self.run_id)
        for sid, day in removed.items():
            self.stager.drop_rows("stories", day, {sid})
        if tbl.num_rows == 0 and not removed:
            return
        out = self.validator.validate("stories", tbl)
        if out.stop_failures:
            raise TableBroken(f"table 'stories' is broken: {'; '.join(out.stop_failures)}; nothing was written")
        keep = None
        if out.bad_rows:  # a story failing a check is kept in rejects, like any quarantined row
            self.summary.validation_success = False
            qbuf = TableBuffer()
            now = datetime.now(UTC)
            for row, day in zip(tbl.to_pylist(), parts, strict=True):
                exps = out.bad_rows.get(row["story_id"])
                if exps:
                    add_reject(qbuf, Reject(row["story_id"], "validate", "failed_expectation",
                                            f"stories row {row['story_id']} failed {', '.join(exps)}", None, day,
                                            "stories", ", ".join(exps), row["story_id"]),
                               self.run_id, now, row_json=json.dumps(row, default=str))
                    self.summary.rows_quarantined += 1
                    self.summary.rejects_by_reason["failed_expectation"] += 1
            self._stage("rejects", qbuf.to_arrow("rejects"), qbuf.partitions["rejects"], None)
            keep = pc.invert(pc.is_in(tbl.column("story_id"), pa.array(sorted(out.bad_rows), pa.string())))
        if tbl.num_rows:
            self._stage("stories", tbl, parts, keep)
        self.summary.links = self.linker.report()
        self.summary.timings["links"] += perf_counter() - t0

    def abort(self) -> bool:
        """Discard the run's staged rows, unless its manifest exists (see Stager.abort)."""
        return self.stager.abort()

