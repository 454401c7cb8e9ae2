"""Read a published table back: the typed, partition-aware reader behind `flows.read_table`.

Readers of the warehouse need three things that a bare `pq.read_table(folder)` gets wrong:
only published files (`*.parquet`, never a publish's `_part-0.parquet.tmp-<run>`), the partition
column `key` as a real date rather than a dictionary of strings, and the table's own schema when
it has no rows yet (a query over an empty table is an empty result, not an error).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from flows.store.schemas import PARTITION_COLUMN, TABLES


def read_table(warehouse: str | Path, table: str, *, since: date | None = None,
               until: date | None = None, columns: list[str] | None = None) -> pa.Table:
    """Rows of `table` in `warehouse` (optionally only partitions in [since, until]) as Arrow.

    `key` (the landing date) comes back as `date32`; columns follow the table's schema.
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    schema = TABLES[table].schema.append(pa.field(PARTITION_COLUMN, pa.date32()))
    folder = Path(warehouse) / table
    files = sorted(str(p) for p in folder.glob(f"{PARTITION_COLUMN}=*/*.parquet")) if folder.is_dir() else []
    if not files:
        empty = schema.empty_table()
        return empty.select(columns) if columns else empty
    part = ds.partitioning(pa.schema([pa.field(PARTITION_COLUMN, pa.date32())]), flavor="hive")
    dset = ds.dataset(files, schema=schema, format="parquet", partitioning=part, partition_base_dir=str(folder))
    flt = None
    key = ds.field(PARTITION_COLUMN)
    if since is not None:
        flt = key >= pa.scalar(since, pa.date32())
    if until is not None:
        cond = key <= pa.scalar(until, pa.date32())
        flt = cond if flt is None else flt & cond
    return dset.to_table(columns=columns, filter=flt)
