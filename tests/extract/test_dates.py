"""Date mentions: gold seed dates, formats, relative resolution and things that are not dates."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract.dates import extract_dates
from flows.model import DateMention
from tests.conftest import random_news_texts
from tests.goldutil import gold_cleaned, gold_docs, seed_text

PUB = date(2025, 5, 10)  # a Saturday


def dates(text: str, published: date | None = PUB) -> list[DateMention]:
    rows = extract_dates(text, published)
    for d in rows:
        assert text[d.start_char:d.end_char] == d.text
        if d.relative and d.value and published:
            assert d.value_date is not None and d.value_date <= published  # never after publication
    return rows


def pairs(text: str, published: date | None = PUB) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in dates(text, published)]


CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("The deal was signed on January 7, 2020 in Baghdad.", [("January 7, 2020", "2020-01-07")]),
    ("Talks resumed on 7 January 2020.", [("7 January 2020", "2020-01-07")]),
    ("Posted May. 10, 2025 • 2 min read", [("May. 10, 2025", "2025-05-10")]),
    ("Thu Sep 11 2025", [("Thu Sep 11 2025", "2025-09-11")]),
    ("Published 2025-05-10 08:30", [("2025-05-10", "2025-05-10")]),
    ("On 10 February 1973, police raided the embassy.", [("10 February 1973", "1973-02-10")]),
    ("The troops arrived on Saturday.", [("on Saturday", "2025-05-10")]),
    ("Fighting broke out on Wednesday and eased last Friday.",
     [("on Wednesday", "2025-05-07"), ("last Friday", "2025-05-09")]),
    ("The minister spoke yesterday.", [("yesterday", "2025-05-09")]),
    ("The mission began in March 2025.", [("March 2025", "2025-03")]),
    ("Training ended in March this year.", [("in March this year", "2025-03")]),
    ("They arrived in December last year.", [("December last year", "2024-12")]),
    ("The report appeared in mid-March.", [("mid-March", "2025-03")]),
    ("The unit left in August.", [("August", "2024-08")]),  # August 2025 is after publication
    ("Ties date back to 1955.", [("1955", "1955")]),
    ("In 2014, Iraq bought aircraft.", [("2014", "2014")]),
    ("Relations soured during the 1970s and recovered in the 1980s.",
     [("1970s", "1970s"), ("1980s", "1980s")]),
    ("The War in Iraq (2013–2017) ended.", [("2013", "2013"), ("2017", "2017")]),
    ("Parliament met on 14 July to vote.", [("14 July", "2024-07-14")]),
    ("He was born in 1961 and met her on 3 June.", [("1961", "1961"), ("3 June", "1961-06-03")]),
    ("1990 was a hard year for the region.", [("1990", "1990")]),
    ("Sales fell on Jan. 7, 2024 and again on Sept. 3.", [("Jan. 7, 2024", "2024-01-07"), ("Sept. 3", "2024-09-03")]),
    ("The law passed on the 7th of March 2021.", [("7th of March 2021", "2021-03-07")]),
    ("Monday's attack was claimed today.", [("Monday", "2025-05-05"), ("today", "2025-05-10")]),
    ("Exports rose last year and fell last month.", [("last year", "2024"), ("last month", "2025-04")]),
    ("The alliance grew in the 1990s and mid-2000s.", [("1990s", "1990s"), ("2000s", "2000s")]),
    # Not dates.
    ("UN Resolution 1701 was adopted unanimously.", []),
    ("The Good Friday Agreement ended decades of violence.", []),
    ("Call +1 202 555 1234 for details.", []),
    ("The blast hit at 1030 GMT near the port.", []),
    ("The army sent 2000 troops and 1,500 vehicles.", []),
    ("It cost $1999 and weighed 1200 kilograms.", []),
    ("Trade dates back to 1800 BCE and the rebellion began around 810.", []),
    ("The 14 July Revolution toppled the monarchy.", []),
    ("You may march in the parade next Monday.", []),
    ("Call 555-1234 for details; inflation hit 2025%.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_own_cases(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text) == expected


# Written blind before tuning (first pass: 17/17 found, "this month" was the one extra).
BLIND_PUB = date(2024, 3, 14)  # a Thursday
BLIND: list[tuple[str, list[tuple[str, str | None]]]] = [
 ("The troops left Niger on Sunday, a week after the junta's request.", [("on Sunday", "2024-03-10")]),
 ("Talks held in Doha on February 28 ended without a deal.", [("February 28", "2024-02-28")]),
 ("The agreement, signed in 2014, expires at the end of 2025.", [("2014", "2014"), ("2025", "2025")]),
 ("Since October 7, more than 30,000 people have been killed.", [("October 7", "2023-10-07")]),
 ("The mission was launched in January 2013 and ended in 2022.", [("January 2013", "2013-01"), ("2022", "2022")]),
 ("Earlier this month, the ministry said 300 troops would rotate out.", [("this month", "2024-03")]),
 ("He was appointed on 3 September 2021 by President Tebboune.", [("3 September 2021", "2021-09-03")]),
 ("The base was attacked late Tuesday and again on Wednesday morning.", [("Tuesday", "2024-03-12"), ("on Wednesday", "2024-03-13")]),
 ("Relations have been frosty since the coup in July last year.", [("July last year", "2023-07")]),
 ("The parliament voted on March 5th to approve the deployment.", [("March 5th", "2024-03-05")]),
 ("The 2,000 soldiers will be deployed by 2026.", [("2026", "2026")]),
 ("During the 1990s, some 3,000 troops served there.", [("1990s", "1990s")]),
 ("The ministry confirmed the figures yesterday.", [("yesterday", "2024-03-13")]),
 ("The vote is scheduled for next Friday, officials said.", []),
 ("Operation Iraqi Freedom began on 20 March 2003.", [("20 March 2003", "2003-03-20")]),
 ("The brigade returned home in December.", [("December", "2023-12")]),
]


@pytest.mark.parametrize(("text", "expected"), BLIND)
def test_blind_cases(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text, BLIND_PUB) == expected


def test_granularity_and_relative_flags() -> None:
    by_text = {d.text: d for d in dates(
        "On Saturday, in March this year, since 1955, in the 1970s, on 7 January 2020.")}
    assert (by_text["On Saturday"].granularity, by_text["On Saturday"].relative) == ("day", True)
    assert (by_text["in March this year"].granularity, by_text["in March this year"].relative) == ("month", True)
    assert (by_text["1955"].granularity, by_text["1955"].relative) == ("year", False)
    assert by_text["1970s"].granularity == "decade"
    assert (by_text["7 January 2020"].granularity, by_text["7 January 2020"].relative) == ("day", False)


def test_relative_dates_without_publication_have_no_value() -> None:
    rows = dates("On Saturday, in December last year and in mid-March; in 1955.", None)
    assert [(d.text, d.value, d.relative) for d in rows] == [
        ("On Saturday", None, True), ("December last year", None, True),
        ("mid-March", None, True), ("1955", "1955", False)]


def test_weekday_on_publication_day_resolves_to_that_day() -> None:
    assert pairs("NATO announced on Tuesday", date(2020, 1, 7)) == [("on Tuesday", "2020-01-07")]
    assert pairs("a strike on Friday", date(2020, 1, 7)) == [("on Friday", "2020-01-03")]


def _gold_dates() -> list[tuple[str, dict]]:
    return [(g["file"], d) for g in gold_docs() for d in (g.get("dates") or [])]


@pytest.mark.parametrize(("file", "gold"), _gold_dates())
def test_gold_seed_dates(file: str, gold: dict) -> None:
    g = next(d for d in gold_docs() if d["file"] == file)
    pub = g["fields"]["published_date"]
    published = date.fromisoformat(pub) if pub else None
    body = gold_cleaned(file).body
    got = {(d.text, d.value) for d in dates(body, published)}
    if (gold["text"], gold["value"]) not in got:  # a date line dropped from the body
        got = {(d.text, d.value) for d in dates(seed_text(file).split("\n")[gold["line"] - 1], published)}
    assert (gold["text"], gold["value"]) in got


def test_seeds_without_gold_dates_are_sane() -> None:
    for file in ("000_65ca08ca740d2d96.txt", "004_5fb45e77b749642a.txt"):
        for d in dates(gold_cleaned(file).body, None):
            assert d.value is None or 1000 <= int(d.value[:4]) <= 2100
            assert d.relative or d.value is not None


def test_random_text_keeps_offsets() -> None:
    """Pieces of news text glued at random: the extractor must not fail, offsets must hold."""
    for text in random_news_texts():
        for row in extract_dates(text, date(2020, 2, 29)):
            assert text[row.start_char:row.end_char] == row.text
    assert extract_dates("", date(2020, 2, 29)) == []


def test_weekdays_resolve_to_the_latest_such_day_up_to_publication() -> None:
    text = "Officials met on Sunday. The convoy left last Wednesday, and talks resume on Friday."
    assert pairs(text, date(2025, 3, 12)) == [  # published on a Wednesday
        ("on Sunday", "2025-03-09"), ("last Wednesday", "2025-03-05"), ("on Friday", "2025-03-07")]
