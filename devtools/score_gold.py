"""Per-field precision and recall of the real pipeline on the gold samples.

Usage: .venv/bin/python -m devtools.score_gold [--gold tests/data/gold_seeds.json] [--seeds seeds] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.goldscore import report, score  # noqa: E402

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold_seeds.json")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    a = ap.parse_args()
    scores = score(json.loads(a.gold.read_text(encoding="utf-8")), a.seeds)
    print(report(scores))
    if a.verbose:
        for k, s in scores.items():
            for line in s.misses:
                print(f"MISS  {k:<16} {line}")
            for line in s.extras:
                print(f"EXTRA {k:<16} {line}")
