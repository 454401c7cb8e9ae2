"""Extraction: metadata, mentions, counts, dates, quotes and events of one cleaned document.

`extract_all` runs the extractors in dependency order (metadata first: the publication
date anchors relative dates; mentions before counts: demonyms give a count its country;
everything before events). Each extractor degrades on its own: if one raises, its field is
empty, the failure is counted in `Extraction.field_errors`, and the document is kept.

Each document runs under a time budget (`budget_s`, default `budget.DEFAULT_BUDGET_S`): an
extractor still working when it is spent, and every extractor after it, leaves its field empty
and counts `extract_timeout` (see `flows/extract/budget.py`), so a pathological page degrades
instead of stalling its batch.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import TypeVar

from flows.model import (
    CleanedDoc,
    CountMention,
    DateMention,
    DocMeta,
    Event,
    Extraction,
    Mention,
    Quote,
    RawDocument,
)

T = TypeVar("T")
TIMEOUT = "extract_timeout"  # the field_errors key of a field left empty by the time budget


def _guard(errors: dict[str, int], name: str, fn: Callable[[], T], default: T) -> T:
    from flows.extract.budget import BudgetExceeded, expired

    try:
        if expired():
            raise BudgetExceeded
        return fn()
    except BudgetExceeded:
        errors[TIMEOUT] = errors.get(TIMEOUT, 0) + 1
        return default
    except Exception:  # noqa: BLE001 - per-field degradation is the point
        errors[name] = errors.get(name, 0) + 1
        return default


def extract_all(raw: RawDocument, cleaned: CleanedDoc, budget_s: float | None = None) -> Extraction:
    """Every field of one document; `budget_s` seconds at most (None: `DEFAULT_BUDGET_S`)."""
    from flows.extract.budget import DEFAULT_BUDGET_S, budget

    _warm_up()
    with budget(DEFAULT_BUDGET_S if budget_s is None else budget_s):
        return _extract_all(raw, cleaned)


_WARM: list[bool] = []
# Exercises every extractor once (imports, compiled gazetteer and trigger patterns, the actor
# table, the language model) so that the first document of a process is not charged seconds of set-up.
_WARM_TEXT = ('Kenya sent 300 soldiers to Somalia on May 5, 2024, the Pentagon said. "We will withdraw '
              'them," Defence Minister John Smith told reporters in Nairobi. The opposition called for '
              'the withdrawal of the Kenyan Defence Forces from Kismayo; 12 people were killed.')


def _warm_up() -> None:
    """Run the extractors once per process, outside any budget (see `_WARM_TEXT`)."""
    if _WARM:
        return
    _WARM.append(True)
    from datetime import date

    from flows.extract.actors import table
    from flows.extract.metadata import detect_language

    table()
    detect_language("Les troupes")  # a short text goes to py3langid, whose model loads on first use (~2 s)
    doc = CleanedDoc(title="Troops", body=_WARM_TEXT, lines=[], paragraphs=[])
    _extract_all(RawDocument("warm-up", "", _WARM_TEXT, "txt", date(2000, 1, 1)), doc)


def _extract_all(raw: RawDocument, cleaned: CleanedDoc) -> Extraction:
    from flows.extract.counts import extract_counts
    from flows.extract.dates import extract_dates
    from flows.extract.doctext import DocText
    from flows.extract.entities import extract_mentions
    from flows.extract.events import extract_events
    from flows.extract.metadata import extract_metadata, signoff_agencies
    from flows.extract.quotes import extract_quotes

    errors: dict[str, int] = {}
    body = cleaned.body
    text = DocText(body)  # sentence spans split once, shared by counts, quotes and events
    meta = _guard(errors, "metadata", lambda: extract_metadata(raw, cleaned), None)
    if meta is None:  # the fallback is built only when needed: len(body.split()) is not free
        meta = DocMeta(title=cleaned.title, n_words=len(body.split()), n_paragraphs=len(cleaned.paragraphs))
    meta.agencies = _guard(errors, "agencies", lambda: signoff_agencies(cleaned), [])
    mentions: list[Mention] = _guard(errors, "mentions", lambda: extract_mentions(body, meta), [])
    dates: list[DateMention] = _guard(errors, "dates", lambda: extract_dates(body, meta.published_date), [])
    counts: list[CountMention] = _guard(errors, "counts", lambda: extract_counts(body, mentions, text), [])
    quotes: list[Quote] = _guard(errors, "quotes", lambda: extract_quotes(body, mentions, text), [])
    events: list[Event] = _guard(errors, "events",
                                 lambda: extract_events(body, meta, mentions, counts, dates, text=text), [])
    counts = _distinct(body, counts, events)
    # Headlines often carry the count ("Sudani orders return of 500 Iraqi soldiers"); the title is
    # not part of the body, so these rows index the title (in_title) and come after the body's,
    # leaving the events' count indices as they were.
    said = {(c.number, c.noun.lower().split()[-1].rstrip("s")) for c in counts if c.number is not None}
    in_title: list[CountMention] = _guard(errors, "title_counts", lambda: _title_counts(meta), [])
    counts += [c for c in in_title if c.number is None or (c.number, c.noun.lower().split()[-1].rstrip("s")) not in said]
    return Extraction(meta, mentions, counts, dates, quotes, events, errors)


def _distinct(body: str, counts: list[CountMention], events: list[Event]) -> list[CountMention]:
    """Counts said twice become one row (see `counts.distinct_counts`); events follow the rows."""
    from flows.extract.counts import distinct_counts

    kept, index = distinct_counts(body, counts)
    for ev in events:
        if ev.count_index is not None:
            ev.count_index = index.get(ev.count_index)
            if ev.count_index is None:
                ev.size = None
    return kept


def _title_counts(meta: DocMeta) -> list[CountMention]:
    from flows.extract.counts import extract_counts
    from flows.extract.entities import extract_mentions
    from flows.extract.numbers import iter_quantities

    # Most titles hold no number phrase; then there is no count, and the title's mentions
    # (needed only for the counts' countries) are not worth finding.
    if not meta.title or next(iter_quantities(meta.title), None) is None:
        return []
    out = extract_counts(meta.title, extract_mentions(meta.title, DocMeta()))
    for c in out:
        c.in_title = True
    return out


def extract(cleaned: CleanedDoc, raw: RawDocument | None = None) -> Extraction:
    """Everything newsflow extracts from a cleaned document, with offsets into `cleaned.body`.

    `raw` (the input document: URL, fetch time, HTML metadata) sharpens the metadata; without
    it the document is read as plain text fetched today.
    """
    from datetime import UTC, datetime

    if raw is None:
        raw = RawDocument(source_uri="", content_sha256="", text="\n".join(x.text for x in cleaned.lines),
                          fmt="txt", partition_date=datetime.now(UTC).date())
    return extract_all(raw, cleaned)


class _CallableStage(types.ModuleType):
    """`flows.extract(cleaned)` calls `extract`: the public API name is also this package's name."""

    def __call__(self, cleaned: CleanedDoc, raw: RawDocument | None = None) -> Extraction:
        return extract(cleaned, raw)


sys.modules[__name__].__class__ = _CallableStage
