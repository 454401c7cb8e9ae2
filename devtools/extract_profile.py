"""Where extraction time goes: cProfile over `flows.extract.extract_all`, per module and per function.

`extract_speed` says how long each extractor takes; this says which functions inside them the time
is spent in, so that a speed change starts from a measurement. Cleans the texts once (cleaning is
not profiled), warms up, then profiles `--rounds` passes of `extract_all` over them and prints the
own time (tottime) summed per flows/extract module (a builtin such as a regex scan counted
in the module that calls it), then the `--top` functions by own time.

    .venv/bin/python -m devtools.extract_profile                           # seeds/*.txt
    .venv/bin/python -m devtools.extract_profile --news /work/shared/devsets/news --rounds 5
    .venv/bin/python -m devtools.extract_profile --root /path/to/other/checkout
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.speedprobe import parser, seed_texts  # noqa: E402


def _news_docs(news: Path) -> list[tuple[Any, Any]]:
    """(raw, cleaned) of every numbered text of the news dev set, read the way `score_news` does."""
    from flows.clean.cleaner import clean_text
    from flows.model import RawDocument
    from flows.read.inputs import discover, read_input

    out = []
    for f in discover(news):
        if f.path.name[:3].isdigit():
            out += [(d, clean_text(d.text, frozenset(), d.title_hint)) for d in read_input(f)
                    if isinstance(d, RawDocument)]
    return out


def _where(func: tuple[str, int, str]) -> str:
    """A short module label: flows/extract/x.py -> x, the standard library's re -> re."""
    path = func[0]
    if "flows/extract/" in path:
        return path.split("flows/extract/")[1].removesuffix(".py")
    if path == "~":
        return "builtins (" + func[2].split(" of ")[0].strip("<>{}").removeprefix("method ") + ")"
    return Path(path).name.removesuffix(".py")


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, rounds=40, repeats=1, repeats_help="unused (one profiled run)")
    ap.add_argument("--news", type=Path, default=None, help="profile the news dev set's texts instead of seeds")
    ap.add_argument("--top", type=int, default=25, help="functions listed")
    args = ap.parse_args(argv)
    seeds = seed_texts(args)
    if seeds is None:
        return 2
    from flows.clean.cleaner import clean_text
    from flows.extract import extract_all
    from flows.model import RawDocument

    if args.news is not None:
        docs = _news_docs(args.news)
    else:
        docs = [(RawDocument(name, "", text, "txt", date(2026, 1, 1)), clean_text(text)) for name, text in seeds]
    for raw, cleaned in docs:  # warm up: imports, compiled patterns, the language model
        extract_all(raw, cleaned)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(args.rounds):
        for raw, cleaned in docs:
            extract_all(raw, cleaned, budget_s=1e9)
    prof.disable()
    stats = pstats.Stats(prof)
    n = args.rounds * len(docs)
    raw_stats: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw_stats.values())
    per: dict[str, float] = {}  # a builtin's time (a regex scan, str.find) goes to the module calling it
    for func, (_cc, _nc, tt, _ct, callers) in raw_stats.items():
        if func[0] != "~":
            per[_where(func)] = per.get(_where(func), 0.0) + tt
            continue
        for caller, (_c, _n, ctt, _cct) in callers.items():
            per[_where(caller)] = per.get(_where(caller), 0.0) + ctt
    print(f"{len(docs)} documents, {n} profiled extractions; own time per document "
          f"(profiler overhead included: compare shares, not absolute figures)")
    print(f"{'total':<40} {total / n * 1e3:7.3f} ms")
    for where, tt in sorted(per.items(), key=lambda kv: -kv[1]):
        if tt / total >= 0.005:
            print(f"  {where:<38} {tt / n * 1e3:7.3f} ms  {tt / total:6.1%}")
    print(f"\ntop {args.top} functions by own time")
    rows = sorted(raw_stats.items(), key=lambda kv: -kv[1][2])[: args.top]
    for func, (_cc, nc, tt, ct, _callers) in rows:
        name = f"{_where(func)}:{func[1]} {func[2]}"
        print(f"  {name[:60]:<60} {tt / n * 1e3:7.3f} ms own {ct / n * 1e3:7.3f} ms cum {nc / n:8.1f} calls")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
