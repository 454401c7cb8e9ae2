"""Troop-movement events from the rows the other extractors produced.

Rules, no models. A trigger (`event_rules.TRIGGERS_BY_STEM`) with troops nearby makes a
candidate. Its actor is the owner of the counted troops, else a country named right before
the troop noun ("Iraqi military personnel"), else the nearest country or alliance before
the trigger that no preposition governs (the subject "its"/"their" point back to), else
the actor of the previous event. Places come from the preposition before each country
mention ("from", "out of" → origin; "to", "into" → destination). Size, unit and date are
the count, unit and date mentions of the trigger's clause (sentences split at "; ",
", while"…), or of the sentence before when this one only refers back ("the contingent",
"its personnel"). Flags: negated, hypothetical (a reported "would" is not), temporary.

A document tells one movement several times (standfirst, body, title), so candidates are
merged per document into events with several evidence sentences. Only paragraphs holding
a trigger are split into sentences, so documents without one cost a single regex scan.
Who acts and where troops go (actor, origin, destination) is resolved in `event_roles.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from flows.extract import actors as stand_ins
from flows.extract import event_rules as R
from flows.extract.budget import check
from flows.extract.doctext import DocText, lower_same_offsets
from flows.extract.event_merge import fill as _fill
from flows.extract.event_merge import fold_background as _fold_background
from flows.extract.event_merge import merge as _merge
from flows.extract.event_roles import (
    WITHDRAWAL_LIKE,
    EventDoc,
    Rows,
    actor_kind,
    context_origin,
    country_after,
    country_names,
    find_actor,
    find_places,
    is_code,
    place_phrase,
    resolve_relocation,
)
from flows.extract.gazetteer import CAPITALS, common_name
from flows.model import CountMention, DateMention, DocMeta, Event, Mention

PARA_SEP = "\n\n"  # how flows/clean/assemble.py joins body paragraphs
# Within one sentence the strongest reading leads: a stated non-decision over the verb it
# negates, a demand over the withdrawal demanded, any movement over "undergoing training".
_PRIORITY = {R.NO_DECISION: 0, R.EXPULSION: 1, R.WITHDRAWAL: 2, R.DEPLOYMENT: 2, R.RELOCATION: 3, R.TRAINING: 4}
_NOUN_FORM = re.compile(r"(?:ing|al|ment|ion)$")
_PUNCT = (",", ".", ";", ":", '"', "“", "”", ")")




def extract_events(
    body: str,
    meta: DocMeta,
    mentions: list[Mention],
    counts: list[CountMention],
    dates: list[DateMention],
    sentences: list[tuple[int, int]] | None = None,
    text: DocText | None = None,
) -> list[Event]:
    """Troop movements told in `body`, one event per movement with all its sentences.

    `meta.doc_type` sets how sure an event must be (reference pages recount history in
    passing); `meta.title` only raises confidence since it is not part of the body.
    `sentences` (`split_sentences(body)`) may be passed when the caller has them already; `text`
    is the document's shared sentence splits (`doctext.DocText` of `body`), made here if not given.
    """
    shared = DocText(body) if text is None else text
    low = shared.low
    hits = [h for h in (_first_match(low, pos, stem) for pos, stem in _anchors(low)) if h]
    if not hits:
        return []
    anchors = [(m.start(), stem) for m, stem, _ in hits]
    sents = sentences if sentences is not None else _sentences_around(shared, [pos for pos, _ in anchors])
    doc = EventDoc(body, low, mentions, counts, dates, sents, [s for s, _ in sents],
               Rows([x.start_char for x in mentions]), Rows([x.start_char for x in counts]),
               Rows([x.start_char for x in dates]))
    # Relative clauses and appositions between a subject and its verb ("Italy, which did not take
    # part in the invasion, sent…") are blanked in `doc.cue`: their names, cues and verbs belong
    # to another predication.
    doc.cue = R.REL_CLAUSE_RE.sub(lambda m: " " * len(m.group()), low) if (", wh" in low) else low
    candidates: list[Event] = []
    for si, triggers in _triggers_by_sentence(doc, hits):
        check()  # the time budget (flows/extract/budget.py)
        candidates.extend(_sentence_events(doc, si, triggers))
    events = _fold_background(_merge(candidates, loose=meta.doc_type != "encyclopedia"))
    title_families = _families(lower_same_offsets(meta.title or ""))
    floor = R.MIN_CONFIDENCE.get(meta.doc_type, R.MIN_CONFIDENCE_DEFAULT)
    for ev in events:
        ev.confidence = _confidence(ev, doc, meta.title, title_families)
    # A movement without a mover is not a row an analyst can use (and no gold event of the
    # dev set's conventions has one): those candidates only lent their fields to the merge.
    # Reference pages recount wars in passing ("In 1990, Iraq invaded Kuwait"); there an invasion
    # is background, not a movement the page reports.
    history = meta.doc_type == "encyclopedia"
    return [ev for ev in events if ev.confidence >= floor and ev.actor_code is not None
            and not (history and ev.trigger.lower().startswith(("invad", "invasion")))]


def _home_country(doc: EventDoc) -> str | None:
    """The country the document is about: the most mentioned one (first mentioned on a tie).
    Troops that "were deployed" or "mobilized" with no owner named are that country's own."""
    if doc.home is None:
        tally: dict[str, int] = {}
        for m in doc.mentions:
            if m.kind in ("country", "place") and m.code and not doc.low.startswith(" dollar", m.end_char):
                tally[m.code] = tally.get(m.code, 0) + 1
        doc.home = max(tally, key=tally.__getitem__) if tally else ""  # dicts keep the first-seen order on ties
    return doc.home or None


def _anchors(low: str) -> list[tuple[int, str]]:
    """(position, stem) of every word that may start a trigger."""
    hits = [(m.start(1), m.group(1)) for m in R.ANCHOR_RE.finditer(low)]
    first = R.ANCHOR_AT_START_RE.match(low)
    return [(0, first.group())] + hits if first else hits


def _first_match(low: str, pos: int, stem: str) -> tuple[re.Match[str], str, str] | None:
    """(match, stem, family) of the first trigger pattern matching at `pos` within its
    paragraph (sentences are not known yet; a match running past its sentence is redone)."""
    limit = min(len(low), pos + R.MATCH_WINDOW)  # patterns are bounded: no need to look further
    end = low.find(PARA_SEP, pos, limit)
    for family, pat in R.TRIGGERS_BY_STEM[stem]:
        m = pat.match(low, pos, limit if end < 0 else end)
        if m:
            return m, stem, family
    return None


def _sentences_around(text: DocText, positions: list[int]) -> list[tuple[int, int]]:
    """Sentences of each paragraph holding a position and of the paragraph before it (for
    "the sentence before"), in order; the same spans `split_sentences(body)` gives there."""
    body = text.body
    paras: dict[int, int] = {}
    sep = len(PARA_SEP)
    covered = -1  # end of the last paragraph found: positions inside it need no search (linear)
    for pos in sorted(positions):
        if pos < covered:
            continue
        a = body.rfind(PARA_SEP, max(0, covered), pos)
        a = (0 if covered < 0 else covered) if a < 0 else a + sep
        b = body.find(PARA_SEP, pos)
        paras[a] = covered = len(body) if b < 0 else b
        if a > 0:
            pa = body.rfind(PARA_SEP, 0, a - sep)
            paras.setdefault(0 if pa < 0 else pa + sep, a - sep)
    spans: list[tuple[int, int]] = []
    for a in sorted(paras):
        spans.extend(text.sentences(a, paras[a]))
    return spans


# --- triggers ------------------------------------------------------------------------------


def _triggers_by_sentence(doc: EventDoc, hits: list[tuple[re.Match[str], str, str]]):
    """(sentence index, [(family, match)]) for each sentence holding a valid trigger."""
    current, covered = -1, -1
    found: list[tuple[str, re.Match[str]]] = []
    for first, stem, first_family in hits:
        pos = first.start()
        si = bisect_right(doc.sent_starts, pos) - 1
        if pos < covered or si < 0 or pos >= doc.sents[si][1] or (_blanked(doc, pos) and first_family != R.EXPULSION):
            continue  # inside a longer trigger ("called for the withdrawal"), between sentences, in a relative clause
        if si != current:
            if found:
                yield current, found
            current, found = si, []
        pairs = [(first_family, first)] if first.end() <= doc.sents[si][1] else (
            (f, pat.match(doc.low, pos, doc.sents[si][1])) for f, pat in R.TRIGGERS_BY_STEM[stem])
        for family, m in pairs:
            if m:
                if _is_trigger(doc, si, m, stem, family):
                    found.append((family, m))
                    covered = m.end()
                break
    if found:
        yield current, found


def _is_trigger(doc: EventDoc, si: int, m: re.Match[str], stem: str, family: str) -> bool:
    """Troops near the word and as its object if it has one; not a participle telling
    where troops are ("troops stationed in Iraq"); "left" only before a country."""
    s_start, s_end = doc.sents[si]
    word = m.group()
    if R.PARTICIPLE_RE.match(word) and not R.AUX_BEFORE_RE.search(doc.low, max(s_start, m.start() - 30), m.start()) \
            and R.PREP_AFTER_RE.match(doc.low, m.end()) \
            and R.LOWER_WORD_BEFORE_RE.search(doc.body, max(s_start, m.start() - 30), m.start()) \
            and not R.PARTICLE_OBJECT_RE.match(doc.low, m.end()):
        return False
    if stem in R.OBJECT_CHECK_STEMS and not R.NOUN_FORM_RE.search(word) and not _troop_object(doc, m.end(), s_end):
        return False
    if stem in R.COUNTRY_AFTER_STEMS and country_after(doc, m.end()) is None:
        return False
    if family == R.EXPULSION and stem in R.DEMAND_OBJECT_STEMS and not (
            R.TROOP_RE.search(word) or R.EXPULSION_FORCE_RE.search(word)):
        return False  # "ordered the ambassador to leave"
    lo, hi = max(s_start, m.start() - R.TROOP_WINDOW), min(s_end, m.end() + R.TROOP_WINDOW)
    if family == R.EXPULSION and R.EXPULSION_FORCE_RE.search(doc.low, lo, hi):
        return True
    if R.NOT_A_MOVE_BEFORE_RE.search(doc.low, max(0, s_start - 1, m.start() - 60), m.start()):
        # "rebels who have swept across" (non-state groups' moves are not recorded), "extended the
        # deployment of" (a mandate extended)
        return False
    if word.startswith("station") and R.PRESENCE_BEFORE_RE.search(doc.low, max(0, s_start - 1, m.start() - 30), m.start()):
        return False  # "29,500 troops are stationed in": presence, not a move
    if stem == "transfer" and R.COMMAND_AFTER_RE.match(doc.low, m.end()):
        return False  # command handed over: the troops do not move
    if stem in R.LEVEL_STEMS and not R.LEVEL_SUBJECT_RE.search(doc.low, max(0, s_start - 1, m.start() - 120), m.start()):
        return False  # "prices dropped to": only troops or their number
    if stem in R.INVASION_STEMS:  # the verb implies forces: a state invading a place is enough
        return any(doc.mentions[i].kind == "country" for i in doc.m.within(max(s_start, m.start() - 60), m.start())) \
            or country_after(doc, m.end()) is not None or _troops_near(doc, max(s_start, m.start() - 60), m.end() + 60)
    if stem in R.PERSON_SUBJECT_STEMS and _person_subject(doc, s_start, m.start()):
        return False  # "the envoy Smith arrived in Khartoum": individuals are not troop movements
    if word.startswith(("arrival", "evacuation")) and not R.TROOP_RE.search(doc.low, m.end(), min(s_end, m.end() + 40)):
        return False  # "the arrival of a UN team", "an evacuation of foreigners": troops must be what moves
    return _troops_near(doc, max(0, lo - 1), hi) \
        or any(doc.mentions[i].kind == "military_unit" for i in doc.m.within(lo, hi)) \
        or any(doc.counts[i].category == "military" for i in doc.c.within(lo, hi))


def _troops_near(doc: EventDoc, lo: int, hi: int) -> bool:
    """A troop noun in [lo, hi) that no civilian word qualifies ("medical personnel", "ex-Gurkha soldiers")."""
    for t in R.TROOP_SEARCH_RE.finditer(doc.low, lo, hi):
        if not R.NON_TROOP_BEFORE_RE.search(doc.low, max(0, t.start() - 30), t.start() + 1):
            return True
    return False


def _person_subject(doc: EventDoc, s_start: int, ts: int) -> bool:
    """A person named right before the verb (its subject), with no troop noun in between."""
    for i in reversed(doc.m.within(max(s_start, ts - 60), ts)):
        x = doc.mentions[i]
        if x.kind == "person":
            gap = doc.low[x.end_char:ts]
            return len(gap.split()) <= 3 and not R.TROOP_RE.search(gap)
        if x.kind in ("country", "organization", "military_unit"):
            return False
    # A capitalised word no extractor knows, right before the verb, opening the sentence or
    # after a comma: most often a surname ("Natsios arrived in Khartoum").
    seg = doc.body[s_start:ts] if ts - s_start <= 40 else doc.body[ts - 40:ts].partition(",")[2]
    return R.NAME_SUBJECT_RE.fullmatch(seg.lstrip(" ")) is not None and not R.TROOP_RE.search(seg.lower())


def _troop_object(doc: EventDoc, pos: int, end: int) -> bool:
    """The words after a verb up to a preposition: none, or troops, a number, a pronoun."""
    words: list[str] = []
    for _ in range(R.OBJECT_MAX_WORDS):
        w = R.OBJECT_WORD_RE.match(doc.low, pos, end)
        if not w or w.group(1) in R.OBJECT_STOP_WORDS or w.group(1).endswith("ly") or (
                not words and w.group(1) in R.OBJECT_TIME_STARTERS):
            break
        words.append(w.group(1))
        pos = w.end()
        if doc.low.startswith(_PUNCT, pos):
            break
    phrase = " ".join(words)
    return not words or bool(R.TROOP_RE.search(phrase)) or any(c.isdigit() for c in phrase) \
        or any(x in R.OBJECT_PRONOUNS for x in words)




# --- one sentence ----------------------------------------------------------------------------


def _sentence_events(doc: EventDoc, si: int, triggers: list) -> list[Event]:
    """Candidates of one sentence, one per clause and actor (the strongest trigger leads)."""
    if any(f != R.TRAINING for f, _ in triggers):
        triggers = [(f, m) for f, m in triggers if f != R.TRAINING]
    groups: list[Event] = []
    clauses: list[int] = []
    s_start, s_end = doc.sents[si]
    for f, m in triggers:
        cs, ce = _clause(doc.low, s_start, s_end, m.start(), m.end())
        ev = _build(doc, si, f, m, cs, ce)
        k = next((k for k, g in enumerate(groups) if clauses[k] == cs and ev.actor_code in (None, g.actor_code)), None)
        if k is None:
            groups.append(ev)
            clauses.append(cs)
            continue
        lead, other = (ev, groups[k]) if _PRIORITY[ev.event_type] < _PRIORITY[groups[k].event_type] else (groups[k], ev)
        _fill(lead, other, places=lead.origin_code is None and lead.destination is None)
        lead.negated |= other.negated
        lead.hypothetical |= other.hypothetical
        groups[k] = lead
    groups = [x for ev, cs_ in zip(groups, clauses, strict=True) for x in _expand_lists(doc, ev, cs_)]
    for ev in groups:
        doc.last_actor = ev.actor_code or doc.last_actor
        place = ev.destination if ev.event_type in (R.DEPLOYMENT, R.TRAINING) else ev.origin_code
        doc.last_place = place if place and is_code(place) else doc.last_place
    return groups


def _build(doc: EventDoc, si: int, family: str, m: re.Match[str], cs: int, ce: int) -> Event:
    """The candidate event of trigger `m` in sentence si, clause [cs, ce)."""
    body, low = doc.body, doc.low
    s_start, s_end = doc.sents[si]
    ts, te = m.start(), m.end()
    word = m.group()  # lower case: `m` matched doc.low
    if family == R.DEPLOYMENT and (R.FOR_TRAINING_RE.match(low, te, ce) or R.TRAINERS_OBJECT_RE.match(low, te, ce)):
        family = R.TRAINING  # people sent abroad to be trained, or trainers and advisers sent
    ev = Event(event_type=family, trigger=body[ts:te], sentence=body[s_start:s_end],
               start_char=s_start, end_char=s_end, confidence=0.0)
    lo = max(cs, ts - R.NO_DECISION_WINDOW)
    if family != R.EXPULSION and (low.find("decid", lo, ts) >= 0 or low.find("decision", lo, ts) >= 0) \
            and R.NO_DECISION_RE.search(low, max(0, lo - 1), ts):
        ev.event_type, ev.negated = R.NO_DECISION, True
    elif R.NEGATION_RE.search(doc.cue, max(0, cs - 1, ts - R.NEGATION_WINDOW), ts):
        ev.negated = True
    demand = ev.event_type == R.EXPULSION or R.DEMAND_CUE_RE.search(
        doc.cue, max(0, cs - 1, ts - R.STATUS_WINDOW), ts) is not None
    ev.hypothetical = demand or _hypothetical(doc, s_start, cs, ce, ts, te)
    if ev.negated:
        ev.hypothetical = False  # a move ruled out or refused is denied, not still possible
    ev.status = _status(doc, ev, cs, ts, demand)
    clause = low[cs:ce]
    ev.temporary = True if any(w in clause for w in R.TEMPORARY_WORDS) else (
        False if any(w in clause for w in R.PERMANENT_WORDS) else None)
    if si not in doc.refers:
        doc.refers[si] = si > 0 and R.COREF_RE.search(body, s_start, s_end) is not None

    mids = doc.m.within(cs, ce)
    inside = doc.cue is not doc.low and _blanked(doc, ts)  # a demand told in a relative clause
    if doc.cue is not doc.low and not inside:
        mids = [i for i in mids if not _blanked(doc, doc.mentions[i].start_char)]
    count_i = _nearest(doc.counts, _troop_counts(doc, cs, ce), ts)
    texts: list[str | None] = [None, None]
    origin, dest = find_places(doc, ev.event_type, mids, s_start, ts, te, texts)
    leaving = ev.event_type in WITHDRAWAL_LIKE
    if (origin if leaving else dest) is None:  # a city or province the country list does not hold
        hit = _stand_in_place(doc, te, ce, R.ORIGIN_WORDS_RE if leaving else R.DEST_WORDS_RE, ts)
        if hit:
            if leaving:
                origin, texts[0] = hit
            else:
                dest, texts[1] = hit
    avoid = origin if leaving else dest  # troops leave or enter someone else's land
    mids_all = mids if cs == s_start or inside else [
        i for i in doc.m.within(s_start, ce) if not _blanked(doc, doc.mentions[i].start_char)]
    ev.actor_code = find_actor(doc, mids, mids_all, count_i, s_start, ts, avoid, owner=family != R.EXPULSION)
    if ev.actor_code is None:  # an institution, leader or armed group named in the clause
        found = _stand_in_actor(doc, cs, ts)
        if found and found[0] != avoid:
            ev.actor_code, ev.actor_kind = found
    if ev.actor_code is not None and ev.actor_code == avoid and family != R.EXPULSION:
        origin, dest = (None, dest) if leaving else (origin, None)
    if origin is None and word.startswith(("leav", "left")):  # "left Afghanistan"
        origin = country_after(doc, te)
    if dest is None and word.startswith("invad"):  # "Turkey invaded Cyprus"
        dest = country_after(doc, te)
    if word.startswith("invasion of"):
        # The noun names its invader right before it ("China's invasion of", "the US-led invasion
        # of", "the Soviet invasion of") and the invaded land after it; else no mover is stated.
        ev.actor_code = next((doc.mentions[i].code for i in reversed(doc.m.within(max(cs, ts - 25), ts))
                              if doc.mentions[i].kind == "country" and doc.mentions[i].code), None)
        place = _stand_in_place(doc, te - 3, ce, R.OF_WORDS_RE)
        dest = country_after(doc, te) or (place[0] if place else None)
        texts[1] = place[1] if place else None
        if dest == ev.actor_code:
            ev.actor_code = None
    if ev.actor_code is None and family in (R.DEPLOYMENT, R.TRAINING) and not R.FOREIGN_TROOPS_RE.search(low, max(0, cs - 1), ce):
        # "soldiers were deployed on the streets of Kinshasa", "the military mobilized": troops
        # with no owner named, sent nowhere or to a city of the country the document is about,
        # move at home. Troops sent to a country by name are someone else's ("to Pakistan").
        home = _home_country(doc)
        if word.startswith("mobili"):  # a country mobilises its own forces, where it says
            ev.actor_code = dest = dest or home
        elif home and (dest is None or (dest == home and not _names_country(texts[1]))):
            ev.actor_code = dest = home
    elif family in (R.DEPLOYMENT, R.TRAINING) and dest is None and ev.actor_code is not None \
            and ev.actor_code == _home_country(doc) and not R.FOREIGN_TROOPS_RE.search(low, max(0, cs - 1), ce):
        dest = ev.actor_code  # the country the story is about, sending its own troops: a move at home
    if dest is None and family == R.WITHDRAWAL and ev.actor_code and is_code(ev.actor_code) \
            and R.HOME_RE.search(low, te - 6, min(ce, te + 12)):
        dest, texts[1] = ev.actor_code, "home"  # "brought home", "return home": the mover's own land
    ev.origin_code, ev.destination = origin, dest or place_phrase(doc, mids, te, ce)
    ev.origin_text = texts[0] if origin else None
    ev.destination_text = texts[1] if dest else None
    if ev.event_type in (R.WITHDRAWAL, R.RELOCATION, R.NO_DECISION) and ev.origin_code is None:
        ev.origin_code = context_origin(doc, si, ev.actor_code)
    if ev.event_type == R.RELOCATION:
        resolve_relocation(doc, ev, te, ce)
    _attach(doc, ev, si if doc.refers[si] else None, mids, count_i, cs, ce, ts)
    if R.ORDER_CUE_RE.search(low, max(0, cs - 1), te):  # "Prime Minister X ... issued a directive for"
        ev.ordered_by = next((doc.mentions[i].canonical or doc.mentions[i].text for i in mids
                              if doc.mentions[i].kind == "person" and doc.mentions[i].start_char < te), None)
        if ev.ordered_by is None:  # "the prime minister directed": a person named elsewhere by role
            before = low[cs:te]
            ev.ordered_by = next((x.canonical or x.text for x in doc.mentions
                                  if x.kind == "person" and x.role and x.role.lower() in before), None)
    return ev


def _clause(low: str, s_start: int, s_end: int, ts: int, te: int) -> tuple[int, int]:
    """The part of the sentence around the trigger between clause breaks ("; ", ", while ")."""
    cs, ce = s_start, s_end
    for sep in R.CLAUSE_BREAKS:  # a found break always lies strictly inside [s_start, s_end)
        k = low.rfind(sep, s_start, ts)
        if k >= 0 and k + len(sep) > cs:
            cs = k + len(sep)
        k = low.find(sep, te, s_end)
        if 0 <= k < ce:
            ce = k
    return cs, ce


def _attach(doc: EventDoc, ev: Event, back: int | None, mids: list[int], count_i: int | None,
            cs: int, ce: int, ts: int) -> None:
    """Size, unit and date of the clause, or of the sentence before when it only refers back."""
    prev = doc.sents[back - 1] if back else None
    if count_i is None and prev:
        count_i = _nearest(doc.counts, [i for i in _troop_counts(doc, *prev)
                                        if doc.counts[i].actor_code in (None, ev.actor_code)], ts)
    if count_i is not None:
        ev.size, ev.count_index = doc.counts[count_i].number, count_i
    units = [i for i in mids if doc.mentions[i].kind == "military_unit"]
    if not units and prev:
        units = [i for i in doc.m.within(*prev) if doc.mentions[i].kind == "military_unit"]
    if units:
        ev.unit_index, ev.unit = units[0], doc.mentions[units[0]].text
    date_i = _nearest(doc.dates, doc.d.within(cs, ce), ts)
    if date_i is None and prev:
        date_i = _nearest(doc.dates, doc.d.within(*prev), ts)
    if date_i is not None:
        ev.date_index, ev.date_value = date_i, doc.dates[date_i].value


def _hypothetical(doc: EventDoc, s_start: int, cs: int, ce: int, ts: int, te: int) -> bool:
    """Modal, plan or condition in the trigger's clause; "said ... would be relocated" is a plan told."""
    low = doc.low
    for cue in R.HYPOTHETICAL_RE.finditer(doc.cue, max(0, cs - 1, ts - R.HYPOTHETICAL_WINDOW), ts):
        word = cue.group(1)
        if word == "may" and doc.body[cue.start(1)] == "M":
            continue  # the month
        if word != "would":
            return True
        tail = R.WOULD_TAIL_RE.match(low, cue.end(), ts)
        if not (tail and tail.end() == ts and R.REPORTING_RE.search(low, max(0, s_start - 1), cue.start())):
            return True
    after = R.AFTER_RE.search(low, te - 1, ce)
    if after is None:
        return False
    return after.group(1) in R.CONDITIONS or (
        after.start() - te <= R.MODAL_AFTER_WINDOW and bool(_NOUN_FORM.search(low, ts, te)))


def _status(doc: EventDoc, ev: Event, cs: int, ts: int, demand: bool) -> str:
    """done / announced / demanded / considered / denied from the cues before the trigger.

    A denial or refusal outranks everything; a demand is someone asking that the move happen
    (the dev set's convention: hypothetical); other hypotheticals are considered; a future or a
    schedule ("will", "is set to", "is due to") is an announced move, which is not hypothetical.
    """
    if ev.negated:
        return "denied"
    lo = max(0, cs - 1, ts - R.STATUS_WINDOW)
    if ev.hypothetical:
        return "demanded" if demand else "considered"
    return "announced" if R.FUTURE_CUE_RE.search(doc.cue, lo, ts) else "done"


def _names_its_people(doc: EventDoc, c: CountMention) -> bool:
    """A count that names its people ("2,000 troops") or a change by an amount ("drop by
    20,000"), not an elliptical level ("currently numbering some 160,000", "drop to 25,000"):
    levels before or after a move are not its size."""
    return c.noun.lower() in c.text.lower() or doc.low.endswith("by ", 0, c.start_char)


def _blanked(doc: EventDoc, pos: int) -> bool:
    """Does `pos` lie in a blanked relative clause (see `extract_events`)?"""
    return doc.cue[pos] == " " and doc.low[pos] != " "


def _expand_lists(doc: EventDoc, ev: Event, cs: int) -> list[Event]:
    """One event per mover, and per place left or entered, where the clause coordinates them:
    "the Netherlands, Portugal and the Czech Republic announced their withdrawal", "troops
    supplied by Austria, Denmark and Turkey", "withdraw troops from Georgia and Moldova"."""
    s_end = ev.end_char
    if doc.low.find(" and ", cs, s_end) < 0 and doc.low.find("as well as", cs, s_end) < 0:
        return [ev]  # no coordination in the clause: the common case
    out = [ev]
    for attr in ("actor_code", "origin_code", "destination"):
        code = getattr(ev, attr)
        if code is None or not is_code(code):
            continue
        members = _list_members(doc, code, cs, s_end)
        if len(members) < 2:
            continue
        others = {c for c in (ev.actor_code, ev.origin_code, ev.destination) if c and c != code}
        extra = []
        for c in members:
            if c == code or c in others:
                continue
            for base in out:
                clone = replace(base, evidence=list(base.evidence))
                setattr(clone, attr, c)
                if attr != "actor_code":
                    setattr(clone, "origin_text" if attr == "origin_code" else "destination_text", None)
                else:
                    clone.size, clone.count_index = None, None  # a count of the list's troops is not each one's
                extra.append(clone)
        out += extra
    return out


def _list_members(doc: EventDoc, code: str, a: int, b: int) -> list[str]:
    """Codes of the coordinated country mentions ("A, B and C") around the mention of `code` in [a, b)."""
    idx = [i for i in doc.m.within(a, b) if doc.mentions[i].kind == "country" and doc.mentions[i].code]
    k = next((j for j, i in enumerate(idx) if doc.mentions[i].code == code), None)
    if k is None:
        return []

    def joined(i: int, j: int) -> bool:
        return R.LIST_SEP_RE.fullmatch(doc.low, doc.mentions[i].end_char, doc.mentions[j].start_char) is not None

    lo, hi = k, k
    while lo > 0 and joined(idx[lo - 1], idx[lo]):
        lo -= 1
    while hi + 1 < len(idx) and joined(idx[hi], idx[hi + 1]):
        hi += 1
    if lo == hi:
        return []
    if not any(R.LIST_AND_RE.fullmatch(doc.low, doc.mentions[idx[j]].end_char, doc.mentions[idx[j + 1]].start_char)
               for j in range(lo, hi)):
        return []  # "Iraq, Syria" without a conjunction: an apposition or a dateline, not a list
    return list(dict.fromkeys(doc.mentions[idx[j]].code or "" for j in range(lo, hi + 1)))


def _names_country(text: str | None) -> bool:
    """Is this place text a country's own name or demonym (not a city or region in it)?"""
    if text is None or text in CAPITALS:
        return False
    hit = stand_ins.lookup(text, (stand_ins.PLACE,))
    return hit is None or common_name(hit.code).lower() in text.lower() or text.lower().startswith(
        common_name(hit.code).lower()[:4])


def _stand_in_place(doc: EventDoc, a: int, b: int, words: re.Pattern[str], look_from: int = -1) -> tuple[str, str] | None:
    """(ISO3, text) of the first capitalised phrase in [a, b) after a direction word that the
    actor table lists as a place ("dock at the port of Vlore", "into Hong Kong")."""
    for k, m in enumerate(stand_ins.CAPS_RE.finditer(doc.body, a, b)):
        if k >= R.STAND_IN_MAX_PHRASES:
            break
        if not words.search(doc.low, max(a if look_from < 0 else look_from, m.start() - R.STAND_IN_LOOKBACK), m.start()):
            continue
        hit = stand_ins.longest(m.group(), (stand_ins.PLACE,))
        if hit and len(hit.code) == 3:
            return hit.code, m.group()
    return None


def _stand_in_actor(doc: EventDoc, a: int, ts: int) -> tuple[str, str] | None:
    """(actor, kind) of the nearest capitalised phrase before the trigger in its clause that is a
    national institution or a leader (→ the country) or a non-state armed group (→ its name)."""
    found = list(stand_ins.CAPS_RE.finditer(doc.body, max(a, ts - R.STAND_IN_ACTOR_WINDOW), ts))
    for i in reversed(doc.m.within(max(a, ts - R.STAND_IN_ACTOR_WINDOW), ts)):  # a leader the text names in full
        x = doc.mentions[i]
        if x.kind == "person":
            leader = stand_ins.lookup(x.canonical or x.text, (stand_ins.LEADER,))
            if leader:
                return leader.code, "country"
    for m in reversed(found[-R.STAND_IN_MAX_PHRASES:]):
        hit = stand_ins.longest(m.group(), (stand_ins.INSTITUTION, stand_ins.LEADER, stand_ins.ARMED_GROUP))
        if hit is None:
            continue
        if hit.kind == stand_ins.ARMED_GROUP:
            return m.group().rstrip(".,'’"), "armed_group"
        return hit.code, "country"
    return None


def _troop_counts(doc: EventDoc, a: int, b: int) -> list[int]:
    """Counts in [a, b) that can size a movement; the military ones when there are ("660 armed
    forces and 800 security guards will be deployed": troops move, guards are posted)."""
    found = [i for i in doc.c.within(a, b)
             if doc.counts[i].number is not None and doc.counts[i].category in R.TROOP_COUNT_CATEGORIES
             and _names_its_people(doc, doc.counts[i])]
    military = [i for i in found if doc.counts[i].category == "military"]
    return military or found


def _nearest(rows: list, idx: list[int], pos: int) -> int | None:
    if len(idx) < 2:  # the common case: no or one candidate
        return idx[0] if idx else None
    return min(idx, key=lambda i: min(abs(rows[i].start_char - pos), abs(rows[i].end_char - pos)), default=None)




def _families(low: str) -> set[str]:
    """Event families a lower-cased text (the title) tells."""
    fams = set()
    for pos, stem in _anchors(low):
        fam = next((f for f, pat in R.TRIGGERS_BY_STEM[stem] if pat.match(low, pos)), None)
        if fam:
            fams.add(R.WITHDRAWAL if fam == R.RELOCATION else fam)
    return fams


def _confidence(ev: Event, doc: EventDoc, title: str | None, title_families: set[str]) -> float:
    """Stated fields add up (weights in event_rules); also sets the CAMEO code."""
    c = R.CONF_BASE + R.CONF_PER_EVIDENCE * min(len(ev.evidence), R.CONF_MAX_EVIDENCE)
    c += R.CONF_ACTOR if ev.actor_code else 0.0
    c += R.CONF_PLACE if (ev.origin_code or ev.destination) else 0.0
    c += R.CONF_SIZE if ev.size is not None else 0.0
    c += R.CONF_DATE if ev.date_index is not None else 0.0
    c += R.CONF_UNIT if ev.unit else 0.0
    c += R.CONF_HYPOTHETICAL if ev.status == "considered" else 0.0  # a demand is a stated act
    c += R.CONF_DEMAND if ev.event_type == R.EXPULSION else 0.0
    if title and ev.event_type in title_families:
        codes = {x for x in (ev.actor_code, ev.origin_code, ev.destination) if x}
        low = title.lower()
        if any(code in codes and name in low for name, code in country_names(doc).items()) or any(
                c_.lower() in low for c_ in codes if not is_code(c_)):
            c += R.CONF_TITLE
    if not ev.negated and (not ev.hypothetical or ev.event_type == R.EXPULSION):  # the demand itself is the act
        ev.cameo_code = R.CAMEO_CODES.get(ev.event_type)
    ev.actor_kind = ev.actor_kind if ev.actor_kind and ev.actor_code else actor_kind(ev.actor_code)
    return round(max(0.0, min(c, 1.0)), 3)
