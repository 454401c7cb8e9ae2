"""Score the cleaner's headline line against the dev sets' `title_line` (kept outside the repo).

Cleans every page of a dev-set part (`dragnet/NNNN.txt`, `articles/NNN.txt`) in this one
process, with its URL (`NNNN.url`) when the page has one, as a JSONL record would hand it
over, and compares the line the cleaner labels `title` with the gold `title_line`:

    .venv/bin/python -m devtools.score_title_lines                   # dragnet/
    .venv/bin/python -m devtools.score_title_lines --part both --no-url
    .venv/bin/python -m devtools.score_title_lines --misses          # list every miss

Printed per part, over the pages with a gold line: `title_line`, the share whose title line
has the gold line's text (whitespace collapsed, case folded: a page may show its headline
twice, and either copy is the headline), `same line`, the share where it is that very line,
and on how many the cleaner chose no title; then, on pages whose gold has no title line, how
many the cleaner leaves without a title. `dragnet/` was not used to
tune the title rules; `articles/` was. The dev sets are never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.clean.cleaner import clean_text  # noqa: E402
from flows.model import LABEL_TITLE  # noqa: E402

DEFAULT_DEVSET = next((p / "shared" / "devsets" for p in ROOT.parents if (p / "shared" / "devsets").is_dir()),
                      ROOT.parent / "shared" / "devsets")
PARTS = ("dragnet", "articles")


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def title_lines(pages_dir: Path, use_url: bool) -> tuple[dict[str, tuple[int, str] | None], float]:
    """Gold file name -> (1-based line, its key) the cleaner labels title (None: no title); seconds spent."""
    out: dict[str, tuple[int, str] | None] = {}
    spent = 0.0
    for path in sorted(pages_dir.glob("[0-9]*.txt")):
        if not path.stem.isdigit():
            continue
        url_file = path.with_suffix(".url")
        url = url_file.read_text(encoding="utf-8").strip() or None if use_url and url_file.exists() else None
        text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        cleaned = clean_text(text, url=url)
        spent += time.perf_counter() - t0
        out[path.name] = next(((x.line_no, _key(x.text)) for x in cleaned.lines if x.label == LABEL_TITLE), None)
    return out, spent


def score(pages_dir: Path, use_url: bool, misses: bool) -> dict[str, float | int]:
    """Compare with gold.jsonl's `title_line`; print and return the figures."""
    gold = [json.loads(x) for x in (pages_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    got, spent = title_lines(pages_dir, use_url)
    with_line = [g for g in gold if g.get("title_line") is not None]
    without = [g for g in gold if g.get("title_line") is None]
    def gold_key(g: dict) -> str:
        lines = (pages_dir / g["file"]).read_text(encoding="utf-8", errors="replace").split("\n")
        return _key(lines[g["title_line"] - 1])

    same_text = {g["file"] for g in with_line if (got.get(g["file"]) or (0, None))[1] == gold_key(g)}
    same_line = sum(1 for g in with_line if (got.get(g["file"]) or (0, ""))[0] == g["title_line"])
    null = sum(1 for g in with_line if got.get(g["file"]) is None)
    null_ok = sum(1 for g in without if got.get(g["file"]) is None)
    n = max(len(with_line), 1)
    res: dict[str, float | int] = {
        "pages": len(gold), "with_title_line": len(with_line), "title_line": round(len(same_text) / n, 3),
        "same_line": round(same_line / n, 3), "null_on_titled": null, "without_title_line": len(without),
        "null_on_untitled": null_ok, "ms_per_page": round(1000 * spent / max(len(got), 1), 2),
    }
    print(f"{pages_dir.name}/ ({'with' if use_url else 'without'} URLs): title_line {res['title_line']:.3f} "
          f"({len(same_text)}/{len(with_line)}), same line {res['same_line']:.3f}, no title on {null} of them; "
          f"no title on {null_ok}/{len(without)} pages without a gold title line; clean {res['ms_per_page']} ms/page")
    if misses:
        for g in with_line:
            if g["file"] not in same_text:
                print(f"  {g['file']}: gold {g['title_line']} got {(got.get(g['file']) or (None,))[0]}")
        for g in without:
            if got.get(g["file"]) is not None:
                print(f"  {g['file']}: gold none got {got[g['file']][0]}")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET, help="dev set folder")
    ap.add_argument("--part", choices=(*PARTS, "both"), default="dragnet")
    ap.add_argument("--no-url", action="store_true", help="clean without the pages' URLs")
    ap.add_argument("--misses", action="store_true", help="list every page whose title line differs")
    args = ap.parse_args(argv)
    parts = PARTS if args.part == "both" else (args.part,)
    for part in parts:
        pages_dir = args.devset.resolve() / part
        if not (pages_dir / "gold.jsonl").is_file():
            print(f"no {part}/gold.jsonl under {args.devset}", file=sys.stderr)
            return 2
        score(pages_dir, not args.no_url, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
