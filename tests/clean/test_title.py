"""Title evidence in the cleaner: the URL slug's words, and lines that look like a headline by
length but are page parts (post links, attributions, dated bylines, menus)."""

from __future__ import annotations

import pytest

from flows.clean.cleaner import clean_text
from flows.clean.title import slug_words
from flows.model import LABEL_TITLE


@pytest.mark.parametrize(("url", "want"), [
    ("https://news.example/2019/11/us-troops-leave-syria-123", {"troops", "leave", "syria"}),
    ("https://news.example/world/army-engineers-reach-port.html", {"army", "engineers", "reach", "port"}),
    ("https://news.example/a/b/caf%C3%A9-owners-protest-rent-rise/", {"café", "owners", "protest", "rent", "rise"}),
    ("https://news.example/story/123456789.html", set()),      # an id, no words
    ("https://news.example/politics/index.php?id=88", set()),  # one word is no slug
    ("https://news.example/", set()),
    (None, set()),
])
def test_slug_words(url: str | None, want: set[str]) -> None:
    assert slug_words(url) == want


BODY = ("The coast guard added four patrol boats to its southern fleet on Friday, the ministry said in a statement.\n"
        "Crews trained for six weeks before the handover, an officer said, and the boats will patrol the straits.\n"
        "The new boats can stay at sea for ten days without refuelling, twice as long as the older vessels.\n")


def title_line(text: str, url: str | None = None) -> str | None:
    return next((x.text for x in clean_text(text, url=url).lines if x.label == LABEL_TITLE), None)


@pytest.mark.parametrize("lookalike", [
    "« Older post: harbour festival draws record crowds",
    "– Margaret Ellison, harbour master",
    "Posted on March 3, 2024 by Jane Roe in Coastal News",
    "Home // Coast // Fleet // Patrol boats",
])
def test_headline_shaped_page_parts_are_not_the_title(lookalike: str) -> None:
    text = f"Home\nNews\n{lookalike}\n{BODY}"
    assert title_line(text) is None


def test_slug_picks_the_headline_among_teasers() -> None:
    text = ("Home\nNews\nCoast guard adds four patrol boats to southern fleet\nHarbour festival draws record crowds\n"
            f"Ferry timetable changes from Monday\n{BODY}")
    assert title_line(text) is None  # three headline-shaped lines in a row: a teaser list
    url = "https://coast.example/2024/03/coast-guard-adds-patrol-boats-southern-fleet"
    assert title_line(text, url) == "Coast guard adds four patrol boats to southern fleet"
