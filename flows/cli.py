"""`newsflow` command line.

    newsflow run       [--source DIR] [--warehouse DIR]      new or changed inputs -> warehouse
    newsflow backfill  --since DATE --until DATE [--dry-run]  reprocess and replace a date range
    newsflow clean     FILE... [--out DIR]                    cleaned body of raw files (no warehouse)
    newsflow serve     [--cron EXPR]                          Prefect deployment on a cron schedule
    newsflow report    [--warehouse DIR] [--run RUN_ID]       the HTML run report (also written by every run)
    newsflow dictionary                                       print the data dictionary (Markdown)
    newsflow bench     [--docs N] [--workers N]               benchmark against the I/O floor

Prefect is imported only by the commands that run flows, and only after the arguments and the
source folder were checked: a typo costs no server start-up, and `--dry-run` (a stat of the
inputs against the state file) needs no Prefect at all. Prefect's embedded temporary server is
used unless PREFECT_API_URL is set.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from flows.fs import is_url, open_storage
from flows.model import CLEAN_FAVORS

# Settings for Prefect's embedded server that a fresh machine needs (STACK.md): the first
# start runs DB migrations that exceed the 20 s default, and telemetry would try the network.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def _prefect_env() -> None:
    for k, v in PREFECT_DEFAULTS.items():
        os.environ.setdefault(k, v)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return n


def _seconds(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if not x >= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds >= 0: {value!r}")
    return x


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsflow", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Scraped news and reference pages -> clean, validated, partitioned Parquet tables.",
        epilog="Runs use Prefect's embedded temporary server unless PREFECT_API_URL is set.\n"
               "Query the output: duckdb -c \"SELECT title FROM read_parquet('warehouse/documents/**/*.parquet', "
               "hive_partitioning=true)\"")
    p.add_argument("--version", action="version", version=_version())
    p.add_argument("--debug", action="store_true", help="print the traceback of a failure (also after a command)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def favor(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--favor", choices=CLEAN_FAVORS, default="balanced",
                        help="cleaning: favour precision (less furniture, may lose short article lines), "
                             "recall (more of the article, more furniture) or balanced (default)")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--source", default="seeds",
                        help="folder or URL (s3://bucket/prefix) of raw .txt/.html/.jsonl inputs (default: seeds)")
        sp.add_argument("--warehouse", default="warehouse",
                        help="output folder or URL (s3://bucket/prefix) (default: warehouse)")
        sp.add_argument("--batch-size", type=_positive, default=None, help="documents per task (default: 2000)")
        sp.add_argument("--workers", type=_positive, default=1,
                        help="worker processes that read, clean, extract, validate and stage, via Dask "
                             "(default: 1, no Dask)")
        sp.add_argument("--dask-address", default=None, help="use an existing Dask scheduler (tcp://host:8786)")
        sp.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                        help="wait this long for another run's warehouse lock instead of exiting")
        sp.add_argument("--json", action="store_true", help="print the run summary as JSON")
        favor(sp)
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="print the traceback of a failure instead of one line")

    r = sub.add_parser("run", help="process new or changed inputs into the warehouse (what the schedule runs)",
                       description="Process every input of --source that is new or changed since it was last "
                                   "written, validate it and publish it to --warehouse.")
    common(r)
    r.add_argument("--mode", choices=("manual", "scheduled"), default="manual", help=argparse.SUPPRESS)
    r.add_argument("--dry-run", action="store_true", help="list what would be processed (on stdout); write nothing")

    b = sub.add_parser("backfill", help="reprocess a date range with the current code and replace it",
                       description="Reprocess every input whose landing date is in [--since, --until] and "
                                   "replace those partitions of every table.")
    common(b)
    b.add_argument("--since", type=_day, required=True, help="first landing date, YYYY-MM-DD")
    b.add_argument("--until", type=_day, required=True, help="last landing date, YYYY-MM-DD (inclusive)")
    b.add_argument("--dry-run", action="store_true",
                   help="list what would be reprocessed and replaced (on stdout); write nothing")

    c = sub.add_parser("clean", help="print the cleaned body of raw files (touches no warehouse)",
                       description="Clean raw .txt/.html/.jsonl files and print each body, or write one file "
                                   "per input into --out under the input's file name.")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    c.add_argument("--out", type=Path, default=None, help="write <DIR>/<input file name> instead of stdout")
    c.add_argument("--lines", action="store_true", help="print every line with its label and reason instead")
    favor(c)

    s = sub.add_parser("serve", help="serve the incremental flow as a Prefect deployment on a cron schedule",
                       description="Start a long-running process that serves the newsflow-run flow as the "
                                   "deployment 'newsflow-run/scheduled' with a cron schedule (Prefect's serve).")
    s.add_argument("--source", default="seeds")
    s.add_argument("--warehouse", default="warehouse")
    s.add_argument("--cron", default="0 * * * *", help="cron expression (default: hourly, '0 * * * *')")
    s.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")

    rp = sub.add_parser("report", help="write the self-contained HTML report of a run (every run writes one too)",
                        description="Write one HTML page (no network needed) with what a run did: documents by "
                                    "partition, rejects, validation with links to the Data Docs, events, "
                                    "countries, actors and counts, with plots.")
    rp.add_argument("--warehouse", default="warehouse", help="warehouse folder (default: warehouse)")
    rp.add_argument("--run", default=None, metavar="RUN_ID", help="the run to report (default: the latest)")
    rp.add_argument("--out", type=Path, default=None,
                    help="output file (default: <warehouse>/_reports/<run_id>.html)")

    sub.add_parser("dictionary", help="print the data dictionary (Markdown) generated from the schemas")
    # listed for `newsflow --help`; `main` hands everything after `bench` to the benchmark's own parser
    sub.add_parser("bench", help="benchmark against the I/O floor on a synthetic corpus (see `newsflow bench --help`)",
                   add_help=False)
    return p


def _version() -> str:
    from flows import __version__

    return f"newsflow {__version__}"


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every non-zero exit prints one line saying what failed, where, and what
    to do; tracebacks only with --debug (an operator needs the cause, not the stack)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        # the benchmark has its own parser (`python -m flows.bench` is the same command); an
        # argparse REMAINDER here cannot take options such as --help or --docs as its first word
        _prefect_env()
        from flows.bench.runner import main as bench_main

        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    try:
        return _dispatch(args, debug)
    except KeyboardInterrupt:
        print("newsflow: interrupted; a run stopped before publishing is redone by the next run, one stopped "
              "while publishing is finished by it", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the one place that turns any failure into one clear line
        if debug:
            traceback.print_exc()
        code, line = explain_error(e)
        print(f"newsflow: {line}", file=sys.stderr)
        return code


def explain_error(e: BaseException) -> tuple[int, str]:
    """(exit code, one line: what failed, which file, what to do) for an exception ending a command."""
    from flows.store.publish import TableBroken
    from flows.store.warehouse import PublishIncomplete, WarehouseLocked

    if isinstance(e, WarehouseLocked):
        return 3, str(e)
    if isinstance(e, PublishIncomplete):
        return 1, f"run failed: {e}"
    if isinstance(e, TableBroken):
        return 1, f"run failed: {e}"
    if isinstance(e, FileNotFoundError | NotADirectoryError) and not e.filename:
        return 1, f"run failed: {e}"
    if isinstance(e, OSError):
        where = f" {e.filename}" if e.filename else ""
        what = e.strerror or str(e)
        hint = {errno.ENOSPC: "free some disk space and run again (a half-published run is finished first)",
                errno.EACCES: "check the permissions of that path", errno.EPERM: "check the permissions of that path",
                errno.ENOENT: "check that the path exists", errno.EROFS: "the warehouse must be on a writable disk"
                }.get(e.errno or 0, "check the disk and the path, then run again")
        return 1, f"run failed: {what}:{where}; {hint}"
    if isinstance(e, ValueError):
        return 1, f"run failed: {e}"
    return 1, (f"run failed: unexpected {type(e).__name__}: {str(e)[:300]} (a bug in newsflow: rerun with --debug "
               "for the traceback and report it)")


def _quiet_prefect_tracebacks() -> None:
    """Prefect logs a failed flow's traceback on the console; without --debug the CLI's own line says it."""
    import logging

    class _NoTraceback(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            return not (record.exc_info and record.name.startswith("prefect"))

    for h in logging.getLogger().handlers:
        h.addFilter(_NoTraceback())


def _dispatch(args: argparse.Namespace, debug: bool) -> int:
    if args.command == "clean":
        return _clean(args)
    if args.command == "dictionary":
        from flows.store.schemas import data_dictionary_markdown

        print(data_dictionary_markdown())
        return 0
    if args.command == "report":
        return _report(args)
    if args.command == "backfill" and args.since > args.until:
        print("newsflow: --since is after --until", file=sys.stderr)
        return 2
    problem = _check_folders(args)
    if problem:
        print(f"newsflow: {problem}", file=sys.stderr)
        return 1
    _prefect_env()
    if args.command == "serve":
        from flows.orchestrate.flow import newsflow_run

        print(f"serving newsflow-run/{args.name} on cron '{args.cron}' (Ctrl-C to stop)", file=sys.stderr)
        newsflow_run.serve(name=args.name, cron=args.cron, limit=1, pause_on_shutdown=False,
                           parameters={"source": open_storage(args.source).url,
                                       "warehouse": open_storage(args.warehouse).url, "mode": "scheduled"})
        return 0
    return _run(args, debug)


def _check_folders(args: argparse.Namespace) -> str | None:
    """What is wrong with --source/--warehouse, found before Prefect starts (seconds saved per typo).
    URLs (s3://...) are checked by the run itself: reaching them needs credentials and a network."""
    if is_url(args.source) or is_url(args.warehouse):
        return None
    src, wh = Path(args.source), Path(args.warehouse)
    if not src.exists():
        return f"source folder {src} does not exist; pass the folder of raw inputs with --source DIR"
    if not src.is_dir():
        return f"source {src} is not a folder; pass the folder of raw inputs with --source DIR"
    if wh.exists() and not wh.is_dir():
        return f"warehouse {wh} exists and is not a folder; pass a folder (new or existing) with --warehouse DIR"
    return None


def _dry_run(args: argparse.Namespace) -> int:
    """The plan of a run or backfill, on stdout, without Prefect, lock or writes."""
    from flows.orchestrate.pipeline import dry_run_plan, format_dry_run
    from flows.store.batch import RunConfig
    from flows.store.state import load_state

    mode = "backfill" if args.command == "backfill" else args.mode
    cfg = RunConfig(open_storage(args.source).url, open_storage(args.warehouse).url, mode, getattr(args, "since", None),
                    getattr(args, "until", None), True)
    out = dry_run_plan(cfg, load_state(cfg.warehouse))
    print(json.dumps(out, indent=2) if args.json else format_dry_run(out))
    return 0


def _report(args: argparse.Namespace) -> int:
    from flows.report.runpage import write_run_report

    try:
        path = write_run_report(args.warehouse, run_id=args.run, out=args.out)
    except (FileNotFoundError, LookupError) as e:
        print(f"newsflow report: {e}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _run(args: argparse.Namespace, debug: bool = False) -> int:
    if args.dry_run:
        return _dry_run(args)
    from flows.orchestrate.flow import run_flow
    from flows.store.batch import DEFAULT_BATCH_SIZE

    params: dict = dict(batch_size=args.batch_size or DEFAULT_BATCH_SIZE, workers=args.workers,
                        dask_address=args.dask_address, lock_wait_seconds=args.wait, favor=args.favor)
    if args.command == "backfill":
        params.update(mode="backfill", since=args.since, until=args.until)
    else:
        params.update(mode=args.mode)
    if not debug:
        _quiet_prefect_tracebacks()
    report = run_flow(args.source, args.warehouse, **params)  # failures: main() prints one line
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        _print_summary(report, args.warehouse)
    return 0


def _print_summary(r: dict, warehouse: str) -> None:
    if r["docs_seen"] and not r["docs_written"] and not r["docs_rejected"]:
        print(f"nothing new: {r['docs_seen']} documents seen, all unchanged; nothing written")
        return
    print(f"documents: {r['docs_seen']} seen, {r['docs_written']} written ({r['docs_new']} new, "
          f"{r['docs_changed']} changed), {r['docs_unchanged']} unchanged, {r['docs_rejected']} rejected, "
          f"{r['docs_deleted']} deleted inputs reported"
          + (f", {r['docs_rejected_now']} written before and rejected now" if r.get("docs_rejected_now") else "")
          + (f", {r['docs_moved']} moved or renamed" if r.get("docs_moved") else ""))
    print("rows: " + ", ".join(f"{t} {n}" for t, n in sorted(r["rows"].items())))
    if r["rejects_by_reason"]:
        print("rejects: " + ", ".join(f"{k} {v}" for k, v in sorted(r["rejects_by_reason"].items())))
    print(f"validation: {'passed' if r['validation_success'] else 'some rows quarantined (see rejects)'}; "
          f"Data Docs: {r['data_docs']}")
    if r.get("report"):
        print(f"report: {r['report']}")
    print(f"warehouse: {Path(warehouse).resolve()}  (duckdb: SELECT * FROM read_parquet("
          f"'{warehouse}/documents/**/*.parquet', hive_partitioning=true))")


def _clean(args: argparse.Namespace) -> int:
    from flows.clean.cleaner import clean_text
    from flows.model import Reject
    from flows.read.inputs import InputFile, read_input

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for path in args.files:
        try:
            st = path.stat()
        except OSError as e:
            print(f"newsflow clean: {path}: {e}", file=sys.stderr)
            status = 1
            continue
        if path.suffix.lower() not in (".txt", ".html", ".htm", ".jsonl"):
            docs = _read_as_text(InputFile(path, path.name, st.st_size, st.st_mtime_ns))
        else:
            docs = list(read_input(InputFile(path, path.name, st.st_size, st.st_mtime_ns)))
        bodies = []
        for d in docs:
            if isinstance(d, Reject):
                print(f"newsflow clean: {d.source_uri}: rejected ({d.reason_code}): {d.message}", file=sys.stderr)
                status = 1
                continue
            cleaned = clean_text(d.text, title_hint=d.title_hint, favor=args.favor)
            if args.lines:
                bodies.append("\n".join(f"{x.line_no:5d} {x.label:<11} {x.reason or x.kind or '':<18} {x.text}"
                                        for x in cleaned.lines))
            else:
                bodies.append(cleaned.body)
        text = "\n\n".join(bodies) + ("\n" if bodies else "")
        if args.out:
            (args.out / path.name).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return status


def _read_as_text(f):  # noqa: ANN001, ANN202
    """A file with another suffix (e.g. a scorer's temp file) is read as plain text."""
    from flows.model import RawDocument, Reject
    from flows.read.inputs import decode_bytes, landing_date

    data = f.read_bytes()
    text, why = decode_bytes(data)
    if text is None:
        return [Reject(f.rel, "read", "undecodable", why)]
    return [RawDocument(f.rel, "", text, "txt", landing_date(f.rel, f.mtime_ns))]


if __name__ == "__main__":
    sys.exit(main())
