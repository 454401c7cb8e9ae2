"""Document-level merging of troop-movement events (see flows/extract/events.py).

A document tells one movement several times (standfirst, body, title): candidates that
agree on every stated field and share a place become one event whose later tellings are
evidence sentences. A background "was deployed to X" in a story about the withdrawal from
X is folded into that withdrawal.
"""

from __future__ import annotations

from flows.extract import event_rules as R
from flows.model import Event


def compatible(a: Event, b: Event, loose: bool) -> bool:
    """Can `b` be another telling of `a`? No field may disagree, and they must share a
    place unless `b` is a bare restatement ("the withdrawal of their troops"). A reference
    page lists many movements of one actor, so there (`loose` False) a place is needed."""
    if (a.event_type, a.negated, a.hypothetical) != (b.event_type, b.negated, b.hypothetical):
        return False
    for x, y in ((a.actor_code, b.actor_code), (a.origin_code, b.origin_code),
                 (a.destination, b.destination), (a.size, b.size), (a.date_value, b.date_value)):
        if x is not None and y is not None and x != y:
            return False
    if (a.origin_code is not None and a.origin_code == b.origin_code) or (
            a.destination is not None and a.destination == b.destination):
        return True
    return loose and b.origin_code is None and b.destination is None and b.date_index is None


# Families that tell the same kind of move: a demand that troops leave, their withdrawal and their
# redeployment out of a country are one movement told from different sides.
_FAMILY = {R.EXPULSION: R.WITHDRAWAL, R.RELOCATION: R.WITHDRAWAL, R.NO_DECISION: R.WITHDRAWAL}


def same_move(a: Event, b: Event) -> bool:
    """Is `b` the same movement as `a` told with another status ("reported … denied", "urged …
    ruled out")? Same mover and family, no stated field disagrees, and a shared place (or none)."""
    if a.actor_code is None or a.actor_code != b.actor_code or a.event_type == R.TRAINING or b.event_type == R.TRAINING:
        return False
    if _FAMILY.get(a.event_type, a.event_type) != _FAMILY.get(b.event_type, b.event_type):
        return False
    for x, y in ((a.origin_code, b.origin_code), (a.destination, b.destination), (a.size, b.size),
                 (a.date_value, b.date_value)):
        if x is not None and y is not None and x != y:
            return False
    return True


def fill(into: Event, other: Event, places: bool = True) -> None:
    """Give `into` what it lacks and `other` has (size with its count index, and so on)."""
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
        if into.origin_code is None:
            into.origin_code, into.origin_text = other.origin_code, other.origin_text
        if into.destination is None:
            into.destination, into.destination_text = other.destination, other.destination_text


def merge(candidates: list[Event], loose: bool) -> list[Event]:
    """One event per movement: later tellings become evidence of the first. In news (`loose`) a
    telling with another status joins it too; a denial makes the movement denied (negated).

    Linear in practice: a candidate is compared only with the events that can match it —
    `compatible` needs the same (type, negated, hypothetical), `same_move` the same mover and
    family — found through two indexes that keep first-seen order, so the first match is the
    one a scan of all events would find. A page of thousands of tellings of one move still
    compares within its bucket, so the loop also checks the document's time budget."""
    from flows.extract.budget import check

    events: list[Event] = []
    by_kind: dict[tuple, list[Event]] = {}
    by_mover: dict[tuple, list[Event]] = {}
    for ev in candidates:
        check()
        same = next((e for e in by_kind.get(_kind(ev), ()) if compatible(e, ev, loose)), None)
        if same is None and loose:
            same = next((e for e in by_mover.get(_mover(ev), ()) if same_move(e, ev)), None)
            if same is not None and ev.negated and not same.negated:
                _index_remove(by_kind, same)
                same.negated, same.hypothetical, same.status, same.cameo_code = True, False, "denied", None
                by_kind.setdefault(_kind(same), []).append(same)
                _resort(by_kind[_kind(same)], events)
        if same is None:
            events.append(ev)
            by_kind.setdefault(_kind(ev), []).append(ev)
            by_mover.setdefault(_mover(ev), []).append(ev)
            continue
        before = _mover(same)
        fill(same, ev)  # may set a missing actor_code: the mover index follows
        if _mover(same) != before:
            by_mover.setdefault(_mover(same), []).append(same)
            _resort(by_mover[_mover(same)], events)
        span = (ev.start_char, ev.end_char)
        if span != (same.start_char, same.end_char) and span not in same.evidence:
            same.evidence.append(span)
    return events


def _kind(e: Event) -> tuple:
    return (e.event_type, e.negated, e.hypothetical)


def _mover(e: Event) -> tuple:
    return (e.actor_code, _FAMILY.get(e.event_type, e.event_type))


def _index_remove(index: dict[tuple, list[Event]], ev: Event) -> None:
    for bucket in index.values():
        for i, e in enumerate(bucket):
            if e is ev:
                del bucket[i]
                return


def _resort(bucket: list[Event], events: list[Event]) -> None:
    """Keep a bucket in the events' first-seen order (rare: after a denial or a filled mover)."""
    if len(bucket) > 1:
        order = {id(e): i for i, e in enumerate(events)}
        bucket.sort(key=lambda e: order[id(e)])


def fold_background(events: list[Event]) -> list[Event]:
    """An undated "the contingent was deployed to X" in a story about its withdrawal from
    X describes the force being withdrawn, not a second movement: fold it in."""
    withdrawals = [e for e in events if e.event_type == R.WITHDRAWAL and not (e.negated or e.hypothetical)]
    out = []
    for ev in events:
        host = None
        if ev.event_type == R.DEPLOYMENT and ev.date_index is None and ev.destination and not (
                ev.negated or ev.hypothetical):
            host = next((w for w in withdrawals if w.actor_code == ev.actor_code and w.origin_code == ev.destination
                         and (ev.size is None or w.size in (None, ev.size))), None)
        if host is None:
            out.append(ev)
        else:
            fill(host, ev, places=False)
    return out


