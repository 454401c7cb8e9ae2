"""Benchmark: a small run (150 docs, workers 1) whose JSON report has every field, plus unit checks."""

from __future__ import annotations

import json

import pytest

from flows.bench import runner as bench


@pytest.fixture(scope="module")
def small_report(tmp_path_factory, monkeypatch_module) -> dict:
    work = tmp_path_factory.mktemp("bench")
    # a fresh Prefect home per test session: the subprocess's temporary server must not touch the user's
    monkeypatch_module.setenv("PREFECT_HOME", str(work / "prefect_home"))
    out = work / "bench.json"
    rc = bench.main(["--docs", "150", "--workdir", str(work), "--out", str(out), "--profile-docs", "30",
                     "--days", "10"])
    assert rc == 0
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.mark.flow
def test_small_benchmark_report_has_every_field(small_report):
    r = small_report
    assert set(bench.REPORT_FIELDS) <= r.keys()
    assert r["corpus"]["docs"] == 150 and r["corpus"]["days"] == 10
    assert r["io_floor"]["files"] > 0 and r["io_floor"]["docs_per_s"] > 0 and r["io_floor"]["mb_per_s"] > 0
    full = r["full"]
    assert full["docs_seen"] == 150 and full["docs_written"] + full["docs_rejected"] == 150
    for key in ("wall_s", "docs_per_s", "mb_per_s", "peak_rss_mb", "peak_rss_main_mb", "startup_s", "stages_s",
                "stage_share", "timers_s", "command"):
        assert full[key] is not None, key
    assert set(full["stages_s"]) == set(bench.STAGE_GROUPS)
    for stage in ("read", "clean", "extract", "validate", "write"):
        assert full["stages_s"][stage] > 0, stage
    assert sum(full["stages_s"].values()) == pytest.approx(full["wall_s"], abs=0.05)
    assert full["peak_rss_mb"] >= full["peak_rss_main_mb"] > 50
    inc = r["incremental"]
    assert inc["new_docs"] == 2 and inc["docs_seen"] == 152 and inc["docs_written"] + inc["docs_rejected"] == 2
    assert 0 < inc["share_of_full_time"]
    assert set(r["goals"]) == set(bench.GOALS)
    assert r["goals"]["speedup_1_to_2_workers"]["met"] is None  # --scaling was not asked for
    by = full["peak_rss_by_process_mb"]
    assert by["flow"] and r["goals"]["peak_rss_per_process_mb"]["value"] == max(by["flow"] + by.get("dask-worker", []))
    assert {"txt", "html", "jsonl"} <= r["stage_profile"].keys()
    assert r["scaling"] is None and r["memory"] is None


@pytest.mark.flow
def test_corpus_is_reused_and_left_unchanged_by_the_incremental_run(small_report, tmp_path):
    from pathlib import Path

    corpus = Path(small_report["corpus"]["path"])
    n_files = sum(1 for p in corpus.rglob("*") if p.is_file())
    assert n_files == small_report["corpus"]["txt"] + small_report["corpus"]["html"] + \
        small_report["corpus"]["jsonl_files"] + 1  # + the .corpus.json marker
    args = bench.build_parser().parse_args(["--docs", "150", "--days", "10", "--workdir", str(corpus.parent)])
    path, info = bench.ensure_corpus(args, 150, corpus.name)
    assert path == corpus and info["reused"]


def test_stage_groups_leave_orchestration_as_the_remainder():
    timers = {"read": [1.0, 10], "plan": [0.5, 2], "clean": [2.0, 5], "extract": [3.0, 5], "records": [0.5, 5],
              "validate": [1.0, 9], "validate_setup": [4.0, 1], "write_batch": [1.0, 9], "finish": [2.0, 1],
              "stage": [1.0, 9], "publish": [1.0, 1], "data_docs": [0.5, 1]}
    out = bench._stages({"timers": timers, "marks": {"flow_start": 105.0, "flow_end": 119.0}}, 100.0, 20.0, 1)
    s = out["stages_s"]
    assert s["read"] == 1.5 and s["clean"] == 2.0 and s["extract"] == 3.0 and s["validate"] == 5.0
    # write = rows 0.5 + staging in the task 1 + the driver's taking of batches 1 and finish 2 (publish, docs inside)
    assert s["write"] == pytest.approx(4.5)
    assert s["orchestration"] == pytest.approx(20.0 - 16.0)
    assert out["startup_s"] == 5.0 and out["teardown_s"] == 1.0


def test_parallel_runs_report_worker_stages_as_unknown():
    timers = {"validate": [1.0, 9], "write_batch": [2.0, 1], "finish": [1.0, 1]}
    out = bench._stages({"timers": timers, "marks": {}}, 0.0, 10.0, 2)
    assert out["stages_s"]["read"] is None and out["stages_s"]["extract"] is None
    assert out["stages_s"]["orchestration"] == pytest.approx(10.0 - 1.0 - 3.0)


def test_goals_compare_against_targets():
    r = {"full": {"docs_per_s": 40.0, "peak_rss_mb": 1900.0,  # the whole tree: Prefect's server counts there, not here
                  "peak_rss_by_process_mb": {"flow": [700.0], "dask-worker": [900.0, 800.0], "prefect-server": [400.0]},
                  "stage_share": {"orchestration": 0.2, "validate": 0.1}},
         "io_floor": {"docs_per_s": 100.0}, "scaling": {"speedup": 1.8},
         "incremental": {"share_of_full_time": 0.2},
         "memory": {"peak_rss_mb": 2500.0, "peak_rss_by_process_mb": {"flow": [1500.0]}}}
    g = bench.goals(r)
    assert g["flow_vs_io_floor_docs_per_s"]["met"] and g["speedup_1_to_2_workers"]["met"]
    assert g["incremental_share_of_full_time"]["met"] is False and g["orchestration_share"]["met"] is False
    assert g["validation_share"]["met"] and g["peak_rss_per_process_mb"] == {"value": 1500.0, "target": 1024.0,
                                                                             "kind": "max", "met": False}
    r["memory"] = None
    assert bench.goals(r)["peak_rss_per_process_mb"] == {"value": 900.0, "target": 1024.0, "kind": "max", "met": True}
