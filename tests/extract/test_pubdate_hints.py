"""The digit-led hints of `flows.extract.pubdate` change the cost of `needs_year` and
`needs_order`, never their answers: each is compared with the plain scan it stands in for."""

from __future__ import annotations

import random

from flows.extract import pubdate as pd


def _plain_needs_year(text: str) -> bool:
    return any(pat.search(text) for _kind, pat in pd.YEARLESS)


def _plain_needs_order(text: str) -> bool:
    return any(int(m.group("a")) <= 12 and int(m.group("b")) <= 12 for m in pd.PATTERNS[-1][1].finditer(text))


CASES = [
    ("Updated Nov 19, 6:55 AM", True),
    ("Posted: SEPT. 5", True),
    ("Le 18 mars, les troupes", True),
    ("3rd of May at noon", True),
    ("Sept.5th", True),
    ("1.марта", True),
    ("опубликовано 24 сентября", True),
    ("Wed, Nov 20 2019", False),   # a full date: no year needed
    ("May 5, 2024", False),
    ("19 November 2019", False),
    ("Xmar 5 troops", False),      # a month word inside a longer word
    ("the mayor said 5", False),
    ("about 300 soldiers", False),
    ("", False),
]


def test_needs_year_examples() -> None:
    for text, expected in CASES:
        assert pd.needs_year(text) is expected, text
        assert _plain_needs_year(text) is expected, text


def test_needs_order_examples() -> None:
    assert pd.needs_order("Published 12/04/2020")
    assert not pd.needs_order("Published 13/04/2020")  # a part above 12 settles the order
    assert not pd.needs_order("2019-11-19 and 5 troops")


def test_hints_agree_with_plain_scans_on_generated_lines() -> None:
    rnd = random.Random(12)
    words = [*list(pd.MONTHS)[::3], "Nov", "MAR", "Mai", "5", "19", "31", "2024", "12/04/2020", "1.2.19",
             "de", "of", "th", "x", "3:15", "º", "troops", "said"]
    seps = ["", " ", " ", ".", ", ", "\n", "/"]
    found_year = found_order = 0
    for _ in range(4000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 7)))
        assert pd.needs_year(text) == _plain_needs_year(text), repr(text)
        assert pd.needs_order(text) == _plain_needs_order(text), repr(text)
        found_year += _plain_needs_year(text)
        found_order += _plain_needs_order(text)
    assert found_year > 200 and found_order > 50  # both answers are exercised
