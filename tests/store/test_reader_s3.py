"""Tables on S3 read back the same as on a local disk: `flows.read_table` and the README's readers.

A small partitioned table (`counts`, three days, plus a leftover in-progress publish
`_part-0.parquet.tmp-<run>` that no reader may take for data) is written with pyarrow to a local
folder and to the session's local S3 server (moto). `read_table` on the URL gives what it gives on
the folder. Then the README's object-storage snippets (`# s3 reader: NAME`) run as written, with
only the example bucket `s3://my-bucket/newsflow` replaced by the test's; DuckDB's is not run: its
S3 support (the httpfs extension) downloads itself on first use, which a test must not do.
"""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.fs import open_storage
from flows.store.reader import read_table
from flows.store.schemas import TABLES
from tests.conftest import ROOT

DAYS = [dt.date(2025, 5, 10), dt.date(2025, 5, 11), dt.date(2025, 5, 12)]
README_WAREHOUSE = "s3://my-bucket/newsflow"
SNIPPET = re.compile(r"```python\n# s3 reader: (\w+)\n(.*?)```", re.S)


def _value(t: pa.DataType, i: int, name: str):
    if pa.types.is_string(t):
        return f"{name}-{i}"
    if pa.types.is_boolean(t):
        return i % 2 == 0
    if pa.types.is_integer(t):
        return i
    if pa.types.is_floating(t):
        return i / 4
    if pa.types.is_timestamp(t):
        return dt.datetime(2025, 5, 10, 8, i % 60, tzinfo=dt.UTC)
    if pa.types.is_date(t):
        return dt.date(2025, 5, 1 + i % 28)
    return None  # lists: null (every list column here is nullable)


def rows(table: str, day: dt.date, n: int) -> pa.Table:
    schema = TABLES[table].schema
    cols = {f.name: [(None if f.nullable and i % 3 == 2 else _value(f.type, i + day.day * 100, f.name))
                     for i in range(n)] for f in schema}
    return pa.table(cols, schema=schema)


def write_warehouse(location: str) -> None:
    """`counts` in three partitions of 5, 7 and 9 rows, and a leftover in-progress publish."""
    storage = open_storage(location)
    for day, n in zip(DAYS, (5, 7, 9), strict=True):
        folder = f"counts/key={day.isoformat()}"
        with storage.open_write(f"{folder}/part-0.parquet") as fh:
            pq.write_table(rows("counts", day, n), fh)
    with storage.open_write(f"counts/key={DAYS[0].isoformat()}/_part-0.parquet.tmp-20250101T000000Z-dead") as fh:
        pq.write_table(rows("counts", DAYS[0], 50), fh)


@pytest.fixture
def warehouses(s3_server, tmp_path) -> tuple[str, str]:
    local, url = str(tmp_path / "warehouse"), f"s3://{s3_server.bucket('wh')}/newsflow"
    write_warehouse(local)
    write_warehouse(url)
    return local, url


def test_read_table_on_s3_equals_local(warehouses) -> None:
    local, url = warehouses
    there, here = read_table(url, "counts"), read_table(local, "counts")
    assert there.num_rows == 21 and there.equals(here)
    assert there.schema.field("key").type == pa.date32()
    assert sorted(set(there.column("key").to_pylist())) == DAYS
    window = {"since": DAYS[1], "until": DAYS[1], "columns": ["count_id", "number", "key"]}
    assert read_table(url, "counts", **window).equals(read_table(local, "counts", **window))
    assert read_table(url, "counts", **window).num_rows == 7
    assert read_table(open_storage(url), "counts").num_rows == 21  # a Storage works too


def test_a_table_without_files_on_s3_is_empty_with_its_schema(warehouses) -> None:
    _, url = warehouses
    empty = read_table(url, "events")
    assert empty.num_rows == 0 and "event_id" in empty.column_names and "key" in empty.column_names
    with pytest.raises(ValueError, match="unknown table"):
        read_table(url, "nope")


def readme_s3_snippets() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in SNIPPET.finditer((ROOT / "README.md").read_text(encoding="utf-8"))}


def _run(name: str, url: str) -> dict:
    code = readme_s3_snippets()[name]
    assert README_WAREHOUSE in code
    ns: dict = {}
    exec(compile(code.replace(README_WAREHOUSE, url), f"README.md[s3 {name}]", "exec"), ns)  # noqa: S102
    return ns


def test_readme_has_the_s3_snippets() -> None:
    assert set(readme_s3_snippets()) == {"duckdb", "pandas", "polars"}


def test_readme_pandas_reads_the_table_from_s3(warehouses) -> None:
    local, url = warehouses
    ns = _run("pandas", url)
    counts = ns["counts"]
    assert len(counts) == 21 and str(counts["key"].dtype).startswith("datetime64")
    assert str(counts["number"].dtype) == "Int64"  # nullable: <NA>, not 500.0
    assert len(ns["recent"]) == 16
    expected = read_table(local, "counts").to_pandas()
    assert sorted(counts["count_id"]) == sorted(expected["count_id"])


def test_readme_polars_reads_the_table_from_s3(warehouses) -> None:
    local, url = warehouses
    ns = _run("polars", url)
    counts = ns["counts"]
    assert counts.height == 21 and str(counts.schema["key"]) == "Date"
    assert sorted(counts["count_id"].to_list()) == sorted(read_table(local, "counts").column("count_id").to_pylist())
    assert ns["by_category"].height == 21  # every category value differs in these rows


def test_readme_duckdb_snippet_is_python_that_reads_the_s3_globs() -> None:
    """Not run (httpfs downloads itself); at least it compiles and reads what the others read."""
    code = readme_s3_snippets()["duckdb"]
    compile(code, "README.md[s3 duckdb]", "exec")
    assert f"{README_WAREHOUSE}/events/*/*.parquet" in code and "hive_partitioning=true" in code
