"""Incremental state: what the warehouse already holds, per input document.

One small Parquet file, `<warehouse>/_state/inputs.parquet`, one row per input document
(source_uri) with the file's size and mtime and the document's content hash. A scheduled
run reads it once (its cost grows with the number of inputs, never with the size of the
tables), skips files whose (size, mtime) are unchanged without reading them, and for the
rest compares content hashes. The file is replaced atomically at the end of a run, after
the tables are published, so a killed run leaves the previous state and is redone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.fs import Storage, open_storage

STATE_SCHEMA = pa.schema([
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("file", pa.string(), nullable=False),       # the input file (differs from source_uri for JSONL)
    pa.field("size", pa.int64(), nullable=False),
    pa.field("mtime_ns", pa.int64(), nullable=False),
    pa.field("content_sha256", pa.string()),
    pa.field("doc_id", pa.string()),
    pa.field("partition_date", pa.date32()),
    pa.field("status", pa.string(), nullable=False),     # written | rejected | deleted (input gone, reported once)
    pa.field("run_id", pa.string(), nullable=False),
])


@dataclass(frozen=True, slots=True)
class InputState:
    source_uri: str
    file: str
    size: int
    mtime_ns: int
    content_sha256: str | None
    doc_id: str | None
    partition_date: date | None
    status: str
    run_id: str


class State:
    """In-memory view of the state file, keyed by source_uri, with a per-file index."""

    def __init__(self, rows: Iterable[InputState] = ()) -> None:
        self.by_uri: dict[str, InputState] = {}
        self.by_file: dict[str, list[str]] = {}
        for r in rows:
            self.put(r)

    def put(self, r: InputState) -> None:
        if r.source_uri not in self.by_uri:
            self.by_file.setdefault(r.file, []).append(r.source_uri)
        self.by_uri[r.source_uri] = r

    def drop(self, source_uri: str) -> None:
        r = self.by_uri.pop(source_uri, None)
        if r is not None:
            uris = self.by_file.get(r.file, [])
            if source_uri in uris:
                uris.remove(source_uri)
            if not uris:
                self.by_file.pop(r.file, None)

    def file_unchanged(self, file: str, size: int, mtime_ns: int) -> bool:
        """True when every known document of `file` was recorded with this size and mtime (and the
        file was not reported deleted: one that comes back is read, to restore its status)."""
        uris = self.by_file.get(file)
        if not uris:
            return False
        return all(self.by_uri[u].size == size and self.by_uri[u].mtime_ns == mtime_ns
                   and self.by_uri[u].status != "deleted" for u in uris)

    def docs_of_file(self, file: str) -> list[InputState]:
        return [self.by_uri[u] for u in self.by_file.get(file, [])]

    def __len__(self) -> int:
        return len(self.by_uri)

    def to_arrow(self) -> pa.Table:
        cols: dict[str, list] = {f.name: [] for f in STATE_SCHEMA}
        for r in self.by_uri.values():
            for name in cols:
                cols[name].append(getattr(r, name))
        return pa.Table.from_pydict(cols, schema=STATE_SCHEMA)


STATE_FILE = "_state/inputs.parquet"
SITE_LINES_FILE = "_state/site_lines.parquet"


def state_path(warehouse: Path) -> Path:
    return Path(warehouse) / STATE_FILE


def read_state_table(warehouse: Storage | Path | str, rel: str, schema: pa.Schema) -> pa.Table | None:
    """A `_state/` file of the warehouse as Arrow, or None when the warehouse has none yet."""
    wh = open_storage(warehouse)
    if not wh.is_file(rel):
        return None
    return pq.ParquetFile(wh.open_read(rel)).read().cast(schema)


def write_table_to(wh: Storage, rel: str, tbl: pa.Table) -> None:
    """Write a state file to `rel` (a staging path: the warehouse moves it in at publish)."""
    with wh.open_write(rel) as sink:
        pq.write_table(tbl, sink, compression="zstd")


def load_state(warehouse: Storage | Path | str) -> State:
    t = read_state_table(warehouse, STATE_FILE, STATE_SCHEMA)
    if t is None:
        return State()
    cols = [t.column(f.name).to_pylist() for f in STATE_SCHEMA]
    return State(InputState(*row) for row in zip(*cols, strict=True))


def write_state_file(state: State, wh: Storage, rel: str) -> None:
    """Write the state to `rel` of `wh` (a staging path: the warehouse moves it in atomically)."""
    write_table_to(wh, rel, state.to_arrow())


SITE_LINES_SCHEMA = pa.schema([
    pa.field("source_key", pa.string(), nullable=False),
    pa.field("fingerprint", pa.string(), nullable=False),
    pa.field("n_docs", pa.int64(), nullable=False),
])


def site_lines_path(warehouse: Path) -> Path:
    return Path(warehouse) / SITE_LINES_FILE


def load_site_stats(warehouse: Storage | Path | str):  # -> SiteLineStats
    """Per-source line statistics for cross-document boilerplate (flows/clean/sitestats.py)."""
    from flows.clean.sitestats import SiteLineStats

    t = read_state_table(warehouse, SITE_LINES_FILE, SITE_LINES_SCHEMA)
    if t is None:
        return SiteLineStats()
    return SiteLineStats.from_columns(*(t.column(c).to_pylist() for c in ("source_key", "fingerprint", "n_docs")))


def write_site_stats_file(stats, wh: Storage, rel: str) -> None:  # noqa: ANN001 - SiteLineStats
    stats.prune()
    keys, fps, ns = stats.columns()
    cols = {"source_key": keys, "fingerprint": fps, "n_docs": ns}
    write_table_to(wh, rel, pa.Table.from_pydict(cols, schema=SITE_LINES_SCHEMA))
