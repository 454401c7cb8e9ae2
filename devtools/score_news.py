"""Score events and counts on the news development set (kept outside the repo), in one process.

Reads, cleans and extracts every `news/NNN.txt` the way a flow batch does (`read_input`,
`clean_text`, `extract_all`, `add_document`), writes the documents, events and counts rows to a
throw-away warehouse folder (`<table>/key=…/part-0.parquet`, the layout `newsflow run` writes)
and runs the dev set's own `score_news.py` on it. Without Prefect's server start and the
validation passes it takes seconds, so it is the loop to iterate with; `newsflow run` over a copy
of the texts scores the same (the rows are built by the same functions).

    .venv/bin/python -m devtools.score_news                    # ../shared/devsets/news
    .venv/bin/python -m devtools.score_news --misses --keep /tmp/wh_news

The texts are never copied into the repository; only their folder is an argument.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from flows.clean.cleaner import clean_text  # noqa: E402
from flows.extract import extract_all  # noqa: E402
from flows.model import RawDocument  # noqa: E402
from flows.read.inputs import discover, read_input  # noqa: E402
from flows.store.records import TableBuffer, add_document  # noqa: E402

DEFAULT_NEWS = Path("/work/shared/devsets/news")
TABLES = ("documents", "events", "counts")


def build(news: Path, out: Path) -> tuple[int, float, dict[str, int]]:
    """Extract every text of `news` into warehouse folder `out`; (documents, seconds, field errors)."""
    buf = TableBuffer()
    now = datetime.now(UTC)
    spent, n = 0.0, 0
    errors: dict[str, int] = {}
    for f in discover(news):
        if not f.path.name[:3].isdigit():
            continue
        for doc in read_input(f):
            if not isinstance(doc, RawDocument):
                continue
            t0 = time.perf_counter()
            cleaned = clean_text(doc.text, frozenset(), doc.title_hint)
            ex = extract_all(doc, cleaned)
            spent += time.perf_counter() - t0
            for k, v in ex.field_errors.items():
                errors[k] = errors.get(k, 0) + v
            add_document(buf, doc, cleaned, ex, "devset", now)
            n += 1
    for table in TABLES:
        folder = out / table / "key=2000-01-01"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(buf.to_arrow(table), folder / "part-0.parquet")
    return n, spent, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS, help="the dev set's news/ folder")
    ap.add_argument("--keep", type=Path, default=None, help="write the warehouse here and keep it")
    ap.add_argument("--misses", action="store_true", help="list misses and spurious rows (score_news.py --misses)")
    ap.add_argument("--json", type=Path, default=None, help="score_news.py --json OUT")
    args = ap.parse_args(argv)
    news = args.news.resolve()
    if not (news / "score_news.py").is_file():
        print(f"no score_news.py in {news}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        n, spent, errors = build(news, out)
        print(f"extracted {n} texts in {spent:.2f}s (clean + extract); field errors {errors or 'none'}")
        cmd = [sys.executable, str(news / "score_news.py"), str(out)]
        if args.misses:
            cmd.append("--misses")
        if args.json:
            cmd += ["--json", str(args.json)]
        return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
