"""Who moves troops and where: actor, origin and destination of a candidate event.

Split from `events.py` (which finds triggers and builds events) along the seam between
"is this a movement" and "whose troops, from where, to where". Everything here reads the
per-document lookups in `EventDoc`: the mentions of each sentence by bisection (`Rows`) and,
computed once per mention, the preposition before it and the actor or place it names
(`mention_info`). See the `events.py` docstring for the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from flows.extract import event_rules as R
from flows.model import CountMention, DateMention, Event, Mention

_ACTOR_KINDS = frozenset({"country", "organization", "military_unit"})
_SUBJECT_PREPS = (None, "of", "by")  # "the government of Iraq", "a move by Germany" still act
# Families whose troops leave a place: their origin is the land left, not the actor's own.
WITHDRAWAL_LIKE = frozenset({R.WITHDRAWAL, R.RELOCATION, R.NO_DECISION, R.EXPULSION})
_TO_BEFORE = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$")  # "deployed to (the) Kufa"


class Rows:
    """Rows of one kind in text order, for "which rows start in [a, b)" by bisection."""

    __slots__ = ("order", "starts")

    def __init__(self, starts: list[int]) -> None:
        if starts == sorted(starts):  # extractors usually emit sorted rows
            self.order, self.starts = list(range(len(starts))), starts
        else:
            self.order = sorted(range(len(starts)), key=starts.__getitem__)
            self.starts = [starts[i] for i in self.order]

    def within(self, a: int, b: int) -> list[int]:
        return self.order[bisect_left(self.starts, a):bisect_left(self.starts, b)]


# What a mention tells, computed once per mention: (start, preposition before it, actor code
# when it may act, ISO3 when it is a place after a direction word, end of the troop noun it
# names or -1). See `mention_info`.
Info = tuple[int, str | None, str | None, str | None, int]


@dataclass(slots=True)
class EventDoc:
    """Per-document lookups and the running context (last actor and place)."""

    body: str
    low: str                      # body.lower(), same offsets
    mentions: list[Mention]
    counts: list[CountMention]
    dates: list[DateMention]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    m: Rows
    c: Rows
    d: Rows
    info: dict[int, Info] = field(default_factory=dict)   # mention → what it says about events
    refers: dict[int, bool] = field(default_factory=dict)  # sentence → only refers back ("the contingent")
    names: dict[str, str] | None = None  # lower-cased country names used in the body → ISO3, on first use
    last_actor: str | None = None
    last_place: str | None = None
    home: str | None = None  # the document's main country ("" when none), on first use
    cue: str = ""  # `low` with relative clauses blanked (see events.extract_events)
    owners: list[tuple[int, str]] | None = None  # (position, ISO3) of qualified troop nouns, on first use


def country_after(doc: EventDoc, pos: int) -> str | None:
    """Code of a country mention starting right after `pos` ("left Afghanistan")."""
    for i in doc.m.within(pos, pos + R.COUNTRY_AFTER_GAP + 1):
        if doc.mentions[i].kind == "country" and doc.mentions[i].code:
            return doc.mentions[i].code
    return None


def mention_info(doc: EventDoc, i: int, s_start: int) -> Info:
    """(start, preposition, actor code, place code, troop-noun end) of mention i, cached.

    The preposition is the word right before the mention ("from", "out of", "with"…;
    "the" and "eastern" skipped), "-" for a modifier ("US-led"), "according to" for a
    source. A mention after a preposition other than "of"/"by" is not the subject; a
    country after a direction word is a place. The actor code is a country's ISO3, the
    country in an organisation's name ("Iraqi Ministry of Defense"), an institution's
    country ("Pentagon") or an alliance's name ("NATO").
    """
    if i in doc.info:
        return doc.info[i]
    m = doc.mentions[i]
    if m.kind not in _ACTOR_KINDS and not (m.kind == "place" and m.code):  # people, unplaced places: skip
        doc.info[i] = (m.start_char, None, None, None, -1)
        return doc.info[i]
    p = None
    if doc.body.startswith("-", m.end_char):
        p = "-"
    elif m.start_char > s_start and doc.low[m.start_char - 1].isspace():
        words = doc.low[max(s_start, m.start_char - R.DIRECTION_LOOKBACK):m.start_char].split()
        while words and words[-1] in R.PREP_FILLERS:
            words.pop()
        two = " ".join(words[-2:])
        if two in R.TWO_WORD_PREPS:
            p = two
        elif words and (words[-1] in R.DIRECTION_WORDS or words[-1] in R.OTHER_PREPS):
            p = words[-1]
    code = None
    if m.kind in _ACTOR_KINDS and p in _SUBJECT_PREPS:
        code = m.code
        if code is None and m.kind != "country":
            words = _strip_possessive(m.text).lower().split()
            code = next((c for n in (3, 2, 1) if (c := country_names(doc).get(" ".join(words[:n])))), None)
            key = (m.canonical or m.text).lower().replace("’", "'").removeprefix("the ")
            code = code or R.INSTITUTION_CODES.get(key) or ((m.canonical or m.text) if key in R.ACTOR_ORGS else None)
    place = m.code if m.kind in ("country", "place") and p in R.DIRECTION_WORDS else None
    if m.kind == "place":  # a region with a country ("Gaza", "Scotland"): a place, never an actor
        code = None
    own = R.OWNER_BEFORE_TROOPS_RE.match(doc.low, m.end_char) if code else None
    doc.info[i] = (m.start_char, p, code, place, own.end() if own else -1)
    return doc.info[i]


def find_actor(doc: EventDoc, mids: list[int], mids_all: list[int], count_i: int | None, s_start: int, ts: int,
           avoid: str | None, owner: bool = True) -> str | None:
    """Whose troops: the count's owner, a country naming the troops (in the clause `mids`),
    else the subject (in the sentence so far, `mids_all`), else the last actor; never (for these two) the land the troops enter or leave. For
    an expulsion (`owner` False) the actor is the expelling subject, not the troops'."""
    if owner and count_i is not None and doc.counts[count_i].actor_code not in (None, avoid):
        return doc.counts[count_i].actor_code  # not "troops from Niger" read as Niger's troops
    best, best_dist = None, None
    info = doc.info
    for i in mids if owner else ():
        _, _, code, _, own = info.get(i) or mention_info(doc, i, s_start)
        if code and own >= 0 and (best_dist is None or abs(own - ts) < best_dist):
            best, best_dist = code, abs(own - ts)
    if best:
        return best
    for i in reversed(mids_all):  # the clause's subject, else an earlier clause's
        start, _, code, _, own = info.get(i) or mention_info(doc, i, s_start)
        if start < ts and code and (code != avoid or not owner) and (owner or own < 0):
            return code  # a host may demand that troops leave its own land
    for i in mids_all if owner else ():  # the passive's agent: "troops supplied by Austria"
        start, p, code, _, _ = info.get(i) or mention_info(doc, i, s_start)
        if start > ts and code and code != avoid and p == "by":
            return code
    if not owner:  # a demander that is no state ("the opposition called for"): the troops' owner moves
        for i in mids:
            _, _, code, _, own = info.get(i) or mention_info(doc, i, s_start)
            if code and own >= 0:
                return code
    for i in mids_all:  # the source that tells it: "…, the Pentagon said"
        start, p, code, _, own = info.get(i) or mention_info(doc, i, s_start)
        if start > ts and code and code != avoid and own < 0 and p is None \
                and R.SAID_AFTER_RE.match(doc.low, doc.mentions[i].end_char):
            return code
    if doc.last_actor is not None:
        return doc.last_actor if doc.last_actor != avoid else None
    owner_ = army_owner(doc, ts)  # "the army sent in reinforcements": the army the story named before
    return owner_ if owner_ != avoid else None


def army_owner(doc: EventDoc, pos: int) -> str | None:
    """The country of the last troop noun that the text qualified before `pos` ("the Israeli
    army", "China's People's Liberation Army"): a bare "the army" later refers to it."""
    if doc.owners is None:
        doc.owners = []
        for m in doc.mentions:
            if m.kind == "country":
                code = m.code
            elif m.kind in _ACTOR_KINDS:  # "the People's Liberation Army", "the Pentagon"
                code = R.INSTITUTION_CODES.get((m.canonical or m.text).lower().replace("’", "'").removeprefix("the "))
            else:
                continue
            if code and R.OWNER_BEFORE_TROOPS_RE.match(doc.low, m.end_char):
                doc.owners.append((m.start_char, code))
    k = bisect_left(doc.owners, (pos, ""))
    return doc.owners[k - 1][1] if k else None


def find_places(doc: EventDoc, family: str, mids: list[int], s_start: int, ts: int, te: int,
                texts: list[str | None] | None = None) -> tuple[str | None, str | None]:
    """(origin, destination) from the direction word before each country mention;
    mentions after the trigger win over those before it, nearer over farther. `texts`, when
    given, receives the two places as written ([origin text, destination text])."""
    leaving = family in WITHDRAWAL_LIKE
    origin_preps = R.ORIGIN_PREPS_WITHDRAWAL if leaving else R.ORIGIN_PREPS_DEPLOYMENT
    dest_preps = R.DEST_PREPS_WITHDRAWAL if leaving else R.DEST_PREPS_DEPLOYMENT
    origins, dests = [], []
    info = doc.info
    for i in mids:
        start, p, _, code, _ = info.get(i) or mention_info(doc, i, s_start)
        if code is None:
            continue
        key = (start < te, abs(start - ts), i)
        if p in dest_preps and (start >= te or p not in ("to", "into")):
            dests.append((key, code))
        elif p in origin_preps:
            origins.append((key, code))
    o = min(origins) if origins else None
    origin = o[1] if o else None
    d = min(((k, c) for k, c in dests if c != origin), default=None)
    if texts is not None:
        texts[:] = [doc.mentions[x[0][2]].text if x else None for x in (o, d)]
    return origin, d[1] if d else None


def place_phrase(doc: EventDoc, mids: list[int], te: int, s_end: int) -> str | None:
    """A destination that is no country: "to neighboring countries", "deployed to Kufa"."""
    phrase = R.PLACE_PHRASE_RE.search(doc.low, te, min(s_end, te + R.PLACE_PHRASE_WINDOW))
    if phrase:
        return doc.body[phrase.start(1):phrase.end(1)]
    return next((doc.mentions[i].canonical or doc.mentions[i].text for i in mids
                 if doc.mentions[i].kind == "place" and doc.mentions[i].start_char >= te
                 and _TO_BEFORE.search(doc.low, te, doc.mentions[i].start_char)), None)


def context_origin(doc: EventDoc, si: int, actor: str | None) -> str | None:
    """Where troops leave from when the sentence says only "the country" or nothing: a
    place the sentence before names, else the place of the previous event."""
    if si > 0:
        a, b = doc.sents[si - 1]
        for i in doc.m.within(a, b):
            _, p, _, code, _ = mention_info(doc, i, a)
            if code and p in R.ORIGIN_PREPS_WITHDRAWAL and code != actor:
                return code
    return doc.last_place if doc.last_place != actor else None


def resolve_relocation(doc: EventDoc, ev: Event, te: int, s_end: int) -> None:
    """Redeploy/relocate inside one country (or to a city) is a relocation; foreign troops
    moved away from their host country (a known origin) are withdrawn from it; troops moved
    into another country from nowhere stated are deployed there."""
    dest = ev.destination
    if R.WITHIN_RE.match(doc.low, te, s_end):
        ev.destination = dest or ev.origin_code
    elif ev.origin_code and ev.origin_code != ev.actor_code and dest != ev.origin_code and (
            dest is None or is_code(dest) or R.ABROAD_RE.search(dest)):
        ev.event_type = R.WITHDRAWAL
    elif ev.origin_code is None and dest and is_code(dest) and dest != ev.actor_code:
        ev.event_type = R.DEPLOYMENT  # "relocated to northern Niger": sent into another country


def actor_kind(actor: str | None) -> str | None:
    """country (an ISO3 code), armed_group (a non-state group's name) or organization."""
    if actor is None:
        return None
    if is_code(actor):
        return "country"
    return "armed_group" if actor.lower() in R.ARMED_GROUPS else "organization"


def is_code(place: str) -> bool:
    return len(place) == 3 and place.isupper()


def _strip_possessive(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def country_names(doc: EventDoc) -> dict[str, str]:
    """Lower-cased names the body uses for each country ("iraqi" → IRQ), built once."""
    if doc.names is None:
        doc.names = {m.text.lower(): m.code for m in doc.mentions if m.kind == "country" and m.code}
    return doc.names
