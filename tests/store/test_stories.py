"""Stories: per-document events grouped into one row per real-world movement, incrementally."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from flows.fs import open_storage
from flows.store.records import TableBuffer
from flows.store.stories import Member, StoryIndex, load_index, members_from_tables, story_row, write_index

D = date(2025, 5, 10)


def ev(eid: str, typ: str = "withdrawal", actor: str | None = "IRQ", kind: str | None = "country",
       origin: str | None = "PAK", dest: str | None = "IRQ", size: int | None = 500,
       when: date | None = None, gran: str | None = None, reported: date = D, source: str | None = None,
       status: str = "done", report_known: bool = True, part: date = D) -> Member:
    doc = eid.split(":")[0]
    return Member(eid, doc, part, typ, status, actor, kind if actor else None, origin, dest, size, when,
                  gran if when else None, reported, source or f"doc:{doc}", report_known)


def test_one_movement_told_by_two_documents_is_one_story_even_when_one_is_undated():
    idx = StoryIndex()
    # like the samples: one report dated with the event's day, one with no date at all
    links = idx.assign_all([
        ev("aaaa:e0", when=D, gran="day", status="announced"),
        ev("bbbb:e0", origin="PAK", dest="IRQ", size=500, reported=date(2026, 11, 30), report_known=False),
    ])
    assert links["aaaa:e0"] == links["bbbb:e0"]
    (key, row), = idx.story_rows(idx.touched, "r1")
    assert row["n_documents"] == 2 and row["n_events"] == 2 and row["size"] == 500
    assert row["statuses"] == ["done", "announced"] and row["event_date"] == D
    assert key == D


def test_different_actors_leaving_the_same_country_stay_separate():
    idx = StoryIndex()
    links = idx.assign_all([
        ev("cccc:e0", actor="NATO", kind="organization", origin="IRQ", dest=None, size=None, when=D, gran="day"),
        ev("cccc:e1", actor="DEU", origin="IRQ", dest=None, size=30),
        ev("dddd:e0", actor="DEU", origin="IRQ", dest=None, size=32, reported=date(2025, 5, 12)),
    ])
    assert links["cccc:e0"] != links["cccc:e1"]
    assert links["cccc:e1"] == links["dddd:e0"]  # 30 and 32 agree within the size tolerance


def test_sizes_places_dates_and_type_outside_tolerance_start_new_stories():
    base = ev("a:e0", when=D, gran="day")
    cases = {
        "size": ev("b:e0", size=5000, when=D, gran="day"),
        "destination": ev("c:e0", dest="SYR", when=D, gran="day"),
        "date": ev("d:e0", when=date(2025, 9, 1), gran="day", reported=date(2025, 9, 1)),
        "type": ev("e:e0", typ="deployment", when=D, gran="day"),
    }
    for why, other in cases.items():
        idx = StoryIndex()
        links = idx.assign_all([base, other])
        assert links["a:e0"] != links[other.event_id], why


def test_a_positive_anchor_is_needed_and_one_documents_events_never_merge():
    idx = StoryIndex()
    # same actor and type, a week apart, nothing else stated: not taken for one movement
    links = idx.assign_all([
        ev("a:e0", typ="deployment", origin=None, dest=None, size=None, reported=D),
        ev("b:e0", typ="deployment", origin=None, dest=None, size=None, reported=date(2025, 5, 17)),
        ev("c:e0", dest="IRQ", size=500), ev("c:e1", dest="IRQ", size=500),
    ])
    assert links["a:e0"] != links["b:e0"]
    assert links["c:e0"] != links["c:e1"]


def test_a_denial_joins_the_story_and_stays_visible_with_the_size_range():
    idx = StoryIndex()
    links = idx.assign_all([
        ev("a:e0", size=500, source="Outlet A"), ev("b:e0", size=450, source="Outlet B"),
        ev("c:e0", size=500, source="Outlet A", status="denied", reported=date(2025, 5, 14)),
    ])
    assert len(set(links.values())) == 1
    row = story_row(next(iter(idx.stories.values())), "r1")
    assert row["n_denied"] == 1 and "denied" in row["statuses"] and row["status"] == "done"
    assert (row["size"], row["size_min"], row["size_max"], row["n_sizes"]) == (500, 450, 500, 2)
    assert row["n_sources"] == 2 and row["n_documents"] == 3
    assert row["first_reported"] == D and row["last_reported"] == date(2025, 5, 14)


def test_events_without_an_actor_join_only_on_an_agreeing_country():
    idx = StoryIndex()
    links = idx.assign_all([ev("a:e0", actor=None, origin=None, dest="SAU", size=40000),
                            ev("b:e0", actor=None, origin=None, dest=None, size=40000)])
    assert links["a:e0"] != links["b:e0"]
    later = idx.assign_all([ev("c:e0", actor=None, origin=None, dest="SAU", size=None)])
    assert later["c:e0"] == links["a:e0"]


def test_incremental_runs_keep_story_ids_and_add_to_existing_stories(tmp_path):
    idx = StoryIndex()
    first = idx.assign_all([ev("a:e0", when=D, gran="day"), ev("z:e0", actor="USA", dest="SYR", size=None)])
    write_index(idx, open_storage(tmp_path), "stories.parquet")

    again = load_index(open_storage(tmp_path), "stories.parquet")
    assert again.touched == set()
    later = again.assign_all([ev("b:e0", reported=date(2025, 5, 11))])
    assert later["b:e0"] == first["a:e0"]  # joins the existing story, whose id does not change
    assert again.touched == {first["a:e0"]}
    rows = dict(again.story_rows(again.touched, "r2"))
    assert rows[D]["n_documents"] == 2 and rows[D]["run_id"] == "r2"

    # a reprocessed document leaves its story before its events come back
    again.remove_docs(["a"])
    assert again.stories[first["a:e0"]].members.keys() == {"b:e0"}
    again.remove_docs(["b"])
    assert first["a:e0"] not in again.stories and again.removed == {first["a:e0"]: D}
    # the same founder comes back: same id, same partition
    assert again.assign(ev("a:e0", when=D, gran="day")) == first["a:e0"]


def test_backfill_forgets_the_members_of_its_partitions_only(tmp_path):
    idx = StoryIndex()
    idx.assign_all([ev("a:e0", part=date(2025, 5, 10)), ev("b:e0", part=date(2025, 6, 1))])
    idx.remove_partitions(lambda d: d < date(2025, 6, 1))
    (story,) = idx.stories.values()
    assert set(story.members) == {"a:e0"}


def test_members_come_from_events_and_documents_rows():
    buf = TableBuffer()
    buf.add("documents", D, doc_id="d1", published_date=date(2025, 5, 9), publisher=None,
            url="https://www.example.org/news/1")
    buf.add("documents", D, doc_id="d2", published_date=None, publisher="Wire")
    for doc in ("d1", "d2"):
        buf.add("events", D, event_id=f"{doc}:e0", doc_id=doc, event_type="withdrawal", status="done",
                actor_code="IRQ", actor_kind="country", origin_code="PAK", size=500)
    docs = buf.to_arrow("documents").select(["doc_id", "published_date", "publisher", "url"])
    ms = members_from_tables(buf.to_arrow("events"), docs, {"d1": D, "d2": D})
    assert [(m.source, m.reported, m.report_known) for m in ms] == [
        ("example.org", date(2025, 5, 9), True), ("Wire", D, False)]


def test_assignment_is_linear_blocked_by_month(monkeypatch):
    """Many unrelated stories of one actor: each member is compared with its month's stories only."""
    from flows.store import stories

    calls = 0
    real = stories.compatible

    def counting(story, m):  # noqa: ANN001, ANN202
        nonlocal calls
        calls += 1
        return real(story, m)

    monkeypatch.setattr(stories, "compatible", counting)
    idx = StoryIndex()
    members = [ev(f"d{i}:e0", typ="deployment", dest="SYR", size=100 + 1000 * (i % 7),
                  when=date.fromordinal(D.toordinal() + 3 * i), gran="day", reported=date.fromordinal(D.toordinal() + 3 * i))
               for i in range(600)]
    idx.assign_all(members)
    assert calls < 600 * 40  # all pairs would be ~180,000
    assert pa.array([len(s.members) for s in idx.stories.values()]).to_pylist()
