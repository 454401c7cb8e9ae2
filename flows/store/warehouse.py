"""The warehouse: partitioned Parquet tables with atomic, idempotent partition replacement.

Layout (what every reader sees: `<table>/key=*/*.parquet`, or the `<table>` folder itself):

    <warehouse>/<table>/key=YYYY-MM-DD/part-0.parquet   one file per table partition
    <warehouse>/<table>/key=YYYY-MM-DD/_part-0.parquet.tmp-<run>   a publish in progress (ignored by all)
    <warehouse>/_state/inputs.parquet                   incremental state (flows/store/state.py)
    <warehouse>/_staging/<run_id>/...                   a run's rows before they are published
    <warehouse>/.lock                                   one writer at a time

How a run writes:
1. Every validated batch is *staged*: its rows go to `_staging/<run_id>/<table>/<key>/batch-N.parquet`,
   outside every table folder, so readers never see them.
2. When all batches are staged the run writes `_staging/<run_id>/manifest.json` (the
   partitions to publish and the doc_ids each must drop) and only then publishes.
3. Publishing a partition = stream (old file minus the replaced doc_ids) + staged rows into
   `_part-0.parquet.tmp-<run>` in the partition folder, then `os.replace` it over
   `part-0.parquet`. The name is one no reader takes for data: it does not end in `.parquet`
   (DuckDB and Polars globs) and starts with `_` (pyarrow, pandas and Spark skip `_` and `.`
   names when they read a folder). A reader sees the old file or the new one, never
   a mix or a gap. Publishing is idempotent (the replaced doc_ids include the run's own), so
   re-publishing after a crash gives the same bytes of data.
4. The state file is replaced, then the staging folder is removed.
5. A table with no rows at all (often `rejects`) gets a schema-only `part-0.parquet` in the
   run's partition, so every reader finds the table, with its columns, instead of failing on
   a missing folder; it is replaced like any other file once rows arrive.

A run killed before the manifest leaves only staging files: the next run deletes them and
redoes the work (the state was not updated). A run killed after the manifest is rolled
forward by the next run before it does anything else.

Failures are treated like kills: once the manifest exists nothing but a completed publish
deletes the staging folder, so an I/O error during publishing (a full disk, EIO) leaves the
run to be rolled forward (`PublishIncomplete` says so) instead of stranding half-published
partitions without the staged rows and removals that complete them. Temporary files of a
failed or killed publish are removed on recovery.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.fs import Storage, open_storage
from flows.store.lock import WarehouseLocked, warehouse_lock  # noqa: F401 - re-exported: one writer per warehouse
from flows.store.memory import trim
from flows.store.schemas import DOC_TABLES, KEYED_TABLES, PARTITION_COLUMN, TABLES

PART_FILE = "part-0.parquet"
# Prefix of a publish in progress: `_` hides it from directory readers (see the module doc).
TMP_PREFIX = "_"
COMPRESSION = "zstd"
# Row group size of published files: big enough for fast scans, small enough that
# streaming a partition through the writer keeps memory flat.
ROW_GROUP_ROWS = 64_000
MANIFEST = "manifest.json"
# Partitions published at once (threads; see _publish_table).
PUBLISH_THREADS = max(1, min(2, os.cpu_count() or 1))  # each holds a partition being rewritten
REMOVE_FILE = "remove.parquet"
STAGING = "_staging"
LINKS = "_links-"  # staged link columns of a table: `_staging/<run>/_links-<table>/...`


class PublishIncomplete(RuntimeError):
    """Publishing failed after the manifest was written; the next run rolls the run forward."""

    def __init__(self, run_id: str, cause: BaseException) -> None:
        what = (f"{errno.errorcode.get(cause.errno, cause.errno)}: {cause.strerror or cause}"
                if isinstance(cause, OSError) and cause.errno else f"{type(cause).__name__}: {cause}")
        super().__init__(
            f"publishing run {run_id} stopped half way ({what}); its staged rows are kept and the next "
            "newsflow run on this warehouse finishes publishing them before anything else"
            + (" (free some disk space first)" if isinstance(cause, OSError) and cause.errno == errno.ENOSPC
               else ""))
        self.run_id = run_id


def partition_rel(table: str, day: date) -> str:
    """A partition's folder, relative to the warehouse root."""
    return f"{table}/{PARTITION_COLUMN}={day.isoformat()}"


def partition_dir(warehouse: Path, table: str, day: date) -> Path:
    """A partition's folder in a local warehouse."""
    return Path(warehouse) / partition_rel(table, day)


@dataclass
class StagedFile:
    """One staged Parquet file: which partitions its row groups hold, and which older rows they replace.

    Small on purpose: a worker that staged a batch hands this (not the rows) to the driver."""

    table: str
    name: str                                   # file name under `_staging/<run>/<table>/`
    groups: list[tuple[str, int, int]]          # (partition key, row group, rows)
    ids: dict[str, list[str]] = field(default_factory=dict)  # keyed tables: key -> ids whose older rows go

    @property
    def rows(self) -> int:
        return sum(n for _, _, n in self.groups)


def staging_root(run_id: str) -> str:
    return f"{STAGING}/{run_id}"


def write_staged(wh: Storage | Path | str, run_id: str, table: str, tbl: pa.Table, partitions: list[date],
                 name: str, *, folder: str | None = None) -> StagedFile | None:
    """Stage rows of one table: one file, sorted by partition, one row group per partition.

    One file per table and batch (not per partition: a batch of a long backfill touches hundreds
    of days, and thousands of tiny files cost more than the rows in them); the publisher reads
    just the row groups of the partition it rebuilds. Runs wherever the batch was processed (a
    Dask worker writes its own batch straight to the warehouse's staging area); re-staging the
    same name (a retried task) replaces the file. `folder` defaults to the table's name.
    """
    if tbl.num_rows == 0:
        return None
    wh = open_storage(wh)
    keys = pa.array([d.isoformat() for d in partitions], pa.string())
    order = pc.sort_indices(keys)
    tbl, keys = tbl.take(order), keys.take(order)
    values = keys.to_pylist()
    out = StagedFile(table, name, [])
    id_col = KEYED_TABLES.get(table)  # document tables: the publisher reads the staged doc ids back
    with wh.open_write(f"{staging_root(run_id)}/{folder or table}/{name}") as sink, \
            pq.ParquetWriter(sink, tbl.schema, compression=COMPRESSION) as w:
        start, rg = 0, 0
        while start < len(values):
            key = values[start]
            end = start
            while end < len(values) and values[end] == key:
                end += 1
            part = tbl.slice(start, end - start)
            w.write_table(part, row_group_size=end - start)
            out.groups.append((key, rg, end - start))
            if id_col is not None:  # a new version of a row replaces the old one by its id
                out.ids[key] = sorted(set(part.column(id_col).to_pylist()))
            start, rg = end, rg + 1
    return out


class Stager:
    """A run's staged files and removals (the driver's side): the manifest it commits, then publishes.

    Batches are staged where they were processed (`write_staged`); the driver registers what each
    staged (`add`), stages its own few tables (`stage`: stories, runs), the link columns it
    computed (`stage_links`), and commits."""

    def __init__(self, warehouse: Storage | Path | str, run_id: str) -> None:
        self.wh = open_storage(warehouse)
        self.warehouse = self.wh.url
        self.run_id = run_id
        self.root = staging_root(run_id)
        self.wh.mkdir(self.root)
        self._seq = 0
        # (table, partition) -> doc_ids whose rows this run replaces there
        self.remove: dict[tuple[str, str], set[str]] = {}
        self.replace_all: set[tuple[str, str]] = set()
        # (table, partition) -> [(staged file name, row group)]
        self.staged: dict[tuple[str, str], list[tuple[str, int]]] = {}
        # (table, partition) -> [(links file name, row group)]: link columns the driver filled
        self.links: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self.doc_keys: set[str] = set()  # partitions where documents were staged

    def add(self, f: StagedFile | None) -> None:
        """Register a file staged by a worker (or by `stage`).

        The documents a batch restaged replace their older rows in every document table; which
        documents those are is read back from the staged `documents` rows when a partition is
        published, not kept here: a run over a million documents would otherwise hold a million
        ids per table in the driver."""
        if f is None:
            return
        for key, rg, _ in f.groups:
            self.staged.setdefault((f.table, key), []).append((f.name, rg))
            if f.table == "documents":
                self.doc_keys.add(key)
            elif f.table in KEYED_TABLES:  # a new version of a row replaces the old one by its id
                self.remove.setdefault((f.table, key), set()).update(f.ids.get(key, ()))

    def stage(self, table: str, tbl: pa.Table, partitions: list[date]) -> StagedFile | None:
        """Stage rows the driver made itself (stories, runs, their rejects)."""
        self._seq += 1
        f = write_staged(self.wh, self.run_id, table, tbl, partitions, f"driver-{self._seq:06d}.parquet")
        self.add(f)
        return f

    def stage_links(self, table: str, tbl: pa.Table, partitions: list[date], name: str) -> None:
        """Stage link columns (documents: duplicate_of, near_duplicate_score; events: story_id) by id,
        applied to the table's staged rows when its partitions are published."""
        f = write_staged(self.wh, self.run_id, f"{LINKS}{table}", tbl, partitions, name, folder=f"{LINKS}{table}")
        if f is not None:
            for key, rg, _ in f.groups:
                self.links.setdefault((table, key), []).append((f.name, rg))

    def drop_docs(self, day: date, doc_ids: set[str]) -> None:
        """Remove these documents' rows from a partition in every document table."""
        for table in DOC_TABLES:
            self.remove.setdefault((table, day.isoformat()), set()).update(doc_ids)

    def drop_rows(self, table: str, day: date, ids: set[str]) -> None:
        """Remove rows of a keyed table (KEYED_TABLES) from a partition by their id."""
        self.remove.setdefault((table, day.isoformat()), set()).update(ids)

    def replace_partition(self, day: date) -> None:
        """Backfill: the partition of every document table is rebuilt from this run's rows only."""
        for table in DOC_TABLES:
            self.replace_all.add((table, day.isoformat()))
            self.remove.setdefault((table, day.isoformat()), set())

    def commit(self, state_writers: dict[str, Callable[[Storage, str], None]],
               still_ours: Callable[[], None] | None = None) -> None:
        """Write the manifest (the point of no return), publish, update state, clean up.

        `state_writers` maps a file name under `_state/` to a function writing it to (storage, path);
        the files are staged first and moved into `_state/` after the tables are published.
        `still_ours()` raises when the run no longer holds the warehouse lock (an S3 lease another
        run took over): it is called just before the manifest, so a run that lost its lock never
        publishes.
        """
        entries = []
        rm_table: list[str] = []
        rm_key: list[str] = []
        rm_ids: list[str] = []
        touched = set(self.remove) | set(self.staged) | {(t, k) for k in self.doc_keys for t in DOC_TABLES}
        for table, key in sorted(touched):
            ids = self.remove.get((table, key), set())
            entries.append({"table": table, "key": key, "replace_all": (table, key) in self.replace_all,
                            "staged": self.staged.get((table, key), []),
                            "links": self.links.get((table, key), []),
                            # the staged documents of this partition replace their rows in this table
                            "docs": self.staged.get(("documents", key), []) if table in DOC_TABLES else []})
            rm_table += [table] * len(ids)
            rm_key += [key] * len(ids)
            rm_ids += sorted(ids)
        # one file for every (table, partition) -> replaced doc_ids: thousands of tiny files cost more
        with self.wh.open_write(f"{self.root}/{REMOVE_FILE}") as sink:
            pq.write_table(pa.table({"table": rm_table, "key": rm_key, "doc_id": rm_ids},
                                    schema=pa.schema([("table", pa.string()), ("key", pa.string()),
                                                      ("doc_id", pa.string())])), sink)
        for name, writer in state_writers.items():
            writer(self.wh, f"{self.root}/_state/{name}")
        if still_ours is not None:
            still_ours()
        self.wh.write_atomic(f"{self.root}/{MANIFEST}",
                             json.dumps({"run_id": self.run_id, "partitions": entries}).encode())
        try:
            roll_forward(self.wh, self.root)
        except Exception as e:  # the manifest exists: the next run rolls forward, never discards
            raise PublishIncomplete(self.run_id, e) from e

    @property
    def manifest_written(self) -> bool:
        return self.wh.exists(f"{self.root}/{MANIFEST}")

    def abort(self) -> bool:
        """Discard the staged rows unless the manifest exists (then only a publish may remove them).

        Returns True when the staging folder was discarded."""
        if self.manifest_written:
            return False
        self.wh.delete_dir(self.root)
        return True


def recover(warehouse: Storage | Path | str) -> list[str]:
    """Finish or discard what killed runs left in `_staging`; return what was done."""
    wh = open_storage(warehouse)
    done: list[str] = []
    _remove_temporaries(wh)
    runs = sorted({wh.relative(i.path).split("/")[1] for i in wh.walk(STAGING)})
    for name in runs:
        root = staging_root(name)
        if wh.exists(f"{root}/{MANIFEST}"):
            try:
                roll_forward(wh, root)
            except Exception as e:
                _remove_temporaries(wh)
                raise PublishIncomplete(name, e) from e
            done.append(f"rolled forward run {name}")
        else:
            wh.delete_dir(root)
            done.append(f"discarded unfinished run {name}")
    if wh.is_local:  # empty run folders (object stores have no empty folders)
        for p in sorted(wh.local_path(STAGING).glob("*")) if wh.is_dir(STAGING) else []:
            if p.is_dir() and not any(p.iterdir()):
                shutil.rmtree(p, ignore_errors=True)
                done.append(f"discarded unfinished run {p.name}")
    return done


def _remove_temporaries(wh: Storage) -> None:
    """Partition files of a publish killed or failed between write and rename (only the lock
    holder writes, so every temporary file found under the lock is an orphan)."""
    for table in TABLES:
        for i in wh.walk(table):
            if ".tmp-" in i.base_name:
                wh.delete(wh.relative(i.path))


def roll_forward(warehouse: Storage | Path | str, run_dir: str) -> None:
    """Publish a committed run (its manifest exists), move its state files in, remove its staging."""
    wh = open_storage(warehouse)
    manifest = json.loads(wh.read_text(f"{run_dir}/{MANIFEST}"))
    run_id = manifest["run_id"]
    removes: dict[tuple[str, str], set[str]] = {}
    rm = pq.ParquetFile(wh.open_read(f"{run_dir}/{REMOVE_FILE}")).read()
    for t, k, d in zip(*(rm.column(c).to_pylist() for c in ("table", "key", "doc_id")), strict=True):
        removes.setdefault((t, k), set()).add(d)
    by_table: dict[str, list[dict]] = {}
    for e in manifest["partitions"]:
        by_table.setdefault(e["table"], []).append(e)
    for entries in by_table.values():  # one table at a time: its staged files stay open only meanwhile
        _publish_table(wh, run_dir, run_id, entries, removes)
        trim()  # give the table's buffers back before the next one
    for i in list(wh.walk(f"{run_dir}/_state")):
        wh.replace(wh.relative(i.path), f"_state/{i.base_name}")
    wh.delete(f"{run_dir}/{MANIFEST}")  # done: from here on the folder is only litter
    wh.delete_dir(run_dir)


def _publish_table(wh: Storage, run_dir: str, run_id: str, entries: list[dict],
                   removes: dict[tuple[str, str], set[str]]) -> None:
    """Publish one table's partitions, `PUBLISH_THREADS` at a time.

    Partitions are independent files and most of a publish is Parquet decoding, encoding and
    compression, which pyarrow runs without the GIL: threads keep every core busy at the end of a
    run, when the workers have nothing left to do. Each thread opens the staged files it reads
    (a ParquetFile is not shared between threads)."""
    local = threading.local()

    def one(e: dict) -> None:
        files = getattr(local, "files", None)
        if files is None:
            files = local.files = {}

        def opened(folder: str, name: str) -> pq.ParquetFile:
            if (folder, name) not in files:
                files[(folder, name)] = pq.ParquetFile(wh.open_read(f"{run_dir}/{folder}/{name}"))
            return files[(folder, name)]

        table = e["table"]
        staged = [(opened(table, name), rg) for name, rg in e["staged"]]
        links = [(opened(f"{LINKS}{table}", name), rg) for name, rg in e.get("links", [])]
        remove = set(removes.get((table, e["key"]), set()))
        if table in DOC_TABLES:  # restaged documents replace their rows: those of the batch's documents
            # (in every document table) and those of the rows staged here (idempotent re-publishing)
            for pf, rg in [*((opened("documents", n), r) for n, r in e.get("docs", [])), *staged]:
                remove.update(pf.read_row_group(rg, columns=["doc_id"]).column(0).to_pylist())
        publish_partition(wh, table, date.fromisoformat(e["key"]), staged, remove,
                          replace_all=e["replace_all"], run_id=run_id, links=links)

    if PUBLISH_THREADS <= 1 or len(entries) == 1:
        for e in entries:
            one(e)
        return
    with ThreadPoolExecutor(max_workers=PUBLISH_THREADS, thread_name_prefix="newsflow-publish") as pool:
        futures = [pool.submit(one, e) for e in entries]
        for f in futures:  # the first failure is raised once all have stopped: each partition old or new
            f.result()


def publish_partition(warehouse: Storage | Path | str, table: str, day: date,
                      staged: list[tuple[pq.ParquetFile, int]], remove: set[str],
                      *, replace_all: bool, run_id: str,
                      links: list[tuple[pq.ParquetFile, int]] | None = None) -> None:
    """Atomically replace one partition file with (old rows - removed) + staged rows."""
    wh = open_storage(warehouse)
    schema = TABLES[table].schema
    d = partition_rel(table, day)
    target = f"{d}/{PART_FILE}"
    tmp = f"{d}/{TMP_PREFIX}{PART_FILE}.tmp-{run_id}"
    remove_arr = pa.array(sorted(remove), pa.string())
    link_tbl = pa.concat_tables([pf.read_row_group(rg) for pf, rg in links]) if links else None
    try:
        n = _write_partition(wh, tmp, target, table, schema, staged, remove, remove_arr, replace_all, run_id,
                             link_tbl)
        if n:
            wh.replace(tmp, target)
            return
    except BaseException:
        with suppress(OSError):
            wh.delete(tmp)  # a full disk must not also keep a half-written file
        raise
    wh.delete(tmp)
    wh.delete(target)
    wh.remove_empty_dir(d)


def _write_partition(wh: Storage, tmp: str, target: str, table: str, schema: pa.Schema,
                     staged: list[tuple[pq.ParquetFile, int]], remove: set[str], remove_arr: pa.Array,
                     replace_all: bool, run_id: str, links: pa.Table | None) -> int:
    """Stream (old rows - removed) + staged rows (with their link columns) into `tmp`; return the rows."""
    n = 0
    with wh.open_write(tmp) as sink, pq.ParquetWriter(sink, schema, compression=COMPRESSION) as w:
        if not replace_all and wh.is_file(target):
            old = pq.ParquetFile(wh.open_read(target))
            for batch in old.iter_batches(batch_size=ROW_GROUP_ROWS):
                t = conform(pa.Table.from_batches([batch]), schema)
                if table in DOC_TABLES and remove:
                    t = t.filter(pc.invert(pc.is_in(t.column("doc_id"), remove_arr)))
                elif table in KEYED_TABLES:  # replaced by id (idempotent: the run's own rows are in `remove`)
                    t = t.filter(pc.invert(pc.is_in(t.column(KEYED_TABLES[table]), remove_arr)))
                elif table not in DOC_TABLES:  # append-only tables: idempotent by run_id
                    t = t.filter(pc.not_equal(t.column("run_id"), run_id))
                if t.num_rows:
                    w.write_table(t, row_group_size=ROW_GROUP_ROWS)
                    n += t.num_rows
        for pf, rg in staged:
            t = conform(pf.read_row_group(rg), schema)
            if links is not None:
                t = apply_links(t, links)
            w.write_table(t, row_group_size=ROW_GROUP_ROWS)
            n += t.num_rows
    return n


def apply_links(t: pa.Table, links: pa.Table) -> pa.Table:
    """Fill the link columns of staged rows from the driver's links (joined on the first column, the id)."""
    id_col = links.column_names[0]
    idx = pc.index_in(t.column(id_col), value_set=links.column(id_col))
    for name in links.column_names[1:]:
        values = links.column(name).take(idx)
        i = t.schema.get_field_index(name)
        t = t.set_column(i, t.schema.field(name), values.cast(t.schema.field(name).type))
    return t


def conform(t: pa.Table, schema: pa.Schema) -> pa.Table:
    """Rows written under an older schema, in the current one: a column added since is filled
    (null, or the type's zero when the column is not nullable: 0, False, "", []), a column
    dropped since goes. Without this, the first run after a new column would fail to publish,
    and so would every roll-forward after it."""
    if t.schema.equals(schema, check_metadata=False):
        return t
    cols = []
    for f in schema:
        if f.name in t.column_names:
            cols.append(t.column(f.name).cast(f.type))
        elif f.nullable:
            cols.append(pa.nulls(t.num_rows, f.type))
        else:
            cols.append(pa.array([_zero(f.type)] * t.num_rows, f.type))
    return pa.Table.from_arrays(cols, schema=schema)


def _zero(t: pa.DataType) -> object:
    if pa.types.is_boolean(t):
        return False
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return 0
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return ""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return []
    return None


def ensure_table_files(warehouse: Storage | Path | str, day: date) -> list[str]:
    """Give every table without a data file a schema-only `part-0.parquet` in partition `day`.

    A reader's glob or folder read must never fail on a table that has simply had no rows yet:
    with this file DuckDB, Polars, pandas and Spark all return zero rows with the table's
    columns (and `key`). Written atomically; returns the tables that got one.
    """
    wh = open_storage(warehouse)
    made = []
    for table, spec in TABLES.items():
        if any(i.base_name.endswith(".parquet") and not i.base_name.startswith(TMP_PREFIX) for i in wh.walk(table)):
            continue
        d = partition_rel(table, day)
        tmp = f"{d}/{TMP_PREFIX}{PART_FILE}.tmp-schema"
        with wh.open_write(tmp) as sink:
            pq.write_table(spec.schema.empty_table(), sink, compression=COMPRESSION)
        wh.replace(tmp, f"{d}/{PART_FILE}")
        made.append(table)
    return made


def list_partitions(warehouse: Storage | Path | str, table: str) -> list[date]:
    wh = open_storage(warehouse)
    out = []
    for i in wh.ls(table):
        if i.base_name.startswith(f"{PARTITION_COLUMN}=") and wh.is_file(f"{table}/{i.base_name}/{PART_FILE}"):
            out.append(date.fromisoformat(i.base_name.split("=", 1)[1]))
    return sorted(out)
