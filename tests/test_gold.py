"""Seeds gold: the real cleaner and extractors against our hand-made annotation of the samples."""

from __future__ import annotations

import pytest

from devtools.goldscore import score
from tests.conftest import SEEDS
from tests.goldutil import gold


@pytest.fixture(scope="module")
def scores():
    return score(gold(), SEEDS)


@pytest.mark.parametrize("field", ["lines", "title_line", "meta.title", "meta.standfirst", "meta.authors",
                                   "meta.published_date", "meta.dateline", "meta.publisher", "meta.doc_type",
                                   "meta.language"])
def test_cleaning_and_metadata_match_gold_exactly(scores, field):
    s = scores[field]
    assert (s.precision, s.recall) == (1.0, 1.0), (s.misses, s.extras)


@pytest.mark.parametrize("field", ["countries", "people", "organizations", "military_units", "dates", "quotes",
                                   "events"])
def test_every_gold_item_is_extracted(scores, field):
    assert scores[field].recall == 1.0, scores[field].misses


def test_counts_in_body_and_headline_are_all_found(scores):
    # doc 001's "500 Iraqi soldiers" is in the headline: a counts row with in_title, offsets into the title
    assert scores["counts"].recall == 1.0 and scores["counts"].precision == 1.0, scores["counts"].misses


def test_headline_counts_index_the_title():
    from devtools.goldscore import process

    _, ex = process(SEEDS / "001_b9882affe7f77e36.txt")
    (c,) = [c for c in ex.counts if c.in_title]
    assert ex.meta.title[c.start_char:c.end_char] == c.text == "500 Iraqi soldiers"
    assert (c.number, c.noun, c.actor_code) == (500, "soldiers", "IRQ")


def test_few_spurious_events_and_extras(scores):
    assert scores["events"].fp <= 2, scores["events"].extras
    assert scores["people"].precision >= 0.9 and scores["countries"].precision >= 0.9
    assert scores["organizations"].precision >= 0.8
