"""Data Docs housekeeping: only the newest runs' results and pages are kept (no GX needed)."""

from __future__ import annotations

import json
import os

from flows.validate.checkpoint import (
    RESULTS_DIR,
    SITE_DIR,
    keep_runs_setting,
    prune_runs,
    run_validation_results,
)


def _fake_run(root, run: str, mtime: float, success: bool = True) -> None:
    for suite in ("documents", "events"):
        res = root / RESULTS_DIR / suite / run / "20250101T000000.000000Z"
        page = root / SITE_DIR / "validations" / suite / run / "20250101T000000.000000Z"
        res.mkdir(parents=True)
        page.mkdir(parents=True)
        (res / f"newsflow-{suite}.json").write_text(json.dumps({
            "suite_name": suite, "success": success,
            "statistics": {"evaluated_expectations": 3, "successful_expectations": 3 if success else 2},
            "results": [] if success else [{"success": False, "expectation_config": {
                "type": "expect_column_values_to_not_be_null", "kwargs": {"column": "doc_id"}}}]}))
        (page / f"newsflow-{suite}.html").write_text("<html></html>")
        os.utime(root / RESULTS_DIR / suite / run, (mtime, mtime))


def test_prune_keeps_the_newest_runs_and_the_current_one(tmp_path) -> None:
    for i in range(5):
        _fake_run(tmp_path, f"run{i}", 1000.0 + i)
    gone = prune_runs(tmp_path, keep_runs=2, keep="run0")
    assert sorted(gone) == ["run1", "run2", "run3"]
    for root in (tmp_path / RESULTS_DIR, tmp_path / SITE_DIR / "validations"):
        assert sorted(p.name for p in root.glob("documents/*")) == ["run0", "run4"]
    assert prune_runs(tmp_path, keep_runs=2, keep="run0") == []


def test_results_of_a_run_as_plain_data(tmp_path) -> None:
    _fake_run(tmp_path, "r1", 1000.0, success=False)
    out = run_validation_results(tmp_path, "r1")
    assert [v["suite"] for v in out] == ["documents", "events"]
    assert out[0]["failed"] == ["expect_column_values_to_not_be_null(doc_id)"] and not out[0]["success"]
    assert out[0]["page"].is_file() and out[0]["evaluated"] == 3
    assert run_validation_results(tmp_path, "other") == []


def test_keep_runs_setting(monkeypatch) -> None:
    monkeypatch.setenv("NEWSFLOW_DATA_DOCS_KEEP_RUNS", "4")
    assert keep_runs_setting() == 4
    monkeypatch.setenv("NEWSFLOW_DATA_DOCS_KEEP_RUNS", "x")
    assert keep_runs_setting() == 30
