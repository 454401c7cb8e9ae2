"""Score the cleaner on the line-labelled development set (kept outside the repo).

Cleans every `articles/NNN.txt` of the dev set in this one process (so the figure measures
the cleaner, not interpreter start-up), writes each `CleanedDoc.body` to OUT/NNN.txt and runs
the dev set's own scorer over OUT:

    .venv/bin/python -m devtools.score_devset                      # ../shared/devsets
    .venv/bin/python -m devtools.score_devset --devset /path/to/devsets --out /tmp/cleaned

The dev set is never copied into the repository; only its path is an argument.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.clean.cleaner import clean_text  # noqa: E402

DEFAULT_DEVSET = ROOT.parent / "shared" / "devsets"


def clean_all(articles: Path, out: Path) -> tuple[int, float]:
    """Clean every NNN.txt into out/; returns (pages, seconds spent cleaning)."""
    out.mkdir(parents=True, exist_ok=True)
    pages, spent = 0, 0.0
    for path in sorted(articles.glob("[0-9][0-9][0-9].txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        body = clean_text(text).body
        spent += time.perf_counter() - t0
        (out / path.name).write_text(body, encoding="utf-8")
        pages += 1
    return pages, spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--devset",
        type=Path,
        default=DEFAULT_DEVSET,
        help="dev set folder (holds articles/ and score_lines.py)",
    )
    ap.add_argument(
        "--out", type=Path, default=None, help="where to write cleaned pages (default: a temp dir)"
    )
    ap.add_argument("--verbose", action="store_true", help="also list the worst pages")
    args = ap.parse_args(argv)
    devset = args.devset.resolve()
    articles = devset / "articles"
    if not articles.is_dir():
        print(f"no articles/ under {devset}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        pages, spent = clean_all(articles, out)
        print(f"cleaned {pages} pages in {spent:.2f}s ({pages / max(spent, 1e-9):.0f} pages/s)")
        cmd = [sys.executable, str(devset / "score_lines.py"), "--outdir", str(out)]
        if args.verbose:
            cmd.append("--verbose")
        return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
