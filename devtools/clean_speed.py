"""Cleaning speed on seed-sized documents: documents per CPU-second of one core.

Cleans every `seeds/*.txt` `--rounds` times per repeat and reports the best of `--repeats`
repeats, timed with `time.process_time` (the process's own CPU time), so that other jobs on a
shared machine slow the figure down less than wall time would. The goal (issue 13) is at least
1,500 documents per second per core.

    .venv/bin/python -m devtools.clean_speed
    .venv/bin/python -m devtools.clean_speed --root /path/to/other/checkout   # compare a commit
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.speedprobe import cpu_repeats, parser, seed_texts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, rounds=200, repeats=5, repeats_help="repeats; the best is reported")
    ap.add_argument("--favor", default="balanced", help="the cleaner's precision/recall knob")
    args = ap.parse_args(argv)
    seeds = seed_texts(args)
    if seeds is None:
        return 2
    from flows.clean.cleaner import clean_text

    texts = [t for _, t in seeds]
    kw = {} if args.favor == "balanced" else {"favor": args.favor}
    for t in texts:  # warm up (regex compilation, caches)
        clean_text(t, **kw)

    def one_round() -> None:
        for t in texts:
            clean_text(t, **kw)

    best = min(cpu_repeats(one_round, args.rounds, args.repeats))
    n = args.rounds * len(texts)
    size = sum(len(t) for t in texts) / len(texts)
    print(
        f"{len(texts)} documents (mean {size:,.0f} chars), {n} cleanings per repeat, best of {args.repeats}: "
        f"{best:.3f} CPU s -> {n / best:,.0f} docs/s per core"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
