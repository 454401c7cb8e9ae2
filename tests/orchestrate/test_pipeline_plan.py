"""Planning for several workers: the last batches are cut smaller, nothing lost or repeated."""

from __future__ import annotations

from flows.orchestrate.pipeline import balance_tail
from flows.read.inputs import InputFile
from flows.store.batch import WorkItem


def items(n: int, start: int = 0) -> list[WorkItem]:
    return [WorkItem(InputFile(f"/src/{i}.txt", f"{i}.txt", 100, 0), {}, False) for i in range(start, start + n)]


def test_the_tail_is_cut_so_that_workers_finish_together():
    batches = [items(2000, i * 2000) for i in range(5)]  # 5 big batches, 2 workers: one would run the 5th alone
    out = list(balance_tail(iter(batches), 2))
    assert [len(b) for b in out] == [2000, 2000, 2000, 1000, 1000, 1000, 1000]
    assert [it.file.rel for b in out for it in b] == [it.file.rel for b in batches for it in b]


def test_one_worker_and_short_runs_keep_their_batches():
    batches = [items(10), items(3, 10)]
    assert list(balance_tail(iter(batches), 1)) == batches
    assert [len(b) for b in balance_tail(iter([items(3)]), 2)] == [1, 1, 1]
    assert list(balance_tail(iter([]), 2)) == []
