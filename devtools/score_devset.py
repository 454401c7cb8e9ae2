"""Score the cleaner on the line-labelled development sets (kept outside the repo).

Cleans every page of one dev-set part (`articles/NNN.txt` or `dragnet/NNNN.txt`) in this one
process (so the figure measures the cleaner, not interpreter start-up), writes each
`CleanedDoc.body` to OUT/<page>.txt and runs the dev set's own scorer over OUT:

    .venv/bin/python -m devtools.score_devset                      # ../shared/devsets, articles/
    .venv/bin/python -m devtools.score_devset --part dragnet --skip-head
    .venv/bin/python -m devtools.score_devset --part both --favor precision
    .venv/bin/python -m devtools.score_devset --devset /path/to/devsets --out /tmp/cleaned

`--part both` scores articles/, dragnet/ and dragnet/ with `--skip-head` from one cleaning
pass per part. The dev sets are never copied into the repository; only their path is an
argument.
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

from flows.clean.cleaner import FAVORS, clean_text  # noqa: E402

# ../shared/devsets from a checkout in /work/main, ../../shared/devsets from /work/wt/<name>
DEFAULT_DEVSET = next(
    (p / "shared" / "devsets" for p in ROOT.parents if (p / "shared" / "devsets").is_dir()),
    ROOT.parent / "shared" / "devsets",
)
PARTS = ("articles", "dragnet")


def clean_all(pages_dir: Path, out: Path, favor: str = "balanced") -> tuple[int, float]:
    """Clean every NNN(N).txt of pages_dir into out/; returns (pages, seconds spent cleaning)."""
    out.mkdir(parents=True, exist_ok=True)
    pages, spent = 0, 0.0
    for path in sorted(pages_dir.glob("[0-9]*.txt")):
        if not path.stem.isdigit():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        body = clean_text(text, favor=favor).body
        spent += time.perf_counter() - t0
        (out / path.name).write_text(body, encoding="utf-8")
        pages += 1
    return pages, spent


def score(devset: Path, part: str, out: Path, skip_head: bool, verbose: bool) -> int:
    """Run the dev set's scorer for one part over the cleaned pages in out/."""
    cmd = [
        sys.executable,
        str(devset / "score_lines.py"),
        "--gold",
        str(devset / part / "gold.jsonl"),
        "--outdir",
        str(out),
    ]
    if skip_head:
        cmd.append("--skip-head")
    if verbose:
        cmd.append("--verbose")
    return subprocess.call(cmd)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--devset",
        type=Path,
        default=DEFAULT_DEVSET,
        help="dev set folder (holds articles/, dragnet/ and score_lines.py)",
    )
    ap.add_argument("--part", choices=(*PARTS, "both"), default="articles", help="which part to score")
    ap.add_argument("--skip-head", action="store_true", help="leave dragnet's head lines out (--part dragnet)")
    ap.add_argument("--favor", choices=FAVORS, default="balanced", help="the cleaner's precision/recall knob")
    ap.add_argument(
        "--out", type=Path, default=None, help="where to write cleaned pages (default: a temp dir)"
    )
    ap.add_argument("--verbose", action="store_true", help="also list the worst pages")
    args = ap.parse_args(argv)
    devset = args.devset.resolve()
    parts = PARTS if args.part == "both" else (args.part,)
    rc = 0
    for part in parts:
        pages_dir = devset / part
        if not pages_dir.is_dir():
            print(f"no {part}/ under {devset}", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            out = (args.out / part if args.part == "both" else args.out) if args.out else Path(tmp)
            pages, spent = clean_all(pages_dir, out, args.favor)
            print(
                f"{part}/ (favor {args.favor}): cleaned {pages} pages in {spent:.2f}s "
                f"({pages / max(spent, 1e-9):.0f} pages/s)"
            )
            heads = (False, True) if part == "dragnet" and args.part == "both" else (args.skip_head,)
            for skip in heads:
                if skip:
                    print("  --skip-head:")
                rc = score(devset, part, out, skip, args.verbose) or rc
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
