"""The README's reader snippets work on a real warehouse: DuckDB, pandas, Polars.

Spark was checked by hand (pyspark 4.3.0, OpenJDK 17) with the README's snippet on a warehouse
from `bash scripts/run.sh`: `spark.read.parquet("warehouse/mentions")` reads every table with the
`key` partition column; it is not in the test suite because it needs a JVM and ~300 MB of pyspark.
"""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from tests.orchestrate.test_flow import run

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def test_every_table_reads_in_duckdb_pandas_and_polars(seeds_copy, tmp_path, monkeypatch):
    import duckdb

    wh = tmp_path / "warehouse"
    run(seeds_copy, wh)
    monkeypatch.chdir(tmp_path)
    rows = duckdb.sql("""
      SELECT d.title, e.event_type, e.actor_code, e.origin_code, e.destination, e.size
      FROM read_parquet('warehouse/events/**/*.parquet', hive_partitioning=true) e
      JOIN read_parquet('warehouse/documents/**/*.parquet', hive_partitioning=true) d USING (doc_id)
    """).fetchall()
    assert rows
    docs = pd.read_parquet("warehouse/documents")
    assert len(docs) == 5 and "key" in docs.columns
    counts = pl.read_parquet("warehouse/counts/**/*.parquet", hive_partitioning=True)
    assert counts.height > 0 and "key" in counts.columns
    for table in ("documents", "lines", "paragraphs", "mentions", "counts", "dates", "quotes", "events", "runs"):
        n_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('warehouse/{table}/**/*.parquet', "
                            "hive_partitioning=true)").fetchall()[0][0]
        assert len(pd.read_parquet(f"warehouse/{table}")) == n_duck
        assert pl.read_parquet(f"warehouse/{table}/**/*.parquet", hive_partitioning=True).height == n_duck


def test_python_api_runs_and_reads_tables(seeds_copy, tmp_path):
    """The README's API snippet: `flows.run` then `flows.read_table` (empty tables keep their schema)."""
    import datetime as dt

    import pyarrow as pa

    import flows

    wh = tmp_path / "wh"
    summary = flows.run(seeds_copy, wh)
    assert summary["docs_written"] == 5
    events = flows.read_table(wh, "events")
    assert events.num_rows > 0 and events.schema.field("key").type == pa.date32()
    assert all(isinstance(k, dt.date) for k in events.column("key").to_pylist())
    (wh / "events" / "key=2000-01-01").mkdir()
    (wh / "events" / "key=2000-01-01" / "part-0.parquet.tmp-x").write_bytes(b"junk")  # an unfinished publish
    assert flows.read_table(wh, "events").num_rows == events.num_rows
    rejects = flows.read_table(wh, "rejects")
    assert rejects.num_rows == 0 and "reason_code" in rejects.column_names
    some = flows.read_table(wh, "documents", since=dt.date(2100, 1, 1))
    assert some.num_rows == 0
    with pytest.raises(ValueError, match="unknown table"):
        flows.read_table(wh, "nope")
