"""Bounded fuzzing of the per-document path (devtools/fuzz.py): damaged bytes through the reader,
random and adversarial texts through cleaning, extraction and rows. No exception escapes, no
extractor fails silently, rows convert to Arrow, and no document exceeds the 2 s budget at these
sizes (failures 2, 3, 5 and 7 of issue 14). `python -m devtools.reliability fuzz` runs thousands,
with larger documents."""

from __future__ import annotations

from devtools.fuzz import fuzz


def test_fuzzed_documents_raise_nothing_and_stay_within_the_budget():
    r = fuzz(300, seed=14, budget_s=2.0, max_kb=16)
    assert r["findings"] == [], r["findings"][:5]
    assert r["over_budget"] == [], r["over_budget"]
    assert len(r["kinds"]) >= 15 and r["worst_s"] < 2.0
