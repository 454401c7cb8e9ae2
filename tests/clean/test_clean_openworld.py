"""Regression list for cleaning pages of kinds the news dev set does not show (issue 13).

Every page here is invented: comment threads without a heading, short posts under long
threads, live blogs and teaser lists that look like threads but are not, technical posts
with code, recipes, tables, pages without any prose, end-of-article furniture, and the
precision/recall knob. Each case says what must stay body and what must go, with its reason.
"""

from __future__ import annotations

import argparse

import pytest

from flows.clean.cleaner import FAVORS, clean_text
from flows.clean.comments import marker
from flows.model import CLEAN_FAVORS, LABEL_BODY, LINE_REASONS, PARAGRAPH_KINDS, CleanedDoc, Line

SHORT_POST = [
    "Why I finally switched to a standing desk",
    "",
    "Posted on March 4, 2013 at 9:12 am by Dana Whitfield",
    "",
    "After two years of back pain I gave in and bought a standing desk for the home office, and "
    "the first month has been better than I expected.",
    "The trick, for me, was to alternate: forty minutes standing, twenty sitting, and a short walk "
    "around the block at lunch instead of eating at the keyboard.",
    "I will report back in the autumn on whether the habit sticks.",
    "",
]


def thread(n: int, header: str) -> list[str]:
    """n invented reader comments, each longer than the post's paragraphs, under `header`."""
    out: list[str] = []
    for k in range(n):
        out += [
            header.format(name=f"Reader{k}", day=k + 1),
            f"I have been standing at work for {k + 2} years now and honestly it changed how I feel in "
            "the afternoons; the one thing I would add is a good mat, because standing on a hard "
            "floor all day is its own kind of misery and nobody warns you about that part.",
            "Thanks for writing this up, it is nice to read an honest account for once.",
            "Reply",
            "",
        ]
    return out


def lines_of(doc: CleanedDoc) -> dict[str, Line]:
    return {x.text: x for x in doc.lines if x.text.strip()}


def assert_body(doc: CleanedDoc, texts: list[str]) -> None:
    got = lines_of(doc)
    for t in texts:
        assert got[t].label == LABEL_BODY, got[t]


# --- comment threads by their structure ------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "{name} | March {day}, 2013 at 4:39 pm | Reply",
        "{name} says:",
        "{name} on March {day}, 2013 at 10:05 am",
        "{name} said...",
        "by {name} on March {day}, 2013 at 6:10 am. Reply #",
    ],
)
def test_thread_without_heading_is_comments_and_the_short_post_wins(header: str) -> None:
    text = "\n".join(SHORT_POST + thread(8, header))
    doc = clean_text(text)
    assert_body(doc, [SHORT_POST[4], SHORT_POST[5], SHORT_POST[6]])
    got = lines_of(doc)
    comment = thread(1, header)[1]
    assert got[comment].label != LABEL_BODY and got[comment].reason == "comments"
    assert "standing on a hard floor" not in doc.body


def test_comment_count_heading_in_braces_is_a_barrier() -> None:
    body = SHORT_POST + ["{ 12 comments… read them below or add one }", ""]
    # name-only headers: no marker, only the count heading tells where the thread starts
    for k in range(6):
        body += [f"Reader{k}", thread(1, "x")[1], ""]
    doc = clean_text("\n".join(body))
    assert_body(doc, [SHORT_POST[4], SHORT_POST[6]])
    assert "standing on a hard floor" not in doc.body


def test_live_blog_entries_are_not_a_thread() -> None:
    entries = [
        f"{h}:{m:02d} PM – The committee resumed and heard evidence from the {w} witness, who said "
        "the contract had been signed before the tender closed."
        for h, m, w in [(1, 5, "first"), (1, 40, "second"), (2, 15, "third"), (3, 0, "fourth"), (3, 45, "fifth")]
    ]
    text = "\n".join(["Inquiry hearing: live updates", "", *[e + "\n" for e in entries]])
    doc = clean_text(text)
    assert_body(doc, entries)


def test_teaser_list_with_datelines_is_not_comments() -> None:
    teasers: list[str] = []
    for k in range(6):
        teasers += [f"Council approves budget for district {k}", f"March {k + 1}, 2013 at 8:0{k} am PT", ""]
    text = "\n".join(SHORT_POST + ["More from the blog", ""] + teasers)
    doc = clean_text(text)
    assert_body(doc, [SHORT_POST[4], SHORT_POST[5]])
    assert all(x.reason != "comments" for x in doc.lines)


def test_marker_kinds() -> None:
    assert marker("Reply", "reply") == 1
    assert marker("Please rate this comment: 3 1", "please rate this comment: 3 1") == 1
    assert marker("12 likes", "12 likes") == 1
    assert marker("Ann says:", "ann says:") == 2
    assert marker("Tim W 11.06.12 at 11:06 am", "tim w 11.06.12 at 11:06 am") == 2
    # a quote introduction, an article dateline, a sentence with a time: not markers
    assert marker("About the decision, she writes in the report that:", "about the decision, she writes in the report that:") == 0
    assert marker("Posted by John Smith on May 2, 2012 at 6:21 am", "posted by john smith on may 2, 2012 at 6:21 am") == 0
    assert marker("At 4:30 pm the vote was held.", "at 4:30 pm the vote was held.") == 0


# --- short-line articles: code, recipes, tables, no prose -------------------------------


def test_code_block_between_paragraphs_is_body_with_kind_code() -> None:
    code = [
        "$ pip install requests",
        "import requests",
        "resp = requests.get(url, timeout=10)",
        "resp.raise_for_status()",
        "data = resp.json()",
        "for item in data:",
        "print(item['name'])",
    ]
    text = "\n".join(
        [
            "Home", "Blog", "About", "",
            "Fetching JSON from an API in five lines",
            "",
            "Most of the small scripts I write start the same way: fetch some JSON, check the status, "
            "and walk the records. Here is the version I keep coming back to.",
            "",
            *code,
            "",
            "The timeout matters more than it looks: without it a stalled server will hang your "
            "script forever, which is the last thing you want in a cron job.",
            "",
            "Copyright 2014 Example Dev Notes. Powered by Examplepress",
        ]
    )  # fmt: skip
    doc = clean_text(text)
    got = lines_of(doc)
    for t in code:
        assert got[t].label == LABEL_BODY, got[t]
    assert got["import requests"].kind == "code"
    assert got["resp = requests.get(url, timeout=10)"].kind == "code"
    assert got["Home"].label != LABEL_BODY


def test_recipe_ingredients_between_prose_are_list_items() -> None:
    ingredients = ["2 cups plain flour", "1 large egg yolk", "½ tsp salt", "3 tbsp cold butter", "100 ml milk"]
    text = "\n".join(
        [
            "Recipes", "Breakfast", "Baking", "",
            "Weekend buttermilk scones",
            "",
            "These are the scones my grandmother made every Sunday, and the recipe has not changed in "
            "forty years except for the oven, which is now electric.",
            "",
            "Ingredients:",
            *ingredients,
            "",
            "Rub the butter into the flour and salt until it looks like breadcrumbs, then stir in the "
            "egg yolk and milk and bring it together with your hands without kneading.",
            "Bake at 220 degrees for twelve minutes, until they are risen and golden on top.",
        ]
    )  # fmt: skip
    doc = clean_text(text)
    got = lines_of(doc)
    for t in ingredients:
        assert got[t].label == LABEL_BODY, got[t]
        assert got[t].kind == "list_item", got[t]


def test_spec_table_rows_are_table_row() -> None:
    rows = ["Model | Cores | Memory", "S1 | 2 | 4 GB", "S2 | 4 | 8 GB", "S3 | 8 | 16 GB"]
    text = "\n".join(
        [
            "Choosing an instance size",
            "",
            "We ran the same benchmark on each of the three sizes, and the results surprised us: the "
            "middle size gave the best throughput per euro by a wide margin.",
            "",
            *rows,
            "",
            "The largest size only pays off when the working set no longer fits in memory, which for "
            "most of our customers happens rarely if at all.",
        ]
    )
    doc = clean_text(text)
    got = lines_of(doc)
    for t in rows:
        assert got[t].label == LABEL_BODY, got[t]
    assert got["S2 | 4 | 8 GB"].kind == "table_row"


def test_page_without_prose_keeps_its_densest_block() -> None:
    settings = [
        "Display brightness: auto",
        "Screen timeout 30 s",
        "Font size medium",
        "Night light from 22:00 to 06:30",
        "Refresh rate 120 Hz on supported panels",
        "Colour profile vivid",
        "Blue light filter strength 40 percent",
    ]
    text = "\n".join(["Home", "Devices", "Support", "", "Display settings", "", *settings, "", "Contact us", "Sitemap"])
    doc = clean_text(text)
    got = lines_of(doc)
    assert all(got[t].label == LABEL_BODY for t in settings)
    assert got["Sitemap"].label != LABEL_BODY
    assert clean_text(text, favor="precision").body == ""  # precision keeps nothing it cannot vouch for


# --- end-of-article furniture -----------------------------------------------------------

END_CASES = [
    ("Comments are moderated and will appear after approval.", "comment_policy"),
    ("Your email address will not be published. Required fields are marked *", "comment_policy"),
    ("Disclosure: this post contains affiliate links, and we may earn a commission if you buy.", "disclosure"),
    ("This work is licensed under a Creative Commons Attribution 4.0 International License.", "license"),
    ("Proudly powered by Examplepress", "footer"),
    ("Previous post: A week without coffee", "navigation"),
    ("Next post »", "navigation"),
    ("23 Photos", "widget"),
    ("View the Full Gallery »", "widget"),
    ("5 votes", "widget"),
    ("Jane Roe is a professor emeritus of history at Example University.", "author_bio"),
]


@pytest.mark.parametrize("line,reason", END_CASES)
def test_end_of_article_furniture(line: str, reason: str) -> None:
    post = SHORT_POST[:7] + [line, "", "Share", "Tweet"]
    doc = clean_text("\n".join(post))
    got = lines_of(doc)
    assert got[line].label != LABEL_BODY and got[line].reason == reason, got[line]
    assert_body(doc, SHORT_POST[4:7])


def test_source_introduced_mid_article_is_not_a_bio() -> None:
    paras = [
        "The council voted on Monday to close the library branch, despite a petition signed by more "
        "than two thousand residents.",
        "Maria Vale is a professor of urban planning at the city university.",
        "She said the branch was the only public building within walking distance for many families, "
        "and that the savings would be small compared with the loss.",
        "The council said it would review the decision next year.",
        "The mayor did not comment on the vote, and the petition's organisers said they would appeal.",
    ]
    doc = clean_text("\n\n".join(["Council closes library branch", *paras]))
    assert_body(doc, paras[1:3])


# --- the precision/recall knob ---------------------------------------------------------


def test_favor_vocabulary_and_validation() -> None:
    assert FAVORS == CLEAN_FAVORS == ("balanced", "precision", "recall")
    with pytest.raises(ValueError):
        clean_text("x", favor="maximal")
    assert {"comment_policy", "disclosure", "license", "widget"} <= set(LINE_REASONS)
    assert {"code", "table_row"} <= set(PARAGRAPH_KINDS)


def test_favor_precision_drops_linklike_lines_inside_the_body_balanced_keeps_them() -> None:
    paras = [
        "The river rose above the flood mark on Tuesday night for the first time in a decade, and "
        "the town opened two school halls for families from the lower streets.",
        "Volunteers filled sandbags through the night while the fire brigade pumped water out of "
        "the cellars along the quay, where the damage is worst.",
    ]
    text = "\n".join(["Flood warning in the valley", "", paras[0], "", "Emergency Shelters", "", paras[1]])
    balanced, precise = clean_text(text), clean_text(text, favor="precision")
    assert "Emergency Shelters" in balanced.body
    assert "Emergency Shelters" not in precise.body
    assert paras[0] in precise.body and paras[1] in precise.body


def test_favor_recall_keeps_a_lighter_second_region() -> None:
    lead = (
        "The regional parliament approved the new transport plan on Thursday after a debate that "
        "lasted most of the day and ended with a narrow vote of 41 to 38, with two members of the "
        "governing coalition abstaining and one opposition member voting with the government, "
        "which had promised the plan in its election programme three years ago."
    )
    main = [
        f"Paragraph {k} of the plan's description: the tram line will be extended by {k + 2} "
        "kilometres, with new stops at the hospital, the university campus and the stadium, and "
        "the bus network will be redrawn around it so that every district has a direct connection."
        for k in range(6)
    ]
    menu = ["Traffic", "Weather", "Sport", "Culture", "Opinion", "Video", "Podcasts", "Jobs"]
    # a block of widgets heavy enough to cut the page in two Kadane runs
    widgets = [*menu[::-1], "Advertisement", *[f"Section {c}" for c in "ABCDEFGHIJKLMNOPQRST"]]
    text = "\n".join(["Transport plan approved", "", *menu, "", *main, "", *widgets, "", lead])
    balanced, generous = clean_text(text), clean_text(text, favor="recall")
    assert lead not in balanced.body
    assert lead in generous.body


def test_cli_and_run_config_take_favor() -> None:
    from flows.cli import build_parser
    from flows.store.batch import RunConfig

    parser = build_parser()
    for argv in (["clean", "a.txt", "--favor", "precision"], ["run", "--favor", "recall"]):
        ns = parser.parse_args(argv)
        assert ns.favor == argv[-1]
    assert parser.parse_args(["backfill", "--since", "2024-01-01", "--until", "2024-01-02"]).favor == "balanced"
    with pytest.raises(SystemExit):
        parser.parse_args(["run", "--favor", "maximal"])
    from pathlib import Path

    assert RunConfig(Path("s"), Path("w")).favor == "balanced"
    assert isinstance(parser, argparse.ArgumentParser)
