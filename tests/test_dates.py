"""Date mentions: gold seed dates, formats, relative resolution and things that are not dates."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract.dates import extract_dates
from flows.model import DateMention
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
    # Not dates.
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
