"""Score title, authors and published date on the dev set's metadata gold (kept outside the repo).

Builds each page's input the way a scraper would hand it over, reads it with newsflow's own
reader, cleans and extracts in this one process, writes `score_meta.py --pred` lines and
runs the dev set's scorer on them:

    .venv/bin/python -m devtools.score_meta                         # naive text, NNN.txt
    .venv/bin/python -m devtools.score_meta --form jsonl            # {"url", "text"} records
    .venv/bin/python -m devtools.score_meta --form html --html DIR  # DIR/NNN.html, original pages
    .venv/bin/python -m devtools.score_meta --misses                # list every miss

Every page is read as its own source with no site statistics, as the first run of
`newsflow run` over a fresh warehouse reads it. The dev set is never copied into the
repository; only its path is an argument.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.clean.cleaner import clean_text  # noqa: E402
from flows.extract.metadata import extract_metadata  # noqa: E402
from flows.model import RawDocument  # noqa: E402
from flows.read.inputs import InputFile, read_input  # noqa: E402

# ../shared/devsets beside the checkout, or beside its parent folder (a git worktree in wt/NAME).
DEFAULT_DEVSET = next((p / "shared" / "devsets" for p in ROOT.parents if (p / "shared" / "devsets").is_dir()),
                      ROOT.parent / "shared" / "devsets")


def _inputs(articles: Path, form: str, html_dir: Path | None, tmp: Path) -> list[tuple[str, Path]]:
    """(gold file name, input path) for every page, in the requested form."""
    out: list[tuple[str, Path]] = []
    for path in sorted(articles.glob("[0-9][0-9][0-9].txt")):
        url_file = path.with_suffix(".url")
        url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
        if form == "txt":
            out.append((path.name, path))
        elif form == "jsonl":
            p = tmp / f"{path.stem}.jsonl"
            rec = {"url": url, "text": path.read_text(encoding="utf-8")}
            p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
            out.append((path.name, p))
        else:
            assert html_dir is not None
            src = html_dir / f"{path.stem}.html"
            if not src.exists():
                continue
            p = tmp / f"{path.stem}.jsonl"  # the URL travels with the page, as a scraper keeps it
            rec = {"url": url, "html": src.read_text(encoding="utf-8", errors="replace")}
            p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
            out.append((path.name, p))
    return out


def predict(pages: list[tuple[str, Path]]) -> tuple[list[dict], float]:
    """One prediction record per page; seconds spent in read + clean + metadata."""
    preds, spent = [], 0.0
    for name, path in pages:
        st = path.stat()
        f = InputFile(path, path.name, st.st_size, st.st_mtime_ns)
        t0 = time.perf_counter()
        docs = [d for d in read_input(f) if isinstance(d, RawDocument)]
        rec: dict = {"file": name, "title": None, "authors": [], "date": None}
        if docs:
            raw = docs[0]  # as the pipeline reads it: no fetch time unless the record gives one
            cleaned = clean_text(raw.text, frozenset(), raw.title_hint, url=raw.url)
            m = extract_metadata(raw, cleaned)
            rec.update(title=m.title, authors=list(m.authors),
                       date=m.published_date.isoformat() if m.published_date else None,
                       sources={k: getattr(m, f"{k}_source", None) for k in ("title", "authors", "date")})
        spent += time.perf_counter() - t0
        preds.append(rec)
    return preds, spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="dev set folder")
    ap.add_argument("--form", choices=("txt", "jsonl", "html"), default="txt")
    ap.add_argument("--html", type=Path, default=None, help="folder of NNN.html pages (for --form html)")
    ap.add_argument("--pred", type=Path, default=None, help="also keep the predictions here")
    ap.add_argument("--misses", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    articles = args.devset.resolve() / "articles"
    if not articles.is_dir():
        print(f"no articles/ under {args.devset}", file=sys.stderr)
        return 2
    if args.form == "html" and (args.html is None or not args.html.is_dir()):
        print("--form html needs --html DIR with NNN.html pages", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pages = _inputs(articles, args.form, args.html, Path(tmp))
        preds, spent = predict(pages)
        pred_path = args.pred or Path(tmp) / "pred.jsonl"
        pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
        print(f"{args.form}: {len(preds)} pages in {spent:.2f}s ({len(preds) / max(spent, 1e-9):.0f} pages/s)")
        cmd = [sys.executable, str(args.devset.resolve() / "score_meta.py"), "--pred", str(pred_path)]
        if args.misses:
            cmd.append("--misses")
        return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
