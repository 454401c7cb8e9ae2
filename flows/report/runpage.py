"""`newsflow report`: one self-contained HTML page with what a run did, written after every run.

Why a page of our own next to Great Expectations' Data Docs: the Data Docs index is drawn by
scripts and styles from CDNs (blank offline) and shows expectations, not the data. This page
needs no network (plots are inline SVG from matplotlib, styles inline, no script), opens from a
file, and answers what a reader of a run asks first: how many documents, where they landed, what
was rejected and why, which validations passed (with links to their Data Docs pages), and what
the run found (events on a timeline, countries, actors, counts of people by category).

Everything comes from the published tables (rows whose `run_id` is the run's) and the run's row in
`runs`, so `newsflow report --run RUN_ID` rebuilds the page of any past run whose rows are still
the latest; the Prefect artifact of a run carries the same summary and links here.
"""

from __future__ import annotations

import html
import io
import os
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from flows.fs import is_url, open_storage
from flows.store.reader import count_rows, read_table, scan_table
from flows.store.schemas import DOC_TABLES, TABLES
from flows.validate.checkpoint import docs_index, run_validation_results

REPORTS_DIR = "_reports"
TOP_N = 15  # bars in a "top" chart: more is unreadable at this width
PALETTE = ("#3b6ea5", "#c4573a", "#5a9e6f", "#b58b2a", "#7d5ba6", "#3f9fb0", "#a04a7b", "#6b6b6b")


def report_path(warehouse: str | Path, run_id: str) -> Path:
    """Where a run's report lives: `<warehouse>/_reports/<run_id>.html` (outside every table); for a
    warehouse on object storage, under its local folder (`flows.fs.Storage.local_dir`)."""
    return open_storage(warehouse).local_dir() / REPORTS_DIR / f"{run_id}.html"


def latest_run_id(warehouse: str | Path) -> str:
    runs = read_table(warehouse, "runs", columns=["run_id", "started_at"])
    if runs.num_rows == 0:
        raise LookupError(f"no runs in {warehouse} (run `newsflow run` first)")
    i = pc.index(runs.column("started_at"), pc.max(runs.column("started_at"))).as_py()
    return str(runs.column("run_id")[i].as_py())


def write_run_report(warehouse: str | Path, run_id: str | None = None, out: str | Path | None = None) -> Path:
    """Build the page of `run_id` (default: the latest run) and write it; return its path."""
    wh = warehouse if is_url(warehouse) else Path(warehouse)
    if not open_storage(wh).is_dir():
        raise FileNotFoundError(f"warehouse {wh} does not exist")
    run_id = run_id or latest_run_id(wh)
    path = Path(out) if out else report_path(wh, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = collect(wh, run_id, link_base=path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render(data), encoding="utf-8")
    os.replace(tmp, path)  # a browser refreshing the page never sees half of it
    return path


# ---------------------------------------------------------------- data

def _of_run(warehouse: Path | str, table: str, run_id: str, columns: list[str]) -> pa.Table:
    present = [c for c in columns if c in TABLES[table].schema.names or c == "key"]
    return read_table(warehouse, table, columns=[*present, "run_id"], run_id=run_id)


def _count(values: Iterable[Any]) -> list[tuple[str, int]]:
    return Counter(str(v) for v in values if v is not None).most_common()


def collect(warehouse: Path | str, run_id: str, link_base: Path | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain data (what the tests check, what `render` draws)."""
    runs = read_table(warehouse, "runs")
    mine = runs.filter(pc.equal(runs.column("run_id"), run_id)).to_pylist()
    if not mine:
        raise LookupError(f"run {run_id} is not in {warehouse}/runs")
    run = mine[0]
    docs = _of_run(warehouse, "documents", run_id, ["doc_id", "key"])
    rejects = _of_run(warehouse, "rejects", run_id, ["reason_code", "stage", "source_uri", "message"])
    counts = _of_run(warehouse, "counts", run_id, ["category", "number"])
    events = _of_run(warehouse, "events", run_id, ["event_type", "actor_code", "event_date", "date_id"])
    local = open_storage(warehouse).local_dir()
    base = link_base or local / REPORTS_DIR
    validations = []
    for v in run_validation_results(local / "_gx", run_id):
        page = v.pop("page", None)
        v["link"] = _rel(page, base) if page else None
        validations.append(v)
    index = docs_index(local / "_gx")
    return {
        "run": run,
        "docs_by_partition": sorted(Counter(d.isoformat() for d in docs.column("key").to_pylist()).items()),
        "reject_reasons": _count(rejects.column("reason_code").to_pylist()),
        "rejects": rejects.select(["reason_code", "stage", "source_uri", "message"]).slice(0, 50).to_pylist(),
        "validations": validations,
        "data_docs_index": _rel(index, base) if index else None,
        "events_timeline": _event_dates(warehouse, events, run_id),
        "events_by_type": _count(events.column("event_type").to_pylist()),
        "top_countries": _top_countries(warehouse, run_id)[:TOP_N],
        "top_actors": _count(events.column("actor_code").to_pylist())[:TOP_N],
        "counts_by_category": _count(counts.column("category").to_pylist()),
        "people_by_category": sorted(_sum_by(counts.column("category").to_pylist(),
                                             counts.column("number").to_pylist()).items(), key=lambda kv: -kv[1]),
        "warehouse_rows": {t: count_rows(warehouse, t) for t in TABLES},
    }


def _top_countries(warehouse: Path | str, run_id: str) -> list[tuple[str, int]]:
    """Country mentions of the run by code (else name), counted batch by batch: a run's mentions
    are tens of rows a document, too many to hold for a large run."""
    out: Counter = Counter()
    for b in scan_table(warehouse, "mentions", columns=["kind", "code", "canonical"], run_id=run_id):
        country = b.filter(pc.equal(b.column("kind"), "country"))
        names = pc.coalesce(country.column("code"), country.column("canonical"))
        for v in pc.value_counts(names).to_pylist():
            if v["values"] is not None:
                out[str(v["values"])] += v["counts"]
    return out.most_common()


def _sum_by(keys: list[Any], values: list[Any]) -> dict[str, int]:
    out: Counter = Counter()
    for k, v in zip(keys, values, strict=True):
        if k is not None and v is not None:
            out[str(k)] += int(v)
    return dict(out)


def _event_dates(warehouse: Path | str, events: pa.Table, run_id: str) -> list[tuple[date, str]]:
    """(date, event type) of the run's dated events: `event_date` where the table has it, else the
    first day of the linked `dates` row."""
    if "event_date" in events.column_names:
        pairs = zip(events.column("event_date").to_pylist(), events.column("event_type").to_pylist(), strict=True)
        return sorted((d, t) for d, t in pairs if d is not None)
    if "date_id" not in events.column_names:
        return []
    dates = _of_run(warehouse, "dates", run_id, ["date_id", "value_date"])
    first_day = dict(zip(dates.column("date_id").to_pylist(), dates.column("value_date").to_pylist(), strict=True))
    pairs = zip(events.column("date_id").to_pylist(), events.column("event_type").to_pylist(), strict=True)
    return sorted((first_day[i], t) for i, t in pairs if i is not None and first_day.get(i) is not None)


def _rel(target: Path, base: Path) -> str:
    """A link that keeps working when the warehouse folder is moved or copied whole."""
    return Path(os.path.relpath(Path(target).resolve(), Path(base).resolve())).as_posix()


# ---------------------------------------------------------------- plots (inline SVG)

def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE: the page is HTML


def _figure(width: float, height: float) -> Any:
    # matplotlib's object API with no pyplot: no global state, no GUI backend, safe in any thread
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=96)
    fig.set_facecolor("white")
    return fig


def bar_chart(pairs: list[tuple[str, int]], title: str, xlabel: str = "", horizontal: bool = True) -> str:
    """A bar chart as inline SVG (horizontal for names, vertical for dates)."""
    if not pairs:
        return ""
    labels = [p[0] for p in pairs]
    values = [p[1] for p in pairs]
    if horizontal:
        fig = _figure(6.4, 0.9 + 0.28 * len(pairs))
        ax = fig.add_subplot()
        ax.barh(range(len(pairs)), values, color=PALETTE[0])
        ax.set_yticks(range(len(pairs)), labels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        for i, v in enumerate(values):
            ax.annotate(f"{v:,}", (v, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    else:
        fig = _figure(max(4.0, min(12.0, 1.5 + 0.35 * len(pairs))), 3.2)
        ax = fig.add_subplot()
        ax.bar(range(len(pairs)), values, color=PALETTE[0], width=0.7)
        ax.set_xlim(-0.75, max(len(pairs), 8) - 0.25)  # one partition is a bar, not the whole plot
        ax.set_xticks(range(len(pairs)), labels, rotation=60 if len(pairs) > 4 else 0, ha="right", fontsize=8)
        ax.set_ylabel(xlabel)
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def timeline_chart(points: list[tuple[date, str]], title: str) -> str:
    """Events on a time axis, one row per event type."""
    if not points:
        return ""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    types = sorted({t for _, t in points})
    same = Counter(points)  # events of one type on one day: one dot, sized and labelled by their number
    fig = _figure(7.2, 1.2 + 0.45 * len(types))
    ax = fig.add_subplot()
    for i, t in enumerate(types):
        days = sorted(d for d, tt in same if tt == t)
        xs = [datetime(d.year, d.month, d.day) for d in days]
        ns = [same[(d, t)] for d in days]
        ax.scatter(xs, [i] * len(xs), s=[30 + 25 * (n - 1) for n in ns], alpha=0.75,
                   color=PALETTE[i % len(PALETTE)], label=t)
        for x, n in zip(xs, ns, strict=True):
            if n > 1:
                ax.annotate(str(n), (x, i), xytext=(6, 4), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(types)), types)
    ax.set_ylim(-0.6, len(types) - 0.4)
    loc = AutoDateLocator()
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(loc))
    ax.set_title(title, fontsize=11, loc="left")
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


# ---------------------------------------------------------------- page

CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde1e7;padding-bottom:4px}
.sub{color:#5b6472;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#5b6472;font-size:13px}
.ok{color:#2e7d32}.bad{color:#b3261e}
table{border-collapse:collapse;background:#fff;margin:6px 0;font-size:14px}
td,th{border:1px solid #dde1e7;padding:4px 10px;text-align:left;vertical-align:top}th{background:#eef1f5}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px}
figure svg{max-width:100%;height:auto}
.empty{color:#5b6472;font-style:italic}
"""


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _table(headers: list[str], rows: list[list[Any]], numeric: Iterable[int] = ()) -> str:
    num = set(numeric)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td class='n'>{_e(c)}</td>" if i in num else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _figure_or_empty(svg: str, what: str) -> str:
    return f"<figure>{svg}</figure>" if svg else f"<p class='empty'>No {_e(what)} in this run.</p>"


def render(d: dict[str, Any]) -> str:
    """The page: summary cards, then one section per question, each with its plot and numbers."""
    r = d["run"]
    ok = r["validation_success"]
    wall = (r["finished_at"] - r["started_at"]).total_seconds()
    cards = [("seen", r["docs_seen"]), ("written", r["docs_written"]), ("new", r["docs_new"]),
             ("changed", r["docs_changed"]), ("unchanged", r["docs_unchanged"]), ("rejected", r["docs_rejected"]),
             ("deleted inputs", r["docs_deleted"]), ("rows quarantined", r["rows_quarantined"])]
    rows_written = {kv["name"]: kv["value"] for kv in r["rows"]}
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>newsflow run {_e(r['run_id'])}</title><style>{CSS}</style></head><body><main>",
        f"<h1>newsflow {_e(r['mode'])} run <code>{_e(r['run_id'])}</code></h1>",
        f"<p class='sub'>{_e(r['started_at'].strftime('%Y-%m-%d %H:%M:%S UTC'))} · {wall:.1f} s · source "
        f"<code>{_e(r['source'])}</code> · newsflow {_e(r['pipeline_version'])}"
        + (f" · backfill {_e(r['since'])} to {_e(r['until'])}" if r["since"] else "")
        + f" · validation <b class='{'ok' if ok else 'bad'}'>{'passed' if ok else 'rows quarantined'}</b></p>",
        "<h2>Documents</h2><div class='cards'>"
        + "".join(f"<div class='card'><b>{v:,}</b><span>{_e(k)}</span></div>" for k, v in cards) + "</div>",
        "<h2>Rows written</h2>",
        _table(["table", "rows written by this run", "rows in the warehouse"],
               [[f"<code>{t}</code>", rows_written.get(t, 0), d["warehouse_rows"].get(t, 0)] for t in TABLES],
               numeric=(1, 2)),
        "<h2>Documents by partition (landing date)</h2>",
        _figure_or_empty(bar_chart(d["docs_by_partition"], "Documents written per partition", "documents",
                                   horizontal=False), "documents written"),
        "<h2>Rejects</h2>",
        _figure_or_empty(bar_chart(d["reject_reasons"], "Rejects by reason code", "rows"), "rejects"),
    ]
    if d["rejects"]:
        parts.append(_table(["reason", "stage", "input", "message"],
                            [[f"<code>{_e(x['reason_code'])}</code>", _e(x["stage"]), _e(x["source_uri"]),
                              _e(x["message"])] for x in d["rejects"]]))
    parts.append("<h2>Validation (Great Expectations)</h2>")
    if d["validations"]:
        vrows = []
        for v in d["validations"]:
            name = f"<a href='{_e(v['link'])}'>{_e(v['suite'])}</a>" if v["link"] else _e(v["suite"])
            mark = "<b class='ok'>passed</b>" if v["success"] else "<b class='bad'>failed</b>"
            vrows.append([name, mark, v["evaluated"], v["successful"], _e(", ".join(v["failed"]))])
        parts.append(_table(["suite (Data Docs page)", "outcome", "expectations", "met", "failed"], vrows,
                            numeric=(2, 3)))
    else:
        parts.append("<p class='empty'>No batch was validated in this run (nothing new).</p>")
    if d["data_docs_index"]:
        parts.append(f"<p>All runs: <a href='{_e(d['data_docs_index'])}'>Data Docs site</a>.</p>")
    parts += [
        "<h2>Events</h2>",
        _figure_or_empty(timeline_chart(d["events_timeline"], f"Troop movements in time: {len(d['events_timeline'])} "
                                        f"of {sum(n for _, n in d['events_by_type'])} events have a date"),
                         "dated events"),
        "<div class='grid'>",
        _figure_or_empty(bar_chart(d["events_by_type"], "Events by type", "events"), "events"),
        _figure_or_empty(bar_chart(d["top_actors"], f"Top {TOP_N} actors of events", "events"), "event actors"),
        "</div>",
        "<h2>Countries and counts of people</h2><div class='grid'>",
        _figure_or_empty(bar_chart(d["top_countries"], f"Top {TOP_N} countries mentioned", "mentions"),
                         "country mentions"),
        _figure_or_empty(bar_chart(d["counts_by_category"], "Counts of people by category", "counts"), "counts"),
        "</div>",
    ]
    if d["people_by_category"]:
        parts.append(_table(["category", "people (sum of stated numbers)"],
                            [[_e(k), v] for k, v in d["people_by_category"]], numeric=(1,)))
    parts.append("<p class='sub'>Written by <code>newsflow report</code> from the published tables "
                 f"({', '.join(DOC_TABLES)}, rejects, runs); no network needed.</p></main></body></html>")
    return "\n".join(parts)
