"""Quotes: speech vs scare quotes, offsets of the inner text, and the attributed speaker."""

from __future__ import annotations

import pytest

from flows.extract.quotes import extract_quotes
from flows.model import Mention, Quote
from tests.goldutil import gold_cleaned, gold_docs


def quotes(text: str, mentions: list[Mention] | None = None) -> list[Quote]:
    rows = extract_quotes(text, mentions or [])
    for q in rows:
        assert text[q.start_char:q.end_char] == q.text
        assert q.text == q.text.strip() and q.text[:1] not in "\"“”"
    return rows


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes(text)]


CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    ('"We will not leave until the job is done," the defence minister said on Monday.',
     [("We will not leave until the job is done,", "the defence minister")]),
    ("“Our troops are safe and accounted for,” said Colonel Ahmed Hassan.",
     [("Our troops are safe and accounted for,", "Colonel Ahmed Hassan")]),
    ('The general told reporters: "The withdrawal will take three months."',
     [("The withdrawal will take three months.", "The general")]),
    ('A ministry spokesman said that "all personnel have been relocated to safer areas."',
     [("all personnel have been relocated to safer areas.", "A ministry spokesman")]),
    ('"The situation remains tense," according to a statement from the interior ministry.',
     [("The situation remains tense,", "a statement from the interior ministry")]),
    ("“We are ready,” the commander told Reuters.", [("We are ready,", "the commander")]),
    ("The soldiers would be “temporarily relocated” to Kuwait.", []),  # scare quote
    ('Officials described the move as "prudent".', []),
    ('The crates were marked "Foreign Ministry, Baghdad" and sealed.', []),
    ("“This is a matter of national responsibility,” the ministry has stated.",
     [("This is a matter of national responsibility,", "the ministry")]),
    ('"The safety of our staff comes first," it said.', [("The safety of our staff comes first,", None)]),
    ("He called it ‘a dark day for the whole region’ in a speech.", [("a dark day for the whole region", None)]),
    ("The ambassador’s visit didn’t change the country’s position.", []),  # apostrophes only
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_own_cases(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text) == expected


def test_quote_is_cut_at_paragraph_break() -> None:
    body = '"We are pulling out all our advisers from the base\n\nNext paragraph here.'
    (q,) = quotes(body)
    assert q.text == "We are pulling out all our advisers from the base"


def test_pronoun_speaker_takes_previous_speaker() -> None:
    body = ('"We will stay as long as needed," the prime minister said. '
            '"Our partners can count on us," he added.')
    assert [q.speaker for q in quotes(body)] == ["the prime minister", "the prime minister"]


def test_person_mention_inside_attribution_wins() -> None:
    body = 'Iraq\'s envoy to Pakistan Dr. Ali Karim said that Iraq sees Pakistan as "a true and reliable friend".'
    start = body.index("Ali Karim")
    person = Mention("person", "Ali Karim", start, start + len("Ali Karim"))
    (q,) = quotes(body, [person])
    assert q.speaker == "Ali Karim"


def test_gold_seed_quotes() -> None:
    for g in gold_docs():
        got = {(q.text, q.speaker) for q in quotes(gold_cleaned(g["file"]).body)}
        for gq in g.get("quotes") or []:
            assert (gq["text"], gq["speaker"]) in got


def test_seed_scare_quotes_are_not_speech() -> None:
    body = gold_cleaned("003_60a27b4003576553.txt").body
    texts = [q.text for q in quotes(body)]
    assert "relocated." not in texts and len(texts) == 3
