"""Cross-document event stories: one row per real-world movement, built from `events` rows.

Many outlets tell the same movement, and one outlet may tell it twice. Each per-document event
(a *member*) joins the story it is compatible with, or starts a new one:

- **same movement kind**: same `event_type` and same actor (`actor_code` + `actor_kind`); an event
  without an actor only joins a story on a matching stated country (origin or destination);
- **compatible places**: origin codes equal or one of them unknown, destination codes likewise;
- **sizes within tolerance**: both unknown, one unknown, or within `SIZE_TOLERANCE` (relative) of a
  size the story already has ("about 500" and "520" agree; 500 and 5,000 do not);
- **dates within tolerance**: the member's time span (its `event_date` at its granularity when that
  is day or month, else its report date) lies within `DATE_TOLERANCE_DAYS` of the story's span;
- **a positive anchor**: at least one stated fact agrees (an origin or destination code, or a size;
  two undated sides need two), so that two bare "the US deployed troops" sentences a week apart
  are not taken for one movement. Dates at day/month precision on both sides only rank candidates.

The grouping is *online* and *append-only*: a member is compared with the stories that exist when
it arrives (blocked by type, actor and month, so each comparison set stays small and the work is
linear in the number of events) and never moves later; stories never merge. That is what makes
a run incremental (a run adds its events to the stories in `_state/stories.parquet` without
rebuilding them) and story ids stable: a story's id and partition come from its founding member
and do not change while it has members. Contradictions are kept visible, not resolved: the
story reports the range of sizes (`size_min`/`size_max`), every status told (`statuses`) and how
many members deny it (`n_denied`).

Pure functions and plain data: no I/O except `load_index`/`write_index` of the state file.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Any

import pyarrow as pa

from flows.fs import Storage
from flows.store.state import read_state_table, write_table_to

# A size agrees with another within this share of the larger one (reports round: "about 500",
# "some 450", "520 soldiers"); 500 vs 1,000 is a different movement or a contradiction.
SIZE_TOLERANCE = 0.25
# Days of slack between a member's time span and its story's: follow-up reports of one movement
# come within days to a few weeks of it.
DATE_TOLERANCE_DAYS = 21
# A story's span may not grow past this, so chains of reports cannot drift into next season.
MAX_STORY_SPAN_DAYS = 120
# A member or story without any date joins only on this many agreeing facts (places, size).
UNDATED_MIN_ANCHORS = 2.0
# Stories compared per block (type, actor, month, place): the latest changed ones. Bounds the work
# per event however many stories an actor has; an older story of the same block is not found.
BLOCK_LOOKBACK = 64
_ANY = "*"  # block wildcard: every place / every time
# Blocking window: a member is compared with stories whose span touches its month or the next/previous.
_BUCKET_DAYS = 31

# Ranking of statuses, to name the story's best-supported one on ties (done beats announced …).
_STATUS_RANK = {"done": 0, "announced": 1, "considered": 2, "demanded": 3, "denied": 4}

INDEX_SCHEMA = pa.schema([
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("story_key", pa.date32(), nullable=False),   # the story's partition (its founder's)
    pa.field("partition", pa.date32(), nullable=False),   # the member document's partition
    pa.field("event_type", pa.string(), nullable=False),
    pa.field("status", pa.string()),
    pa.field("actor_code", pa.string()),
    pa.field("actor_kind", pa.string()),
    pa.field("origin_code", pa.string()),
    pa.field("destination_code", pa.string()),
    pa.field("size", pa.int64()),
    pa.field("event_date", pa.date32()),
    pa.field("event_date_granularity", pa.string()),
    pa.field("reported", pa.date32(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("report_known", pa.bool_(), nullable=False),
])


@dataclass(frozen=True, slots=True)
class Member:
    """One per-document event with what grouping needs of it and of its document."""

    event_id: str
    doc_id: str
    partition: date          # landing date of the document (its rows' partition)
    event_type: str
    status: str | None
    actor_code: str | None
    actor_kind: str | None
    origin_code: str | None
    destination_code: str | None
    size: int | None
    event_date: date | None
    event_date_granularity: str | None
    reported: date           # when it was reported: published_date, else landing date
    source: str              # publisher, else URL host, else the document itself
    report_known: bool = True  # False: no published date (reported is only the landing date)

    def span(self) -> tuple[date, date] | None:
        """The days this member can be about: its event date's period (day or month), else the
        day it was published; None when neither is known (a landing date says when a page was
        fetched, not when the movement happened). Years and decades are too vague to use."""
        d, g = self.event_date, self.event_date_granularity
        if d is not None and g == "day":
            return d, d
        if d is not None and g == "month":
            return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
        if self.report_known:
            return self.reported, self.reported
        return None

    @property
    def dated(self) -> bool:
        return self.event_date is not None and self.event_date_granularity in ("day", "month")


@dataclass
class Story:
    """A story's members plus running tallies of what matching asks (places, sizes, documents,
    dates), so that comparing an event with a story costs the same for 2 members as for 20,000."""

    story_id: str
    key: date
    members: dict[str, Member] = field(default_factory=dict)
    origins: Counter = field(default_factory=Counter)
    destinations: Counter = field(default_factory=Counter)
    sizes: Counter = field(default_factory=Counter)
    docs: Counter = field(default_factory=Counter)
    starts: Counter = field(default_factory=Counter)
    ends: Counter = field(default_factory=Counter)
    n_dated: int = 0
    lo: date = date.max
    hi: date = date.min

    def _tally(self, m: Member, k: int) -> None:
        sp = m.span()
        pairs: list[tuple[Counter, Any]] = [(self.origins, m.origin_code), (self.destinations, m.destination_code),
                                            (self.sizes, m.size), (self.docs, m.doc_id)]
        if sp is not None:
            pairs += [(self.starts, sp[0]), (self.ends, sp[1])]
        for counter, v in pairs:
            if v is not None:
                counter[v] += k
                if counter[v] <= 0:
                    del counter[v]
        self.n_dated += k if m.dated else 0
        self.lo = min(self.starts, default=date.max)
        self.hi = max(self.ends, default=date.min)

    def add(self, m: Member) -> None:
        self.members[m.event_id] = m
        self._tally(m, 1)

    def remove(self, event_id: str) -> None:
        m = self.members.pop(event_id, None)
        if m is not None:
            self._tally(m, -1)

    @property
    def dated(self) -> bool:
        return self.lo <= self.hi

    @property
    def head(self) -> Member:
        return next(iter(self.members.values()))


def story_id_for(founder_event_id: str) -> str:
    """`s` + 16 hex of sha256(founding event id): fixed at founding, stable while the story lives."""
    return "s" + hashlib.sha256(founder_event_id.encode()).hexdigest()[:16]


def _sizes_agree(a: int, b: int) -> bool:
    return abs(a - b) <= SIZE_TOLERANCE * max(a, b, 1)


def compatible(story: Story, m: Member) -> float | None:
    """How well `m` fits `story` (higher is better), or None when it must not join it."""
    h = story.head
    if h.event_type != m.event_type or h.actor_code != m.actor_code or h.actor_kind != m.actor_kind:
        return None
    if m.doc_id in story.docs:
        return None  # a document's events are distinct movements by construction (one row per movement)
    sp = m.span()
    gap = 0
    if sp is not None and story.dated:
        a, b = sp
        slack = timedelta(days=DATE_TOLERANCE_DAYS)
        if a > story.hi + slack or b < story.lo - slack:
            return None
        if (max(b, story.hi) - min(a, story.lo)).days > MAX_STORY_SPAN_DAYS:
            return None
        gap = max(0, (a - story.hi).days, (story.lo - b).days)
    anchors = 0.0
    place_anchor = False
    for mine, theirs in ((m.origin_code, story.origins), (m.destination_code, story.destinations)):
        if mine is None:
            continue
        if theirs and mine not in theirs:
            return None
        if mine in theirs:
            anchors += 1.0
            place_anchor = True
    if m.size is not None:
        if story.sizes:
            if not any(_sizes_agree(m.size, s) for s in story.sizes):
                return None
            anchors += 1.0
    if m.dated and story.n_dated:
        anchors += 0.5
    if m.actor_code is None and not place_anchor:
        return None
    # without a time to compare, the stated facts alone must tell it is the same movement
    if anchors < (1.0 if sp is not None and story.dated else UNDATED_MIN_ANCHORS):
        return None
    # nearer in time is better among equally anchored stories
    return anchors - gap / (10 * DATE_TOLERANCE_DAYS)


class StoryIndex:
    """Every story's members, blocked by (type, actor, month) for linear-time assignment."""

    def __init__(self) -> None:
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}                  # event_id -> story_id
        self.events_of_doc: dict[str, list[str]] = {}       # doc_id -> event_ids
        # (type, actor, kind, 31-day bucket | None (undated) | ANY, place | None | ANY) -> story ids, latest last
        self._blocks: dict[tuple[Any, ...], dict[str, None]] = {}
        self.touched: set[str] = set()                      # stories changed since load
        self.removed: dict[str, date] = {}                  # stories emptied since load -> partition

    # -- blocking ---------------------------------------------------------------------------
    @staticmethod
    def _bucket(d: date) -> int:
        return d.toordinal() // _BUCKET_DAYS

    @staticmethod
    def _kind(m: Member) -> tuple[Any, ...]:
        return (m.event_type, m.actor_code, m.actor_kind)

    @staticmethod
    def _place(event_type: str, origin: str | None, destination: str | None) -> str | None:
        """The place a movement of this type is best told apart by: where a withdrawal or an
        expulsion leaves from, where any other movement goes."""
        return origin if event_type in ("withdrawal", "expulsion_demand") else destination

    def _story_place(self, story: Story) -> str | None:
        h = story.head  # a story has at most one origin and one destination code (compatible())
        return self._place(h.event_type, next(iter(story.origins), None), next(iter(story.destinations), None))

    def _touch(self, key: tuple[Any, ...], sid: str) -> None:
        block = self._blocks.setdefault(key, {})
        block.pop(sid, None)
        block[sid] = None  # most recently changed last

    def _register(self, story: Story) -> None:
        k = self._kind(story.head)
        place = self._story_place(story)
        buckets: Iterable[int | None] = (range(self._bucket(story.lo), self._bucket(story.hi) + 1)
                                         if story.dated else (None,))
        for b in buckets:
            self._touch((*k, b, place), story.story_id)
            self._touch((*k, b, _ANY), story.story_id)
        self._touch((*k, _ANY, _ANY), story.story_id)

    def _scan(self, key: tuple[Any, ...]) -> Iterator[str]:
        yield from islice(reversed(self._blocks.get(key, {})), BLOCK_LOOKBACK)

    def _candidates(self, m: Member) -> Iterator[str]:
        """Stories `m` may join: same type and actor; near in time or undated; and with the same
        place or none (when `m` names one). Each block yields its BLOCK_LOOKBACK latest stories,
        so the work per event is bounded however many stories an actor has."""
        k = self._kind(m)
        sp = m.span()
        place = self._place(m.event_type, m.origin_code, m.destination_code)
        if sp is None:
            yield from self._scan((*k, _ANY, _ANY))
            return
        slack = timedelta(days=DATE_TOLERANCE_DAYS)
        places = (place, None) if place is not None else (_ANY,)
        seen: set[str] = set()
        buckets = [*range(self._bucket(sp[0] - slack), self._bucket(sp[1] + slack) + 1), None]
        for b in buckets:
            for p in places:
                for sid in self._scan((*k, b, p)):
                    if sid not in seen:
                        seen.add(sid)
                        yield sid

    # -- changes ----------------------------------------------------------------------------
    def restore(self, m: Member, story_id: str, key: date) -> None:
        """Put back a member as the state file recorded it (no matching: ids stay as they were)."""
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = Story(story_id, key)
        story.add(m)
        self.story_of[m.event_id] = story_id
        self.events_of_doc.setdefault(m.doc_id, []).append(m.event_id)

    def reindex(self) -> None:
        """Build the blocks after restoring (one pass, in the order stories were last changed)."""
        for story in self.stories.values():
            self._register(story)

    def assign(self, m: Member) -> str:
        """Add one member: join the best compatible story, else found one. Returns its story_id."""
        if m.event_id in self.story_of:
            self.remove_event(m.event_id)
        best: tuple[float, str] | None = None
        for sid in self._candidates(m):
            story = self.stories.get(sid)
            if story is None or not story.members:
                continue
            score = compatible(story, m)
            if score is not None and (best is None or (score, sid) > best):
                best = (score, sid)
        if best is None:
            sid = story_id_for(m.event_id)
            if sid in self.stories:  # the founder's id is taken (a re-told event id): derive another
                sid = story_id_for(f"{m.event_id}#{len(self.stories)}")
            story = Story(sid, self.removed.pop(sid, m.partition))
            self.stories[sid] = story
        else:
            sid = best[1]
            story = self.stories[sid]
        story.add(m)
        self.story_of[m.event_id] = sid
        self.events_of_doc.setdefault(m.doc_id, []).append(m.event_id)
        self._register(story)
        self.touched.add(sid)
        return sid

    def remove_event(self, event_id: str) -> None:
        sid = self.story_of.pop(event_id, None)
        if sid is None:
            return
        story = self.stories[sid]
        story.remove(event_id)
        self.touched.add(sid)
        if not story.members:
            self.removed[sid] = story.key
            del self.stories[sid]
        else:
            self._register(story)

    def remove_docs(self, doc_ids: Iterable[str]) -> None:
        """Forget these documents' events (a reprocessed document brings its events anew)."""
        for d in doc_ids:
            for eid in self.events_of_doc.pop(d, []):
                self.remove_event(eid)

    def remove_partitions(self, keep: Any) -> None:
        """Backfill: forget the members whose document partition fails `keep(date)`."""
        gone = {m.doc_id for s in self.stories.values() for m in s.members.values() if not keep(m.partition)}
        self.remove_docs(gone)

    def assign_all(self, members: Iterable[Member]) -> dict[str, str]:
        """Assign members in the order given (the run's order of documents, then event ids), so
        that the stories do not depend on how a run cuts its documents into batches or validation
        passes. Returns event_id -> story_id."""
        return {m.event_id: self.assign(m) for m in members}

    # -- output -----------------------------------------------------------------------------
    def story_rows(self, story_ids: Iterable[str], run_id: str) -> Iterator[tuple[date, dict[str, Any]]]:
        """(partition, stories row) for each live story of `story_ids`."""
        for sid in sorted(story_ids):
            story = self.stories.get(sid)
            if story is not None and story.members:
                yield story.key, story_row(story, run_id)


def _most_supported(values: list[Any], rank: Any = None) -> Any:
    """The value told by the most members (then the smallest rank, then the first told)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    c = Counter(present)
    return max(c, key=lambda v: (c[v], -(rank(v) if rank else 0)))


def story_row(story: Story, run_id: str) -> dict[str, Any]:
    """The `stories` row of one story (see flows/store/schemas.py STORIES)."""
    ms = sorted(story.members.values(), key=lambda m: (m.reported, m.event_id))
    h = ms[0]
    sizes = [m.size for m in ms if m.size is not None]
    # best-supported size: the one most members agree with (within tolerance), then the most told
    best_size = None
    if sizes:
        best_size = max(sizes, key=lambda s: (sum(_sizes_agree(s, t) for t in sizes), sizes.count(s), -s))
    dated = [m for m in ms if m.event_date is not None]
    first = min(dated, key=lambda m: (m.event_date, m.event_date_granularity != "day"), default=None)
    statuses = sorted({m.status for m in ms if m.status}, key=lambda s: _STATUS_RANK.get(s, 9))
    return dict(
        story_id=story.story_id, event_type=h.event_type, actor_code=h.actor_code, actor_kind=h.actor_kind,
        status=_most_supported([m.status for m in ms], lambda s: _STATUS_RANK.get(s, 9)),
        statuses=statuses, n_denied=sum(1 for m in ms if m.status == "denied"),
        origin_code=_most_supported([m.origin_code for m in ms]),
        destination_code=_most_supported([m.destination_code for m in ms]),
        size=best_size, size_min=min(sizes) if sizes else None, size_max=max(sizes) if sizes else None,
        n_sizes=len(set(sizes)),
        event_date=first.event_date if first else None,
        event_date_granularity=first.event_date_granularity if first else None,
        first_reported=min(m.reported for m in ms), last_reported=max(m.reported for m in ms),
        n_events=len(ms), n_documents=len({m.doc_id for m in ms}), n_sources=len({m.source for m in ms}),
        event_ids=[m.event_id for m in ms], doc_ids=sorted({m.doc_id for m in ms}), run_id=run_id,
    )


def members_from_tables(events: pa.Table, documents: pa.Table, doc_partition: dict[str, date]) -> list[Member]:
    """Members from a batch's `events` rows and their `documents` rows (publisher, dates, URL)."""
    from urllib.parse import urlparse

    docs: dict[str, tuple[date | None, str | None]] = {}
    cols = documents.select(["doc_id", "published_date", "publisher", "url"]).to_pylist()
    for d in cols:
        src = d["publisher"]
        if not src and d["url"]:
            src = (urlparse(d["url"]).hostname or "").removeprefix("www.") or None
        docs[d["doc_id"]] = (d["published_date"], src)
    out = []
    for e in events.select(["event_id", "doc_id", "event_type", "status", "actor_code", "actor_kind",
                            "origin_code", "destination_code", "size", "event_date",
                            "event_date_granularity"]).to_pylist():
        part = doc_partition.get(e["doc_id"])
        if part is None:
            continue
        pub, src = docs.get(e["doc_id"], (None, None))
        out.append(Member(e["event_id"], e["doc_id"], part, e["event_type"], e["status"], e["actor_code"],
                          e["actor_kind"], e["origin_code"], e["destination_code"], e["size"], e["event_date"],
                          e["event_date_granularity"], pub or part, src or f"doc:{e['doc_id']}", pub is not None))
    return out


def load_index(wh: Storage, rel: str) -> StoryIndex:
    """The stories state file (one row per member) as an index; empty when there is none."""
    idx = StoryIndex()
    t = read_state_table(wh, rel, INDEX_SCHEMA)
    if t is None:
        return idx
    for r in t.to_pylist():
        m = Member(r["event_id"], r["doc_id"], r["partition"], r["event_type"], r["status"], r["actor_code"],
                   r["actor_kind"], r["origin_code"], r["destination_code"], r["size"], r["event_date"],
                   r["event_date_granularity"], r["reported"], r["source"], r["report_known"])
        idx.restore(m, r["story_id"], r["story_key"])
    idx.reindex()
    return idx


def write_index(idx: StoryIndex, wh: Storage, rel: str) -> None:
    rows = [dict(event_id=m.event_id, doc_id=m.doc_id, story_id=s.story_id, story_key=s.key,
                 partition=m.partition, event_type=m.event_type, status=m.status, actor_code=m.actor_code,
                 actor_kind=m.actor_kind, origin_code=m.origin_code, destination_code=m.destination_code,
                 size=m.size, event_date=m.event_date, event_date_granularity=m.event_date_granularity,
                 reported=m.reported, source=m.source, report_known=m.report_known)
            for s in idx.stories.values() for m in s.members.values()]
    write_table_to(wh, rel, pa.Table.from_pylist(rows, schema=INDEX_SCHEMA))
