"""The README's reader snippets, executed as written, and every table in every reader.

Each ```python block of the README that starts with `# reader: NAME` runs in a folder holding the
Quick start warehouse (`warehouse/`): what the README shows is what is tested. Then each reader
reads every table, the empty `rejects` included (a schema-only file), and a leftover
in-progress publish (`_part-0.parquet.tmp-<run>`, a copy of real rows) changes no reader's rows.
Spark needs pyspark and a Java runtime (`pip install -c constraints.txt '.[spark]'`; CI installs
both); without them its test is skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from flows.store.schemas import TABLES
from tests.conftest import ROOT

pytestmark = [pytest.mark.flow]

SNIPPET = re.compile(r"```python\n# reader: (\w+)\n(.*?)```", re.S)


def readme_snippets() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in SNIPPET.finditer((ROOT / "README.md").read_text(encoding="utf-8"))}


@pytest.fixture
def here(quickstart_warehouse, tmp_path, monkeypatch) -> Path:
    """A folder with `warehouse/` (a copy of the Quick start's) plus a leftover in-progress file."""
    wh, _ = quickstart_warehouse
    shutil.copytree(wh, tmp_path / "warehouse")
    part = next((tmp_path / "warehouse" / "documents").glob("key=*"))
    shutil.copy(part / "part-0.parquet", part / "_part-0.parquet.tmp-20250101T000000Z-deadbeef")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(name: str) -> dict:
    code = readme_snippets()[name]
    ns: dict = {}
    exec(compile(code, f"README.md[{name}]", "exec"), ns)  # noqa: S102 - the README's own snippet
    return ns


def _expected_rows(quickstart_warehouse) -> dict[str, int]:
    import pyarrow.parquet as pq

    wh, _ = quickstart_warehouse
    return {t: sum(pq.ParquetFile(p).metadata.num_rows for p in (wh / t).glob("key=*/part-0.parquet"))
            for t in TABLES}


def test_readme_has_a_snippet_per_reader() -> None:
    assert set(readme_snippets()) == {"duckdb", "pandas", "polars", "spark"}


def test_every_table_has_a_file_and_rejects_is_empty(quickstart_warehouse) -> None:
    rows = _expected_rows(quickstart_warehouse)
    assert rows["rejects"] == 0 and rows["documents"] == 5
    wh, _ = quickstart_warehouse
    assert all(list((wh / t).glob("key=*/part-0.parquet")) for t in TABLES)


def test_duckdb_snippet_and_every_table(here, quickstart_warehouse) -> None:
    import duckdb

    ns = _run("duckdb")
    assert len(ns["events"]) > 0 and isinstance(ns["events"]["key"].iloc[0], dt.date | pd.Timestamp)
    assert len(ns["rejects"]) == 0
    for table, n in _expected_rows(quickstart_warehouse).items():
        rel = duckdb.sql(f"SELECT * FROM read_parquet('warehouse/{table}/*/*.parquet', hive_partitioning=true)")
        assert len(rel.fetchall()) == n, table
        types = dict(zip(rel.columns, map(str, rel.types), strict=True))
        assert types["key"] == "DATE" and set(TABLES[table].schema.names) <= set(rel.columns), table


def test_pandas_snippet_gives_dates_and_nullable_integers(here, quickstart_warehouse) -> None:
    ns = _run("pandas")
    docs, counts = ns["docs"], ns["counts"]
    assert len(docs) == 5  # not 10: the in-progress copy is ignored
    assert str(docs["key"].dtype).startswith("datetime64")
    assert len(ns["recent"]) == int((docs.key >= "2025-05-11").sum())
    assert str(docs["n_words"].dtype) == "Int32" and str(counts["number"].dtype) == "Int64"
    assert str(counts["total"].dtype) == "Int64" and counts["total"].isna().any()
    part, read = ns["by_day"], ns["pd"].read_parquet
    for table, n in _expected_rows(quickstart_warehouse).items():
        df = read(f"warehouse/{table}", partitioning=part, dtype_backend="numpy_nullable")
        assert len(df) == n and set(TABLES[table].schema.names) <= set(df.columns), table
        if n:
            assert isinstance(df["key"].iloc[0], dt.date), table


def test_polars_snippet_and_every_table(here, quickstart_warehouse) -> None:
    import polars as pl

    ns = _run("polars")
    assert ns["counts"].schema["key"] == pl.Date and ns["by_category"].height > 0
    for table, n in _expected_rows(quickstart_warehouse).items():
        df = pl.read_parquet(f"warehouse/{table}/*/*.parquet", hive_partitioning=True)
        assert df.height == n and set(TABLES[table].schema.names) <= set(df.columns), table


def test_spark_snippet_and_every_table(here, quickstart_warehouse) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -c constraints.txt '.[spark]')")
    if not shutil.which("java"):
        pytest.skip("no Java runtime on PATH: Spark needs one (apt-get install default-jre-headless)")
    ns = _run("spark")
    spark = ns["spark"]
    try:
        assert sum(r["count"] for r in ns["by_kind"]) == _expected_rows(quickstart_warehouse)["mentions"]
        assert dict(ns["mentions"].dtypes)["key"] == "date"
        for table, n in _expected_rows(quickstart_warehouse).items():
            df = spark.read.parquet(f"warehouse/{table}")
            assert df.count() == n and set(TABLES[table].schema.names) <= set(df.columns), table
            assert dict(df.dtypes)["key"] == "date", table
    finally:
        spark.stop()


def test_python_api_reads_tables(quickstart_warehouse, tmp_path) -> None:
    """`flows.read_table`: `key` a date, empty tables keep their schema, unfinished publishes ignored."""
    import pyarrow as pa

    import flows

    wh = tmp_path / "wh"
    shutil.copytree(quickstart_warehouse[0], wh)
    events = flows.read_table(wh, "events")
    assert events.num_rows > 0 and events.schema.field("key").type == pa.date32()
    assert all(isinstance(k, dt.date) for k in events.column("key").to_pylist())
    (wh / "events" / "key=2000-01-01").mkdir()
    (wh / "events" / "key=2000-01-01" / "_part-0.parquet.tmp-x").write_bytes(b"junk")  # an unfinished publish
    assert flows.read_table(wh, "events").num_rows == events.num_rows
    rejects = flows.read_table(wh, "rejects")
    assert rejects.num_rows == 0 and "reason_code" in rejects.column_names
    assert flows.read_table(wh, "documents", since=dt.date(2100, 1, 1)).num_rows == 0
    with pytest.raises(ValueError, match="unknown table"):
        flows.read_table(wh, "nope")


def test_python_api_run(seeds_copy, tmp_path, prefect_server) -> None:
    """The README's API snippet: `flows.run` returns the summary, with the report's path."""
    import flows

    summary = flows.run(seeds_copy, tmp_path / "wh")
    assert summary["docs_written"] == 5 and Path(summary["report"]).is_file()
