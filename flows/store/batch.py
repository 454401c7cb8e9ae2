"""What a run hands from its planning and processing to the write path: plain run plumbing.

`RunConfig` (the run's fixed settings), `WorkItem` (one input to process), `Plan` (counters that
planning fills) and `BatchResult` (one batch's rows and accounting). They live in `store/` because
the write path (`store/publish.py`) consumes them and must not import the orchestration that
produces them: dependencies point one way, orchestrate -> store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from flows.read.inputs import MAX_DOC_BYTES, MAX_JSONL_FILE_BYTES, InputFile
from flows.store.records import TableBuffer
from flows.store.state import InputState

MODES = ("scheduled", "manual", "backfill")
# Documents per batch (= per Prefect task): large enough that per-task orchestration and
# per-batch validation cost stay a small share (a Great Expectations pass costs ~0.7 s per batch
# plus ~0.5 ms a document: 1.2 ms a document at 1,000, 0.8 ms at 2,500), small enough that a
# worker stays well under 1 GB (~520 MB at 1,000 documents, ~670 MB at 2,500, before Dask's own).
DEFAULT_BATCH_SIZE = 2000


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs to know, fixed at its start (built from CLI/flow parameters)."""

    source: Path | str     # a local folder or a URL (flows/fs.py opens either)
    warehouse: Path | str
    mode: str = "manual"
    since: date | None = None
    until: date | None = None
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    max_doc_bytes: int = MAX_DOC_BYTES
    max_file_bytes: int = MAX_JSONL_FILE_BYTES  # a JSONL file (its lines are capped by max_doc_bytes)
    suites_dir: Path = Path("expectations")
    favor: str = "balanced"  # the cleaner's precision/recall knob (flows.model.CLEAN_FAVORS)

    @property
    def is_backfill(self) -> bool:
        return self.mode == "backfill"

    def in_range(self, d: date | None) -> bool:
        if d is None:
            return False
        return (self.since is None or d >= self.since) and (self.until is None or d <= self.until)


@dataclass(frozen=True, slots=True)
class WorkItem:
    file: InputFile
    known: dict[str, InputState]  # source_uri -> what the warehouse already holds of it
    force: bool            # backfill: reprocess even when unchanged


@dataclass
class Plan:
    """Streaming plan: batches are produced lazily; counters fill as they are consumed."""

    unchanged_docs: int = 0
    # known files (of the state) not found by this run's listing yet: gone, once planning is over.
    # Holding the unseen known files rather than every file seen keeps a first run over a million
    # files from growing a million-entry set.
    unseen: set[str] | None = None

    def gone(self, f: str) -> bool:
        return self.unseen is not None and f in self.unseen


@dataclass
class BatchResult:
    buffer: TableBuffer
    states: list[InputState]
    counters: Counter
    field_errors: Counter
    site_lines: list[tuple[str, list[str]]]  # (source_key, trackable line texts) per processed doc
    doc_partition: dict[str, date]           # doc_id -> partition of this batch's documents
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # s: read/clean/extract/rows
    arrow: dict[str, pa.Table] | None = None   # the buffer converted (on the worker), when done there
    vanished: list[str] = field(default_factory=list)  # known records their re-read file no longer holds
    repairs: Counter = field(default_factory=Counter)  # what reading fixed, e.g. nul_bytes_stripped
    slowest: tuple[float, str] = (0.0, "")     # seconds and source_uri of the batch's slowest document
    known_uris: set[str] = field(default_factory=set)  # inputs the warehouse held before (changed or unchanged)

    def tables(self) -> dict[str, pa.Table]:
        if self.arrow is not None:
            return self.arrow
        return {t: self.buffer.to_arrow(t) for t in self.buffer.columns}
