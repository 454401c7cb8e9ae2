"""The run report: written by every run, self-contained, and showing the run in a real browser.

The page is opened in headless Chromium with every host name unresolvable (nothing may come
from the network): its DOM must hold the run's figures and plots, and its screenshot must not be
blank. Without Chromium that test is skipped with the reason; CI installs Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows.cli import main
from flows.report.runpage import collect, render, report_path

pytestmark = [pytest.mark.flow]


def _chromium() -> str | None:
    return next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _links(page: str) -> list[str]:
    """Links out of the page (not the SVGs' internal `#id` references)."""
    return [x for x in re.findall(r"""(?:href|src)=['"]([^'"]+)['"]""", page) if not x.startswith("#")]


def test_every_run_writes_its_report(quickstart_warehouse) -> None:
    wh, summary = quickstart_warehouse
    path = Path(summary["report"])
    assert path == report_path(wh, summary["run_id"]).resolve() and path.is_file()
    page = path.read_text(encoding="utf-8")
    assert summary["run_id"] in page
    assert page.count("<svg") >= 5  # partitions, timeline, event types, actors, countries, categories
    assert "<script" not in page and "<link" not in page
    for link in _links(page):  # every link is a local page that exists (Data Docs), none is fetched
        assert not link.startswith(("http:", "https:", "//")), link
        assert (path.parent / link).is_file(), link


def test_report_data_are_the_runs_figures(quickstart_warehouse) -> None:
    wh, summary = quickstart_warehouse
    d = collect(wh, summary["run_id"])
    assert d["run"]["docs_written"] == summary["docs_written"] == 5
    assert sum(n for _, n in d["docs_by_partition"]) == 5
    assert d["reject_reasons"] == []
    assert {v["suite"] for v in d["validations"]} >= {"documents", "events", "mentions"}
    assert all(v["success"] and v["link"] for v in d["validations"])
    assert sum(n for _, n in d["events_by_type"]) == summary["rows"]["events"]
    assert d["top_countries"] and d["counts_by_category"] and d["events_timeline"]
    assert d["warehouse_rows"]["rejects"] == 0
    # the Data Docs page names the run and the table
    page = (report_path(wh, summary["run_id"]).parent / d["validations"][0]["link"]).read_text()
    assert summary["run_id"] in page and f"Data asset: {d['validations'][0]['suite']}" in page


def test_report_command_writes_a_chosen_run_to_a_chosen_file(quickstart_warehouse, tmp_path, capsys) -> None:
    wh, summary = quickstart_warehouse
    out = tmp_path / "r" / "report.html"
    assert main(["report", "--warehouse", str(wh), "--run", summary["run_id"], "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert summary["run_id"] in page
    for link in _links(page):
        assert (out.parent / link).is_file(), link
    assert main(["report", "--warehouse", str(wh), "--run", "nope"]) == 1
    assert "nope" in capsys.readouterr().err
    assert main(["report", "--warehouse", str(tmp_path / "missing")]) == 1


def test_render_escapes_text() -> None:
    from datetime import UTC, datetime

    run = {"run_id": "<r>", "mode": "manual", "source": "<b>src</b>", "pipeline_version": "0", "since": None,
           "until": None, "validation_success": False, "started_at": datetime(2025, 1, 1, tzinfo=UTC),
           "finished_at": datetime(2025, 1, 1, 0, 0, 3, tzinfo=UTC), "docs_seen": 1, "docs_written": 0,
           "docs_new": 0, "docs_changed": 0, "docs_unchanged": 0, "docs_rejected": 1, "docs_deleted": 0,
           "rows_quarantined": 0, "rows": []}
    d = {"run": run, "docs_by_partition": [], "reject_reasons": [("empty_file", 1)],
         "rejects": [{"reason_code": "empty_file", "stage": "read", "source_uri": "<x>.txt", "message": "m"}],
         "validations": [], "data_docs_index": None, "events_timeline": [], "events_by_type": [],
         "top_countries": [], "top_actors": [], "counts_by_category": [], "people_by_category": [],
         "warehouse_rows": {}}
    page = render(d)
    assert "<b>src</b>" not in page and "&lt;x&gt;.txt" in page and "rows quarantined" in page
    assert page.count("<svg") == 1 and "No documents written in this run." in page


def test_report_opens_in_headless_chromium(quickstart_warehouse, tmp_path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium); CI installs it")
    wh, summary = quickstart_warehouse
    url = Path(summary["report"]).as_uri()
    offline = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--host-resolver-rules=MAP * ~NOTFOUND"]
    dom = subprocess.run([browser, *offline, "--dump-dom", url], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert summary["run_id"] in dom and "Documents by partition" in dom
    assert dom.count("<svg") >= 5 and "passed" in dom
    shot = tmp_path / "report.png"
    subprocess.run([browser, *offline, "--window-size=1200,2400", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=True)
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[0] >= 2000 and pixels.std() > 0.05  # a page with content, not a blank sheet


def test_prefect_artifacts_carry_the_summary_and_link_the_report(quickstart_warehouse) -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    wh, summary = quickstart_warehouse
    uri = Path(summary["report"]).as_uri()

    async def read():  # noqa: ANN202
        async with get_client() as client:
            keys = ArtifactFilterKey(any_=["newsflow-run-summary", "newsflow-run-report"])
            return await client.read_artifacts(artifact_filter=ArtifactFilter(key=keys))

    mine = [a for a in asyncio.run(read()) if summary["run_id"] in (a.description or "") or uri in str(a.data)]
    by_key = {a.key: str(a.data) for a in mine}
    assert set(by_key) == {"newsflow-run-summary", "newsflow-run-report"}
    assert uri in by_key["newsflow-run-summary"] and "| seen | 5 |" in by_key["newsflow-run-summary"]
    assert uri in by_key["newsflow-run-report"]
