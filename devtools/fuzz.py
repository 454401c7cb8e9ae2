"""Bounded fuzzer: random and adversarial documents through reading, cleaning, extraction and rows.

Three generators, all seeded (a finding is reproduced by its seed and index):
- `bytes`: valid documents with their bytes damaged (bit flips, truncation, NULs, BOMs, a wrong
  encoding, JSON broken or nested) and read by the real reader from a file;
- `random`: text glued from news-like pieces, random Unicode and whitespace;
- `adversarial`: shapes that stress rule engines (unclosed quotes, one endless line or sentence,
  thousands of numbers, dates, capitalised names, nested brackets, repeated lines), in sizes
  growing to `max_kb`.

`fuzz(n, seed, budget_s)` checks that no exception escapes the per-document path (exceptions
that an extractor swallowed show up as field errors and are reported too), that the rows of
each document convert to Arrow, and how long each document takes against `budget_s`. It
returns the figures: documents tried, findings, worst document time and which document.

Used by tests/orchestrate/test_fuzz.py (a few hundred documents) and `python -m devtools.reliability fuzz`.
"""

from __future__ import annotations

import codecs
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

PIECES = ["500", "1,200", "troops", "soldiers", " ", " ", " ", ",", ".", "\n", "\n\n", "“", "”", '"', "‘", "’", "(",
          ")", "on", "Monday", "March", "2020", "1970s", "two", "dozen", "were", "killed", "said", "mid-", "-", "the",
          "Iraqi", "U.S.", "NATO", "According to", ":", "hundreds of", "people", "14 July", "withdraw", "deploy",
          "from", "to", "Syria", "Gen.", "Prime Minister", "Mohammed", "al-", "By", "Reuters", "Photo:", "Share",
          "©", "—", "…", "%", "$", "km", "1st Brigade", "ERBIL", "(AFP)", "—", "•", "|", "Read more", "http://x.io/a"]
UNICODE_RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x600, 0x6FF), (0x4E00, 0x4FFF),
                  (0x1F300, 0x1F5FF), (0x200B, 0x200F), (0x2028, 0x202E), (0x300, 0x36F)]


def random_texts(rng: random.Random) -> Iterator[tuple[str, str]]:
    while True:
        if rng.random() < 0.6:
            yield "pieces", "".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(0, 400)))
        else:
            out = []
            for _ in range(rng.randint(1, 3000)):
                lo, hi = rng.choice(UNICODE_RANGES)
                out.append(chr(rng.randint(lo, hi)) if rng.random() < 0.85 else rng.choice(" \n\n\t.,"))
            yield "unicode", "".join(out)


def adversarial_texts(rng: random.Random, max_kb: int) -> Iterator[tuple[str, str]]:
    words = "the troops said that minister army base Iraq 500 soldiers left on Monday officials".split()

    def w(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    shapes = {
        "unclosed_quotes": lambda n: "Troops leave\n\n" + " ".join('"' + w(10) for _ in range(n // 60)),
        "unclosed_curly": lambda n: "Troops leave\n\n" + " ".join("“" + w(10) for _ in range(n // 60)),
        "one_line": lambda n: w(n // 6),
        "one_sentence_paragraphs": lambda n: "\n\n".join(w(12) for _ in range(n // 70)),
        "no_period_paragraph": lambda n: "Troops leave\n\n" + w(n // 6),
        "numbers": lambda n: "Troops\n\n" + " ".join(f"{rng.randint(1, 10**6):,} troops" for _ in range(n // 14)),
        "dates": lambda n: "Troops\n\n" + " ".join(f"on {rng.randint(1, 28)} March {rng.randint(1900, 2100)}"
                                                   for _ in range(n // 20)) + ".",
        "capitalised": lambda n: "Troops\n\n" + " ".join(rng.choice(["General", "Minister", "Ahmed", "Al", "Army",
                                                                      "Brigade", "Iraq", "Forces"])
                                                         for _ in range(n // 7)) + ".",
        "brackets": lambda n: "Troops\n\n" + "(" * (n // 4) + w(5) + ")" * (n // 4),
        "repeated_lines": lambda n: "\n".join(["Share this article"] * (n // 19) + [w(40)]),
        "movement_sentences": lambda n: "\n\n".join(f"{rng.randint(2, 5000)} soldiers from Iraq were deployed to "
                                                    f"Syria on Monday, the minister said." for _ in range(n // 70)),
        "short_lines": lambda n: "\n".join(rng.choice(words) for _ in range(n // 6)),
    }
    sizes = [1, 4, 16, 64, 128, 256, 512, 1024]
    while True:
        name = rng.choice(sorted(shapes))
        kb = rng.choice([s for s in sizes if s <= max_kb] or [1])
        yield f"{name}:{kb}KB", shapes[name](kb * 1024)[: kb * 1024]


ARTICLE = ("Troops leave the northern base\n\nAround 300 soldiers left the base on Monday, the ministry said.\n\n"
           "\"We will return if needed,\" said General Amir Saleh.\n")


def damaged_inputs(rng: random.Random) -> Iterator[tuple[str, str, bytes]]:
    """(how, file name, bytes) of a valid document damaged at random."""
    while True:
        how = rng.choice(["flip", "truncate", "nuls", "bom", "encoding", "json_break", "json_nest", "json_types"])
        data = ARTICLE.encode()
        name = "doc.txt"
        if how == "flip":
            b = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            data = bytes(b)
        elif how == "truncate":
            data = ARTICLE.encode("utf-16")[: rng.randrange(1, len(data))]
        elif how == "nuls":
            b = bytearray(data)
            for _ in range(rng.randint(1, 40)):
                b.insert(rng.randrange(len(b)), 0)
            data = bytes(b)
        elif how == "bom":
            data = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE]) + data
        elif how == "encoding":
            data = ARTICLE.encode(rng.choice(["utf-16-le", "utf-16-be", "utf-32-le", "cp1252", "utf-7"]))
        elif how == "json_break":
            s = json.dumps({"id": rng.randint(0, 9), "text": ARTICLE})
            cut = rng.randrange(len(s))
            data, name = (s[:cut] + rng.choice(["", "}", "\\", '"', "\x00"]) + s[cut:]).encode(), "f.jsonl"
        elif how == "json_nest":
            depth = rng.choice([10, 63, 64, 65, 500, 5000, 50000])
            data, name = (json.dumps({"text": ARTICLE, "x": None})[:-1] + ', "n": ' + "[" * depth + "]" * depth
                          + "}").encode(), "f.jsonl"
        else:
            rec = {"id": rng.choice([None, 1, "a", True, [1], {"k": 1}, "x" * 300, "a#b"]),
                   "url": rng.choice([None, 5, "", "https://x.example/a"]),
                   "text": rng.choice([ARTICLE, None, 3, ["a"], "", "\ud800" + ARTICLE]),
                   "title": rng.choice([None, 1, "T" * 2000]),
                   "fetched_at": rng.choice([None, "", "2025-05-01", "0001-01-01T00:00:00+14:00", 17, "bad"])}
            data, name = json.dumps(rec).encode(), "f.jsonl"
        yield how, name, data


def _process_text(text: str, now: datetime) -> tuple[float, dict[str, int]]:
    """Clean, extract and build the rows of one text as the pipeline does; (seconds, field errors)."""
    from flows.clean.cleaner import clean_text
    from flows.extract import extract_all
    from flows.extract.budget import DEFAULT_BUDGET_S
    from flows.model import RawDocument
    from flows.store.records import TableBuffer, add_document

    t0 = time.perf_counter()
    raw = RawDocument("fuzz.txt", "0" * 64, text, "txt", date(2025, 5, 1))
    cleaned = clean_text(text)
    ex = extract_all(raw, cleaned, budget_s=max(0.0, 0.9 * DEFAULT_BUDGET_S - (time.perf_counter() - t0)))  # as the pipeline
    buf = TableBuffer()
    add_document(buf, raw, cleaned, ex, "fuzz", now)
    for t in buf.columns:
        buf.to_arrow(t)  # an out-of-range value here is caught by the pipeline's guard: still a finding
    return time.perf_counter() - t0, dict(ex.field_errors)


def fuzz(n: int = 300, seed: int = 0, budget_s: float = 2.0, max_kb: int = 64,
         mix: tuple[float, float, float] = (0.3, 0.4, 0.3)) -> dict[str, Any]:
    """Run `n` fuzzed documents (shares of bytes/random/adversarial by `mix`); return the figures."""
    from flows.model import RawDocument
    from flows.read.inputs import InputFile, read_input

    rng = random.Random(seed)
    now = datetime.now(UTC)
    gens = {"bytes": damaged_inputs(rng), "random": random_texts(rng), "adversarial": adversarial_texts(rng, max_kb)}
    findings: list[dict[str, Any]] = []
    timeouts = 0
    kinds: Counter = Counter()
    worst: tuple[float, str] = (0.0, "")
    over_budget: list[dict[str, Any]] = []
    _process_text(ARTICLE, now)  # warm up: lazy imports and gazetteers load on first use, not per document
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            gen = rng.choices(list(gens), weights=mix)[0]
            label = ""
            try:
                if gen == "bytes":
                    how, name, data = next(gens["bytes"])  # type: ignore[misc]
                    label = f"bytes:{how}"
                    p = Path(tmp) / f"{i}-{name}"
                    p.write_bytes(data)
                    st = p.stat()
                    t0 = time.perf_counter()
                    docs = list(read_input(InputFile(p, p.name, st.st_size, st.st_mtime_ns)))
                    secs, errors = time.perf_counter() - t0, {}
                    for d in docs:
                        if isinstance(d, RawDocument):
                            s2, errors = _process_text(d.text, now)
                            secs += s2
                    p.unlink()
                else:
                    label, text = next(gens[gen])  # type: ignore[misc]
                    label = f"{gen}:{label}"
                    secs, errors = _process_text(text, now)
            except Exception as e:  # noqa: BLE001 - a finding, not a crash of the fuzzer
                findings.append({"i": i, "seed": seed, "kind": label, "error": f"{type(e).__name__}: {e}"[:300]})
                continue
            kinds[label.split(":")[0] + ":" + label.split(":")[1] if ":" in label else label] += 1
            timeouts += errors.pop("extract_timeout", 0)  # the budget doing its job: counted, not a finding
            if errors:
                findings.append({"i": i, "seed": seed, "kind": label, "field_errors": errors})
            if secs > worst[0]:
                worst = (secs, label)
            if secs > budget_s:
                over_budget.append({"i": i, "seed": seed, "kind": label, "seconds": round(secs, 2)})
    return {"documents": n, "seed": seed, "budget_s": budget_s, "kinds": dict(sorted(kinds.items())),
            "findings": findings, "extract_timeouts": timeouts, "over_budget": over_budget, "worst_s": round(worst[0], 3), "worst": worst[1]}
