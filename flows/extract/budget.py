"""A per-document time budget that extractors check between units of work.

Every extractor is meant to be linear in its document, but a page unlike anything seen (a
megabyte of table cells, a text with no sentence ends) can still be slow, and one slow
document must not stall a batch of thousands. Python cannot interrupt a running function
safely from outside (signals work only in the main thread, and Dask runs tasks in worker
threads), so the budget is cooperative: `extract_all` opens a deadline for the document,
the extractors' loops call `check()` once per sentence, match or candidate (a clock read,
about 50 ns), and a call past the deadline raises `BudgetExceeded`. `extract_all` catches
it like any extractor failure: that field is empty and `extract_timeout` is counted in
`Extraction.field_errors` (the run adds these up in `runs.field_errors`); the extractors
still to run are skipped the same way, so a document over budget costs at most the budget
plus one unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import perf_counter

# Seconds one document may spend in extraction. Seed-sized news takes about 2 ms; the
# default leaves a thousand-fold margin for long pages and stops only the pathological.
DEFAULT_BUDGET_S = 2.0

_deadline: ContextVar[float | None] = ContextVar("newsflow_extract_deadline", default=None)


class BudgetExceeded(Exception):
    """The document's extraction budget is spent."""


def check() -> None:
    """Raise `BudgetExceeded` when the current document's deadline has passed."""
    deadline = _deadline.get()
    if deadline is not None and perf_counter() > deadline:
        raise BudgetExceeded


def expired() -> bool:
    deadline = _deadline.get()
    return deadline is not None and perf_counter() > deadline


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a deadline `seconds` from now (None: no limit)."""
    token = _deadline.set(None if seconds is None else perf_counter() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)
