"""Body-region rules of the cleaner (`flows/clean/region.py`): tables, the lead, itemised lists.

Invented but realistic page text; the article skeleton comes from `tests/test_clean.py`.
"""

from __future__ import annotations

import pytest

from flows.clean import rules as R
from flows.clean.cleaner import _pattern_reason, _prose_class
from flows.clean.region import find_regions
from flows.model import LABEL_BODY
from tests.clean.test_clean import HEAD, PARAS, build, labels

STANDINGS = [
    "Team", "Played", "Points",
    "Northern Rovers", "12", "28",
    "Harbour City", "12", "25",
    "Valley United", "12", "21",
    "Port Athletic", "11", "17",
]  # fmt: skip
FURNITURE_AFTER = ["Share this article", "Facebook", "Twitter", "More from the Herald", "Weather", "Sport"]


def body_lines(text: str) -> set[str]:
    return {x.text for x in labels(text).values() if x.label == LABEL_BODY}


def test_table_right_after_the_body_is_kept_and_the_menu_below_it_is_not() -> None:
    text, _ = build(after=STANDINGS + FURNITURE_AFTER)
    body = body_lines(text)
    assert set(STANDINGS) <= body
    assert not set(FURNITURE_AFTER) & body


def test_table_between_two_paragraphs_is_kept() -> None:
    text, _ = build(inside=STANDINGS)
    body = body_lines(text)
    assert set(STANDINGS) <= body
    assert set(PARAS) <= body


def test_table_announced_by_a_colon_line_is_kept_even_when_cut_off_from_the_body() -> None:
    intro = "Standings after the final round of the regular season:"
    text, _ = build(after=["Share this article", intro, *STANDINGS, *FURNITURE_AFTER])
    body = body_lines(text)
    assert intro in body and set(STANDINGS) <= body
    assert "Share this article" not in body


@pytest.mark.parametrize(
    "listing",
    [
        ["Archives", "2019", "November (113)", "October (217)", "September (193)", "August (183)",
         "July (155)", "June (170)", "May (192)", "April (183)"],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Next page"],
    ],
    ids=["archive-counts", "pager"],
)  # fmt: skip
def test_archive_counts_and_pagers_are_not_tables(listing: list[str]) -> None:
    text, _ = build(after=listing)
    assert not set(listing) & body_lines(text)


def test_numeric_cell_pattern() -> None:
    for t in ["5040", "-12.99", "77%", "$139.00", "3-1", "1:45.3", "(12)", "2,380", "−5.44%"]:
        assert R.NUMERIC_CELL.match(t), t
    for t in ["Top 10", "November (113)", "12 killed", "Group A", "1a etapa"]:
        assert not R.NUMERIC_CELL.match(t), t


GALLERY = [
    "Image 1 of 3",
    "(Image credit: Harbour Authority)",
    "Image 2 of 3",
    "(Image credit: Harbour Authority)",
    "Image 3 of 3",
    "(Image credit: Harbour Authority)",
]
LEAD = [
    "The harbour authority said on Monday that it had chosen three companies to build the new "
    "container terminal, ending a tender that had been delayed twice by legal challenges.",
    "The contracts, worth a combined 400 million euros, cover dredging, the quay wall and the "
    "cranes, and the first ships are expected to dock at the terminal within four years.",
]


def test_lead_under_the_headline_cut_off_by_a_related_link_and_a_gallery_is_kept() -> None:
    lines = [*HEAD, "By Maria Lopez", "", *LEAD, "Related: Port strike ends after two weeks", *GALLERY]
    for _ in range(3):  # a long article, so the lead alone weighs far less than the rest
        lines += [p for para in PARAS for p in (para, "")]
    body = body_lines("\n".join(lines))
    assert set(LEAD) <= body
    assert not set(GALLERY) & body and "Related: Port strike ends after two weeks" not in body


def test_photo_caption_under_the_headline_is_not_taken_for_the_lead() -> None:
    caption = (
        "Workers walk past stacked containers at the harbour on Monday, as the authority announced "
        "the companies that will build the new terminal on the eastern quay, left, and the old pier."
    )
    lines = [*HEAD, caption, caption, "Photo: Jan Berg, AP", *GALLERY]
    for _ in range(3):
        lines += [p for para in PARAS for p in (para, "")]
    assert caption not in body_lines("\n".join(lines))


def test_lead_rule_is_what_keeps_the_cut_off_lead() -> None:
    """Guards the test above: without the lead rule the same lead is lost."""
    lines = [*HEAD, "By Maria Lopez", "", *LEAD, "Related: Port strike ends after two weeks", *GALLERY]
    for _ in range(3):
        lines += [p for para in PARAS for p in (para, "")]
    norms = [" ".join(t.split()) for t in lines]
    classes = [_prose_class(t, t.lower()) if t else 0 for t in norms]
    reasons = [_pattern_reason(t, t.lower(), classes[i]) if t else None for i, t in enumerate(norms)]
    lead_at = norms.index(LEAD[0])
    assert find_regions(norms, classes, reasons, 3)[lead_at]
    saved = R.LEAD_MAX_GAP
    try:
        R.LEAD_MAX_GAP = -1
        assert not find_regions(norms, classes, reasons, 3)[lead_at]
    finally:
        R.LEAD_MAX_GAP = saved


def test_itemised_list_with_labelled_items_after_the_body_is_kept() -> None:
    items = [
        "Qualified nations",
        "Norway (Group B): fourth appearance",
        "Chile (Group D): first appearance",
        "Kenya (Group A): second appearance",
        "Portugal (Group C): ninth appearance",
    ]
    text, _ = build(after=items + FURNITURE_AFTER)
    body = body_lines(text)
    assert set(items[1:]) <= body
    assert not set(FURNITURE_AFTER) & body


def test_results_brief_without_prose_keeps_score_lines_between_its_sentences() -> None:
    menu = ["Home", "Sports", "High schools", "Weather"]
    brief = [
        "BOYS SOCCER",
        "Eastside d. Northport 3-1",
        "Eastside (4-0): J. Smith 2 goals. K. Lee 1 assist.",
        "Northport (2-2): M. Diaz 6 saves.",
        "Lakeview d. Harbor Prep 2-0",
        "Lakeview (3-1): A. Cruz 1 goal. B. Okafor 1 goal.",
        "Harbor Prep (1-3): T. Nguyen 9 saves.",
    ]
    head = "Prep roundup: Eastside stays unbeaten"
    text = "\n".join([f"{head} | County Courier", "", *menu, "", head, "", *brief, "", *menu])
    body = body_lines(text)
    assert set(brief[2:]) <= body  # the lines above the first sentence are not a hole
    assert not set(menu) & body
    saved = R.HOLE_MAX_LINES
    try:
        R.HOLE_MAX_LINES = 0
        assert "Lakeview d. Harbor Prep 2-0" not in body_lines(text)
    finally:
        R.HOLE_MAX_LINES = saved
