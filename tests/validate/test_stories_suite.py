"""The stories suite: ids, counts that agree with the linked events, ordered dates."""

from __future__ import annotations

from datetime import date

from flows.store.records import TableBuffer
from tests.conftest import ROOT


def story(sid: str, **kw) -> dict:
    row = dict(story_id=sid, event_type="withdrawal", actor_code="IRQ", actor_kind="country", status="done",
               statuses=["done"], n_denied=0, origin_code="PAK", destination_code="IRQ", size=500, size_min=450,
               size_max=500, n_sizes=2, first_reported=date(2025, 5, 10), last_reported=date(2025, 5, 12),
               n_events=2, n_documents=2, n_sources=2, event_ids=["aa:e0", "bb:e1"], doc_ids=["aa", "bb"],
               run_id="r1")
    row.update(kw)
    return row


def test_inconsistent_stories_are_quarantined_and_good_ones_pass(tmp_path):
    from flows.validate.checkpoint import Validator

    buf = TableBuffer()
    rows = [story("s" + "0" * 16),
            story("s" + "1" * 16, n_documents=1),                                  # two documents linked
            story("s" + "2" * 16, last_reported=date(2025, 5, 1)),                 # reported before first
            story("s" + "3" * 16, doc_ids=["aa", "cc"]),                           # not the events' documents
            story("s" + "4" * 16, size=900)]                                       # best size outside the range
    for r in rows:
        buf.add("stories", date(2025, 5, 10), **r)
    v = Validator(ROOT / "expectations", tmp_path / "_gx", today=date(2026, 1, 1), run_name="t")
    out = v.validate("stories", buf.to_arrow("stories"))
    assert not out.stop_failures
    assert set(out.bad_rows) == {r["story_id"] for r in rows[1:]}
