"""Tests for flows/extract/events.py.

The events extractor consumes the rows of the entity, count and date extractors; these
tests build those rows by hand (helpers below locate each string in the body) so they do
not depend on the other extractors' accuracy. A last test runs the real extractors end to
end when they are importable.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from flows.extract.events import extract_events
from flows.model import CountMention, DateMention, DocMeta, Event, Mention
from tests.goldutil import gold_cleaned, gold_doc, gold_docs

MOVEMENT_TYPES = {"deployment", "withdrawal", "relocation", "training"}

# --- builders ------------------------------------------------------------------------------


def _find_all(body: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", body)]


def countries(body: str, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each country name / demonym / capital, with its ISO3 code."""
    out = []
    for name, code in names.items():
        out += [Mention("country", name, a, b, canonical=name, code=code) for a, b in _find_all(body, name)]
    return out


def named(body: str, kind: str, names: list[str], role: str | None = None, canonical: str | None = None) -> list[Mention]:
    return [Mention(kind, n, a, b, canonical=canonical or n, role=role) for n in names for a, b in _find_all(body, n)]


def count(body: str, text: str, number: int | None, category: str = "military", *, total: int | None = None,
          actor: str | None = None, nth: int = 0) -> CountMention:
    a, b = _find_all(body, text)[nth]
    noun = text.split()[-1]
    return CountMention(text, a, b, number, noun, category, total=total, actor_code=actor, vague=number is None)


def dated(body: str, text: str, value: str | None, gran: str = "day") -> list[DateMention]:
    return [DateMention(text, a, b, value, gran, relative=not text[:1].isdigit()) for a, b in _find_all(body, text)]


def years(body: str) -> list[DateMention]:
    return [DateMention(m.group(), m.start(), m.end(), m.group(), "decade" if m.group().endswith("s") else "year")
            for m in re.finditer(r"\b(?:1[5-9]\d\d|20\d\d)s?\b", body)]


def run(body: str, mentions=(), counts=(), dates=(), doc_type: str = "news", title: str | None = None) -> list[Event]:
    mentions = sorted(mentions, key=lambda m: m.start_char)
    return extract_events(body, DocMeta(title=title, doc_type=doc_type), list(mentions), list(counts), list(dates))


def factual(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.negated and not e.hypothetical]


# --- hand-built inputs for the five seeds (what good entity/count/date extractors give) -----

C_COMMON = {"Iraq": "IRQ", "Iraqi": "IRQ", "Iraqis": "IRQ", "Baghdad": "IRQ", "Pakistan": "PAK", "Pakistani": "PAK",
            "Pakistanis": "PAK", "Islamabad": "PAK", "India": "IND", "Indian": "IND"}


def seed_inputs(file: str) -> tuple[str, DocMeta, list[Mention], list[CountMention], list[DateMention]]:
    cleaned = gold_cleaned(file)
    body = cleaned.body
    g = gold_doc(file)["fields"]
    pub = date.fromisoformat(g["published_date"]) if g["published_date"] else None
    meta = DocMeta(title=cleaned.title, standfirst=g["standfirst"], published_date=pub, doc_type=g["doc_type"])
    key = file[:3]
    if key == "000":
        mentions = countries(body, {**C_COMMON, "U.S.": "USA"})
        mentions += named(body, "person", ["Mohammed Shia al-Sudani"], "Prime Minister")
        mentions += named(body, "person", ["Marco Rubio"], "Secretary of State")
        mentions += named(body, "organization", ["Iraqi Ministry of Defense", "Defense Ministry", "The Washington Post",
                                                 "Reuters", "National Command Authority", "G7", "United Nations",
                                                 "Kurdistan24", "Iraqi Armed Forces"])
        mentions += named(body, "military_unit", ["66th Brigade", "Second Special Forces Division", "Second Battalion"])
        counts = [count(body, "around 500 troops", 500), count(body, "approximately 500 officers and enlisted soldiers", 500)]
        dates = dated(body, "on Saturday", None)
    elif key == "001":
        mentions = countries(body, C_COMMON)
        mentions += named(body, "person", ["Mohammed Shia’ al-Sudani"], "Prime Minister", "Mohammed Shia al-Sudani")
        mentions += named(body, "place", ["Kurdistan Region of Iraq", "Kashmir", "ERBIL"])
        mentions += named(body, "organization", ["Radio Pakistan", "National Counter Terrorism Center",
                                                 "Iraqi Special Forces", "Iraqi defense ministry", "Ministry of Defense"])
        counts = [count(body, "500 Iraqi military personnel", 500), count(body, "500 trainees", 500)]
        dates = (dated(body, "on Saturday", "2025-05-10") + dated(body, "December last year", "2024-12", "month")
                 + dated(body, "mid-March", "2025-03", "month") + dated(body, "on Wednesday", "2025-05-07") + years(body))
    elif key == "002":
        mentions = countries(body, C_COMMON)
        mentions += named(body, "person", ["Muhannad Ghalib Muhammad Radi Al-Asadi"], "Lieutenant General")
        mentions += named(body, "person", ["Sahir Shamshad Mirza"], "General")
        mentions += named(body, "place", ["Rawalpindi", "Pabbi", "ISLAMABAD"])
        mentions += named(body, "organization", ["Inter Services Public Relations", "ISPR", "Iraqi Air Force",
                                                 "Joint Chiefs of Staff Committee", "National Counter Terrorism Centre",
                                                 "Pakistan Army", "Iraqi Army", "Pakistan Armed Forces",
                                                 "Iraqi Special Forces"])
        counts = []
        dates = (dated(body, "on Wednesday", "2025-09-10") + dated(body, "in March this year", "2025-03", "month")
                 + years(body))
    elif key == "003":
        mentions = countries(body, {"Iraq": "IRQ", "Iraqi": "IRQ", "Baghdad": "IRQ", "US": "USA", "Iran": "IRN",
                                    "Iranian": "IRN", "Germany": "DEU", "German": "DEU", "Romania": "ROU"})
        mentions += named(body, "organization", ["NATO", "dpa", "Quds Force", "Bundeswehr"])
        mentions += named(body, "person", ["Qassem Soleimani", "Soleimani"], "general", "Qassem Soleimani")
        mentions += named(body, "person", ["Donald Trump"], "President")
        counts = [count(body, "some of its personnel", None), count(body, "some troops", None),
                  count(body, "around 5,200 soldiers", 5200), count(body, "Around 500 trainers, advisers and support staff", 500),
                  count(body, "30 out of the 130 personnel", 30, total=130), count(body, "14 of its soldiers", 14)]
        dates = (dated(body, "on Tuesday", "2020-01-07") + dated(body, "on Friday", "2020-01-03")
                 + dated(body, "On Sunday", "2020-01-05") + dated(body, "on Monday", "2020-01-06"))
    else:
        mentions = countries(body, {**C_COMMON, "Bangladesh": "BGD", "Afghanistan": "AFG", "Afghan": "AFG",
                                    "Soviet Union": "RUS", "Iran": "IRN", "Saudi Arabia": "SAU", "Kuwait": "KWT",
                                    "United States": "USA", "US": "USA", "United Kingdom": "GBR", "Syria": "SYR",
                                    "Karachi": "PAK"})
        mentions += named(body, "organization", ["Pakistan Armed Forces", "Central Treaty Organization", "CENTO",
                                                 "Baghdad Pact", "Gulf Cooperation Council", "Islamic State",
                                                 "Balochistan Liberation Army", "Punjab Rangers", "Islamabad Police"])
        mentions += named(body, "person", ["Saddam Hussein", "Hassan al-Bakr", "Zia"], "President")
        mentions += named(body, "person", ["Aslam Beg", "Rahimuddin Khan"], "General")
        mentions += named(body, "place", ["Mesopotamia", "Indus Valley", "Balochistan", "Lahore", "Mosul", "Kufa", "Basra"])
        counts = [count(body, "Around 40,000 military personnel", 40000),
                  count(body, "14 Pakistani citizens", 14, "hostages"), count(body, "two were killed", 2, "casualties")]
        dates = years(body)
    return body, meta, mentions, counts, dates


def seed_events(file: str) -> list[Event]:
    body, meta, mentions, counts, dates = seed_inputs(file)
    mentions.sort(key=lambda m: m.start_char)
    return extract_events(body, meta, mentions, counts, dates)
