"""Great Expectations validation of every table batch (the only module that imports GX).

Suites live as JSON in `expectations/<table>.json` (GX 1.x suite format) and are loaded
at run time. Every expectation's `meta.on_failure` says what a failure means:

- `"stop"`: the table is broken as a whole (schema, null or duplicate ids): the batch is
  not written and the run fails with a clear message;
- `"quarantine"` (the default): the failing rows go to `rejects` with the expectation's
  name, and the rest of the batch is written.

A file-backed GX context under `<warehouse>/_gx` keeps the validation results, and
`build_docs()` renders the Data Docs site at
`<warehouse>/_gx/gx/uncommitted/data_docs/local_site/index.html`. Its pages name the run
(GX run name = the newsflow run id, so a page leads back to `runs` and the run report) and the
table (data asset = table name); the suite pages they link to are rendered too; and only the
results and pages of the last `NEWSFLOW_DATA_DOCS_KEEP_RUNS` runs (default 30) are kept, so the
site does not grow by ~0.5 MB with every run forever.

GX imports in 5-10 s, so it is imported lazily, once per process, when the first batch
is validated.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows.store.schemas import TABLES

DATASOURCE = "newsflow"
# Columns computed only for validation: offsets that point outside the body or at other text.
SPAN_CHECK_COLUMN = "_span_ok"
LINKS_CHECK_COLUMN = "_links_ok"
MEMBERS_CHECK_COLUMN = "_members_ok"
STOP, QUARANTINE = "stop", "quarantine"
# Where the file context keeps results and the site, under the context root (<warehouse>/_gx).
RESULTS_DIR = Path("gx/uncommitted/validations")
SITE_DIR = Path("gx/uncommitted/data_docs/local_site")
KEEP_RUNS_ENV = "NEWSFLOW_DATA_DOCS_KEEP_RUNS"
DEFAULT_KEEP_RUNS = 30


@dataclass
class ValidationOutcome:
    table: str
    success: bool
    n_rows: int
    bad_rows: dict[str, list[str]] = field(default_factory=dict)  # row id -> failed expectations
    stop_failures: list[str] = field(default_factory=list)


def load_suite_json(suites_dir: Path, table: str) -> dict[str, Any]:
    return json.loads((Path(suites_dir) / f"{table}.json").read_text(encoding="utf-8"))


def expectation_label(exp: dict[str, Any]) -> str:
    """A short, stable name for an expectation: type plus its column(s)."""
    kw = exp.get("kwargs", {})
    cols = kw.get("column") or kw.get("column_A") or ",".join(kw.get("column_list", []) or [])
    return f"{exp['type']}({cols})" if cols else exp["type"]


class Validator:
    """Validates Arrow batches against the suites; one instance per process."""

    def __init__(self, suites_dir: Path, gx_root: Path | None, today: date | None = None,
                 run_name: str | None = None, keep_runs: int | None = None) -> None:
        """`run_name` (the newsflow run id) names this run's results and Data Docs pages;
        `keep_runs` runs' results are kept (default: $NEWSFLOW_DATA_DOCS_KEEP_RUNS, else 30).
        `gx_root=None` makes an in-memory context: a worker's, whose results go to the driver
        (`take_results` there, `file_results` here) to be stored and rendered in one place."""
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.today = today or date.today()
        self.gx_root = Path(gx_root) if gx_root is not None else None
        self.suites_dir = Path(suites_dir)
        self.run_name = run_name
        self.keep_runs = keep_runs if keep_runs is not None else keep_runs_setting()
        self.context: Any
        if gx_root is None:
            self.context = gx.get_context(mode="ephemeral")
        else:
            Path(gx_root).mkdir(parents=True, exist_ok=True)
            self.context = gx.get_context(mode="file", project_root_dir=str(gx_root))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)  # no bars in worker logs
        ds = self.context.data_sources.add_or_update_pandas(DATASOURCE)
        self._checkpoints: dict[str, Any] = {}
        for name, spec in TABLES.items():
            suite_json = load_suite_json(suites_dir, name)
            suite = self.context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
            try:
                asset = ds.get_asset(name)
            except LookupError:
                asset = ds.add_dataframe_asset(name=name)
            try:
                bd = asset.get_batch_definition("batch")
            except (KeyError, LookupError):
                bd = asset.add_batch_definition_whole_dataframe("batch")
            vd = self.context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=bd, suite=suite))
            self._checkpoints[name] = self.context.checkpoints.add_or_update(gx.Checkpoint(
                name=f"newsflow-{name}", validation_definitions=[vd], actions=[],
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [spec.id_column]}))
        # results of this process's validations: Data Docs renders only these pages (plus the index);
        # re-rendering every stored result made each run slower than the last
        self.result_ids: list[Any] = []
        self.batches_validated: dict[str | None, int] = {}  # suite -> results filed from workers
        self._filed_suites: set[str | None] = set()

    def validate(self, table: str, tbl: pa.Table, body_by_doc: dict[str, str] | None = None,
                 link_ids: set[str] | None = None, title_by_doc: dict[str, str] | None = None) -> ValidationOutcome:
        """Validate one batch of one table; raises nothing, reports everything."""
        spec = TABLES[table]
        if tbl.num_rows == 0:
            return ValidationOutcome(table, True, 0)
        df = _to_validation_frame(tbl, body_by_doc, link_ids if table == "events" else None, title_by_doc)
        params = {"today": datetime.combine(self.today + timedelta(days=1), datetime.min.time()).isoformat()}
        from great_expectations.core.run_identifier import RunIdentifier

        run_id = RunIdentifier(run_name=self.run_name, run_time=datetime.now(UTC))
        res = self._checkpoints[table].run(batch_parameters={"dataframe": df}, expectation_parameters=params,
                                           run_id=run_id)
        out = ValidationOutcome(table, True, tbl.num_rows)
        self.result_ids.extend(res.run_results.keys())
        for vr in res.run_results.values():
            for r in vr.results:
                if r.success:
                    continue
                cfg = r.expectation_config
                label = expectation_label({"type": cfg.type, "kwargs": cfg.kwargs})
                on_failure = (cfg.meta or {}).get("on_failure", QUARANTINE)
                idx = (r.result or {}).get("unexpected_index_list")
                raised = (r.exception_info or {}).get("raised_exception", False)
                if on_failure == STOP or raised or not idx:
                    detail = (r.exception_info or {}).get("exception_message") if raised else None
                    out.stop_failures.append(label + (f": {detail}" if detail else ""))
                    continue
                for item in idx:
                    rid = item.get(spec.id_column) if isinstance(item, dict) else str(item)
                    out.bad_rows.setdefault(str(rid), []).append(label)
        out.success = not out.stop_failures and not out.bad_rows
        return out

    def take_results(self) -> list[tuple[Any, Any]]:
        """This process's validation results since the last call, as (key, result) pairs, removed
        from the context: a long-lived worker's in-memory store must not grow batch after batch.
        Both objects pickle (Dask sends them to the driver)."""
        store = self.context.validation_results_store
        out = []
        for key in self.result_ids:
            vr = store.get(key)
            if vr is not None:
                out.append((key, vr))
            with suppress(Exception):
                store.remove_key(key)
        self.result_ids = []
        return out

    def file_results(self, results: list[tuple[Any, Any]]) -> None:
        """Store results a worker took (`take_results`) in this context, for `build_docs`: every failing
        result, and the first passing one of each suite in the run.

        A run validates every batch, so a backfill of a million documents makes some 5,000 results;
        storing and rendering each would make Data Docs the slowest step of the run and the site a
        wall of identical green pages. The run's summary counts every batch (`validated_batches`)."""
        store = self.context.validation_results_store
        for key, vr in results:
            suite = getattr(vr, "suite_name", None)
            self.batches_validated[suite] = self.batches_validated.get(suite, 0) + 1
            if getattr(vr, "success", False) and suite in self._filed_suites:
                continue
            self._filed_suites.add(suite)
            store.set(key, vr)
            self.result_ids.append(key)

    def build_docs(self) -> Path:
        """Render this run's validation pages, the suite pages they link to and the site index
        (after pruning old runs, so the index lists only pages that exist); return index.html."""
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        if self.gx_root is None:
            raise ValueError("an in-memory validator has no Data Docs site; file its results with a file one")
        store = self.context.validation_results_store
        for key in self.result_ids:
            # A dataframe batch carries no asset name where the page renderer looks for it
            # (meta.batch_spec), so pages said "Data asset: None": name the table there.
            vr = store.get(key)
            if vr is None:
                continue
            vr.meta.setdefault("batch_spec", {})["data_asset_name"] = vr.suite_name
            store.set(key, vr)
        prune_runs(self.gx_root, self.keep_runs, keep=self.run_name)
        site = self.gx_root / SITE_DIR
        stale_suites = [ExpectationSuiteIdentifier(name=t) for t in TABLES
                        if not _newer(site / "expectations" / f"{t}.html", self.suites_dir / f"{t}.json")]
        self.context.build_data_docs(resource_identifiers=[*self.result_ids, *stale_suites] or None)
        urls = self.context.get_docs_sites_urls()
        url = urls[0].get("site_url") if urls else None
        return Path(url.removeprefix("file://")) if url else Path()


_WORKER_VALIDATORS: dict[tuple[str, tuple[float, ...]], Validator] = {}


def worker_validator(suites_dir: Path, run_name: str, today: date) -> Validator:
    """The validator of this worker process, made once and reused by every batch of every run.

    Building one costs the GX import (5-10 s) and ~1 s of context set-up; a Dask worker runs
    many batches, so it pays that once. It is rebuilt when a suite file changes."""
    suites = Path(suites_dir).resolve()
    stamp = tuple(p.stat().st_mtime for p in sorted(suites.glob("*.json")))
    key = (str(suites), stamp)
    v = _WORKER_VALIDATORS.get(key)
    if v is None:
        _WORKER_VALIDATORS.clear()
        v = _WORKER_VALIDATORS[key] = Validator(suites, None, today=today, run_name=run_name)
    v.run_name, v.today = run_name, today
    v.result_ids = []
    return v


def _newer(page: Path, source: Path) -> bool:
    """The rendered page exists and is not older than what it renders."""
    try:
        return page.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def keep_runs_setting() -> int:
    try:
        return max(1, int(os.environ.get(KEEP_RUNS_ENV, DEFAULT_KEEP_RUNS)))
    except ValueError:
        return DEFAULT_KEEP_RUNS


def prune_runs(gx_root: Path, keep_runs: int, keep: str | None = None) -> list[str]:
    """Delete the stored results and Data Docs pages of all but the newest `keep_runs` runs.

    Results live in `<results>/<suite>/<run name>/<run time>/<batch>.json` and pages at the same
    path under the site's `validations/`; a run is one run name across suites, dated by its
    newest folder. `keep` (the current run) is never pruned. Returns the pruned run names.
    """
    results, pages = Path(gx_root) / RESULTS_DIR, Path(gx_root) / SITE_DIR / "validations"
    newest: dict[str, float] = {}
    for d in results.glob("*/*"):
        if d.is_dir():
            newest[d.name] = max(newest.get(d.name, 0.0), d.stat().st_mtime)
    ranked = sorted(newest, key=lambda n: (n == keep, newest[n], n), reverse=True)
    gone = ranked[max(1, keep_runs):]
    for name in gone:
        for root in (results, pages):
            for d in root.glob(f"*/{name}"):
                shutil.rmtree(d, ignore_errors=True)
    return gone


def run_validation_results(gx_root: Path, run_id: str) -> list[dict[str, Any]]:
    """This run's stored validation results as plain data (suite, outcome, counts, failed
    expectations, the Data Docs page), read from the result files: no GX import needed."""
    out = []
    root = Path(gx_root)
    for f in sorted((root / RESULTS_DIR).glob(f"*/{run_id}/*/*.json")):
        try:
            vr = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        stats = vr.get("statistics", {})
        failed = sorted({expectation_label(r["expectation_config"]) for r in vr.get("results", [])
                         if not r.get("success") and r.get("expectation_config")})
        page = (root / SITE_DIR / "validations" / f.relative_to(root / RESULTS_DIR)).with_suffix(".html")
        out.append({"suite": vr.get("suite_name", f.parts[-4]), "success": bool(vr.get("success")),
                    "evaluated": stats.get("evaluated_expectations", 0),
                    "successful": stats.get("successful_expectations", 0), "failed": failed,
                    "run_time": f.parent.name, "page": page if page.exists() else None})
    return out


def docs_index(gx_root: Path) -> Path | None:
    index = Path(gx_root) / SITE_DIR / "index.html"
    return index if index.exists() else None


def _to_validation_frame(tbl: pa.Table, body_by_doc: dict[str, str] | None,
                         link_ids: set[str] | None = None,
                         title_by_doc: dict[str, str] | None = None):  # -> pandas.DataFrame
    """pandas frame for GX: dates as datetime64 (GX compares them reliably), plus derived checks.

    `_span_ok`: body[start_char:end_char] equals the row's text; `_links_ok` (events): every
    linked count/mention/date id exists in the batch; `_members_ok` (stories): the counts agree
    with the linked events and their documents.
    """
    import pandas as pd

    df = tbl.to_pandas()
    for fld in tbl.schema:
        if pa.types.is_date32(fld.type):
            df[fld.name] = pd.to_datetime(df[fld.name])
        elif pa.types.is_timestamp(fld.type):
            df[fld.name] = pd.to_datetime(df[fld.name], utc=True).dt.tz_localize(None)
    if body_by_doc is not None and "start_char" in df.columns:
        text_col = "sentence" if "sentence" in df.columns else "text"
        cols = [tbl.column(c).to_pylist() for c in ("doc_id", "start_char", "end_char", text_col)]
        in_title = (tbl.column("in_title").to_pylist() if "in_title" in tbl.column_names
                    else [False] * tbl.num_rows)
        titles = title_by_doc or {}
        df[SPAN_CHECK_COLUMN] = [
            (b := (titles if it else body_by_doc).get(d)) is not None and 0 <= s < e <= len(b) and b[s:e] == t
            for d, s, e, t, it in zip(*cols, in_title, strict=True)
        ]
    if link_ids is not None:
        links = zip(*(tbl.column(c).to_pylist() for c in ("count_id", "unit_mention_id", "date_id")), strict=True)
        df[LINKS_CHECK_COLUMN] = [all(x is None or x in link_ids for x in row) for row in links]
    if "event_ids" in tbl.column_names:
        df[MEMBERS_CHECK_COLUMN] = _members_ok(tbl)
    return df


def _members_ok(tbl: pa.Table) -> list[bool]:
    """stories: n_events is the number of linked events, n_documents the number of their
    documents (an event id is `doc_id:e<n>`), and doc_ids lists exactly those documents."""
    cols = (tbl.column(c).to_pylist() for c in ("event_ids", "doc_ids", "n_events", "n_documents"))
    out = []
    for events, docs, n_ev, n_doc in zip(*cols, strict=True):
        of_events = {e.split(":", 1)[0] for e in events}
        out.append(len(events) == n_ev and len(set(events)) == n_ev and len(of_events) == n_doc
                   and sorted(of_events) == list(docs))
    return out
