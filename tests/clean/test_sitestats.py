"""Tests for flows/clean/sitestats.py: per-source document frequency of line fingerprints."""

from __future__ import annotations

from flows.clean.sitestats import MIN_DOCS, SiteLineStats, line_fingerprint

FOOTER = "Get the latest headlines delivered to your inbox every morning."
MENU = "Home"  # too short to be tracked


def _doc(i: int, *extra: str) -> list[str]:
    return [f"Article number {i} reports a different story about the harbour.", *extra]


def test_fingerprint_ignores_case_and_spacing() -> None:
    assert line_fingerprint("Get  the latest\tnews ") == line_fingerprint("get the latest news")
    assert len(line_fingerprint("x")) == 16
    assert line_fingerprint("a b") != line_fingerprint("a c")


def test_line_recurs_only_after_min_docs_distinct_documents() -> None:
    stats = SiteLineStats()
    for i in range(MIN_DOCS - 1):
        stats.add_document("example.com", _doc(i, FOOTER, FOOTER))  # twice in one doc counts once
    assert line_fingerprint(FOOTER) not in stats.recurring("example.com")
    stats.add_document("example.com", _doc(99, FOOTER))
    rec = stats.recurring("example.com")
    assert line_fingerprint(FOOTER) in rec
    assert line_fingerprint(_doc(0)[0]) not in rec
    assert stats.recurring("other.org") == frozenset()


def test_sources_are_kept_apart_and_short_lines_untracked() -> None:
    stats = SiteLineStats()
    for i in range(5):
        stats.add_document("a.com", _doc(i, FOOTER, MENU))
        stats.add_document("b.com", _doc(i))
    assert line_fingerprint(FOOTER) in stats.recurring("a.com")
    assert line_fingerprint(MENU) not in stats.recurring("a.com")
    assert line_fingerprint(FOOTER) not in stats.recurring("b.com")


def test_min_share_on_large_sources() -> None:
    stats = SiteLineStats()
    for i in range(200):
        stats.add_document("big.com", _doc(i, FOOTER) if i < 4 else _doc(i))
    assert line_fingerprint(FOOTER) not in stats.recurring("big.com")  # 4 of 200 < 5 %
    assert line_fingerprint(FOOTER) in stats.recurring("big.com", min_share=0.0)


def test_rows_round_trip() -> None:
    stats = SiteLineStats()
    for i in range(4):
        stats.add_document("a.com", _doc(i, FOOTER))
    rows = stats.to_rows()
    assert {"source_key", "fingerprint", "n_docs"} <= set(rows[0])
    back = SiteLineStats.from_rows(rows)
    assert back.n_docs("a.com") == 4
    assert back.recurring("a.com") == stats.recurring("a.com")
    assert back.to_rows() == rows


def test_prune_forgets_single_sightings_only_in_large_sources():
    from flows.clean.sitestats import SiteLineStats

    s = SiteLineStats()
    for i in range(250):
        s.add_document("big.example", ["Subscribe to our daily newsletter", f"A unique sentence number {i} here"])
    for i in range(5):
        s.add_document("small.example", [f"Another unique line number {i} here"])
    assert s.prune(min_source_docs=200) == 250
    keys, fps, ns = s.columns()
    assert ns[keys.index("big.example")] == 250 and len([k for k in keys if k == "big.example"]) == 2
    assert len([k for k in keys if k == "small.example"]) == 6  # small source: nothing pruned
    assert SiteLineStats.from_columns(keys, fps, ns).columns() == (keys, fps, ns)
