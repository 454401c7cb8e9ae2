"""The pure core of a run: plan the work, process a batch of inputs into Arrow tables.

No Prefect, no Great Expectations, no warehouse writes here: `plan` turns a source folder
and the incremental state into batches of work, `process_batch` turns one batch into table
rows plus accounting, and `flows/orchestrate/flow.py` wires them into Prefect tasks. Everything here
runs on plain data, so any stage can be tested on a handful of files without a server.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePosixPath
from time import perf_counter
from typing import Any, TypeVar
from urllib.parse import urlparse

import pyarrow as pa

from flows.clean.cleaner import clean_text
from flows.clean.sitestats import trackable
from flows.extract import extract_all
from flows.extract.budget import DEFAULT_BUDGET_S
from flows.model import RawDocument, Reject
from flows.read.inputs import InputFile, discover, landing_date, read_input
from flows.store.batch import BatchResult, Plan, RunConfig, WorkItem
from flows.store.records import TableBuffer, add_document, add_reject
from flows.store.schemas import TABLES
from flows.store.staging import StagedBatch, stage_batch
from flows.store.state import InputState, State

T = TypeVar("T")


def source_key(raw_uri: str, url: str | None) -> str:
    """Which 'site' a document belongs to for cross-document boilerplate: URL host, else folder."""
    if url:
        host = urlparse(url).hostname
        if host:
            return host.removeprefix("www.")
    return str(PurePosixPath(raw_uri.split("#", 1)[0]).parent)


def plan(cfg: RunConfig, state: State, plan_out: Plan) -> Iterator[list[WorkItem]]:
    """Yield batches of files to read; unchanged files are counted, not read."""
    batch: list[WorkItem] = []
    est = 0
    plan_out.unseen = set(state.by_file)
    for f in discover(cfg.source):
        plan_out.unseen.discard(f.rel)
        known_docs = state.docs_of_file(f.rel)
        if cfg.is_backfill:
            if not _backfill_selects(cfg, f, known_docs):
                continue
        elif state.file_unchanged(f.rel, f.size, f.mtime_ns):
            plan_out.unchanged_docs += len(known_docs)
            continue
        known = {s.source_uri: s for s in known_docs}
        item = WorkItem(f, known, cfg.is_backfill)
        batch.append(item)
        est += _estimate(item)  # a JSONL file holds many documents: by size, so batches stay comparable
        if est >= cfg.batch_size:
            yield batch
            batch, est = [], 0
    if batch:
        yield batch


def _estimate(item: WorkItem) -> int:
    """Documents an input probably holds (a JSONL file: by size), to cut comparable batches."""
    return max(1, item.file.size // 4000) if item.file.fmt == "jsonl" else 1


def balance_tail(batches: Iterator[list[WorkItem]], workers: int) -> Iterator[list[WorkItem]]:
    """The same work, with the last batches cut smaller so that every worker finishes at about
    the same time.

    Batches are big to keep per-batch costs small, but at the end of a run a few big batches
    leave workers idle (5 batches on 2 workers: the third round runs on one). The planner holds
    back the last `workers` batches it made and, once the source is listed, cuts them into
    `2 * workers` equal ones. Memory: `workers` batches of file names."""
    if workers <= 1:
        yield from batches
        return
    held: list[list[WorkItem]] = []
    for b in batches:
        held.append(b)
        if len(held) > workers:
            yield held.pop(0)
    items = [it for b in held for it in b]
    if not items:
        return
    parts = 2 * workers
    total = sum(_estimate(it) for it in items)
    size = max(1, -(-total // parts))
    chunk: list[WorkItem] = []
    est = 0
    for it in items:
        chunk.append(it)
        est += _estimate(it)
        if est >= size:
            yield chunk
            chunk, est = [], 0
    if chunk:
        yield chunk


def _backfill_selects(cfg: RunConfig, f: InputFile, known_docs: list[InputState]) -> bool:
    if any(cfg.in_range(s.partition_date) for s in known_docs):
        return True
    if f.fmt == "jsonl":
        return True  # its documents' dates come from fetched_at: read it and filter per document
    return cfg.in_range(landing_date(f.rel, f.mtime_ns))


def process_batch(items: list[WorkItem], cfg: RunConfig, run_id: str, now: datetime,
                  recurring: dict[str, frozenset[str]]) -> BatchResult:
    """Read, clean and extract one batch; never raises for a bad input.

    Every per-input step (naming, reading, decoding, parsing, cleaning, extracting, building
    rows) runs inside a guard that turns any exception into a rejects row with a reason code,
    so one odd input can neither stop the run nor cost the rest of its batch; only the
    warehouse itself can fail a run. The batch's tables are converted to Arrow here, on the
    worker, and a document whose values no column can hold is rejected on its own."""
    out = _Batch(cfg, run_id, now, recurring)
    for item in items:
        out.process_item(item)
    return out.result()


def process_and_stage(items: list[WorkItem], cfg: RunConfig, run_id: str, now: datetime,
                      recurring: dict[str, frozenset[str]], seq: int, validator: Any) -> StagedBatch:
    """One batch, whole, where it runs: read, clean, extract (`process_batch`), then validate and
    stage its rows into the warehouse's staging area (`flows/store/staging.py`). Returns only the
    accounting the driver commits with; the rows stay in the staged files."""
    return stage_batch(process_batch(items, cfg, run_id, now, recurring), cfg.warehouse, run_id, seq, validator)


# Range of each integer column, for the check that keeps one document's absurd number (a count
# of 10^30 troops) from failing the Arrow conversion of its whole batch.
_INT_COLUMNS: dict[str, list[tuple[str, int, int]]] = {
    name: [(f.name, -(2 ** (f.type.bit_width - 1)), 2 ** (f.type.bit_width - 1) - 1)
           for f in spec.schema if pa.types.is_signed_integer(f.type)]
    for name, spec in TABLES.items()}


class _Batch:
    """One batch's rows and accounting, built input by input (see process_batch)."""

    def __init__(self, cfg: RunConfig, run_id: str, now: datetime, recurring: dict[str, frozenset[str]]) -> None:
        self.cfg, self.run_id, self.now, self.recurring = cfg, run_id, now, recurring
        self.buf = TableBuffer()
        self.states: list[InputState] = []
        self.counters: Counter = Counter()
        self.field_errors: Counter = Counter()
        self.repairs: Counter = Counter()
        self.site_lines: list[tuple[str, list[str]]] = []
        self.doc_partition: dict[str, date] = {}
        self.timings: dict[str, float] = defaultdict(float)  # seconds per stage, summed over the batch
        self.vanished: list[str] = []
        self.slowest: tuple[float, str] = (0.0, "")
        self.known_uris: set[str] = set()

    def process_item(self, item: WorkItem) -> None:
        f = item.file
        produced: set[str] = set()
        try:
            for doc in _timed(read_input(f, self.cfg.max_doc_bytes, self.cfg.max_file_bytes), self.timings, "read"):
                produced.add(doc.source_uri)
                if self.cfg.is_backfill and not self.cfg.in_range(doc.partition_date):
                    continue  # another date of a multi-document file: not part of this backfill
                self._document(item, doc)
        except Exception as e:  # noqa: BLE001 - reading failed past its own checks: reject the input
            uri = f.rel if f.rel not in produced else f"{f.rel}#rest"
            self._reject(item, Reject(uri, "read", "processing_error", _describe(e),
                                      None, landing_date(f.rel, f.mtime_ns)))
            return
        # records of this file the warehouse knows but the file no longer holds
        self.vanished += [u for u in item.known if u not in produced]

    def _document(self, item: WorkItem, doc: RawDocument | Reject) -> None:
        f = item.file
        self.counters["seen"] += 1
        prev = item.known.get(doc.source_uri)
        if prev is not None:
            self.known_uris.add(doc.source_uri)
        same = (prev is not None and doc.content_sha256 is not None
                and prev.content_sha256 == doc.content_sha256 and not item.force)
        if same and prev is not None:
            self.counters["unchanged"] += 1  # same bytes (the file was touched): keep what we had
            status = prev.status if prev.status != "deleted" else ("written" if prev.doc_id else "rejected")
            self.states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256,
                                          prev.doc_id, prev.partition_date, status, prev.run_id))
            return
        if isinstance(doc, Reject):
            self._reject(item, doc, counted=True)
            return
        mark = _mark(self.buf)
        t0 = perf_counter()
        try:
            key = source_key(doc.source_uri, doc.url)
            cleaned = clean_text(doc.text, self.recurring.get(key, frozenset()), doc.title_hint, self.cfg.favor, doc.url)
            t1 = perf_counter()
            # one budget per document: extraction gets what cleaning left of it, less a tenth kept
            # for building the rows (a page of thousands of events takes a while to write down)
            ex = extract_all(doc, cleaned, budget_s=max(0.0, 0.9 * DEFAULT_BUDGET_S - (t1 - t0)))
            t2 = perf_counter()
            doc_id = add_document(self.buf, doc, cleaned, ex, self.run_id, self.now)
            bad = _out_of_range(self.buf, mark)
            if bad:
                raise ValueError(f"{bad} is outside its column's range")
            lines = [x.text for x in cleaned.lines if trackable(x.text)]
        except Exception as e:  # noqa: BLE001 - a bug on one document must not cost the batch
            _rollback(self.buf, mark)
            self._reject(item, Reject(doc.source_uri, "extract", "processing_error", _describe(e),
                                      doc.content_sha256, doc.partition_date), counted=True)
            return
        t3 = perf_counter()
        self.timings["clean"] += t1 - t0
        self.timings["extract"] += t2 - t1
        self.timings["rows"] += t3 - t2
        if t3 - t0 > self.slowest[0]:
            self.slowest = (t3 - t0, doc.source_uri)
        self.doc_partition[doc_id] = doc.partition_date
        self.field_errors.update(ex.field_errors)
        self.repairs.update(doc.repairs)
        self.counters["changed" if prev is not None else "new"] += 1
        self.site_lines.append((key, lines))
        self.states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256, doc_id,
                                      doc.partition_date, "written", self.run_id))

    def _reject(self, item: WorkItem, r: Reject, counted: bool = False) -> None:
        f = item.file
        if not counted:
            self.counters["seen"] += 1
        add_reject(self.buf, r, self.run_id, self.now)
        self.counters["rejected"] += 1
        self.states.append(InputState(r.source_uri, f.rel, f.size, f.mtime_ns, r.content_sha256, None,
                                      r.partition_date or landing_date(f.rel, f.mtime_ns), "rejected", self.run_id))

    def result(self) -> BatchResult:
        t0 = perf_counter()
        arrow = {t: self.buf.to_arrow(t) for t in self.buf.columns}
        for cols in self.buf.columns.values():  # the Arrow tables replace the Python rows: hold one copy
            for values in cols.values():
                values.clear()
        self.timings["rows"] += perf_counter() - t0
        res = BatchResult(self.buf, self.states, self.counters, self.field_errors, self.site_lines,
                          self.doc_partition, self.timings)
        res.arrow, res.vanished, res.repairs, res.slowest = arrow, self.vanished, self.repairs, self.slowest
        res.known_uris = self.known_uris
        return res


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:500]


def _mark(buf: TableBuffer) -> dict[str, int]:
    return {t: len(p) for t, p in buf.partitions.items()}


def _rollback(buf: TableBuffer, mark: dict[str, int]) -> None:
    """Remove every row added since `mark` (a document that failed half way leaves nothing)."""
    for t, n in mark.items():
        del buf.partitions[t][n:]
        for values in buf.columns[t].values():
            del values[n:]


def _out_of_range(buf: TableBuffer, mark: dict[str, int]) -> str | None:
    for t, cols in _INT_COLUMNS.items():
        n = mark[t]
        if len(buf.partitions[t]) == n:
            continue
        for col, lo, hi in cols:
            for v in buf.columns[t][col][n:]:
                if v is not None and not lo <= v <= hi:
                    return f"{t}.{col} = {v}"
    return None


def _timed(it: Iterator[T], timings: dict[str, float], key: str) -> Iterator[T]:
    """Iterate `it`, adding the time spent inside it to timings[key] (streaming: no list())."""
    while True:
        t0 = perf_counter()
        try:
            x = next(it)
        except StopIteration:
            timings[key] += perf_counter() - t0
            return
        timings[key] += perf_counter() - t0
        yield x


def dry_run_plan(cfg: RunConfig, state: State) -> dict[str, Any]:
    """What a run would reprocess, from a stat of the inputs and the state file; writes nothing.

    Pure planning (no Prefect, no lock, no recovery), so `--dry-run` answers in a second and the
    flow's own dry run gives the same plan.
    """
    files = [item.file for b in plan(cfg, state, Plan()) for item in b]
    days: Counter = Counter()
    for f in files:
        known = state.docs_of_file(f.rel)
        for d in ({s.partition_date for s in known} or {None}):
            days[d.isoformat() if d else "unknown (read to tell)"] += 1
    return {"dry_run": True, "mode": cfg.mode, "source": str(cfg.source), "warehouse": str(cfg.warehouse),
            "since": cfg.since.isoformat() if cfg.since else None,
            "until": cfg.until.isoformat() if cfg.until else None,
            "files": [f.rel for f in files], "partitions": dict(sorted(days.items()))}


def format_dry_run(p: dict[str, Any], limit: int = 50) -> str:
    """The plan as text: how many files, per partition, then the first `limit` file names."""
    files = p["files"]
    verb = "reprocessed" if p.get("mode") == "backfill" else "processed"
    lines = [f"dry run: {len(files)} input files would be {verb}"]
    lines += [f"  partition {k}: {n} files" for k, n in p["partitions"].items()]
    lines += [f"  {f}" for f in files[:limit]]
    if len(files) > limit:
        lines.append(f"  ... and {len(files) - limit} more")
    return "\n".join(lines)


