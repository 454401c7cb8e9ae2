"""Cleaning speed on seed-sized documents: documents per CPU-second of one core.

Cleans every `seeds/*.txt` `--rounds` times per repeat and reports the best of `--repeats`
repeats, timed with `time.process_time` (the process's own CPU time), so that other jobs on a
shared machine slow the figure down less than wall time would. The goal (issue 13) is at least
1,500 documents per second per core.

    .venv/bin/python -m devtools.clean_speed
    .venv/bin/python -m devtools.clean_speed --root /path/to/other/checkout   # compare a commit
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose flows/ to time (default: this one)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt documents")
    ap.add_argument("--rounds", type=int, default=200, help="passes over the seeds per repeat")
    ap.add_argument("--repeats", type=int, default=5, help="repeats; the best is reported")
    ap.add_argument("--favor", default="balanced", help="the cleaner's precision/recall knob")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    from flows.clean.cleaner import clean_text

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not texts:
        print(f"no .txt files in {args.seeds}", file=sys.stderr)
        return 2
    kw = {} if args.favor == "balanced" else {"favor": args.favor}
    for t in texts:  # warm up (regex compilation, caches)
        clean_text(t, **kw)
    best = float("inf")
    for _ in range(args.repeats):
        t0 = time.process_time()
        for _ in range(args.rounds):
            for t in texts:
                clean_text(t, **kw)
        best = min(best, time.process_time() - t0)
    n = args.rounds * len(texts)
    size = sum(len(t) for t in texts) / len(texts)
    print(
        f"{len(texts)} documents (mean {size:,.0f} chars), {n} cleanings per repeat, best of {args.repeats}: "
        f"{best:.3f} CPU s -> {n / best:,.0f} docs/s per core"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
