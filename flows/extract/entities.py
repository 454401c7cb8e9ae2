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

_ORDINAL_WORDS = (
    "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth|"
    "Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth|Eighteenth|Nineteenth|Twentieth"
)
UNIT_NOUNS = "Brigade|Division|Battalion|Regiment|Corps|Squadron|Company|Fleet|Wing|Army|Flotilla|" \
             "Group|Detachment|Platoon|Marines|Commando|Infantry"
# Ordinal + up to four descriptor words + a unit noun; Roman-numbered corps; task forces.
UNIT_RE = re.compile(
    rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?:{_ORDINAL_WORDS}))\s+(?:[A-Z][\w-]*\s+){{0,4}}?(?:{UNIT_NOUNS})s?(?![\w])"
    rf"|\b[IVX]{{1,5}}\s+(?:[A-Z][a-z]+\s+)?Corps\b"
    rf"|Task\s+Force\s+[A-Z0-9][\w-]*"
)


def extract_mentions(body: str, meta: DocMeta) -> list[Mention]:
    """Every entity mention in `body`, sorted by position; body[start:end] == text holds."""
    units = find_units(body)
    unit_spans = [(u.start_char, u.end_char) for u in units]
    orgs = [o for o in find_orgs(body) if not _overlaps(o, unit_spans)]
    taken = sorted(unit_spans + [(o.start_char, o.end_char) for o in orgs])
    people = [p for p in find_people(body, meta.authors) if not _overlaps(p, taken)]
    person_spans = [(p.start_char, p.end_char) for p in people]
    taken = sorted(taken + person_spans)
    countries = [
        c for c in find_countries(body)
        # "The Washington Post" is not Washington, but "Iraqi Air Force" still mentions Iraq.
        if not _overlaps(c, person_spans) and (c.kind == "country" and not _is_capital(c) or not _overlaps(c, taken))
    ]
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
    for m in UNIT_RE.finditer(body):
        if left_bounded(body, m.start()):
            out.append(Mention("military_unit", m.group(), m.start(), m.end(), m.group()))
    return out


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    """Binary search over sorted spans, so filtering stays O(n log n) on long pages."""
    i = bisect.bisect_left(spans, (m.end_char, -1))
    return any(a < m.end_char and m.start_char < b for a, b in spans[max(0, i - 2) : i])

