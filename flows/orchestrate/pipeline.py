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

from flows.clean.cleaner import clean_text
from flows.clean.sitestats import SiteLineStats, trackable
from flows.extract import extract_all
from flows.model import Reject
from flows.read.inputs import InputFile, discover, landing_date, read_input
from flows.store.batch import BatchResult, Plan, RunConfig, WorkItem
from flows.store.records import TableBuffer, add_document, add_reject
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
    for f in discover(cfg.source):
        plan_out.files_seen.add(f.rel)
        known_docs = state.docs_of_file(f.rel)
        if cfg.is_backfill:
            if not _backfill_selects(cfg, f, known_docs):
                continue
        elif state.file_unchanged(f.rel, f.size, f.mtime_ns):
            plan_out.unchanged_docs += len(known_docs)
            continue
        known = {s.source_uri: s for s in known_docs if s.content_sha256}
        batch.append(WorkItem(f, known, cfg.is_backfill))
        # a JSONL file holds many documents: estimate by size so batches stay comparable
        est += max(1, f.size // 4000) if f.fmt == "jsonl" else 1
        if est >= cfg.batch_size:
            yield batch
            batch, est = [], 0
    if batch:
        yield batch


def _backfill_selects(cfg: RunConfig, f: InputFile, known_docs: list[InputState]) -> bool:
    if any(cfg.in_range(s.partition_date) for s in known_docs):
        return True
    if f.fmt == "jsonl":
        return True  # its documents' dates come from fetched_at: read it and filter per document
    return cfg.in_range(landing_date(f.rel, f.mtime_ns))


def process_batch(items: list[WorkItem], cfg: RunConfig, run_id: str, now: datetime,
                  recurring: dict[str, frozenset[str]]) -> BatchResult:
    """Read, clean and extract one batch; never raises for a bad document."""
    buf = TableBuffer()
    states: list[InputState] = []
    counters: Counter = Counter()
    field_errors: Counter = Counter()
    site_lines: list[tuple[str, list[str]]] = []
    doc_partition: dict[str, date] = {}
    timings: dict[str, float] = defaultdict(float)  # seconds per stage, summed over the batch
    for item in items:
        f = item.file
        for doc in _timed(read_input(f, cfg.max_doc_bytes), timings, "read"):
            if cfg.is_backfill and not cfg.in_range(doc.partition_date):
                continue  # another date of a multi-document file: not part of this backfill
            counters["seen"] += 1
            prev = item.known.get(doc.source_uri)
            same = (prev is not None and doc.content_sha256 is not None
                    and prev.content_sha256 == doc.content_sha256 and not item.force)
            if same and prev is not None:
                counters["unchanged"] += 1  # same bytes (the file was touched): keep what we had
                states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256,
                                         prev.doc_id, prev.partition_date, prev.status, prev.run_id))
                continue
            if isinstance(doc, Reject):
                add_reject(buf, doc, run_id, now)
                counters["rejected"] += 1
                states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256, None,
                                         doc.partition_date, "rejected", run_id))
                continue
            try:
                key = source_key(doc.source_uri, doc.url)
                t0 = perf_counter()
                cleaned = clean_text(doc.text, recurring.get(key, frozenset()), doc.title_hint, cfg.favor)
                t1 = perf_counter()
                ex = extract_all(doc, cleaned)
                timings["clean"] += t1 - t0
                timings["extract"] += perf_counter() - t1
            except Exception as e:  # noqa: BLE001 - a bug on one document must not cost the batch
                add_reject(buf, Reject(doc.source_uri, "extract", "processing_error",
                                       f"{type(e).__name__}: {e}"[:500], doc.content_sha256,
                                       doc.partition_date), run_id, now)
                counters["rejected"] += 1
                states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256, None,
                                         doc.partition_date, "rejected", run_id))
                continue
            t0 = perf_counter()
            doc_id = add_document(buf, doc, cleaned, ex, run_id, now)
            timings["rows"] += perf_counter() - t0
            doc_partition[doc_id] = doc.partition_date
            field_errors.update(ex.field_errors)
            counters["changed" if prev is not None else "new"] += 1
            site_lines.append((key, [x.text for x in cleaned.lines if trackable(x.text)]))
            states.append(InputState(doc.source_uri, f.rel, f.size, f.mtime_ns, doc.content_sha256, doc_id,
                                     doc.partition_date, "written", run_id))
    return BatchResult(buf, states, counters, field_errors, site_lines, doc_partition, timings)


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


def merge_site_lines(stats: SiteLineStats, batch_lines: list[tuple[str, list[str]]]) -> None:
    for key, texts in batch_lines:
        stats.add_document(key, texts)
