"""Entity mentions in the cleaned body: countries, places, people, organisations, units.

Countries come from one gazetteer regex (names, short forms, demonyms, capitals); a
capital is the country's government when it acts ("Baghdad's swift decision", "Islamabad
offered") and a place when something happens there ("an embassy in Islamabad"). People
and organisations live in `people.py` and `orgs.py`; military units are ordinal + unit
noun ("66th Brigade", "Second Special Forces Division") and are found here.
"""

from __future__ import annotations

import bisect
import re

from flows.extract.gazetteer import (
    KIND_BLOCK,
    KIND_CAPITAL,
    KIND_PLACE,
    common_name,
    country_regex,
    left_bounded,
    lookup,
    surface_forms,
    trie_pattern,
)
from flows.extract.orgs import find_orgs
from flows.extract.people import find_people
from flows.model import DocMeta, Mention

# Words right before a capital that make it a location, not a government.
LOCATIVE_WORDS = frozenset("""
in at to from into near outside inside toward towards via around across reached arrived
visited visit visiting visits landed left leave embassy consulate capital city outskirts
""".split())
# A capital followed by "-based" or ", <Country>" is a place ("Islamabad, Pakistan").
PLACE_FOLLOWERS = re.compile(r"-based\b|,\s+([A-Z][\w.]+(?:\s[A-Z][\w.]+)?)")
_PREV_WORD = re.compile(r"(\w+)\W*$")
PREV_WINDOW = 30  # characters looked at before a capital for a locative word

ORDINAL_WORDS = frozenset(
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth Thirteenth "
    "Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth".split())
UNIT_NOUNS = ("Brigade", "Division", "Battalion", "Regiment", "Corps", "Squadron", "Company", "Fleet",
              "Wing", "Army", "Flotilla", "Group", "Detachment", "Platoon")
MAX_UNIT_DESCRIPTORS = 4  # "101st Airborne Division", "Second Special Forces Division"
# Suffix-first (a cheap literal scan); the ordinal and descriptors are found walking back.
UNIT_NOUN_RE = re.compile(rf"(?:{trie_pattern([*UNIT_NOUNS, *(u + 's' for u in UNIT_NOUNS)])})(?![\w])")
DIGIT_ORDINAL_RE = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
ROMAN_RE = re.compile(r"[IVX]{1,5}")
TASK_FORCE_RE = re.compile(r"Task Force\s+[A-Z0-9][\w-]*")


def extract_mentions(body: str, meta: DocMeta) -> list[Mention]:
    """Every entity mention in `body`, sorted by position; body[start:end] == text holds."""
    units = find_units(body)
    unit_spans = [(u.start_char, u.end_char) for u in units]
    orgs = [o for o in find_orgs(body) if not _overlaps(o, unit_spans)]
    taken = sorted(unit_spans + [(o.start_char, o.end_char) for o in orgs])
    people = [p for p in find_people(body, meta.authors) if not _overlaps(p, taken)]
    person_spans = [(p.start_char, p.end_char) for p in people]
    taken = sorted(taken + person_spans)
    countries = []
    for c in find_countries(body):
        # "The Washington Post" is not Washington, but "Iraqi Air Force" still mentions Iraq.
        loose = c.kind == "country" and not _is_capital(c)
        if not _overlaps(c, person_spans if loose else taken):
            countries.append(c)
    return sorted(units + orgs + people + countries, key=lambda m: (m.start_char, m.end_char))


def find_countries(body: str) -> list[Mention]:
    """Country mentions (names, demonyms, metonymic capitals) and capitals/regions as places."""
    out: list[Mention] = []
    for m in country_regex().finditer(body):
        if not left_bounded(body, m.start()):
            continue
        code, kind = lookup(m.group())
        if kind == KIND_BLOCK or code is None:
            continue
        mention_kind = "country"
        if kind == KIND_PLACE or (kind == KIND_CAPITAL and _capital_is_place(body, m.start(), m.end())):
            mention_kind = "place"
        canonical = common_name(code) if mention_kind == "country" else m.group()
        out.append(Mention(mention_kind, m.group(), m.start(), m.end(), canonical, code))
    return out


def _is_capital(m: Mention) -> bool:
    return lookup(m.text)[1] == KIND_CAPITAL


def _capital_is_place(body: str, start: int, end: int) -> bool:
    """A capital after a locative word, or qualified as a place, is where something happens."""
    prev = _PREV_WORD.search(body, max(0, start - PREV_WINDOW), start)
    if prev and prev.group(1).lower() in LOCATIVE_WORDS:
        return True
    f = PLACE_FOLLOWERS.match(body, end)
    return f is not None and (f.group(1) is None or f.group(1) in surface_forms())


def find_units(body: str) -> list[Mention]:
    """Military units: "66th Brigade", "Second Special Forces Division", "Task Force Tarawa"."""
    out = []
    for m in UNIT_NOUN_RE.finditer(body):
        start = _ordinal_start(body, m.start(), m.group() == "Corps")
        if start is not None:
            text = body[start : m.end()]
            out.append(Mention("military_unit", text, start, m.end(), text))
    for m in TASK_FORCE_RE.finditer(body):
        out.append(Mention("military_unit", m.group(), m.start(), m.end(), m.group()))
    return sorted(out, key=lambda x: x.start_char)


def _ordinal_start(body: str, pos: int, corps: bool) -> int | None:
    """Start of "<ordinal> [Descriptor…]" right before a unit noun, or None."""
    i = pos
    for _ in range(MAX_UNIT_DESCRIPTORS + 1):
        if i < 2 or body[i - 1] != " ":
            return None
        j = max(body.rfind(" ", max(0, i - 30), i - 1), body.rfind("\n", max(0, i - 30), i - 1)) + 1
        tok = body[j : i - 1]
        if tok in ORDINAL_WORDS or DIGIT_ORDINAL_RE.fullmatch(tok) or corps and ROMAN_RE.fullmatch(tok):
            return j
        if not tok or not tok[0].isupper() or not tok[-1].isalnum():
            return None
        i = j
    return None


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    """Binary search over sorted spans, so filtering stays O(n log n) on long pages."""
    i = bisect.bisect_left(spans, (m.end_char, -1))
    return any(a < m.end_char and m.start_char < b for a, b in spans[max(0, i - 2) : i])

