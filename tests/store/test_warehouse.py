"""Warehouse: partition publish is atomic and idempotent; crashes are recovered; one writer."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.store.records import TableBuffer
from flows.store.warehouse import (
    MANIFEST,
    Stager,
    WarehouseLocked,
    list_partitions,
    partition_dir,
    recover,
    warehouse_lock,
)

D1, D2 = date(2025, 5, 10), date(2025, 5, 11)


def quotes(rows: list[tuple[str, str, date]], run_id: str = "r1") -> tuple[pa.Table, list[date]]:
    buf = TableBuffer()
    for i, (doc, text, day) in enumerate(rows):
        buf.add("quotes", day, quote_id=f"{doc}:q{i}", doc_id=doc, text=text, speaker=None,
                start_char=0, end_char=len(text), run_id=run_id)
    return buf.to_arrow("quotes"), buf.partitions["quotes"]


def read(wh, table="quotes") -> list[tuple]:
    return duckdb.sql(f"SELECT doc_id, text, key FROM read_parquet('{wh}/{table}/**/*.parquet', "
                      "hive_partitioning=true) ORDER BY doc_id, text").fetchall()


def commit(wh, run_id, rows, **kw):
    st = Stager(wh, run_id)
    st.stage("quotes", *quotes(rows, run_id))
    for day in kw.get("replace", []):
        st.replace_partition(day)
    st.commit({})
    return st


def test_publish_writes_one_file_per_partition_readable_by_duckdb(tmp_path):
    commit(tmp_path, "r1", [("a", "x", D1), ("b", "y", D2)])
    assert read(tmp_path) == [("a", "x", D1), ("b", "y", D2)]
    assert sorted(p.name for p in (tmp_path / "quotes").iterdir()) == ["key=2025-05-10", "key=2025-05-11"]
    assert list_partitions(tmp_path, "quotes") == [D1, D2]
    assert not (tmp_path / "_staging" / "r1").exists()


def test_rewriting_a_document_replaces_its_rows_and_leaves_others(tmp_path):
    commit(tmp_path, "r1", [("a", "x", D1), ("b", "y", D1), ("c", "z", D2)])
    other = (partition_dir(tmp_path, "quotes", D2) / "part-0.parquet").read_bytes()
    commit(tmp_path, "r2", [("a", "x2", D1)])
    assert read(tmp_path) == [("a", "x2", D1), ("b", "y", D1), ("c", "z", D2)]
    assert (partition_dir(tmp_path, "quotes", D2) / "part-0.parquet").read_bytes() == other


def test_replace_partition_rebuilds_it_from_the_run(tmp_path):
    commit(tmp_path, "r1", [("a", "x", D1), ("b", "y", D1)])
    commit(tmp_path, "r2", [("a", "x", D1)], replace=[D1])
    assert read(tmp_path) == [("a", "x", D1)]


def test_run_killed_before_manifest_is_discarded(tmp_path):
    commit(tmp_path, "r1", [("a", "x", D1)])
    st = Stager(tmp_path, "r2")
    st.stage("quotes", *quotes([("a", "NEW", D1)], "r2"))  # killed here: no manifest
    assert read(tmp_path) == [("a", "x", D1)]
    assert recover(tmp_path) == ["discarded unfinished run r2"]
    assert read(tmp_path) == [("a", "x", D1)] and not (tmp_path / "_staging" / "r2").exists()


def test_run_killed_after_manifest_is_rolled_forward_idempotently(tmp_path, monkeypatch):
    commit(tmp_path, "r1", [("a", "x", D1), ("b", "y", D2)])
    st = Stager(tmp_path, "r2")
    st.stage("quotes", *quotes([("a", "NEW", D1), ("b", "NEW", D2)], "r2"))
    import flows.store.warehouse as wh

    calls = []

    def publish_then_die(*a, **k):  # publish the first partition, then "crash"
        calls.append(a[2])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **k)

    real = wh.publish_partition
    monkeypatch.setattr(wh, "PUBLISH_THREADS", 1)  # one partition after the other: "the second" is well defined
    monkeypatch.setattr(wh, "publish_partition", publish_then_die)
    with pytest.raises(KeyboardInterrupt):
        st.commit({})
    monkeypatch.setattr(wh, "publish_partition", real)
    assert read(tmp_path) == [("a", "NEW", D1), ("b", "y", D2)]  # half published: each partition old or new
    assert json.loads((tmp_path / "_staging" / "r2" / MANIFEST).read_text())["run_id"] == "r2"
    assert recover(tmp_path) == ["rolled forward run r2"]
    assert read(tmp_path) == [("a", "NEW", D1), ("b", "NEW", D2)]
    # and publishing again changes nothing
    commit(tmp_path, "r3", [])
    assert read(tmp_path) == [("a", "NEW", D1), ("b", "NEW", D2)]


def test_append_tables_are_idempotent_by_run_id(tmp_path):
    buf = TableBuffer()
    from datetime import UTC, datetime

    now = datetime(2025, 5, 10, tzinfo=UTC)
    buf.add("rejects", D1, reject_id="x", source_uri="a.txt", stage="read", reason_code="empty_file", message="m",
            run_id="r1", rejected_at=now)
    for _ in range(2):  # the same run published twice (roll-forward after a crash)
        st = Stager(tmp_path, "r1")
        st.stage("rejects", buf.to_arrow("rejects"), buf.partitions["rejects"])
        st.commit({})
    assert pq.read_table(partition_dir(tmp_path, "rejects", D1) / "part-0.parquet").num_rows == 1


def test_second_writer_gets_a_clear_error(tmp_path):
    with warehouse_lock(tmp_path):
        with pytest.raises(WarehouseLocked, match="another newsflow run"):
            with warehouse_lock(tmp_path, wait_seconds=0.6):
                pass
    with warehouse_lock(tmp_path):  # released
        pass


def test_keyed_tables_replace_rows_by_id_and_drop_them(tmp_path):
    def story(sid: str, n: int, run_id: str) -> dict:
        return dict(story_id=sid, event_type="withdrawal", statuses=["done"], n_denied=0, n_sizes=0,
                    first_reported=D1, last_reported=D1, n_events=n, n_documents=n, n_sources=1,
                    event_ids=[f"d{i}:e0" for i in range(n)], doc_ids=[f"d{i}" for i in range(n)], run_id=run_id)

    def publish(run_id: str, rows: list[dict], drop: set[str] = frozenset()) -> None:
        buf = TableBuffer()
        for r in rows:
            buf.add("stories", D1, **r)
        st = Stager(tmp_path, run_id)
        st.stage("stories", buf.to_arrow("stories"), buf.partitions["stories"])
        if drop:
            st.drop_rows("stories", D1, set(drop))
        st.commit({})

    def read_stories() -> list[tuple]:
        return duckdb.sql(f"SELECT story_id, n_events, run_id FROM read_parquet('{tmp_path}/stories/*/*.parquet') "
                          "ORDER BY story_id").fetchall()

    publish("r1", [story("sa", 1, "r1"), story("sb", 1, "r1")])
    publish("r2", [story("sa", 2, "r2")])
    assert read_stories() == [("sa", 2, "r2"), ("sb", 1, "r1")]
    publish("r3", [], drop={"sb"})
    assert read_stories() == [("sa", 2, "r2")]


def test_publishing_on_threads_gives_the_same_partitions_as_one_after_the_other(tmp_path, monkeypatch):
    import flows.store.warehouse as wh

    days = [date(2025, 5, d) for d in range(1, 29)]
    rows = [(f"d{i}", f"text {i}", days[i % len(days)]) for i in range(200)]
    out = {}
    for threads in (1, 4):
        monkeypatch.setattr(wh, "PUBLISH_THREADS", threads)
        root = tmp_path / f"t{threads}"
        commit(root, "r1", rows[:120])
        commit(root, "r2", [(d, t + " v2", k) for d, t, k in rows[100:]])  # replaces 20 documents, adds 80
        out[threads] = read(root)
        assert list_partitions(root, "quotes") == days
        assert not list(root.glob("*/*/*.tmp-*")) and not (root / "_staging" / "r2").exists()
    assert out[1] == out[4] and len(out[4]) == 200


def test_a_run_that_lost_its_lock_never_writes_its_manifest(tmp_path):
    from flows.store.lock import WarehouseLockLost

    commit(tmp_path, "r1", [("a", "x", D1)])
    st = Stager(tmp_path, "r2")
    st.stage("quotes", *quotes([("a", "NEW", D1)], "r2"))

    def lost() -> None:
        raise WarehouseLockLost("another run took the warehouse over")

    with pytest.raises(WarehouseLockLost):
        st.commit({}, still_ours=lost)
    assert not st.manifest_written and read(tmp_path) == [("a", "x", D1)]
    assert st.abort() and recover(tmp_path) == []
