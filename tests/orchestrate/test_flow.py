"""End to end: real Prefect flow runs (test server), real GX validation, Parquet read back by DuckDB."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.store.schemas import TABLES
from tests.conftest import ROOT, write_files
from tests.goldutil import gold_docs

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def run(source: Path, warehouse: Path, **kw) -> dict:
    from flows.orchestrate.flow import newsflow_run

    return newsflow_run(source=str(source), warehouse=str(warehouse), **kw)


def _q(glob: str, sql: str) -> list[tuple]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{glob}', hive_partitioning=true)")
    return con.execute(sql).fetchall()


def files_bytes(warehouse: Path, table: str) -> dict[str, bytes]:
    return {str(p.relative_to(warehouse)): p.read_bytes() for p in sorted((warehouse / table).rglob("*.parquet"))}


def assert_accounting(r: dict) -> None:
    assert r["docs_seen"] == r["docs_written"] + r["docs_unchanged"] + r["docs_rejected"], r


def test_seeds_end_to_end_matches_gold_and_second_run_writes_nothing(seeds_copy, tmp_path):
    wh = tmp_path / "wh"
    r1 = run(seeds_copy, wh)
    assert_accounting(r1)
    assert r1["docs_seen"] == 5 and r1["docs_written"] == 5 and r1["docs_rejected"] == 0, r1
    # every table reads in DuckDB with its declared schema
    for name, spec in TABLES.items():
        for p in (wh / name).rglob("*.parquet"):
            assert pq.read_schema(p).equals(spec.schema, check_metadata=False), name
    docs = {row[0]: row[1:] for row in _q(f"{wh}/documents/**/*.parquet",
            "SELECT source_uri, title, authors, published_date, doc_type, language FROM t")}
    for g in gold_docs():
        title, authors, published, doc_type, language = docs[g["file"]]
        f = g["fields"]
        assert title == f["title"]
        assert list(authors) == f["authors"]
        assert published == (date.fromisoformat(f["published_date"]) if f["published_date"] else None)
        assert doc_type == f["doc_type"] and language == f["language"]
    n_raw_lines = sum(len((seeds_copy / g["file"]).read_text().split("\n")) for g in gold_docs())
    assert _q(f"{wh}/lines/**/*.parquet", "SELECT count(*) FROM t")[0][0] == n_raw_lines
    assert (Path(r1["data_docs"])).exists()
    runs = _q(f"{wh}/runs/**/*.parquet", "SELECT mode, docs_seen, docs_written FROM t")
    assert runs == [("manual", 5, 5)]

    before = {t: files_bytes(wh, t) for t in TABLES if t != "runs"}
    r2 = run(seeds_copy, wh)
    assert_accounting(r2)
    assert r2["docs_written"] == 0 and r2["docs_unchanged"] == 5 and r2["rows"] == {}
    assert {t: files_bytes(wh, t) for t in TABLES if t != "runs"} == before


def test_changed_input_replaces_its_rows_in_every_table(seeds_copy, tmp_path):
    wh = tmp_path / "wh"
    run(seeds_copy, wh)
    target = seeds_copy / "002_4926c5f7d2730e05.txt"
    target.write_text(target.read_text().replace("further expand bilateral defence",
                                                 "expand bilateral defence"), encoding="utf-8")
    r = run(seeds_copy, wh)
    assert_accounting(r)
    assert r["docs_changed"] == 1 and r["docs_unchanged"] == 4
    for table in ("documents", "lines", "paragraphs"):
        dup = _q(f"{wh}/{table}/**/*.parquet",
                 f"SELECT {TABLES[table].id_column}, count(*) c FROM t GROUP BY 1 HAVING c > 1")
        assert dup == [], table
    body = _q(f"{wh}/documents/**/*.parquet", "SELECT body FROM t WHERE source_uri LIKE '002%'")[0][0]
    assert "have agreed to expand bilateral defence" in body
    assert len(_q(f"{wh}/runs/**/*.parquet", "SELECT run_id FROM t")) == 2


def test_bad_inputs_become_rejects_and_the_run_stays_green(seeds_copy, tmp_path, monkeypatch):
    import random

    rnd = random.Random(3)
    write_files(seeds_copy, {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 20,
        "undecodable.txt": b"Troops left. " * 20 + bytes(rnd.randrange(0x80, 0x100) for _ in range(300)),
        "page-as-text.txt": "<!DOCTYPE html><html><body><p>Troops</p></body></html>",
        "feed.jsonl": "\n".join([json.dumps({"url": "https://example.org/x", "text": "Soldiers returned home on "
                                             "Friday after a six-month mission abroad, officials said."}),
                                 "{broken", json.dumps({"no_text": 1})]),
        "furniture.txt": "Skip to content\nShare on Facebook\nSubscribe to our newsletter\n",
    })
    from flows.orchestrate import pipeline
    from flows.read.inputs import InputFile

    real = pipeline.discover

    def discover_with_a_vanishing_file(source):
        yield InputFile(Path(source) / "vanished.txt", "vanished.txt", 100, 0)
        yield from real(source)

    monkeypatch.setattr(pipeline, "discover", discover_with_a_vanishing_file)
    wh = tmp_path / "wh"
    r = run(seeds_copy, wh)
    assert_accounting(r)
    reasons = dict(_q(f"{wh}/rejects/**/*.parquet", "SELECT source_uri, reason_code FROM t"))
    assert reasons["empty.txt"] == "empty_file"
    assert reasons["binary.txt"] == "binary_file"
    assert reasons["undecodable.txt"] == "undecodable"
    assert reasons["page-as-text.txt"] == "html_as_text"
    # JSONL records without an id or url are keyed by their content hash, not their line number
    assert sorted(c for u, c in reasons.items() if u.startswith("feed.jsonl#sha=")) == ["malformed_jsonl",
                                                                                        "missing_text"]
    assert reasons["vanished.txt"] == "vanished"
    # a document whose whole text is furniture breaks the documents suite (n_words >= 1): quarantined
    assert reasons["furniture.txt"] == "failed_expectation"
    exp = _q(f"{wh}/rejects/**/*.parquet", "SELECT table_name, expectation, row_json FROM t "
             "WHERE source_uri = 'furniture.txt'")[0]
    assert exp[0] == "documents" and "n_words" in exp[1] and json.loads(exp[2])["source_uri"] == "furniture.txt"
    titles = {t for (t,) in _q(f"{wh}/documents/**/*.parquet", "SELECT source_uri FROM t")}
    assert {g["file"] for g in gold_docs()} | {"feed.jsonl#url=https://example.org/x"} == titles
    assert not _q(f"{wh}/lines/**/*.parquet", "SELECT 1 FROM t WHERE doc_id IN "
                  "(SELECT doc_id FROM t WHERE text = 'Subscribe to our newsletter')")
    assert r["docs_rejected"] == 8 and r["validation_success"] is False


def test_a_broken_table_stops_the_run_and_nothing_is_written(seeds_copy, tmp_path):
    from flows.store.publish import TableBroken

    suites = tmp_path / "suites"
    shutil.copytree(ROOT / "expectations", suites)
    s = json.loads((suites / "documents.json").read_text())
    for e in s["expectations"]:
        if e["type"] == "expect_table_columns_to_match_set":
            e["kwargs"]["column_set"].append("a_column_the_writer_does_not_produce")
    (suites / "documents.json").write_text(json.dumps(s))
    wh = tmp_path / "wh"
    with pytest.raises(TableBroken, match="documents"):
        run(seeds_copy, wh, suites_dir=str(suites))
    assert not list(wh.glob("documents/**/*.parquet")) and not list((wh / "_staging").glob("*"))


def test_backfill_replaces_one_partition_and_leaves_others_byte_identical(tmp_path):
    src = tmp_path / "src"
    for i, g in enumerate(gold_docs()):
        day = "2025-05-10" if i < 3 else "2025-05-11"
        write_files(src, {f"{day}/{g['file']}": (ROOT / "seeds" / g["file"]).read_bytes()})
    wh = tmp_path / "wh"
    run(src, wh)
    other = {t: (wh / t / "key=2025-05-11" / "part-0.parquet").read_bytes() for t in ("documents", "lines")}
    dry = run(src, wh, mode="backfill", since=date(2025, 5, 10), until=date(2025, 5, 10), dry_run=True)
    assert len(dry["files"]) == 3 and dry["partitions"] == {"2025-05-10": 3}
    os.remove(src / "2025-05-10" / gold_docs()[0]["file"])  # gone from the source: dropped by the backfill
    r = run(src, wh, mode="backfill", since=date(2025, 5, 10), until=date(2025, 5, 10))
    assert_accounting(r)
    assert r["docs_seen"] == 2 and r["docs_written"] == 2 and r["docs_deleted"] == 1
    assert {t: (wh / t / "key=2025-05-11" / "part-0.parquet").read_bytes() for t in other} == other
    runs = _q(f"{wh}/documents/**/*.parquet", "SELECT key, count(*) FROM t GROUP BY 1 ORDER BY 1")
    assert runs == [(date(2025, 5, 10), 2), (date(2025, 5, 11), 2)]
    assert _q(f"{wh}/runs/**/*.parquet", "SELECT mode, since FROM t WHERE mode = 'backfill'") == [
        ("backfill", date(2025, 5, 10))]


def test_deleted_input_is_reported_and_its_rows_kept(seeds_copy, tmp_path):
    wh = tmp_path / "wh"
    run(seeds_copy, wh)
    os.remove(seeds_copy / gold_docs()[1]["file"])
    r = run(seeds_copy, wh)
    assert r["docs_deleted"] == 1 and r["docs_seen"] == 4
    assert _q(f"{wh}/documents/**/*.parquet", "SELECT count(*) FROM t")[0][0] == 5


def test_a_second_writer_is_refused_with_a_clear_message(seeds_copy, tmp_path):
    from flows.store.warehouse import WarehouseLocked, warehouse_lock

    wh = tmp_path / "wh"
    with warehouse_lock(wh):
        with pytest.raises(WarehouseLocked, match="another newsflow run"):
            run(seeds_copy, wh)


def test_touched_files_are_unchanged_and_keep_their_status(seeds_copy, tmp_path):
    write_files(seeds_copy, {"empty.txt": b""})
    wh = tmp_path / "wh"
    run(seeds_copy, wh)
    for p in seeds_copy.iterdir():  # new mtimes, same bytes: read and hashed, but nothing rewritten
        os.utime(p, (1_700_000_000, 1_700_000_000))
    before = {t: files_bytes(wh, t) for t in TABLES if t != "runs"}
    r = run(seeds_copy, wh)
    assert_accounting(r)
    assert (r["docs_seen"], r["docs_unchanged"], r["docs_written"], r["docs_rejected"]) == (6, 6, 0, 0)
    assert {t: files_bytes(wh, t) for t in TABLES if t != "runs"} == before
    r = run(seeds_copy, wh)  # and the new mtimes are remembered: nothing is even read now
    assert r["docs_unchanged"] == 6 and r.get("timings_s", {}).get("read", 0) == 0
