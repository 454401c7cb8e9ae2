"""Great Expectations validation of every table batch (the only module that imports GX).

Suites live as JSON in `expectations/<table>.json` (GX 1.x suite format) and are loaded
at run time. Every expectation's `meta.on_failure` says what a failure means:

- `"stop"`: the table is broken as a whole (schema, null or duplicate ids): the batch is
  not written and the run fails with a clear message;
- `"quarantine"` (the default): the failing rows go to `rejects` with the expectation's
  name, and the rest of the batch is written.

A file-backed GX context under `<warehouse>/_gx` keeps every validation result, and
`build_docs()` renders the Data Docs site at
`<warehouse>/_gx/gx/uncommitted/data_docs/local_site/index.html`.

GX imports in 5-10 s, so it is imported lazily, once per process, when the first batch
is validated.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows.store.schemas import TABLES

DATASOURCE = "newsflow"
# Columns computed only for validation: offsets that point outside the body or at other text.
SPAN_CHECK_COLUMN = "_span_ok"
LINKS_CHECK_COLUMN = "_links_ok"
STOP, QUARANTINE = "stop", "quarantine"


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

    def __init__(self, suites_dir: Path, gx_root: Path, today: date | None = None) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.today = today or date.today()
        gx_root.mkdir(parents=True, exist_ok=True)
        self.context = gx.get_context(mode="file", project_root_dir=str(gx_root))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
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

    def validate(self, table: str, tbl: pa.Table, body_by_doc: dict[str, str] | None = None,
                 link_ids: set[str] | None = None, title_by_doc: dict[str, str] | None = None) -> ValidationOutcome:
        """Validate one batch of one table; raises nothing, reports everything."""
        spec = TABLES[table]
        if tbl.num_rows == 0:
            return ValidationOutcome(table, True, 0)
        df = _to_validation_frame(tbl, body_by_doc, link_ids if table == "events" else None, title_by_doc)
        params = {"today": datetime.combine(self.today + timedelta(days=1), datetime.min.time()).isoformat()}
        res = self._checkpoints[table].run(batch_parameters={"dataframe": df}, expectation_parameters=params)
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

    def build_docs(self) -> Path:
        """Render this run's validation pages and the site index; return index.html."""
        self.context.build_data_docs(resource_identifiers=self.result_ids or None)
        urls = self.context.get_docs_sites_urls()
        url = urls[0].get("site_url") if urls else None
        return Path(url.removeprefix("file://")) if url else Path()


def _to_validation_frame(tbl: pa.Table, body_by_doc: dict[str, str] | None,
                         link_ids: set[str] | None = None,
                         title_by_doc: dict[str, str] | None = None):  # -> pandas.DataFrame
    """pandas frame for GX: dates as datetime64 (GX compares them reliably), plus derived checks.

    `_span_ok`: body[start_char:end_char] equals the row's text; `_links_ok` (events): every
    linked count/mention/date id exists in the batch.
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
    return df
