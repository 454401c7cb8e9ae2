"""Entity mentions in the cleaned body: countries, places, people, organisations, units.

One regex scan (`_scan`) finds every fixed word the extractors start from: country
names, short forms, demonyms and capitals (`gazetteer.py`), well-known organisations and
organisation nouns (`orgs.py`) and unit nouns. A capital is the country's government when
it acts ("Baghdad's swift decision", "Islamabad offered") and a place when something
happens there ("an embassy in Islamabad"). People live in `people.py`; military units are
ordinal + descriptors + unit noun ("66th Brigade", "Second Special Forces Division").
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter

from flows.extract.gazetteer import (
    CAPITALS,
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
from flows.extract.orgs import KNOWN_ORGS, OF_HEADS, ORG_SUFFIXES, Hit, find_orgs
from flows.extract.people import find_people
from flows.model import DocMeta, Mention

# Words right before a capital that make it a location, not a government.
LOCATIVE_WORDS = frozenset("""
in at from into near outside inside via around across reached arrived visited visit visiting
visits landed left leave embassy consulate capital city outskirts
""".split())
# "to" is a place only after movement ("flew to Moscow"), not in "a signal to Moscow".
MOTION_WORDS = frozenset("""
flew fly flown travelled traveled travel returned return deployed deploy sent send moved move
relocated redeployed withdrawn transferred went go came headed trip visit journey back flights
from
""".split())
# A capital followed by "-based" or ", <Country>" is a place ("Islamabad, Pakistan").
PLACE_FOLLOWERS = re.compile(r"-based\b|,\s+([A-Z][\w.]+(?:\s[A-Z][\w.]+)?)")
_PREV_WORD = re.compile(r"(\w+)\W*$")
PREV_WINDOW = 30  # characters looked at before a capital for a locative word

ORDINAL_WORDS = frozenset(
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth Thirteenth "
    "Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth".split())
UNIT_NOUNS = ("Brigade", "Division", "Battalion", "Regiment", "Corps", "Squadron", "Company", "Fleet",
              "Wing", "Army", "Flotilla", "Group", "Detachment", "Platoon", "Unit", "Force")
MAX_UNIT_DESCRIPTORS = 4  # "101st Airborne Division", "Second Special Forces Division"
# Suffix-first (a cheap literal scan); the ordinal and descriptors are found walking back.
UNIT_NOUN_RE = re.compile(rf"(?:{trie_pattern([*UNIT_NOUNS, *(u + 's' for u in UNIT_NOUNS)])})(?![\w])")
DIGIT_ORDINAL_RE = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
ROMAN_RE = re.compile(r"[IVX]{1,5}")
TASK_FORCE_RE = re.compile(r"Task Force\s+[A-Z0-9][\w-]*")
_SPAN = attrgetter("start_char", "end_char")  # sort key: text order, shorter first


def extract_mentions(body: str, meta: DocMeta) -> list[Mention]:
    """Every entity mention in `body`, sorted by position; body[start:end] == text holds.

    Precedence where spans overlap: units > organisations > people; a country name or
    demonym inside an organisation still counts ("Iraqi Air Force" mentions Iraq), a
    capital inside one does not ("The Washington Post").
    """
    hits = _scan(body)
    units = find_units(body, hits["unit"])
    taken = _Mask(len(body), units)
    bits = taken.bits  # overlap tests inlined: ~60 per document
    orgs = [o for o in find_orgs(body, hits["known"], hits["suffix"]) if 1 not in bits[o.start_char : o.end_char]]
    taken.add(orgs)
    people = [p for p in find_people(body, meta.authors) if 1 not in bits[p.start_char : p.end_char]]
    taken.add(people)
    person_bits = _Mask(len(body), people).bits
    countries = []
    for c in find_countries(body, hits["country"]):
        loose = c.kind == "country" and c.canonical is not None and c.text not in CAPITALS
        if 1 not in (person_bits if loose else bits)[c.start_char : c.end_char]:
            countries.append(c)
    return sorted(units + orgs + people + countries, key=_SPAN)


class _Mask:
    """Characters already covered by accepted mentions: a mention overlaps them when
    `1 in bits[start:end]` (tested inline by the caller, one C call per mention)."""

    __slots__ = ("bits",)

    def __init__(self, n: int, mentions: list[Mention]) -> None:
        self.bits = bytearray(n + 1)
        self.add(mentions)

    def add(self, mentions: list[Mention]) -> None:
        for m in mentions:
            self.bits[m.start_char : m.end_char] = b"\x01" * (m.end_char - m.start_char)


def find_countries(body: str, hits: list[Hit] | None = None) -> list[Mention]:
    """Country mentions (names, demonyms, metonymic capitals) and capitals/regions as places."""
    if hits is None:
        hits = [(m.start(), m.end(), m.group()) for m in country_regex().finditer(body)
                if left_bounded(body, m.start())]
    out: list[Mention] = []
    forms = surface_forms()
    for start, end, text in hits:
        code, kind = forms.get(text) or lookup(text)
        if kind == KIND_BLOCK or code is None:
            continue
        if kind == KIND_PLACE or (kind == KIND_CAPITAL and _capital_is_place(body, start, end)):
            out.append(Mention("place", text, start, end, text, code))
        else:
            out.append(Mention("country", text, start, end, common_name(code), code))
    return out


@lru_cache(maxsize=1)
def _anchors() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One scan for every fixed word the extractors start from: country names, known
    organisations, organisation nouns and unit nouns (about 3x cheaper than four scans)."""
    tags: dict[str, list[str]] = {}
    for word in {v for s in surface_forms() for v in (s, s.replace("'", "’"))}:
        tags.setdefault(word, []).append("country")
    for word in KNOWN_ORGS:
        tags.setdefault(word, []).append("known")
    for word in {*ORG_SUFFIXES, *OF_HEADS}:
        tags.setdefault(word, []).append("suffix")
    for word in UNIT_NOUNS:
        for w in (word, word + "s"):
            tags.setdefault(w, []).append("unit")
    # Words with a lower-case initial ("dpa", "al-Qaeda") are looked up with str.find: in the
    # scan they would make every "a" and "d" a candidate start and cost 5x more.
    upper = [w for w in tags if w[0].isupper()]
    pattern = re.compile(rf"(?:{trie_pattern(upper)})(?![\w])")
    return pattern, {w: tuple(t) for w, t in tags.items()}


def _scan(body: str) -> dict[str, list[Hit]]:
    pattern, tags = _anchors()
    out: dict[str, list[Hit]] = {"country": [], "known": [], "suffix": [], "unit": []}
    for m in pattern.finditer(body):
        start, end = m.span()
        if start and (body[start - 1].isalnum() or body[start - 1] in "._"):
            continue  # not at a word start ("Oman" in "ROman")
        word = m.group()
        for tag in tags[word]:
            out[tag].append((start, end, word))
    added = False
    for word in _lower_words():
        i = body.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not body[i - 1].isalnum()) and (j == len(body) or not body[j].isalnum()):
                for tag in tags[word]:
                    out[tag].append((i, j, word))
                added = True
            i = body.find(word, j)
    if added:
        for hits in out.values():
            hits.sort()
    return out


@lru_cache(maxsize=1)
def _lower_words() -> tuple[str, ...]:
    return tuple(w for w in _anchors()[1] if not w[0].isupper() and not w.startswith("the "))


def _capital_is_place(body: str, start: int, end: int) -> bool:
    """A capital after a locative word, or qualified as a place, is where something happens."""
    prev = _PREV_WORD.search(body, max(0, start - PREV_WINDOW), start)
    if prev and prev.group(1).lower() in LOCATIVE_WORDS:
        return True
    if prev and prev.group(1) == "to":
        before = body[max(0, prev.start(1) - PREV_WINDOW) : prev.start(1)].lower().split()[-3:]
        if any(w.strip(",.") in MOTION_WORDS for w in before):
            return True
    f = PLACE_FOLLOWERS.match(body, end)
    return f is not None and (f.group(1) is None or f.group(1) in surface_forms())


def find_units(body: str, nouns: list[Hit] | None = None) -> list[Mention]:
    """Military units: "66th Brigade", "Second Special Forces Division", "Task Force Tarawa"."""
    if nouns is None:
        nouns = [(m.start(), m.end(), m.group()) for m in UNIT_NOUN_RE.finditer(body)]
    out = []
    for noun_start, end, word in nouns:
        start = _ordinal_start(body, noun_start, word == "Corps")
        if start is not None:
            text = body[start:end]
            out.append(Mention("military_unit", text, start, end, text))
    for m in TASK_FORCE_RE.finditer(body):
        out.append(Mention("military_unit", m.group(), m.start(), m.end(), m.group()))
    kept: list[Mention] = []  # longest first at a start: "Second Special Forces Division", not "... Forces"
    for u in sorted(out, key=lambda x: (x.start_char, -x.end_char)):
        if not kept or u.start_char >= kept[-1].end_char:
            kept.append(u)
    return kept


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
        if tok.isdigit() and body[max(0, j - 4) : j] == "No. ":  # RAF style: "No. 1 Squadron"
            return j - 4
        if not tok or not tok[0].isupper() or not tok[-1].isalnum():
            return None
        i = j
    return None
