"""Counts of people: gold seed counts plus realistic sentences of our own (positives and traps)."""

from __future__ import annotations

import re

import pytest

from flows.extract.counts import extract_counts
from flows.model import CountMention, Mention
from tests.goldutil import gold_cleaned, gold_docs, seed_text

# Country words the tests need; entities.py does this for real, here we build mentions by hand.
COUNTRY_WORDS = {
    "Iraqi": "IRQ", "Iraq": "IRQ", "Pakistani": "PAK", "Pakistan": "PAK", "Romania": "ROU",
    "Germany": "DEU", "German": "DEU", "Turkish": "TUR", "American": "USA", "Italian": "ITA",
    "Kenya": "KEN", "France": "FRA", "Nigerian": "NGA", "Britain": "GBR",
}
_COUNTRY_RE = re.compile(r"\b(" + "|".join(COUNTRY_WORDS) + r")\b")


def country_mentions(body: str) -> list[Mention]:
    """A country Mention for every listed country word in `body`."""
    return [Mention("country", m.group(0), m.start(), m.end(), code=COUNTRY_WORDS[m.group(0)])
            for m in _COUNTRY_RE.finditer(body)]


def counts(text: str) -> list[CountMention]:
    rows = extract_counts(text, country_mentions(text))
    for c in rows:
        assert text[c.start_char:c.end_char] == c.text
    return rows


def pairs(text: str) -> list[tuple[int | None, str]]:
    return [(c.number, c.noun) for c in counts(text)]


# (sentence, expected (number, noun) pairs). Realistic news phrasing, not copied from the seeds.
CASES: list[tuple[str, list[tuple[int | None, str]]]] = [
    ("Police arrested 23 protesters outside parliament on Monday.", [(23, "protesters")]),
    ("At least 12 people were killed when a car bomb exploded in a crowded market.", [(12, "people")]),
    ("The blast wounded 35 civilians, including eight children.", [(35, "civilians"), (8, "children")]),
    ("Some 1,200 UN peacekeepers are deployed in the buffer zone.", [(1200, "peacekeepers")]),
    ("Gunmen seized 17 hostages, among them four foreign nationals.", [(17, "hostages"), (4, "nationals")]),
    ("The embassy evacuated 40 staff and their families on Sunday.", [(40, "staff")]),
    ("Two police officers were injured in the clashes.", [(2, "police officers")]),
    ("The ministry said 3,000 troops would be sent to the border.", [(3000, "troops")]),
    ("Nearly 300 migrants were rescued off the coast of Libya.", [(300, "migrants")]),
    ("Washington will withdraw about 2,500 soldiers from the country by May.", [(2500, "soldiers")]),
    ("Eleven soldiers and a civilian died in the ambush.", [(11, "soldiers")]),
    ("Five of the hostages were released on Friday.", [(5, "hostages")]),
    ("More than 150 employees of the refinery lost their jobs.", [(150, "employees")]),
    ("A dozen journalists were detained during the protest.", [(12, "journalists")]),
    ("Hundreds of residents fled their homes as the fighting spread.", [(None, "residents")]),
    ("Thousands of troops massed along the border.", [(None, "troops")]),
    ("The attack left 7 dead and 19 wounded.", [(7, "dead"), (19, "wounded")]),
    ("The country hosts about 1.5 million refugees.", [(1_500_000, "refugees")]),
    ("France will send 200 additional special forces to the Sahel.", [(200, "special forces")]),
    ("Twenty-five diplomats were expelled last week.", [(25, "diplomats")]),
    ("Up to 4,000 NATO troops could be deployed to the eastern flank.", [(4000, "troops")]),
    ("Three were wounded in the attack on the convoy.", [(3, "wounded")]),
    ("The contingent includes 120 medical staff and 80 engineers.", [(120, "medical staff"), (80, "engineers")]),
    ("Roughly 600 Turkish soldiers are stationed at the base.", [(600, "soldiers")]),
    ("Germany said 60 of its 120 trainers would leave the country.", [(60, "trainers")]),
    ("An estimated 10,000 fighters remain in the region.", [(10_000, "fighters")]),
    ("Kenya pledged 1,000 police officers to the mission in Haiti.", [(1000, "police officers")]),
    ("Fewer than 100 American advisers remain in the country.", [(100, "advisers")]),
    ("Some 250 aid workers have left the region since the truce collapsed.", [(250, "aid workers")]),
    ("The gunmen killed 14 villagers and burned their houses.", [(14, "villagers")]),
    ("The flight disappeared with 239 people on board.", [(239, "people")]),
    ("Rebels freed two Italian engineers after months in captivity.", [(2, "engineers")]),
    ("Britain has 850 personnel in Estonia, officials said.", [(850, "personnel")]),
    ("Dozens of police and soldiers were deployed to the stadium.", [(None, "police and soldiers")]),
    # Not counts of people.
    ("The government approved $135 million for the reconstruction project.", []),
    ("A 45-year-old man was arrested near the airport.", []),
    ("Unemployment rose to 12 percent, and inflation to 9%.", []),
    ("The two-month course ended in 2019 after three days of exams.", []),
    ("The 66th Brigade returned home after the exercise.", []),
    ("The alliance now has 32 member states.", []),
    ("Customs officers seized 400 kilograms of cocaine.", []),
    ("The meeting started at 10 a.m. and ended at 2 p.m.", []),
    ("He was born in 1970 and joined the army in 1990.", []),
    ("For information call 555-1234 or visit the embassy.", []),
    ("The air force operates 24 helicopters and 12 drones.", []),
    ("In 2003 US troops invaded Iraq.", []),
    ("It is one of the most important partners of the two countries.", []),
    ("The two neighbours have clashed repeatedly over Kashmir.", []),
    ("On 14 July the president met Nigerian officials.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_own_cases(text: str, expected: list[tuple[int | None, str]]) -> None:
    assert pairs(text) == expected


def test_qualifiers_make_counts_approximate() -> None:
    c = counts("At least 12 people were killed in the blast.")[0]
    assert (c.approximate, c.qualifier, c.category, c.text) == (True, "at least", "casualties",
                                                                "At least 12 people were killed")
    c = counts("Some 1,200 UN peacekeepers are deployed.")[0]
    assert (c.approximate, c.qualifier) == (True, "some")
    c = counts("The ministry said 3,000 troops would be sent.")[0]
    assert (c.approximate, c.qualifier, c.category) == (False, None, "military")


def test_part_of_total_and_possessive_actor() -> None:
    c = counts("Germany said 60 of its 120 trainers would leave the country.")[0]
    assert (c.number, c.total, c.actor_code, c.text) == (60, 120, "DEU", "60 of its 120 trainers")


def test_demonym_inside_span_gives_actor() -> None:
    c = counts("Roughly 600 Turkish soldiers are stationed at the base.")[0]
    assert c.actor_code == "TUR"
    assert counts("The ministry said 3,000 troops would be sent.")[0].actor_code is None


def test_categories_from_lexicon_and_predicates() -> None:
    cats = {c.noun: c.category for c in counts(
        "Kenya sent 1,000 police officers, 40 staff and 12 diplomats; 17 hostages were freed "
        "and three were kidnapped.")}
    assert cats == {"police officers": "security", "staff": "staff", "diplomats": "staff",
                    "hostages": "hostages", "kidnapped": "hostages"}


def test_vague_quantities_have_no_number() -> None:
    c = counts("Hundreds of residents fled their homes.")[0]
    assert (c.number, c.vague, c.text) == (None, True, "Hundreds of residents")


def _gold_counts() -> list[tuple[str, dict]]:
    return [(g["file"], c) for g in gold_docs() for c in g["counts"]]


@pytest.mark.parametrize(("file", "gold"), _gold_counts())
def test_gold_seed_counts(file: str, gold: dict) -> None:
    g = next(d for d in gold_docs() if d["file"] == file)
    body = gold_cleaned(file).body
    if gold.get("line") == g["title_line"]:  # counts in the headline: run on the title line
        body = seed_text(file).split("\n")[g["title_line"] - 1]
    got = {(c.text, c.number, c.total, c.approximate, c.noun) for c in counts(body)}
    key = (gold["text"], gold["number"], gold.get("total"), gold["approximate"], gold["noun"])
    assert key in got


def test_seed_spurious_counts_at_most_one() -> None:
    spurious = 0
    for g in gold_docs():
        gold_texts = {c["text"] for c in g["counts"]}
        spurious += sum(c.text not in gold_texts for c in counts(gold_cleaned(g["file"]).body))
    assert spurious <= 1


def test_seed_actor_codes() -> None:
    body = gold_cleaned("003_60a27b4003576553.txt").body
    by_text = {c.text: c.actor_code for c in counts(body)}
    assert by_text["14 of its soldiers"] == "ROU"
    body = gold_cleaned("004_5fb45e77b749642a.txt").body
    by_text = {c.text: c.actor_code for c in counts(body)}
    assert by_text["14 Pakistani citizens were made hostages"] == "PAK"
    assert by_text["Around 40,000 military personnel"] == "PAK"  # "... of Pakistan Armed Forces"
