"""What the speed probes (`clean_speed`, `extract_speed`) share: their options, the seed texts, the CPU clock.

Both time a stage over `seeds/*.txt` with `time.process_time` (the process's own CPU time, so that
other jobs on a shared machine slow the figure down less than wall time would), and both can time
another checkout (`--root`) so that a before and an after run alternate in the same period.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parser(doc: str | None, rounds: int, repeats: int, repeats_help: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose flows/ to time (default: this one)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt documents")
    ap.add_argument("--rounds", type=int, default=rounds, help="passes over the seeds per repeat")
    ap.add_argument("--repeats", type=int, default=repeats, help=repeats_help)
    return ap


def seed_texts(args: argparse.Namespace) -> list[tuple[str, str]] | None:
    """(file name, text) of every seed, with `--root`'s `flows` made the one imported; None if there are none."""
    sys.path.insert(0, str(args.root.resolve()))
    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        print(f"no .txt files in {args.seeds}", file=sys.stderr)
        return None
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def cpu_repeats(one_round: Callable[[], None], rounds: int, repeats: int) -> list[float]:
    """CPU seconds of `rounds` calls of `one_round`, for each of `repeats` repeats."""
    out = []
    for _ in range(repeats):
        t0 = time.process_time()
        for _ in range(rounds):
            one_round()
        out.append(time.process_time() - t0)
    return out
