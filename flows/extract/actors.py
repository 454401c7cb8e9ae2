"""Stand-ins for states, from the Phoenix actor dictionaries (`flows/data/actors.tsv`).

News names a mover or a place by what stands for it: a capital or a city ("Addis Ababa
denies", "landed at Vlore"), a province ("Okinawa"), a national institution ("the Afghan
National Army"), a leader with the years in office ("Meles Zenawi"), or a non-state armed
group that must not be taken for a state ("Hezbollah"). The table is derived from the
event-data community's dictionaries by `devtools/make_actor_data.py` (provenance and MIT
notice in its header); nothing here is typed by hand.

Lookups are by lower-cased phrase in plain dicts, made on the first call; the events extractor
asks only about the capitalised phrases of candidate clauses, so a document costs a handful of
dict lookups. The data stops in 2014: a leader's office dates are kept so that a caller could
check them against the text's date, and the text's own evidence ("Ethiopian Prime Minister X")
comes first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

PLACE, INSTITUTION, LEADER, ORGANIZATION, ARMED_GROUP = "place", "institution", "leader", "organization", "armed_group"


class Actor(NamedTuple):
    code: str        # ISO3 for places, institutions and leaders; the Phoenix code otherwise
    kind: str
    name: str        # the surface form as listed (lower case)


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, Actor]]:
    """kind → {surface: Actor}, read once from the package data."""
    out: dict[str, dict[str, Actor]] = {k: {} for k in (PLACE, INSTITUTION, LEADER, ORGANIZATION, ARMED_GROUP)}
    text = resources.files("flows").joinpath("data/actors.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        surface, kind, code, *_ = line.split("\t")
        out[kind].setdefault(surface, Actor(code, kind, surface))
    return out


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split()).removeprefix("the ")


def lookup(phrase: str, kinds: tuple[str, ...]) -> Actor | None:
    """The first of `kinds` that lists `phrase` (case and spacing folded, a leading "the" dropped)."""
    key = _key(phrase)
    t = table()
    for kind in kinds:
        hit = t[kind].get(key)
        if hit:
            return hit
    return None


# A capitalised phrase of up to four words ("Lok Ma Chau", "Gaza Strip", "U.S.").
CAPS_RE = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'’.\-]*){0,3}")


def longest(phrase: str, kinds: tuple[str, ...]) -> Actor | None:
    """The longest leading run of words of `phrase` that the table lists ("Vlore early" → Vlore)."""
    words = phrase.split()
    for n in range(len(words), 0, -1):
        hit = lookup(" ".join(words[:n]).rstrip(".,'’"), kinds)
        if hit:
            return hit
    return None
