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
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.store.schemas import DOC_TABLES, KEYED_TABLES, PARTITION_COLUMN, TABLES

PART_FILE = "part-0.parquet"
# Prefix of a publish in progress: `_` hides it from directory readers (see the module doc).
TMP_PREFIX = "_"
COMPRESSION = "zstd"
# Row group size of published files: big enough for fast scans, small enough that
# streaming a partition through the writer keeps memory flat.
ROW_GROUP_ROWS = 64_000
MANIFEST = "manifest.json"
REMOVE_FILE = "remove.parquet"


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse lock."""


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


def partition_dir(warehouse: Path, table: str, day: date) -> Path:
    return Path(warehouse) / table / f"{PARTITION_COLUMN}={day.isoformat()}"


@contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Exclusive lock on the warehouse (flock: released by the OS if the process dies)."""
    warehouse = Path(warehouse)
    warehouse.mkdir(parents=True, exist_ok=True)
    fh = open(warehouse / ".lock", "a+")  # noqa: SIM115 - held for the duration
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "unknown"
                    raise WarehouseLocked(
                        f"another newsflow run (pid {holder}) is writing to {warehouse}; "
                        "wait for it to finish or pass --wait SECONDS") from None
                time.sleep(0.5)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        try:
            fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            fh.close()


class Stager:
    """Collects a run's validated rows on disk, then publishes them partition by partition."""

    def __init__(self, warehouse: Path, run_id: str) -> None:
        self.warehouse = Path(warehouse)
        self.run_id = run_id
        self.root = self.warehouse / "_staging" / run_id
        self.root.mkdir(parents=True, exist_ok=True)
        self._seq = 0
        # (table, partition) -> doc_ids whose rows this run replaces there
        self.remove: dict[tuple[str, str], set[str]] = {}
        self.replace_all: set[tuple[str, str]] = set()
        # (table, partition) -> [(staged file name, row group)]
        self.staged: dict[tuple[str, str], list[tuple[str, int]]] = {}

    def stage(self, table: str, tbl: pa.Table, partitions: list[date]) -> None:
        """Stage a batch of one table: one file, sorted by partition, one row group per partition.

        One file per table and batch (not per partition: a batch of a long backfill touches
        hundreds of days, and thousands of tiny files cost more than the rows in them); the
        publisher reads just the row groups of the partition it rebuilds.
        """
        if tbl.num_rows == 0:
            return
        self._seq += 1
        keys = pa.array([d.isoformat() for d in partitions], pa.string())
        order = pc.sort_indices(keys)
        tbl, keys = tbl.take(order), keys.take(order)
        values = keys.to_pylist()
        d = self.root / table
        d.mkdir(parents=True, exist_ok=True)
        name = f"batch-{self._seq:06d}.parquet"
        with pq.ParquetWriter(d / name, tbl.schema, compression=COMPRESSION) as w:
            start, rg = 0, 0
            while start < len(values):
                key = values[start]
                end = start
                while end < len(values) and values[end] == key:
                    end += 1
                part = tbl.slice(start, end - start)
                w.write_table(part, row_group_size=end - start)
                self.staged.setdefault((table, key), []).append((name, rg))
                ids = self.remove.setdefault((table, key), set())
                if table in DOC_TABLES:
                    ids.update(part.column("doc_id").to_pylist())
                elif table in KEYED_TABLES:  # a new version of a row replaces the old one by its id
                    ids.update(part.column(KEYED_TABLES[table]).to_pylist())
                start, rg = end, rg + 1

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

    def commit(self, state_writers: dict[str, Callable[[Path], None]]) -> None:
        """Write the manifest (the point of no return), publish, update state, clean up.

        `state_writers` maps a file name under `_state/` to a function writing it to a path;
        the files are staged first and moved into `_state/` after the tables are published.
        """
        entries = []
        rm_table: list[str] = []
        rm_key: list[str] = []
        rm_ids: list[str] = []
        for (table, key), ids in sorted(self.remove.items()):
            entries.append({"table": table, "key": key, "replace_all": (table, key) in self.replace_all,
                             "staged": self.staged.get((table, key), [])})
            rm_table += [table] * len(ids)
            rm_key += [key] * len(ids)
            rm_ids += sorted(ids)
        # one file for every (table, partition) -> replaced doc_ids: thousands of tiny files cost more
        pq.write_table(pa.table({"table": rm_table, "key": rm_key, "doc_id": rm_ids},
                                schema=pa.schema([("table", pa.string()), ("key", pa.string()),
                                                  ("doc_id", pa.string())])), self.root / REMOVE_FILE)
        (self.root / "_state").mkdir(exist_ok=True)
        for name, writer in state_writers.items():
            writer(self.root / "_state" / name)
        _write_durably(self.root / MANIFEST, json.dumps({"run_id": self.run_id, "partitions": entries}))
        try:
            roll_forward(self.warehouse, self.root)
        except Exception as e:  # the manifest exists: the next run rolls forward, never discards
            raise PublishIncomplete(self.run_id, e) from e

    @property
    def manifest_written(self) -> bool:
        return (self.root / MANIFEST).exists()

    def abort(self) -> bool:
        """Discard the staged rows unless the manifest exists (then only a publish may remove them).

        Returns True when the staging folder was discarded."""
        if self.manifest_written:
            return False
        shutil.rmtree(self.root, ignore_errors=True)
        return True


def _write_durably(path: Path, text: str) -> None:
    """Write `path` atomically: a temporary file, fsync, rename (the manifest is the commit point)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def recover(warehouse: Path) -> list[str]:
    """Finish or discard what killed runs left in `_staging`; return what was done."""
    done: list[str] = []
    _remove_temporaries(Path(warehouse))
    staging = Path(warehouse) / "_staging"
    if not staging.exists():
        return done
    for run_dir in sorted(p for p in staging.iterdir() if p.is_dir()):
        if (run_dir / MANIFEST).exists():
            try:
                roll_forward(Path(warehouse), run_dir)
            except Exception as e:
                _remove_temporaries(Path(warehouse))
                raise PublishIncomplete(run_dir.name, e) from e
            done.append(f"rolled forward run {run_dir.name}")
        else:
            shutil.rmtree(run_dir, ignore_errors=True)
            done.append(f"discarded unfinished run {run_dir.name}")
    return done


def _remove_temporaries(warehouse: Path) -> None:
    """Partition files of a publish killed or failed between write and rename (only the lock
    holder writes, so every temporary file found under the lock is an orphan)."""
    for tmp in warehouse.glob("*/*/*.tmp-*"):
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def roll_forward(warehouse: Path, run_dir: Path) -> None:
    manifest = json.loads((run_dir / MANIFEST).read_text())
    run_id = manifest["run_id"]
    removes: dict[tuple[str, str], set[str]] = {}
    rm = pq.ParquetFile(run_dir / REMOVE_FILE).read()
    for t, k, d in zip(*(rm.column(c).to_pylist() for c in ("table", "key", "doc_id")), strict=True):
        removes.setdefault((t, k), set()).add(d)
    files: dict[tuple[str, str], pq.ParquetFile] = {}
    for e in manifest["partitions"]:
        if files and next(iter(files))[0] != e["table"]:
            files.clear()  # entries come sorted by table: keep one table's staged files open at a time
        staged = []
        for name, rg in e["staged"]:
            if (e["table"], name) not in files:
                files[(e["table"], name)] = pq.ParquetFile(run_dir / e["table"] / name)
            staged.append((files[(e["table"], name)], rg))
        publish_partition(warehouse, e["table"], date.fromisoformat(e["key"]), staged,
                          removes.get((e["table"], e["key"]), set()), replace_all=e["replace_all"], run_id=run_id)
    staged_state = run_dir / "_state"
    if staged_state.exists():
        dest = Path(warehouse) / "_state"
        dest.mkdir(parents=True, exist_ok=True)
        for p in staged_state.iterdir():
            os.replace(p, dest / p.name)
    (run_dir / MANIFEST).unlink(missing_ok=True)  # done: from here on the folder is only litter
    shutil.rmtree(run_dir, ignore_errors=True)


def publish_partition(warehouse: Path, table: str, day: date, staged: list[tuple[pq.ParquetFile, int]],
                      remove: set[str],
                      *, replace_all: bool, run_id: str) -> None:
    """Atomically replace one partition file with (old rows - removed) + staged rows."""
    schema = TABLES[table].schema
    d = partition_dir(warehouse, table, day)
    target = d / PART_FILE
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f"{TMP_PREFIX}{PART_FILE}.tmp-{run_id}"
    remove_arr = pa.array(sorted(remove), pa.string())
    try:
        n = _write_partition(tmp, target, table, schema, staged, remove, remove_arr, replace_all, run_id)
        if n:
            os.replace(tmp, target)
            return
    except BaseException:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)  # a full disk must not also keep a half-written file
        raise
    tmp.unlink(missing_ok=True)
    target.unlink(missing_ok=True)
    with suppress(OSError):
        d.rmdir()


def _write_partition(tmp: Path, target: Path, table: str, schema: pa.Schema,
                     staged: list[tuple[pq.ParquetFile, int]], remove: set[str], remove_arr: pa.Array,
                     replace_all: bool, run_id: str) -> int:
    """Stream (old rows - removed) + staged rows into `tmp`; return the number of rows."""
    n = 0
    with pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as w:
        if target.exists() and not replace_all:
            old = pq.ParquetFile(target)
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
            w.write_table(t, row_group_size=ROW_GROUP_ROWS)
            n += t.num_rows
    return n


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


def ensure_table_files(warehouse: Path, day: date) -> list[str]:
    """Give every table without a data file a schema-only `part-0.parquet` in partition `day`.

    A reader's glob or folder read must never fail on a table that has simply had no rows yet:
    with this file DuckDB, Polars, pandas and Spark all return zero rows with the table's
    columns (and `key`). Written atomically; returns the tables that got one.
    """
    made = []
    for table, spec in TABLES.items():
        root = Path(warehouse) / table
        if root.is_dir() and any(root.glob(f"{PARTITION_COLUMN}=*/*.parquet")):
            continue
        d = partition_dir(warehouse, table, day)
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f"{TMP_PREFIX}{PART_FILE}.tmp-schema"
        pq.write_table(spec.schema.empty_table(), tmp, compression=COMPRESSION)
        os.replace(tmp, d / PART_FILE)
        made.append(table)
    return made


def list_partitions(warehouse: Path, table: str) -> list[date]:
    root = Path(warehouse) / table
    if not root.exists():
        return []
    out = []
    for p in root.iterdir():
        if p.name.startswith(f"{PARTITION_COLUMN}=") and (p / PART_FILE).exists():
            out.append(date.fromisoformat(p.name.split("=", 1)[1]))
    return sorted(out)
