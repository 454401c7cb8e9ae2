"""Extraction speed on seed-sized documents: CPU milliseconds per document, whole and per extractor.

Cleans every `seeds/*.txt` once, then runs `flows.extract.extract_all` over them `--rounds` times
per repeat and reports the best and the median of `--repeats` repeats, timed with
`time.process_time` (the process's own CPU time), so that other jobs on a shared machine slow the
figure down less than wall time would. Issue 12 asks for at most 1.5 ms per seed-sized document
per core.

The per-extractor lines run the same steps as `extract_all` in the same order (metadata,
agencies, mentions, dates, counts, quotes, events, the merge of counts said twice, the title's
counts), each timed on its own; their sum is a little above the whole figure because of the
clock reads around each step.

    .venv/bin/python -m devtools.extract_speed
    .venv/bin/python -m devtools.extract_speed --root /path/to/other/checkout   # compare a commit
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.speedprobe import cpu_repeats, parser, seed_texts  # noqa: E402

STEPS = ("metadata", "agencies", "mentions", "dates", "counts", "quotes", "events", "distinct", "title_counts")


def _steps(raw: Any, cleaned: Any) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """The steps of `flows.extract._extract_all` as (name, function of the state so far)."""
    import flows.extract as fx
    from flows.extract.counts import extract_counts
    from flows.extract.dates import extract_dates
    from flows.extract.entities import extract_mentions
    from flows.extract.events import extract_events
    from flows.extract.metadata import extract_metadata, signoff_agencies
    from flows.extract.quotes import extract_quotes

    body = cleaned.body

    def meta(s: dict[str, Any]) -> None:
        s["meta"] = extract_metadata(raw, cleaned)

    def agencies(s: dict[str, Any]) -> None:
        s["meta"].agencies = signoff_agencies(cleaned)

    def mentions(s: dict[str, Any]) -> None:
        s["mentions"] = extract_mentions(body, s["meta"])

    def dates(s: dict[str, Any]) -> None:
        s["dates"] = extract_dates(body, s["meta"].published_date)

    def counts(s: dict[str, Any]) -> None:
        s["counts"] = extract_counts(body, s["mentions"])

    def quotes(s: dict[str, Any]) -> None:
        s["quotes"] = extract_quotes(body, s["mentions"])

    def events(s: dict[str, Any]) -> None:
        s["events"] = extract_events(body, s["meta"], s["mentions"], s["counts"], s["dates"])

    def distinct(s: dict[str, Any]) -> None:
        s["counts"] = fx._distinct(body, s["counts"], s["events"])

    def title_counts(s: dict[str, Any]) -> None:
        s["title_counts"] = fx._title_counts(s["meta"])

    fns = (meta, agencies, mentions, dates, counts, quotes, events, distinct, title_counts)
    return list(zip(STEPS, fns, strict=True))


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, rounds=100, repeats=7, repeats_help="repeats; best and median are reported")
    ap.add_argument("--no-steps", action="store_true", help="time the whole extraction only")
    args = ap.parse_args(argv)
    seeds = seed_texts(args)
    if seeds is None:
        return 2
    from flows.clean.cleaner import clean_text
    from flows.extract import extract_all
    from flows.model import RawDocument

    docs = [(RawDocument(name, "", text, "txt", date(2026, 1, 1)), clean_text(text)) for name, text in seeds]
    for raw, cleaned in docs:  # warm up (imports, compiled patterns, the language model)
        extract_all(raw, cleaned)
    n = args.rounds * len(docs)

    def ms(seconds: float) -> float:
        return seconds / n * 1e3

    def one_round() -> None:
        for raw, cleaned in docs:
            extract_all(raw, cleaned)

    totals = cpu_repeats(one_round, args.rounds, args.repeats)
    size = sum(len(c.body) for _, c in docs) / len(docs)
    print(f"{len(docs)} documents (mean clean body {size:,.0f} chars), {n} extractions per repeat, "
          f"{args.repeats} repeats, CPU time per document")
    print(f"{'extract_all':<14} best {ms(min(totals)):6.3f} ms   median {ms(statistics.median(totals)):6.3f} ms")
    if args.no_steps:
        return 0
    plans = [_steps(raw, cleaned) for raw, cleaned in docs]
    per: dict[str, list[float]] = {name: [] for name in STEPS}
    clock = time.process_time
    for _ in range(args.repeats):
        spent = dict.fromkeys(STEPS, 0.0)
        for _ in range(args.rounds):
            for plan in plans:
                state: dict[str, Any] = {}
                for name, fn in plan:
                    t0 = clock()
                    fn(state)
                    spent[name] += clock() - t0
        for name in STEPS:
            per[name].append(spent[name])
    for name in STEPS:
        print(f"  {name:<12} best {ms(min(per[name])):6.3f} ms   median {ms(statistics.median(per[name])):6.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
