"""File names readers rely on: schema-only files for empty tables, in-progress names no reader takes."""

from __future__ import annotations

import os
from datetime import date

import pyarrow.parquet as pq

from flows.store import warehouse as wh_mod
from flows.store.records import TableBuffer
from flows.store.schemas import TABLES
from flows.store.warehouse import Stager, ensure_table_files, partition_dir, recover

D1, D2 = date(2025, 5, 10), date(2025, 5, 11)


def _stage_quotes(wh, run_id: str, day: date) -> None:
    buf = TableBuffer()
    buf.add("quotes", day, quote_id="a:q0", doc_id="a", text="We leave.", speaker=None, start_char=0, end_char=9,
            run_id=run_id)
    st = Stager(wh, run_id)
    st.stage("quotes", buf.to_arrow("quotes"), buf.partitions["quotes"])
    st.commit({})


def test_empty_tables_get_a_schema_only_file(tmp_path):
    _stage_quotes(tmp_path, "r1", D1)
    made = ensure_table_files(tmp_path, D2)
    assert set(made) == set(TABLES) - {"quotes"}
    for table in made:
        f = partition_dir(tmp_path, table, D2) / "part-0.parquet"
        t = pq.read_table(f)
        assert t.num_rows == 0 and t.schema.equals(TABLES[table].schema), table
    assert not partition_dir(tmp_path, "quotes", D2).exists()  # a table with rows gets none
    assert ensure_table_files(tmp_path, D2) == []  # idempotent
    _stage_quotes(tmp_path, "r2", D2)  # rows arriving later replace nothing else
    assert pq.read_table(partition_dir(tmp_path, "quotes", D2) / "part-0.parquet").num_rows == 1


def test_a_publish_in_progress_is_named_for_no_reader(tmp_path, monkeypatch):
    seen: list[str] = []
    real = os.replace

    def spy(src, dst):  # noqa: ANN001
        seen.append(os.path.basename(src))
        return real(src, dst)

    monkeypatch.setattr(wh_mod.os, "replace", spy)
    _stage_quotes(tmp_path, "r1", D1)
    tmp_names = [n for n in seen if ".tmp-" in n and "parquet" in n]
    assert tmp_names == ["_part-0.parquet.tmp-r1"]
    assert not tmp_names[0].endswith(".parquet")  # not matched by `*.parquet` globs (DuckDB, Polars)


def test_recovery_removes_unfinished_publishes_of_both_namings(tmp_path):
    d = partition_dir(tmp_path, "quotes", D1)
    d.mkdir(parents=True)
    (d / "_part-0.parquet.tmp-r9").write_bytes(b"x")
    (d / "part-0.parquet.tmp-r8").write_bytes(b"x")  # written by earlier versions
    (tmp_path / "_staging").mkdir()  # a run killed while publishing leaves its staging folder
    recover(tmp_path)
    assert list(d.iterdir()) == []
