"""Read a published table back: the typed, partition-aware reader behind `flows.read_table`.

Readers of the warehouse need three things that a bare `pq.read_table(folder)` gets wrong:
only published files (`*.parquet`, never a publish's `_part-0.parquet.tmp-<run>`), the partition
column `key` as a real date rather than a dictionary of strings, and the table's own schema when
it has no rows yet (a query over an empty table is an empty result, not an error).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs

from flows.fs import Storage, open_storage
from flows.store.schemas import PARTITION_COLUMN, TABLES


def count_rows(warehouse: str | Path | Storage, table: str) -> int:
    """Rows of a table, from the Parquet footers (nothing is read but metadata)."""
    dset = _dataset(warehouse, table)
    return dset.count_rows() if dset is not None else 0


def _dataset(warehouse: str | Path | Storage, table: str) -> ds.Dataset | None:
    """The table's published files as one dataset with `key` as a date (None: no file yet)."""
    schema = TABLES[table].schema.append(pa.field(PARTITION_COLUMN, pa.date32()))
    storage = open_storage(warehouse).child(table)
    files = sorted(info.path for part in storage.ls() if part.type == pafs.FileType.Directory
                   and part.base_name.startswith(f"{PARTITION_COLUMN}=")
                   for info in storage.ls(storage.relative(part.path))
                   if info.type == pafs.FileType.File and info.base_name.endswith(".parquet"))
    if not files:
        return None
    part = ds.partitioning(pa.schema([pa.field(PARTITION_COLUMN, pa.date32())]), flavor="hive")
    return ds.dataset(files, schema=schema, format="parquet", partitioning=part, partition_base_dir=storage.base,
                      filesystem=storage.fs)


def scan_table(warehouse: str | Path | Storage, table: str, *, columns: list[str],
               run_id: str | None = None) -> Iterator[pa.RecordBatch]:
    """The table's rows (of one run) as a stream of record batches: for aggregates over tables too
    big to hold (a report counting a million-document run's mentions)."""
    dset = _dataset(warehouse, table)
    if dset is None:
        return
    flt = ds.field("run_id") == run_id if run_id is not None else None
    yield from dset.to_batches(columns=columns, filter=flt)


def read_table(warehouse: str | Path | Storage, table: str, *, since: date | None = None,
               until: date | None = None, columns: list[str] | None = None,
               run_id: str | None = None) -> pa.Table:
    """Rows of `table` in `warehouse` (optionally only partitions in [since, until], only rows a run
    wrote) as Arrow.

    `run_id` filters while the files are scanned, so the result, not the table, sets the memory a
    read takes (a run's report reads its own rows of a warehouse of millions).
    `warehouse` is a local folder or a URL (`s3://bucket/prefix`, see `flows.fs`): the files are
    listed and read through the storage's own filesystem, so the result is the same either way.
    `key` (the landing date) comes back as `date32`; columns follow the table's schema.
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    dset = _dataset(warehouse, table)
    if dset is None:
        empty = TABLES[table].schema.append(pa.field(PARTITION_COLUMN, pa.date32())).empty_table()
        return empty.select(columns) if columns else empty
    flt = None
    key = ds.field(PARTITION_COLUMN)
    if since is not None:
        flt = key >= pa.scalar(since, pa.date32())
    if until is not None:
        cond = key <= pa.scalar(until, pa.date32())
        flt = cond if flt is None else flt & cond
    if run_id is not None:
        cond = ds.field("run_id") == run_id
        flt = cond if flt is None else flt & cond
    return dset.to_table(columns=columns, filter=flt)
