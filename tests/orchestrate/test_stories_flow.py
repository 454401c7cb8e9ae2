"""Duplicates and stories through real runs: the samples' stories, then an incremental run."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def run(source: Path, warehouse: Path, **kw) -> dict:
    from flows.orchestrate.flow import newsflow_run

    return newsflow_run(source=str(source), warehouse=str(warehouse), **kw)


def q(wh: Path, sql: str) -> list[tuple]:
    con = duckdb.connect()
    for t in ("documents", "events", "stories"):
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{wh}/{t}/*/*.parquet', hive_partitioning=true)")
    return con.execute(sql).fetchall()


def story_docs(wh: Path) -> dict[str, set[str]]:
    rows = q(wh, "SELECT s.story_id, d.source_uri FROM stories s, unnest(s.doc_ids) AS u(doc_id) "
                 "JOIN documents d ON d.doc_id = u.doc_id")
    out: dict[str, set[str]] = {}
    for sid, uri in rows:
        out.setdefault(sid, set()).add(uri)
    return out


def test_samples_stories_then_a_rescraped_copy_joins_them_with_stable_ids(seeds_copy, tmp_path):
    wh = tmp_path / "wh"
    r1 = run(seeds_copy, wh)
    assert r1["stories"]["multi_document"] == 1 and r1["duplicates"] == {"exact": 0, "near": 0}
    by_story = story_docs(wh)
    withdrawal = [s for s, uris in by_story.items() if any(u.startswith("000_") for u in uris)]
    assert len(withdrawal) == 1
    assert {u[:4] for u in by_story[withdrawal[0]]} == {"000_", "001_"}
    iraq_exits = q(wh, "SELECT actor_code, story_id FROM stories WHERE origin_code = 'IRQ' "
                       "AND event_type = 'withdrawal' AND actor_code IN ('NATO', 'DEU')")
    assert len({sid for _, sid in iraq_exits}) == 2
    # every story's counts agree with the events that link to it
    assert q(wh, "SELECT count(*) FROM stories s JOIN (SELECT story_id, count(*) n, count(DISTINCT doc_id) d "
                 "FROM events GROUP BY 1) e USING (story_id) WHERE e.n != s.n_events OR e.d != s.n_documents")[0][0] == 0
    assert q(wh, "SELECT count(*) FROM events WHERE story_id IS NULL")[0][0] == 0
    ids_before = {r[0] for r in q(wh, "SELECT story_id FROM stories")}

    # the scraper stores the first sample again under another name: an exact duplicate
    src = next(seeds_copy.glob("000_*.txt"))
    shutil.copy(src, seeds_copy / "100_rescraped.txt")
    r2 = run(seeds_copy, wh)
    assert r2["docs_new"] == 1 and r2["duplicates"] == {"exact": 1, "near": 0}
    dup = q(wh, "SELECT c.duplicate_of = o.doc_id, c.near_duplicate_score FROM documents c, documents o "
                "WHERE c.source_uri = '100_rescraped.txt' AND o.source_uri = ?".replace("?", f"'{src.name}'"))
    assert dup == [(True, 1.0)]
    assert q(wh, "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")[0][0] == 1
    after = story_docs(wh)
    assert {r[0] for r in q(wh, "SELECT story_id FROM stories")} == ids_before  # no new story, ids kept
    assert len(after[withdrawal[0]]) == 3
    assert q(wh, "SELECT count(*), count(DISTINCT story_id) FROM stories")[0] == (len(ids_before),) * 2
    assert r2["stories"]["changed"] == 1


def test_a_backfill_rebuilds_its_stories_with_the_same_ids_and_no_copies(seeds_copy, tmp_path):
    wh = tmp_path / "wh"
    run(seeds_copy, wh)
    before = {(s, n, tuple(e)) for s, n, e in q(wh, "SELECT story_id, n_documents, event_ids FROM stories")}
    (day,) = {r[0] for r in q(wh, "SELECT key FROM documents")}
    r = run(seeds_copy, wh, mode="backfill", since=day, until=day)
    assert r["docs_changed"] == 5 and r["stories"]["total"] == len(before)
    after = [(s, n, tuple(e)) for s, n, e in q(wh, "SELECT story_id, n_documents, event_ids FROM stories")]
    assert len(after) == len(before) and set(after) == before
