"""Tests for flows/clean/cleaner.py: the seeds' gold labels, one case per reason family, look-alikes
that must survive, offsets, and bounded cost on huge inputs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import pytest

from flows.clean import rules as R
from flows.clean.cleaner import _caption, _lower_safe, clean_text
from flows.clean.sitestats import line_fingerprint
from flows.clean.title import _DATE_TOKEN_LOW
from flows.model import (
    BOILERPLATE_REASONS,
    LABEL_BODY,
    LABEL_TITLE,
    LINE_LABELS,
    METADATA_REASONS,
    Line,
)
from tests.goldutil import gold_docs, seed_text

SEED_FILES = [d["file"] for d in gold_docs()]

# A realistic article skeleton (invented text) into which furniture lines are inserted.
HEAD = [
    "Ministry confirms rotation of engineers to the northern base | Example Herald",
    "",
    "Ministry confirms rotation of engineers to the northern base",
    "",
]
PARAS = [
    "The defence ministry said on Tuesday that a company of military engineers would rotate to the "
    "northern base next month, replacing a unit that has served there since the spring.",
    "Officials said the new contingent of about 120 personnel would continue building shelters and "
    "repairing the runway, work that was delayed by heavy rain during the autumn.",
    "The deployment is part of a bilateral agreement signed last year, under which both countries "
    "share the cost of the base and rotate their staff every six months.",
    "A spokesman for the ministry told reporters that the decision had been taken before the recent "
    "tensions in the region and was not linked to them in any way.",
    "Opposition lawmakers have asked the government to publish the full text of the agreement, "
    "arguing that parliament was never given a chance to debate it.",
]


def build(
    before_body: Sequence[str] = (), inside: Sequence[str] = (), after: Sequence[str] = ()
) -> tuple[str, dict[str, int]]:
    """Article text with furniture lines placed before, inside (after paragraph 2) and after the body.

    Returns the text and the 1-based line number of every inserted or paragraph line.
    """
    lines = list(HEAD) + list(before_body)
    for i, p in enumerate(PARAS):
        lines += [p, ""]
        if i == 1:
            lines += list(inside)
    lines += list(after)
    where = {t: n for n, t in enumerate(lines, start=1) if t}
    return "\n".join(lines), where


def labels(text: str, **kw: Any) -> dict[int, Line]:
    return {x.line_no: x for x in clean_text(text, **kw).lines}


# --- seeds gold ---------------------------------------------------------------------------


@pytest.mark.parametrize("file", SEED_FILES)
def test_seed_gold_keep_drop_title_headings(file: str) -> None:
    g = next(d for d in gold_docs() if d["file"] == file)
    got = labels(seed_text(file))
    assert got[g["title_line"]].label == LABEL_TITLE
    for n in g["keep"]:
        assert got[n].label == LABEL_BODY, (n, got[n])
    for n in g["drop"]:
        assert got[int(n)].label != LABEL_BODY, (n, got[int(n)])
    for n in g.get("headings") or []:
        assert got[n].kind == "heading", (n, got[n])


@pytest.mark.parametrize("file", SEED_FILES)
def test_seed_every_line_labelled_with_valid_reason_and_offsets(file: str) -> None:
    text = seed_text(file)
    doc = clean_text(text)
    assert [x.line_no for x in doc.lines] == list(range(1, text.count("\n") + 2))
    for x in doc.lines:
        assert x.label in LINE_LABELS
        if x.label in ("metadata", "boilerplate"):
            assert x.reason in (METADATA_REASONS if x.label == "metadata" else BOILERPLATE_REASONS)
    assert doc.paragraphs
    for p in doc.paragraphs:
        assert doc.body[p.start_char : p.end_char] == p.text


def test_wiki_title_headings_lists_and_dropped_sections() -> None:
    text = "\n".join(
        [
            "= Chile–Norway relations =",
            "",
            "Infobox",
            "- Map: Chile Norway Locator.png",
            "",
            "Chile and Norway established diplomatic relations in 1905 and have kept embassies in "
            "each other's capitals for most of the time since then.",
            "",
            "==History==",
            "Trade between the two countries grew in the twentieth century, when Norwegian whaling "
            "companies operated from ports in southern Chile for several decades.",
            "==Diplomatic missions==",
            "- Chile has an embassy in Oslo.",
            "- Norway has an embassy in Santiago.",
            "==References==",
            "- Ministry of Foreign Affairs, annual report 2019",
            "==External links==",
            "- Embassy website",
        ]
    )
    got = labels(text)
    assert got[1].label == LABEL_TITLE
    assert got[3].reason == "infobox" and got[4].reason == "infobox"
    assert got[6].label == LABEL_BODY
    assert got[8].kind == "heading" and got[10].kind == "heading"
    assert got[11].label == LABEL_BODY and got[11].kind == "list_item"
    assert got[12].label == LABEL_BODY
    for n in (13, 14, 15, 16):
        assert got[n].reason == "see_also", got[n]


# --- reason families: furniture that must go ------------------------------------------------

FAMILY_CASES = [
    # (where, lines, expected reasons of the inserted lines)
    ("before", ["Skip to main content"], {"skip_link"}),
    ("before", ["Home", "World", "Politics", "Business", "Sport"], {"navigation"}),
    ("before", ["Home > World > Europe"], {"navigation"}),
    ("inside", ["icon-facebook icon-twitter icon-email"], {"share_widget"}),
    ("after", ["Share this article", "Follow us on Twitter"], {"share_widget"}),
    ("after", ["Follow the Herald on Instagram, Facebook and YouTube."], {"share_widget"}),
    ("inside", ["Image 2 of 5"], {"image_caption"}),
    ("after", ["You may also like", "Navy ships dock in southern port"], {"related_stories"}),
    ("inside", ["Advertisement"], {"advertisement"}),
    ("inside", ["Story continues below advertisement"], {"advertisement"}),
    ("inside", ["Soldiers unload equipment at the base. (Photo: Reuters)"], {"image_caption"}),
    ("before", ["Photo: Jane Roe/AFP"], {"photo_credit"}),
    ("before", ["By Maria Lopez"], {"byline"}),
    ("before", ["March 3, 2024"], {"date_line"}),
    ("before", ["Updated: 12/03/2024 14:05"], {"date_line"}),
    ("before", ["5 min read"], {"reading_time"}),
    ("after", ["Tom Baker is a Berlin-based reporter covering security and defence policy."], {"author_bio"}),
    (
        "after",
        ["Sign up for our daily newsletter to get the top stories delivered to your inbox."],
        {"newsletter_prompt"},
    ),
    (
        "after",
        ["We use cookies to improve your experience. By continuing you accept our use of cookies."],
        {"cookie_consent"},
    ),
    (
        "after",
        ["Related stories", "Navy ships dock in southern port", "Minister visits troops abroad"],
        {"related_stories"},
    ),
    ("after", ["Tags: Defence, Army, Diplomacy"], {"tags"}),
    ("after", ["12 Comments", "Leave a comment"], {"comments"}),
    ("after", ["© 2024 Example Herald. All rights reserved."], {"footer"}),
    ("after", ["(Reporting by Ana Silva; Editing by Tom Lee)"], {"agency_signoff"}),
    ("after", ["ab/cd (AFP, Reuters)"], {"agency_signoff"}),
]


@pytest.mark.parametrize("where,inserted,reasons", FAMILY_CASES)
def test_furniture_dropped_with_reason(where: str, inserted: list[str], reasons: set[str]) -> None:
    kw = {{"before": "before_body", "inside": "inside", "after": "after"}[where]: inserted}
    text, at = build(**kw)
    got = labels(text)
    for t in inserted:
        line = got[at[t]]
        assert line.label != LABEL_BODY, line
        assert line.reason in reasons, line
    for p in PARAS:  # and the article is untouched
        assert got[at[p]].label == LABEL_BODY, got[at[p]]


GATED_EXAMPLES = {
    "ADVERT": [
        "Advertisement",
        "Story continues below advertisement",
        "Sponsored content",
        "Scroll to continue",
    ],
    "NEWSLETTER": [
        "Sign up for our newsletter",
        "Get the latest news delivered to your inbox",
        "Subscribe now",
    ],
    "COOKIE": ["We use cookies to improve your experience", "Manage cookies", "Privacy settings"],
    "FOOTER": ["© 2024 Herald", "Copyright 2024 Herald. All rights reserved.", "Terms of Use", "Contact us"],
    "READING_TIME": ["5 min read", "3 minutes read", "Reading time: 4 minutes"],
}


@pytest.mark.parametrize("name", sorted(GATED_EXAMPLES))
def test_trigger_gates_let_every_matching_example_through(name: str) -> None:
    rx = getattr(R, name)
    for t in GATED_EXAMPLES[name]:
        assert rx.search(t), (name, t)
        assert any(k in t.lower() for k in R.TRIGGERS[name]), (name, t)


CAPTION_EXAMPLES = [
    "Troops at the base (Photo: AP)",
    "A convoy near Mosul. Credit: John Roe",
    "Soldiers rest, EPA",
    "Tanks on parade / AFP",
    "Officers salute via Reuters",
    "Getty Images",
    "Staff photo",
    "Image of the new bridge over the river",
    "Photo by Jane Roe",
    "File photo of the harbour.",
    "Demonstrators in the capital. (Picture: handout from the ministry)",
    "Photo: Jane Roe",
]
NOT_CAPTIONS = [
    "The photo agency said it would appeal.",
    "Officials said on Tuesday the image of the army had suffered.",
    "He shared the credit with his team",
    "Reuters reported the talks had stalled",
    "The photo (left) shows the damage",
]


def test_caption_parts_agree_with_the_caption_pattern() -> None:
    for t in CAPTION_EXAMPLES + NOT_CAPTIONS:
        low = " ".join(t.split()).lower()
        assert _caption(low) == (R.CAPTION.search(low) is not None), t
    assert all(_caption(t.lower()) for t in CAPTION_EXAMPLES)
    assert not any(_caption(t.lower()) for t in NOT_CAPTIONS)


def test_fast_paths_keep_their_preconditions() -> None:
    """The cleaner runs these case-insensitive patterns on the lower-cased line without the
    flag (`clean._lower_safe`): a capital letter added to one of them would silently break it."""
    for name in (
        "DATE_TOKEN",
        "CAPTION",
        "ADVERT",
        "COOKIE",
        "NEWSLETTER",
        "FOOTER",
        "NAVIGATION",
        "RELATED",
    ):
        assert _lower_safe(getattr(R, name)), name
    for t in ["Updated March 5, 2024", "5 de março de 2019", "2019-03-05", "05/03/2019", "Sept. 11"]:
        assert R.DATE_TOKEN.search(t) and _DATE_TOKEN_LOW.search(t.lower()), t


def test_repeated_caption_second_copy_is_duplicate() -> None:
    cap = "A convoy leaves the camp at dawn. (Photo: AP)"
    text, at = build(before_body=[cap, cap])
    got = labels(text)
    caps = [x for x in got.values() if x.text == cap]
    assert [x.reason for x in caps] == ["image_caption", "duplicate_line"]


def test_title_line_with_site_suffix_is_title_repeat() -> None:
    text, at = build()
    got = labels(text)
    assert got[1].reason == "title_repeat"
    assert got[3].label == LABEL_TITLE


def test_title_hint_is_preferred() -> None:
    text, at = build(before_body=["Engineers head north"])
    got = labels(text, title_hint="Engineers head north")
    assert got[at["Engineers head north"]].label == LABEL_TITLE
    assert clean_text(text, title_hint="Engineers head north").title == "Engineers head north"


def test_crlf_line_endings() -> None:
    text, at = build(before_body=["By Maria Lopez"])
    got = labels(text.replace("\n", "\r\n"))
    assert got[at["By Maria Lopez"]].reason == "byline"
    assert all(not x.text.endswith("\r") for x in got.values())
    assert got[at[PARAS[0]]].label == LABEL_BODY


# --- look-alikes that must stay ---------------------------------------------------------------


def test_body_sentence_mentioning_newsletter_and_cookies_is_kept() -> None:
    s1 = (
        "The ministry's internal newsletter, which is sent to every officer, first reported the "
        "rotation plan in September."
    )
    s2 = "Soldiers at the base said the cookies sent by families in the capital had become a tradition."
    text, at = build(inside=[s1, "", s2, ""])
    got = labels(text)
    assert got[at[s1]].label == LABEL_BODY
    assert got[at[s2]].label == LABEL_BODY


def test_short_quote_and_subheading_inside_body_are_kept() -> None:
    quote = "“We are not leaving,” he said."
    head = "A long delay"
    text, at = build(inside=[quote, "", head, ""])
    got = labels(text)
    assert got[at[quote]].label == LABEL_BODY
    assert got[at[head]].label == LABEL_BODY and got[at[head]].kind == "heading"


def test_short_body_lines_that_look_like_signoffs_or_bylines_are_kept() -> None:
    lines = ["US/UK forces left on Friday.", "By Sunday, it was over.", "Di Maio said so too."]
    inside: list[str] = []
    for t in lines:
        inside += [t, ""]
    text, at = build(inside=inside)
    got = labels(text)
    for t in lines:
        assert got[at[t]].label == LABEL_BODY, got[at[t]]


def test_one_line_article_is_kept() -> None:
    para = (
        "Two navy frigates left the harbour on Monday for a three-month training mission in the "
        "Mediterranean, the navy said in a statement."
    )
    got = labels("Frigates sail for training mission\n\n" + para + "\n")
    assert got[1].label == LABEL_TITLE
    assert got[3].label == LABEL_BODY


def test_itemised_list_right_after_the_body_is_kept_but_a_menu_is_not() -> None:
    items = ["1) Two frigates, 240 crew", "2) One supply ship, 90 crew", "3) Four helicopters, 32 crew"]
    menu = ["World", "Business", "Opinion", "Sport"]
    text, at = build(after=["The deployment includes:", *items, *menu])
    got = labels(text)
    for t in items:
        assert got[at[t]].label == LABEL_BODY, got[at[t]]
    for t in menu:
        assert got[at[t]].label != LABEL_BODY, got[at[t]]


def test_already_clean_text_with_short_paragraphs_is_kept_whole() -> None:
    lines = [
        "Coast guard adds patrol boats",
        "",
        "The coast guard added four patrol boats to its southern fleet on Friday.",
        "They replace older vessels.",
        "Crews trained for six weeks before the handover, an officer said.",
        "What changes",
        "The new boats can stay at sea for ten days without refuelling.",
        "The fleet now has:",
        "- 12 patrol boats",
        "- 3 tugs",
        "The ministry did not give the price of the boats.",
    ]
    got = labels("\n".join(lines))
    assert got[1].label == LABEL_TITLE
    for n in range(3, 12):
        assert got[n].label == LABEL_BODY, got[n]
    assert got[6].kind == "heading" and got[9].kind == "list_item"


def test_short_note_without_a_prose_run_keeps_its_sentences() -> None:
    got = labels("Troops arrive\n\nTroops reached the base on Monday.\n")
    assert got[1].label == LABEL_TITLE
    assert got[3].label == LABEL_BODY


def test_body_sentence_starting_with_a_count_is_kept() -> None:
    s = "3 of 10 soldiers in the unit were lightly injured, the army said."
    text, at = build(inside=[s, ""])
    assert labels(text)[at[s]].label == LABEL_BODY


def test_article_mentioning_photo_credit_words_is_kept() -> None:
    s = (
        "The photographer, who works for a local agency, said the image was taken minutes before the "
        "convoy crossed the border."
    )
    text, at = build(inside=[s, ""])
    assert labels(text)[at[s]].label == LABEL_BODY


# --- site boilerplate ---------------------------------------------------------------------------


def test_recurring_lines_are_site_boilerplate_but_long_body_prose_stays() -> None:
    promo = "Support independent journalism today"
    text, at = build(after=[promo])
    rec = frozenset({line_fingerprint(promo), line_fingerprint(PARAS[2])})
    got = labels(text, recurring=rec)
    assert got[at[promo]].reason == "site_boilerplate"
    assert got[at[PARAS[2]]].label == LABEL_BODY  # long prose inside the body run: kept


# --- offsets and bounded cost --------------------------------------------------------------------


def test_offsets_match_body_text() -> None:
    text, _ = build(
        before_body=["By Maria Lopez", "5 min read"], inside=["Advertisement", "", "Key facts", ""]
    )
    doc = clean_text(text)
    assert doc.body
    for p in doc.paragraphs:
        assert doc.body[p.start_char : p.end_char] == p.text


def test_ten_megabyte_single_line_is_fast() -> None:
    line = (
        "The convoy moved slowly through the valley, and the officers said it would arrive soon. " * 120_000
    )[:10_000_000]
    t0 = time.perf_counter()
    doc = clean_text(line)
    assert time.perf_counter() - t0 < 30
    assert len(doc.lines) == 1


def test_million_lines_is_fast() -> None:
    # Furniture repeats (as in real dumps), but every block also has lines of its own.
    lines: list[str] = []
    for k in range(100_000):
        lines += ["Home", f"Section {k}", PARAS[k % 5], "", "Share", f"Story {k} was updated at noon."]
        lines += ["Advertisement", f"(Photo: AP/{k})", "Tags: Army", ""]
    t0 = time.perf_counter()
    doc = clean_text("\n".join(lines))
    assert time.perf_counter() - t0 < 30
    assert len(doc.lines) == 1_000_000
