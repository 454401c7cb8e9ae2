"""Time the cross-document step alone (duplicates + stories) on a synthetic stream of documents.

A stress case, denser than real reporting: every body shares most of its words with one of 200
templates (so near-duplicate candidates abound), and events draw actor, type and places from small
sets over one year (so stories get long and blocks crowded). Prints seconds per stage and per 1,000 documents, and the state files' size.
Usage: .venv/bin/python -m devtools.bench_links [--docs 100000]
"""
import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from flows.store import duplicates, stories  # noqa: E402

ACTORS = ["USA", "IRQ", "DEU", "FRA", "GBR", "PAK", "TUR", "RUS"]
PLACES = ["IRQ", "SYR", "PAK", "AFG", "SAU", None]
WORDS = ("troops soldiers base minister said withdrawal deployment border ministry officials week "
         "month army forces announced statement government military mission training return").split()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    day0 = date(2025, 1, 1)
    bases = [" ".join(rnd.choice(WORDS) for _ in range(300)) for _ in range(200)]
    dup, idx = duplicates.DuplicateIndex(), stories.StoryIndex()
    t_dup = t_story = 0.0
    for i in range(a.docs):
        doc = f"{i:016x}"
        body = bases[rnd.randrange(len(bases))] + f" Report {i}: " + " ".join(rnd.choice(WORDS) for _ in range(40))
        t = time.perf_counter()
        dup.add(doc, body)
        t_dup += time.perf_counter() - t
        day = day0 + timedelta(days=rnd.randrange(365))
        ms = [stories.Member(f"{doc}:e{k}", doc, day, rnd.choice(["deployment", "withdrawal"]), "done",
                             rnd.choice(ACTORS), "country", rnd.choice(PLACES), rnd.choice(PLACES),
                             rnd.choice([None, 100, 500, 1000, 3000]),
                             day if rnd.random() < 0.5 else None, "day", day, f"site{rnd.randrange(50)}")
              for k in range(rnd.choice([0, 1, 1, 2]))]
        t = time.perf_counter()
        idx.assign_all(ms)
        t_story += time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        duplicates.write_index(dup, Path(d) / "dup.parquet")
        stories.write_index(idx, Path(d) / "st.parquet")
        t_write = time.perf_counter() - t
        t = time.perf_counter()
        duplicates.load_index(Path(d) / "dup.parquet")
        stories.load_index(Path(d) / "st.parquet")
        t_load = time.perf_counter() - t
        size = sum(p.stat().st_size for p in Path(d).iterdir())
        t = time.perf_counter()
        rows = list(idx.story_rows(idx.touched, "r"))
        t_rows = time.perf_counter() - t
    n_ev = len(idx.story_of)
    print(f"docs {a.docs}, events {n_ev}, stories {len(idx.stories)}, duplicates {dup.found}")
    print(f"duplicates {t_dup:.1f} s ({1000 * t_dup / a.docs:.2f} ms/doc); stories {t_story:.1f} s "
          f"({1000 * t_story / max(1, n_ev):.3f} ms/event); story rows {t_rows:.1f} s ({len(rows)} rows); "
          f"state write {t_write:.1f} s, load {t_load:.1f} s, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
