"""Title, authors and published date on whole naive pages (our own pages, one per failure kind).

Each page goes through the real cleaner and the metadata extractor, as `newsflow run` reads
a scraped `.txt` file: menus, widgets, related stories and comments included. Look-alikes
(a related story's byline, a comment date, "Updated" after "Published", the site header's
date) sit on the same pages and must not be taken.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from flows.clean.cleaner import clean_text
from flows.extract.metadata import extract_metadata
from flows.model import DocMeta, RawDocument

FETCHED = datetime(2024, 6, 1, tzinfo=UTC)

BODY = """The defence ministry confirmed on Tuesday that the first company of engineers had reached the port, two weeks ahead of the schedule agreed with the host government last winter.
About 120 soldiers will rebuild the damaged pier and train local crews to maintain it, a spokesperson said, adding that the unit would rotate home before the autumn storms.
Officials in the capital welcomed the arrival and said the work would reopen the harbour to grain shipments that have been diverted to the north for most of the year.
The mission is the third such deployment since the agreement was signed, and the first to include a medical team from the regional hospital in the south of the country."""

MENU = "Home\nWorld\nPolitics\nBusiness\nSport\nSubscribe\nSign in"


def meta_of(text: str, url: str | None = None, title: str | None = None,
            fetched: datetime | None = FETCHED) -> DocMeta:
    raw = RawDocument("page.txt", "0" * 64, text, "jsonl" if url or title else "txt", date(2024, 6, 1),
                      url=url, fetched_at=fetched, title_hint=title)
    return extract_metadata(raw, clean_text(text, frozenset(), title, url=url))


def page(head: str, tail: str = "", first: str = "Engineers reach port early to rebuild pier - The Harbour Times") -> str:
    return f"{first}\n{MENU}\n{head}\n{BODY}\n{tail}".strip() + "\n"


# --- title -------------------------------------------------------------------------------


def test_headline_worded_unlike_the_title_tag_beats_widget_lines() -> None:
    text = page("Print\nShow more sharing options\nWorld\nArmy engineers arrive early to rebuild storm-hit pier\n"
                "By Maria Lopez\nMarch 3, 2024\nFacebook\nTwitter\nClose extra sharing options",
                first="Engineers rebuild storm-hit pier after early arrival - The Harbour Times")
    meta = meta_of(text)
    assert meta.title == "Army engineers arrive early to rebuild storm-hit pier"
    assert meta.title_source == "headline_line"


def test_last_copy_of_the_headline_above_the_body_wins_over_a_menu_teaser() -> None:
    text = ("Engineers reach port early to rebuild pier - The Harbour Times\n"
            "Latest\nEngineers reach port early to rebuild pier\nFlood warnings issued for the coast\n"
            f"{MENU}\nEngineers reach port early to rebuild pier\nBy Maria Lopez\nMarch 3, 2024\n{BODY}\n")
    meta = meta_of(text)
    assert meta.title == "Engineers reach port early to rebuild pier"
    assert meta.authors == ["Maria Lopez"]


def test_jsonl_title_field_without_a_headline_line_loses_its_site_suffix() -> None:
    text = f"{MENU}\n{BODY}\n"
    meta = meta_of(text, title="Engineers reach port early | The Harbour Times")
    assert meta.title == "Engineers reach port early"
    assert meta.title_source == "jsonl"


# --- title evidence: no headline gives null; the URL slug is evidence --------------------

SLUG_URL = "https://harbourtimes.example/2024/03/army-engineers-arrive-early-rebuild-pier-4411"


@pytest.mark.parametrize("head", [
    # a teaser list under a "Most read" heading, nothing else
    "Most read\nFlood warnings issued for the coast\nCouncil approves new bridge budget\n"
    "Schools reopen after the storm",
    # a teaser line, then widgets right above the body
    "Trending: Flood warnings issued for the coast\nShare this article\nAdvertisement\nListen to this article",
    # a lone teaser, a newsletter prompt, a share row, an advertisement
    "Flood warnings issued for the coast\nSign up for our morning newsletter\nShare on Facebook\nAdvertisement",
    # a related story right after its heading, as the last line above the body
    "Related coverage\nCouncil approves new bridge budget for the harbour district",
    # previous/next-post links and a dated byline line
    "« Council approves new bridge budget\nSchools reopen after the storm »\n"
    "Posted on March 3, 2024 by Maria Lopez in Local News",
])
def test_page_without_a_headline_gets_no_title(head: str) -> None:
    meta = meta_of(f"{MENU}\n{head}\n{BODY}\n", url=None, title=None)
    assert meta.title is None
    assert meta.title_source is None


def test_headline_supported_only_by_the_url_slug_is_the_title() -> None:
    # no <title> agreement (the <title> is the site name), no byline or date, a related teaser
    # nearer the body: only the slug says which line is the headline
    text = ("The Harbour Times\n" + MENU + "\nArmy engineers arrive early to rebuild storm-hit pier\nListen\n"
            "More from World\nFlood warnings issued for the coast\n" + BODY + "\n")
    meta = meta_of(text, url=SLUG_URL)
    assert meta.title == "Army engineers arrive early to rebuild storm-hit pier"
    assert meta.title_source == "headline_line"
    without = meta_of(text, url=None, fetched=FETCHED)
    assert without.title != "Army engineers arrive early to rebuild storm-hit pier"
    assert without.title != "Flood warnings issued for the coast"  # the teaser after "More from World"


def test_slug_sharing_a_word_or_two_with_a_teaser_picks_nothing() -> None:
    # the slug names another story; the teaser shares only "pier": no evidence, no title
    head = "Flood warnings issued for the pier district\nCouncil approves new bridge budget\nMost shared"
    meta = meta_of(f"{MENU}\n{head}\n{BODY}\n", url="https://harbourtimes.example/2024/03/pier-reopens-after-repairs")
    assert meta.title is None


def test_lone_headline_right_above_the_body_needs_no_other_evidence() -> None:
    meta = meta_of(f"{MENU}\nArmy engineers arrive early to rebuild storm-hit pier\n{BODY}\n", url=None, title=None)
    assert meta.title == "Army engineers arrive early to rebuild storm-hit pier"


def test_headline_with_its_byline_above_a_share_header_and_share_row() -> None:
    # "Sharing is caring!" sits nearest the body, below the byline: the headline is above the byline
    head = ("Army engineers arrive early to rebuild storm-hit pier\nby Maria Lopez March 3, 2024\n"
            "Sharing is caring!\n0shares\nFacebook\nTwitter\nPinterest")
    meta = meta_of(f"{MENU}\n{head}\n{BODY}\n", url=None, title=None)
    assert meta.title == "Army engineers arrive early to rebuild storm-hit pier"
    assert meta.authors == ["Maria Lopez"]


# --- authors -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "want", "source"), [
    ("By\nSarah E. Whitfield\nMarch 3, 2024", ["Sarah E. Whitfield"], "byline_line"),
    ("Posted on March 3, 2024 by Regan", ["Regan"], "date_line"),
    ("By Meg HarrisStaff Writer\nMarch 3, 2024", ["Meg Harris"], "byline_line"),
    ("By R.C. Baker and Piotr van der Berg\nMarch 3, 2024", ["R.C. Baker", "Piotr van der Berg"], "byline_line"),
    ("By LISA MARTEN, MARY ANN JOLLY and ERIC TUCK\nMarch 3, 2024", ["Lisa Marten", "Mary Ann Jolly", "Eric Tuck"],
     "byline_line"),
    ("By Tom Ames, Kate Wills, Grace Sell\nMarch 3, 2024", ["Tom Ames", "Kate Wills", "Grace Sell"], "byline_line"),
    ("Written by: jdoe42\nMarch 3, 2024", ["jdoe42"], "byline_line"),
    ("Amina Yusuf\n12 March 2024 10:32", ["Amina Yusuf"], "byline_line"),
    ("Tanya Lobb, Harbour Insider\nMarch 3, 2024", ["Tanya Lobb"], "byline_line"),
    ("Carla Nunes 27/09/2018 Comente! Notícias, Mundo", ["Carla Nunes"], "byline_line"),
    ("Bruce Y. Lam Senior Contributor", ["Bruce Y. Lam"], "byline_line"),
    ("Lisa Kacz and Trevor J. Mitchum Sioux Falls Argus Leader\nPublished 10:02 AM EST Mar 3, 2024",
     ["Lisa Kacz", "Trevor J. Mitchum"], "byline_line"),
    ("Dan Okoro\nNews reporter @DanOkoro1", ["Dan Okoro"], "byline_line"),
    ("By Jon GarnerHARBOURNews\nMarch 3, 2024", ["Jon Garner"], "byline_line"),
    ("By Tariq Mali, Minh Do 2024-03-03T22:05:36Z World", ["Tariq Mali", "Minh Do"], "byline_line"),
    ("By Troy L. Smyth, Harbourtimes.com\nMarch 3, 2024", ["Troy L. Smyth"], "byline_line"),
    ("By Rachel Lin, MS, RD\nMarch 3, 2024", ["Rachel Lin"], "byline_line"),
])
def test_bylines_are_read_wherever_they_sit(lines: str, want: list[str], source: str) -> None:
    meta = meta_of(page("Engineers reach port early to rebuild pier\n" + lines))
    assert meta.authors == want
    assert meta.authors_source == source


@pytest.mark.parametrize("byline", [
    "By Reuters Staff", "By Harbour Times Staff", "Our Verdict", "Google Scholar", "Pub Med",
    "By The Harbour Times", "Key Points", "Posted by Admin on March 3, 2024", "Facebook Twitter",
    "LOOK WHAT YOU MADE ME DO",
])
def test_credits_and_page_words_are_not_people(byline: str) -> None:
    meta = meta_of(page(f"Engineers reach port early to rebuild pier\n{byline}\nMarch 3, 2024"),
                   url="https://www.harbourtimes.com/world/pier")
    assert meta.authors == []
    assert meta.authors_source is None


def test_related_story_and_comment_bylines_are_never_taken() -> None:
    tail = ("Related stories\nFlood warnings issued for the coast\nBy Kofi Mensah\nMarch 1, 2024\n"
            "Comments\nJane Doe says:\nMarch 4, 2024 at 10:12 am\nGreat work by the engineers.")
    meta = meta_of(page("Engineers reach port early to rebuild pier\nBy Maria Lopez\nMarch 3, 2024", tail))
    assert meta.authors == ["Maria Lopez"]


def test_agency_signoff_is_not_a_byline() -> None:
    meta = meta_of(page("Engineers reach port early to rebuild pier\nMarch 3, 2024",
                        "(Reporting by Will Dunn; Editing by Sam Holmes)"))
    assert meta.authors == []


# --- published date ----------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "want"), [
    ("Published 3 March 2024 | Updated 5 March 2024", date(2024, 3, 3)),
    ("Updated 5 March 2024\nPublished 3 March 2024", date(2024, 3, 3)),
    ("Last updated: March 5, 2024", date(2024, 3, 5)),             # update-only: the only date shown
    ("By Maria Lopez March 3, 2024Share", date(2024, 3, 3)),        # glued to the next widget
    ("Published Wed, Mar 20 20244:29 AM EST", date(2024, 3, 20)),   # time glued to the year
    ("01.21.2024", date(2024, 1, 21)),
    ("12/30/2023 11:02", date(2023, 12, 30)),
    ("11/08/23", date(2023, 11, 8)),
    ("2016.12.01", date(2016, 12, 1)),
    ("27 de setembro de 2023", date(2023, 9, 27)),
    ("24 сентября 2023, 10:00", date(2023, 9, 24)),
    ("25. September 2023", date(2023, 9, 25)),
    ("2023年11月19日 10:00", date(2023, 11, 19)),
])
def test_date_line_formats_by_the_headline(lines: str, want: date) -> None:
    meta = meta_of(page("Engineers reach port early to rebuild pier\n" + lines))
    assert meta.published_date == want
    assert meta.date_source == "date_line"


def test_day_first_numeric_date_on_a_british_page() -> None:
    text = page("Engineers reach port early to rebuild pier\n05/04/2024")
    assert meta_of(text, url="https://www.harbourtimes.co.uk/world/pier").published_date == date(2024, 4, 5)
    assert meta_of(text, url="https://www.harbourtimes.com/world/pier").published_date == date(2024, 5, 4)


def test_day_first_order_from_the_pages_other_dates() -> None:
    text = page("Engineers reach port early to rebuild pier\n03/04/2024", "Related stories\nOlder story 21/03/2024")
    assert meta_of(text).published_date == date(2024, 4, 3)


def test_site_header_date_above_the_headline_loses_to_the_article_date() -> None:
    text = ("Engineers reach port early - The Harbour Times\nSaturday, 1 June 2024\n"
            f"{MENU}\nEngineers reach port early\nBy Maria Lopez\nMarch 3, 2024\n{BODY}\n")
    assert meta_of(text).published_date == date(2024, 3, 3)


def test_comment_and_related_dates_are_not_the_publication_date() -> None:
    tail = ("Related stories\nFlood warnings issued for the coast\nMay 20, 2024\n"
            "12 Comments\nJane Doe says:\nMay 21, 2024 at 10:12 am\nGreat work by the engineers.")
    meta = meta_of(page("Engineers reach port early to rebuild pier\nBy Maria Lopez", tail))
    assert meta.published_date is None
    assert meta.date_source is None


def test_url_date_picks_among_page_dates_but_is_never_the_answer_alone() -> None:
    text = page("Engineers reach port early to rebuild pier\nBy Maria Lopez\nUpdated May 2, 2024",
                "Posted on March 3, 2024")
    meta = meta_of(text, url="https://www.harbourtimes.com/2024/03/03/engineers-pier/")
    assert (meta.published_date, meta.date_source) == (date(2024, 3, 3), "url")
    bare = page("Engineers reach port early to rebuild pier\nBy Maria Lopez")
    assert meta_of(bare, url="https://www.harbourtimes.com/2024/03/03/engineers-pier/").published_date is None


def test_a_date_after_the_fetch_time_is_never_taken() -> None:
    text = page("Engineers reach port early to rebuild pier\nBy Maria Lopez\nJuly 9, 2031\nMarch 3, 2024")
    assert meta_of(text).published_date == date(2024, 3, 3)


def test_date_without_a_year_takes_the_pages_reference_year() -> None:
    text = page("Engineers reach port early to rebuild pier\nUpdated Mar 19, 6:55 AM; Posted Mar 18, 8:19 PM",
                "© 2024 The Harbour Times")
    meta = meta_of(text)
    assert meta.published_date == date(2024, 3, 18)
    fetched_in_january = datetime(2025, 1, 10, tzinfo=UTC)  # "Mar 18" then means last year's
    no_copyright = page("Engineers reach port early to rebuild pier\nPosted Mar 18, 8:19 PM")
    assert meta_of(no_copyright, title="x", fetched=fetched_in_january).published_date == date(2024, 3, 18)
    assert meta_of(no_copyright, fetched=None).published_date is None  # no fetch time, URL, copyright: no year


def test_full_date_beats_a_date_without_a_year() -> None:
    text = page("Engineers reach port early to rebuild pier\nMar 19\nMarch 3, 2024", "© 2024 The Harbour Times")
    assert meta_of(text).published_date == date(2024, 3, 3)
