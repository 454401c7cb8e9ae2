"""Troop-movement events from the rows the other extractors produced.

Rules, no models: a trigger (`event_rules.TRIGGERS_BY_STEM`) with troops nearby makes a
candidate; its actor is the owner of the counted troops, else a country named right before
the troop noun ("Iraqi military personnel"), else the first country or alliance named
before the trigger (the subject that "its"/"their" point back to), else the actor of the
previous event. Places come from the preposition before each country mention ("from",
"out of" → origin; "to", "into" → destination). Size, unit and date are the count, unit and
date mentions of the sentence, or of the sentence before when this one only refers back
("the contingent", "its personnel").

A document tells one movement several times (standfirst, body, title), so candidates are
merged per document into events with several evidence sentences. Only paragraphs holding
a trigger are split into sentences, which keeps documents without one nearly free.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from flows.extract import event_rules as R
from flows.extract.sentences import split_sentences
from flows.model import CountMention, DateMention, DocMeta, Event, Mention

PARA_SEP = "\n\n"  # how flows/assemble.py joins body paragraphs
_ACTOR_KINDS = frozenset({"country", "organization", "military_unit"})
_WITHDRAWAL_LIKE = frozenset({R.WITHDRAWAL, R.RELOCATION, R.NO_DECISION, R.EXPULSION})
# Within one sentence the strongest reading leads: a stated non-decision over the verb it
# negates, a demand over the withdrawal demanded, any movement over "undergoing training".
_PRIORITY = {R.NO_DECISION: 0, R.EXPULSION: 1, R.WITHDRAWAL: 2, R.DEPLOYMENT: 2, R.RELOCATION: 3, R.TRAINING: 4}
_NOUN_FORM = re.compile(r"(?:ing|al|ment|ion)$")
_TO_BEFORE = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$")


@dataclass(slots=True)
class _Doc:
    """Per-document lookups, built once so that each trigger costs a few bisects."""

    body: str
    low: str                              # body.lower(), same offsets
    mentions: list[Mention]
    counts: list[CountMention]
    dates: list[DateMention]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    m_order: list[int]
    m_starts: list[int]
    c_order: list[int]
    c_starts: list[int]
    d_order: list[int]
    d_starts: list[int]
    preps: dict[int, str | None] = field(default_factory=dict)  # mention index → direction word
    codes: dict[int, str | None] = field(default_factory=dict)  # mention index → actor code
    owns: dict[int, int] = field(default_factory=dict)  # mention index → end of the troop noun it names (-1: none)
    flags: dict[int, tuple[bool | None, bool]] = field(default_factory=dict)  # sentence → (temporary, refers back)
    _names: dict[str, str] | None = None  # lower-cased country mention text → ISO3, built on first use
    last_actor: str | None = None
    last_place: str | None = None


def extract_events(
    body: str,
    meta: DocMeta,
    mentions: list[Mention],
    counts: list[CountMention],
    dates: list[DateMention],
    sentences: list[tuple[int, int]] | None = None,
) -> list[Event]:
    """Troop movements told in `body`, one event per movement with all its sentences.

    `meta.doc_type` sets how sure an event must be (reference pages recount history in
    passing); `meta.title` only raises confidence since it is not part of the body.
    `sentences` (from `split_sentences(body)`) may be passed when already computed.
    """
    low = _lower(body)
    anchors = list(R.ANCHOR_RE.finditer(low))
    if not anchors:
        return []
    sents = sentences if sentences is not None else _sentences_around(body, [a.start() for a in anchors])
    doc = _index(body, low, sents, mentions, counts, dates)
    candidates: list[Event] = []
    for si, triggers in _triggers_by_sentence(doc, anchors):
        candidates.extend(_sentence_events(doc, si, triggers))
    events = _fold_background(_merge(candidates, loose=meta.doc_type != "encyclopedia"))
    title_families = _title_families(meta.title)
    floor = R.MIN_CONFIDENCE.get(meta.doc_type, R.MIN_CONFIDENCE_DEFAULT)
    for ev in events:
        ev.confidence = _confidence(ev, doc, meta.title, title_families)
    return [ev for ev in events if ev.confidence >= floor]


# --- indexing ------------------------------------------------------------------------------


def _lower(body: str) -> str:
    low = body.lower()
    if len(low) != len(body):  # "İ" lowers to two characters: keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in body)
    return low


def _sentences_around(body: str, positions: list[int]) -> list[tuple[int, int]]:
    """Sentences of the paragraphs holding a position and of the paragraph before each
    (for "the sentence before"), in order. Same spans as `split_sentences(body)` there."""
    paras: dict[int, int] = {}
    for pos in positions:
        a = body.rfind(PARA_SEP, 0, pos)
        a = 0 if a < 0 else a + len(PARA_SEP)
        if a in paras:
            continue
        b = body.find(PARA_SEP, pos)
        paras[a] = len(body) if b < 0 else b
        if a > 0:
            pa = body.rfind(PARA_SEP, 0, a - len(PARA_SEP))
            paras.setdefault(0 if pa < 0 else pa + len(PARA_SEP), a - len(PARA_SEP))
    spans: list[tuple[int, int]] = []
    for a in sorted(paras):
        spans.extend((a + s, a + e) for s, e in split_sentences(body[a:paras[a]]))
    return spans


def _index(body: str, low: str, sents: list[tuple[int, int]], mentions: list[Mention],
           counts: list[CountMention], dates: list[DateMention]) -> _Doc:
    m_order, m_starts = _by_start([m.start_char for m in mentions])
    c_order, c_starts = _by_start([c.start_char for c in counts])
    d_order, d_starts = _by_start([d.start_char for d in dates])
    return _Doc(body, low, mentions, counts, dates, sents, [s for s, _ in sents],
                m_order, m_starts, c_order, c_starts, d_order, d_starts)


def _by_start(starts: list[int]) -> tuple[list[int], list[int]]:
    """Row indices in text order and their starts (extractors usually emit them sorted)."""
    if all(a <= b for a, b in zip(starts, starts[1:])):
        return list(range(len(starts))), starts
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return order, [starts[i] for i in order]


def _names(doc: _Doc) -> dict[str, str]:
    """Lower-cased names the body uses for each country ("iraqi" → IRQ), built once."""
    if doc._names is None:
        doc._names = {}
        for m in doc.mentions:
            if m.kind == "country" and m.code:
                doc._names.setdefault(_strip_possessive(m.text).lower(), m.code)
                if m.canonical:
                    doc._names.setdefault(m.canonical.lower(), m.code)
    return doc._names


def _strip_possessive(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _in_range(order: list[int], starts: list[int], a: int, b: int) -> list[int]:
    """Original indices of the rows starting in [a, b), in text order."""
    return order[bisect_left(starts, a):bisect_left(starts, b)]


# --- triggers ------------------------------------------------------------------------------


def _triggers_by_sentence(doc: _Doc, anchors: list[re.Match[str]]):
    """(sentence index, [(family, match)]) for each sentence holding a valid trigger."""
    current, found, covered = -1, [], -1
    for a in anchors:
        pos = a.start()
        si = bisect_right(doc.sent_starts, pos) - 1
        if pos < covered or si < 0 or pos >= doc.sents[si][1]:
            continue  # inside a longer trigger ("called for the withdrawal"), or between sentences
        if si != current:
            if found:
                yield current, found
            current, found = si, []
        stem = a.group()
        for family, pat in R.TRIGGERS_BY_STEM[stem]:
            m = pat.match(doc.low, pos, doc.sents[si][1])
            if m:
                if _is_trigger(doc, si, m, stem):
                    found.append((family, m))
                    covered = m.end()
                break
    if found:
        yield current, found


def _is_trigger(doc: _Doc, si: int, m: re.Match[str], stem: str) -> bool:
    """Troops near the word, troops as its object if it has one, and not a participle
    describing where troops are."""
    s_start, s_end = doc.sents[si]
    if R.PARTICIPLE_RE.match(m.group()) and _is_modifier(doc, s_start, m):
        return False
    if stem in R.OBJECT_CHECK_STEMS and not R.NOUN_FORM_RE.search(m.group()) and not _troop_object(doc, m.end(), s_end):
        return False
    if stem in R.COUNTRY_AFTER_STEMS:
        k = bisect_left(doc.m_starts, m.end())
        if k == len(doc.m_starts) or doc.m_starts[k] > m.end() + R.COUNTRY_AFTER_GAP or \
                doc.mentions[doc.m_order[k]].kind != "country":
            return False
    lo, hi = max(s_start, m.start() - R.TROOP_WINDOW), min(s_end, m.end() + R.TROOP_WINDOW)
    if R.TROOP_RE.search(doc.low, lo, hi):
        return True
    if any(doc.mentions[i].kind == "military_unit" for i in _in_range(doc.m_order, doc.m_starts, lo, hi)):
        return True
    return any(doc.counts[i].category in ("military", "security")
               for i in _in_range(doc.c_order, doc.c_starts, lo, hi))


def _troop_object(doc: _Doc, pos: int, end: int) -> bool:
    """The words after a verb up to a preposition: none, or troops, a number, a pronoun."""
    words = []
    for _ in range(R.OBJECT_MAX_WORDS):
        w = R.OBJECT_WORD_RE.match(doc.low, pos, end)
        if not w or w.group(1) in R.OBJECT_STOP_WORDS or w.group(1).endswith("ly") or (
                not words and w.group(1) in R.OBJECT_TIME_STARTERS):
            break
        words.append(w.group(1))
        pos = w.end()
        if doc.low.startswith((",", ".", ";", ":", '"', "“", "”", ")"), pos):
            break
    if not words:
        return True
    phrase = " ".join(words)
    return bool(R.TROOP_RE.search(phrase) or any(c.isdigit() for c in phrase)
                or any(x in R.OBJECT_PRONOUNS for x in words))


def _is_modifier(doc: _Doc, s_start: int, m: re.Match[str]) -> bool:
    """ "troops stationed in Iraq", "a letter sent to": noun + participle + preposition."""
    lo = max(s_start, m.start() - 30)
    if R.AUX_BEFORE_RE.search(doc.low[lo:m.start()]):
        return False
    return bool(R.PREP_AFTER_RE.match(doc.low, m.end()) and R.LOWER_WORD_BEFORE_RE.search(doc.body[lo:m.start()]))


# --- one sentence ----------------------------------------------------------------------------


def _sentence_events(doc: _Doc, si: int, triggers: list) -> list[Event]:
    """Candidates of one sentence, one per actor (the strongest trigger leads)."""
    if any(f != R.TRAINING for f, _ in triggers):
        triggers = [(f, m) for f, m in triggers if f != R.TRAINING]
    groups: list[Event] = []
    for f, m in triggers:
        ev = _build(doc, si, f, m)
        k = next((k for k, g in enumerate(groups) if ev.actor_code is None or g.actor_code == ev.actor_code), None)
        if k is None:
            groups.append(ev)
            continue
        lead, other = (ev, groups[k]) if _PRIORITY[ev.event_type] < _PRIORITY[groups[k].event_type] else (groups[k], ev)
        _fill(lead, other, places=lead.origin_code is None and lead.destination is None)
        lead.negated |= other.negated
        lead.hypothetical |= other.hypothetical
        groups[k] = lead
    for ev in groups:
        doc.last_actor = ev.actor_code or doc.last_actor
        place = ev.destination if ev.event_type in (R.DEPLOYMENT, R.TRAINING) else ev.origin_code
        if place and _is_code(place):
            doc.last_place = place
    return groups


def _build(doc: _Doc, si: int, family: str, m: re.Match[str]) -> Event:
    body, low = doc.body, doc.low
    s_start, s_end = doc.sents[si]
    ts, te = m.start(), m.end()
    if family == R.DEPLOYMENT and R.FOR_TRAINING_RE.match(low, te, s_end):
        family = R.TRAINING  # people sent abroad to be trained
    ev = Event(event_type=family, trigger=body[ts:te], sentence=body[s_start:s_end],
               start_char=s_start, end_char=s_end, confidence=0.0)
    if family != R.EXPULSION and R.NO_DECISION_RE.search(low, max(s_start, ts - 80), ts):
        ev.event_type, ev.negated = R.NO_DECISION, True
    elif R.NEGATION_RE.search(low, max(s_start, ts - R.NEGATION_WINDOW), ts):
        ev.negated = True
    ev.hypothetical = _hypothetical(doc, s_start, s_end, ts, te)
    if si not in doc.flags:
        temporary = True if R.TEMPORARY_RE.search(low, s_start, s_end) else (
            False if R.PERMANENT_RE.search(low, s_start, s_end) else None)
        doc.flags[si] = (temporary, si > 0 and R.COREF_RE.search(body, s_start, s_end) is not None)
    ev.temporary, refers_back = doc.flags[si]

    mids = _in_range(doc.m_order, doc.m_starts, s_start, s_end)
    loc_idx = {i for i in mids if _prep(doc, i, s_start)}
    count_i = _nearest(doc.counts, _troop_counts(doc, s_start, s_end), ts)
    ev.actor_code = _actor(doc, mids, loc_idx, count_i, ts, owner=family != R.EXPULSION)
    _places(doc, ev, mids, ts, te, s_end)
    if ev.origin_code is None and ev.trigger.lower().startswith(("leav", "left")):  # "left Afghanistan"
        ev.origin_code = next((doc.mentions[i].code for i in mids if te <= doc.mentions[i].start_char
                               <= te + R.COUNTRY_AFTER_GAP and doc.mentions[i].kind == "country"), None)
    if ev.event_type in (R.WITHDRAWAL, R.RELOCATION, R.NO_DECISION) and ev.origin_code is None:
        ev.origin_code = _context_origin(doc, si, ev.actor_code)
    if ev.event_type == R.RELOCATION:
        _resolve_relocation(doc, ev, te, s_end)

    prev = doc.sents[si - 1] if refers_back else None
    if count_i is None and prev:
        count_i = _nearest(doc.counts, [i for i in _troop_counts(doc, *prev)
                                        if doc.counts[i].actor_code in (None, ev.actor_code)], ts)
    if count_i is not None:
        ev.size, ev.count_index = doc.counts[count_i].number, count_i
    units = [i for i in mids if doc.mentions[i].kind == "military_unit"]
    if not units and prev:
        units = [i for i in _in_range(doc.m_order, doc.m_starts, *prev) if doc.mentions[i].kind == "military_unit"]
    if units:
        ev.unit_index, ev.unit = units[0], doc.mentions[units[0]].text
    date_i = _nearest(doc.dates, _in_range(doc.d_order, doc.d_starts, s_start, s_end), ts)
    if date_i is None and prev:
        date_i = _nearest(doc.dates, _in_range(doc.d_order, doc.d_starts, *prev), ts)
    if date_i is not None:
        ev.date_index, ev.date_value = date_i, doc.dates[date_i].value
    ev.ordered_by = _ordered_by(doc, mids, s_start, te)
    return ev


def _hypothetical(doc: _Doc, s_start: int, s_end: int, ts: int, te: int) -> bool:
    """Modal, plan or condition around the trigger; a reported "would" is a plan told."""
    low = doc.low
    for cue in R.HYPOTHETICAL_BEFORE_RE.finditer(low, max(s_start, ts - R.HYPOTHETICAL_WINDOW), ts):
        word = cue.group()
        if word == "may" and doc.body[cue.start()] == "M":
            continue  # the month
        if word != "would" or not R.REPORTED_WOULD_RE.search(low, s_start, ts):
            return True
    after = R.HYPOTHETICAL_AFTER_RE.search(low, te, s_end)
    if after is None:
        return False
    if after.group() in ("if", "unless"):
        return True
    # "sending our troops ... would be like": the trigger is the subject of the modal.
    return bool(_NOUN_FORM.search(low, ts, te)) and after.start() - te <= 40


def _troop_counts(doc: _Doc, a: int, b: int) -> list[int]:
    return [i for i in _in_range(doc.c_order, doc.c_starts, a, b)
            if doc.counts[i].number is not None and doc.counts[i].category in R.TROOP_COUNT_CATEGORIES]


def _nearest(rows: list, idx: list[int], pos: int) -> int | None:
    if not idx:
        return None
    return min(idx, key=lambda i: min(abs(rows[i].start_char - pos), abs(rows[i].end_char - pos)))


def _prep(doc: _Doc, i: int, s_start: int) -> str | None:
    """The direction word right before country mention i ("from", "out of", "to"…), cached."""
    if i not in doc.preps:
        m = doc.mentions[i]
        p = None
        if m.kind == "country" and m.code and not doc.body.startswith("-", m.end_char):
            hit = R.DIRECTION_BEFORE_RE.search(doc.low[max(s_start, m.start_char - R.DIRECTION_LOOKBACK):m.start_char])
            p = " ".join(hit.group(1).split()) if hit else None
        doc.preps[i] = p
    return doc.preps[i]


def _actor_code(doc: _Doc, m: Mention) -> str | None:
    """ISO3 of a country, the country in an organisation's name, or an alliance's name."""
    if m.kind not in _ACTOR_KINDS or doc.body.startswith("-", m.end_char):
        return None  # "US-led coalition": a modifier, not the one acting
    if m.code or m.kind == "country":
        return m.code
    words = _strip_possessive(m.text).split()
    for n in (3, 2, 1):
        code = _names(doc).get(" ".join(words[:n]).lower())
        if code:
            return code
    name = m.canonical or m.text
    key = name.lower().removeprefix("the ")
    return R.INSTITUTION_CODES.get(key) or (name if key in R.ACTOR_ORGS else None)


def _actor(doc: _Doc, mids: list[int], loc_idx: set[int], count_i: int | None, ts: int,
           owner: bool = True) -> str | None:
    """Whose troops: the count's owner, a country naming the troops, the subject, the last
    actor. For an expulsion (`owner` False) the actor is the expelling subject."""
    if owner and count_i is not None and doc.counts[count_i].actor_code:
        return doc.counts[count_i].actor_code
    best, best_dist = None, None
    for i in mids if owner else ():
        code = None if i in loc_idx else _code(doc, i)
        if code is None:
            continue
        if i not in doc.owns:
            own = R.OWNER_BEFORE_TROOPS_RE.match(doc.low, doc.mentions[i].end_char)
            doc.owns[i] = own.end() if own else -1
        if doc.owns[i] >= 0 and (best_dist is None or abs(doc.owns[i] - ts) < best_dist):
            best, best_dist = code, abs(doc.owns[i] - ts)
    if best:
        return best
    for i in mids:
        if doc.mentions[i].start_char >= ts:
            break
        code = None if i in loc_idx else _code(doc, i)
        if code:
            return code
    return doc.last_actor


def _code(doc: _Doc, i: int) -> str | None:
    if i not in doc.codes:
        doc.codes[i] = _actor_code(doc, doc.mentions[i])
    return doc.codes[i]


def _places(doc: _Doc, ev: Event, mids: list[int], ts: int, te: int, s_end: int) -> None:
    """Origin and destination from the direction word before each country mention;
    mentions after the trigger win over those before it, nearer over farther."""
    if ev.event_type in _WITHDRAWAL_LIKE:
        origin_preps, dest_preps = R.ORIGIN_PREPS_WITHDRAWAL, R.DEST_PREPS_WITHDRAWAL
    else:
        origin_preps, dest_preps = R.ORIGIN_PREPS_DEPLOYMENT, R.DEST_PREPS_DEPLOYMENT
    origins, dests = [], []
    for i in mids:
        p, m = doc.preps.get(i), doc.mentions[i]
        key = (m.start_char < te, abs(m.start_char - ts))
        if p in dest_preps and (m.start_char >= te or p not in ("to", "into")):
            dests.append((key, m.code))
        elif p in origin_preps:
            origins.append((key, m.code))
    skip_origin = ev.actor_code if ev.event_type in _WITHDRAWAL_LIKE else None
    skip_dest = ev.actor_code if ev.event_type in (R.DEPLOYMENT, R.TRAINING) else None
    ev.origin_code = next((c for _, c in sorted(origins) if c != skip_origin), None)
    ev.destination = next((c for _, c in sorted(dests) if c not in (skip_dest, ev.origin_code)), None)
    if ev.destination is None:
        phrase = R.PLACE_PHRASE_RE.search(doc.low, te, min(s_end, te + R.PLACE_PHRASE_WINDOW))
        if phrase:
            ev.destination = doc.body[phrase.start(1):phrase.end(1)]
        else:  # a non-country place: "deployed to Kufa"
            ev.destination = next((doc.mentions[i].canonical or doc.mentions[i].text for i in mids
                                   if doc.mentions[i].kind == "place" and doc.mentions[i].start_char >= te
                                   and _TO_BEFORE.search(doc.low, te, doc.mentions[i].start_char)), None)


def _context_origin(doc: _Doc, si: int, actor: str | None) -> str | None:
    """Where troops leave from when the sentence only says "the country" or nothing:
    a place the sentence before names, else the place of the previous event."""
    if si > 0:
        a, b = doc.sents[si - 1]
        for i in _in_range(doc.m_order, doc.m_starts, a, b):
            if _prep(doc, i, a) in R.ORIGIN_PREPS_WITHDRAWAL and doc.mentions[i].code != actor:
                return doc.mentions[i].code
    return doc.last_place if doc.last_place != actor else None


def _resolve_relocation(doc: _Doc, ev: Event, te: int, s_end: int) -> None:
    """Redeploy/relocate inside one country (or to a city) is a relocation; foreign troops
    moved away from their host country (a known origin) are withdrawn from it."""
    dest = ev.destination
    if R.WITHIN_RE.match(doc.low, te, s_end):
        ev.destination = dest or ev.origin_code
    elif ev.origin_code and ev.origin_code != ev.actor_code and dest != ev.origin_code and (
            dest is None or _is_code(dest) or R.ABROAD_RE.search(dest)):
        ev.event_type = R.WITHDRAWAL


def _is_code(place: str) -> bool:
    return len(place) == 3 and place.isupper()


def _ordered_by(doc: _Doc, mids: list[int], s_start: int, te: int) -> str | None:
    """The person giving the order: "Prime Minister X ... issued a directive for the return"."""
    if not R.ORDER_CUE_RE.search(doc.low, s_start, te):
        return None
    for i in mids:
        m = doc.mentions[i]
        if m.start_char >= te:
            break
        if m.kind == "person":
            return m.canonical or m.text
    before = doc.low[s_start:te]  # "the prime minister directed": a person named elsewhere by role
    return next((m.canonical or m.text for m in doc.mentions
                 if m.kind == "person" and m.role and m.role.lower() in before), None)


# --- document level ----------------------------------------------------------------------------


def _compatible(a: Event, b: Event, loose: bool) -> bool:
    """Can `b` be another telling of `a`? No field may disagree, and they must share a
    place, unless `b` is a bare restatement ("the withdrawal of their troops"). A reference
    page lists many movements of one actor, so there (`loose` False) a place is needed."""
    if a.event_type != b.event_type or a.negated != b.negated or a.hypothetical != b.hypothetical:
        return False
    for x, y in ((a.actor_code, b.actor_code), (a.origin_code, b.origin_code),
                 (a.destination, b.destination), (a.size, b.size), (a.date_value, b.date_value)):
        if x is not None and y is not None and x != y:
            return False
    if (a.origin_code is not None and a.origin_code == b.origin_code) or (
            a.destination is not None and a.destination == b.destination):
        return True
    return loose and b.origin_code is None and b.destination is None and b.date_index is None


def _fill(into: Event, other: Event, places: bool = True) -> None:
    """Copy into `into` what it lacks and `other` has (size with its count index, etc.)."""
    if into.size is None and other.size is not None:
        into.size, into.count_index = other.size, other.count_index
    if into.unit is None and other.unit is not None:
        into.unit, into.unit_index = other.unit, other.unit_index
    if into.date_index is None and other.date_index is not None:
        into.date_value, into.date_index = other.date_value, other.date_index
    into.ordered_by = into.ordered_by or other.ordered_by
    into.temporary = other.temporary if into.temporary is None else into.temporary
    into.actor_code = into.actor_code or other.actor_code
    if places:
        into.origin_code = into.origin_code or other.origin_code
        into.destination = into.destination or other.destination


def _merge(candidates: list[Event], loose: bool) -> list[Event]:
    """One event per movement: later tellings become evidence of the first."""
    events: list[Event] = []
    for ev in candidates:
        same = next((e for e in events if _compatible(e, ev, loose)), None)
        if same is None:
            events.append(ev)
            continue
        _fill(same, ev)
        span = (ev.start_char, ev.end_char)
        if span != (same.start_char, same.end_char) and span not in same.evidence:
            same.evidence.append(span)
    return events


def _fold_background(events: list[Event]) -> list[Event]:
    """An undated "the contingent was deployed to X" in a story about its withdrawal from
    X describes the force being withdrawn, not a second movement: fold it in."""
    withdrawals = [e for e in events if e.event_type == R.WITHDRAWAL and not (e.negated or e.hypothetical)]
    out = []
    for ev in events:
        if ev.event_type == R.DEPLOYMENT and ev.date_index is None and ev.destination and not (
                ev.negated or ev.hypothetical):
            host = next((w for w in withdrawals if w.actor_code == ev.actor_code and w.origin_code == ev.destination
                         and (ev.size is None or w.size in (None, ev.size))), None)
            if host is not None:
                _fill(host, ev, places=False)
                continue
        out.append(ev)
    return out


def _title_families(title: str | None) -> set[str]:
    fams: set[str] = set()
    low = _lower(title or "")
    for a in R.ANCHOR_RE.finditer(low):
        for family, pat in R.TRIGGERS_BY_STEM[a.group()]:
            if pat.match(low, a.start()):
                fams.add(R.WITHDRAWAL if family == R.RELOCATION else family)
                break
    return fams


def _confidence(ev: Event, doc: _Doc, title: str | None, title_families: set[str]) -> float:
    """Stated fields add up (weights in event_rules); also sets the CAMEO code."""
    c = R.CONF_BASE + R.CONF_PER_EVIDENCE * min(len(ev.evidence), R.CONF_MAX_EVIDENCE)
    c += R.CONF_ACTOR if ev.actor_code else 0.0
    c += R.CONF_PLACE if (ev.origin_code or ev.destination) else 0.0
    c += R.CONF_SIZE if ev.size is not None else 0.0
    c += R.CONF_DATE if ev.date_index is not None else 0.0
    c += R.CONF_UNIT if ev.unit else 0.0
    c += R.CONF_HYPOTHETICAL if ev.hypothetical else 0.0
    if title and ev.event_type in title_families and _named_in(doc, ev, title):
        c += R.CONF_TITLE
    if not ev.negated and not ev.hypothetical:
        ev.cameo_code = R.CAMEO_CODES.get(ev.event_type)
    return round(max(0.0, min(c, 1.0)), 3)


def _named_in(doc: _Doc, ev: Event, title: str) -> bool:
    """The title names the event's actor or one of its places (by any name the body used)."""
    codes = {ev.actor_code, ev.origin_code, ev.destination} - {None}
    low = title.lower()
    return any(c.lower() in low for c in codes if not c.isupper() or len(c) != 3) or any(
        code in codes and name in low for name, code in _names(doc).items())
