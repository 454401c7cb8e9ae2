"""Injected I/O failures (ENOSPC, EIO) at every write step of a run's write path, and SIGKILLs
inside publishing: readers see each partition old or new, never a stray temporary file; once
recovered the warehouse is exactly the old one (failure before the manifest) or the new one
(after), with no child row without its document.

Covers failure 1 of issue 14 (a full disk during publish must not leave half a warehouse).
`devtools/reliability.py faults` runs the same with more seeds and kills.
"""

from __future__ import annotations

import errno
import shutil
from dataclasses import replace

import pytest

from devtools import localrun
from devtools.faultkit import FaultInjector, InjectedFault, partition_snapshot, write_steps
from flows.store.warehouse import MANIFEST, recover
from tests.conftest import write_files

ART = ("Troops leave the northern base\n\nAround {n} soldiers left the base on Monday, the defence "
       "ministry said in a statement.\n\nThe withdrawal of the {n} troops began in {month} and officials "
       "said it would be complete by the end of the year.\n")


def art(n: int, month: str = "March") -> str:
    return ART.format(n=n, month=month)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    """An old warehouse, and a source edited since: one document changed, one new, one now empty."""
    root = tmp_path_factory.mktemp("faults")
    src, wh = root / "src", root / "old"
    write_files(src, {"2025/05/01/a.txt": art(300), "2025/05/02/b.txt": art(120),
                      "2025/05/02/c.txt": art(45), "feed/2025-05-03.jsonl":
                      '{"id": "r1", "text": "Troops arrive\\n\\nSome 80 soldiers arrived on Friday."}\n'})
    localrun.run(src, wh, "r-old")
    write_files(src, {"2025/05/01/a.txt": art(350, "April"), "2025/05/03/d.txt": art(75), "2025/05/02/c.txt": b""})
    new = root / "new"
    shutil.copytree(wh, new)
    localrun.run(src, new, "r-new")
    return {"src": src, "old": wh, "new": new, "root": root}


def test_the_reference_run_changes_every_kind_of_partition(base):
    old, new = partition_snapshot(base["old"]), partition_snapshot(base["new"])
    assert old != new and any(k[1] == "2025-05-03" for k in new)
    assert localrun.orphans(base["new"]) == {} and localrun.duplicate_ids(base["new"]) == {}


# ENOSPC at every write step; EIO at every third (the long run in devtools.reliability does every step of both).
@pytest.mark.parametrize(("err", "stride"), [(errno.ENOSPC, 1), (errno.EIO, 3)])
def test_a_failure_at_any_write_step_leaves_old_or_new_partitions_and_recovers(base, tmp_path, err, stride):
    old, new = partition_snapshot(base["old"]), partition_snapshot(base["new"])
    steps = write_steps(lambda wh: localrun.write(localrun.prepare(base["src"], wh, "r-new")),
                        base["old"], tmp_path / "count")
    assert steps > 20
    survived = {"before_manifest": 0, "after_manifest": 0}
    prepared = localrun.prepare(base["src"], base["old"], "r-new")  # processing writes nothing: do it once
    for k in range(1, steps + 1, stride):
        wh = tmp_path / f"w{k}"
        shutil.copytree(base["old"], wh)
        p = replace(prepared, cfg=replace(prepared.cfg, warehouse=wh))
        with FaultInjector(fail_at=k, err=err) as inj, pytest.raises((InjectedFault, OSError, RuntimeError)):
            localrun.write(p)
        assert inj.fired, k
        manifest = (wh / "_staging" / "r-new" / MANIFEST).exists()
        assert not list(wh.glob("*/*/*.tmp-*")), f"step {k}: a temporary file was left behind"
        now = partition_snapshot(wh)
        for key in set(now) | set(old) | set(new):  # every partition readable, old or new
            assert now.get(key) in (old.get(key), new.get(key)), (k, key)
        if not manifest:
            assert now == old, f"step {k} ({inj.where}): published before the manifest"
            assert not (wh / "_staging" / "r-new").exists(), "staging kept without a manifest"
        recover(wh)
        assert partition_snapshot(wh) == (new if manifest else old), (k, inj.where)
        assert localrun.orphans(wh) == {} and localrun.duplicate_ids(wh) == {}
        assert not (wh / "_staging").exists() or not list((wh / "_staging").iterdir())
        if not manifest:  # the next run redoes the work and reaches the same tables
            localrun.write(p)
            assert partition_snapshot(wh) == new
        survived["after_manifest" if manifest else "before_manifest"] += 1
        shutil.rmtree(wh)
    assert survived["before_manifest"] > 5 // stride and survived["after_manifest"] > 5, survived


def test_publish_failure_keeps_the_manifest_and_says_the_next_run_finishes(base, tmp_path):
    from flows.store.warehouse import PublishIncomplete

    wh = tmp_path / "wh"
    shutil.copytree(base["old"], wh)
    p = localrun.prepare(base["src"], wh, "r-new")
    with FaultInjector(fail_at=1, err=errno.ENOSPC, only="publish"), \
            pytest.raises(PublishIncomplete, match="next newsflow run .* finishes publishing.*disk space"):
        localrun.write(p)
    assert (wh / "_staging" / "r-new" / MANIFEST).exists()
    # the recovery itself failing (still no space) keeps it too, and says so
    with FaultInjector(fail_at=1, err=errno.ENOSPC, only="publish"), pytest.raises(PublishIncomplete):
        recover(wh)
    assert (wh / "_staging" / "r-new" / MANIFEST).exists() and not list(wh.glob("*/*/*.tmp-*"))
    assert recover(wh) == ["rolled forward run r-new"]
    assert partition_snapshot(wh) == partition_snapshot(base["new"])


def test_sigkill_at_random_points_inside_publish(base, tmp_path):
    from devtools.faultkit import kill_inside_publish

    old, new = partition_snapshot(base["old"]), partition_snapshot(base["new"])
    results = kill_inside_publish(base["src"], base["old"], tmp_path, kills=6, seed=14)
    assert len(results) == 6
    for wh, outcome in results:
        now = partition_snapshot(wh)
        assert all(now.get(k) in (old.get(k), new.get(k)) for k in set(now) | set(old) | set(new)), outcome
        recover(wh)
        assert partition_snapshot(wh) == (old if outcome == "before_manifest" else new), outcome
        assert localrun.orphans(wh) == {} and not list(wh.glob("*/*/*.tmp-*"))
    assert sum(o == "inside_publish" for _, o in results) >= 3, results


def test_partitions_written_under_an_older_schema_are_conformed_not_stuck(base, tmp_path):
    """A column added since a partition was written (runs.repairs, docs_rejected_now) must not make
    publishing fail, which would leave every later run stuck rolling the same manifest forward."""
    import pyarrow.parquet as pq

    wh = tmp_path / "wh"
    shutil.copytree(base["old"], wh)
    for p in wh.glob("runs/*/part-0.parquet"):
        t = pq.read_table(p)
        pq.write_table(t.drop_columns(["repairs", "docs_rejected_now"]), p)  # as an older version wrote it
    for p in wh.glob("quotes/*/part-0.parquet"):
        t = pq.read_table(p)
        pq.write_table(t.drop_columns(["speaker"]), p)
    localrun.write(localrun.prepare(base["src"], wh, "r-new"))
    assert not (wh / "_staging" / "r-new").exists()
    runs = {r[0]: r[1:] for r in localrun.rows(wh, "runs", "run_id, docs_rejected_now, repairs")}
    assert runs["r-old"] == (0, []) and runs["r-new"][0] == 1
