"""Helpers to read tests/data/gold_seeds.json (our own annotation of seeds/)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flows.clean.assemble import assemble
from flows.model import (
    LABEL_BLANK,
    LABEL_BODY,
    LABEL_BOILERPLATE,
    LABEL_METADATA,
    LABEL_TITLE,
    CleanedDoc,
    Line,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = Path(__file__).resolve().parent / "data" / "gold_seeds.json"
SEEDS = ROOT / "seeds"

# The gold file's free-text drop reasons, mapped to our reason codes.
GOLD_REASON_CODES = {
    "image caption": ("boilerplate", "image_caption"),
    "image caption (repeated)": ("boilerplate", "duplicate_line"),
    "byline": ("metadata", "byline"),
    "advertisement": ("boilerplate", "advertisement"),
    "section label": ("metadata", "section_label"),
    "date and reading time": ("metadata", "reading_time"),
    "image alt text and caption": ("boilerplate", "image_caption"),
    "author box": ("metadata", "author_box"),
    "author biography": ("boilerplate", "author_bio"),
    "newsletter prompt": ("boilerplate", "newsletter_prompt"),
    "date line": ("metadata", "date_line"),
    "share buttons": ("boilerplate", "share_widget"),
    "skip link": ("boilerplate", "skip_link"),
    "image credit": ("boilerplate", "photo_credit"),
    "author initials and agencies": ("metadata", "agency_signoff"),
    "navigation": ("boilerplate", "navigation"),
    "related story caption": ("boilerplate", "related_stories"),
    "related story headline": ("boilerplate", "related_stories"),
    "infobox": ("boilerplate", "infobox"),
    "see-also links": ("boilerplate", "see_also"),
}


@lru_cache(maxsize=1)
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def gold_docs() -> list[dict]:
    return gold()["documents"]


def gold_doc(file: str) -> dict:
    return next(d for d in gold_docs() if d["file"] == file)


def seed_text(file: str) -> str:
    return (SEEDS / file).read_text(encoding="utf-8")


def gold_cleaned(file: str) -> CleanedDoc:
    """The CleanedDoc that a perfect cleaner would produce for a seed file.

    Extractor tests use it so they do not depend on the cleaner's current accuracy.
    """
    g = gold_doc(file)
    keep = set(g["keep"])
    headings = set(g.get("headings", []))
    drop = {int(k): v for k, v in g["drop"].items()}
    lines: list[Line] = []
    for no, text in enumerate(seed_text(file).split("\n"), start=1):
        if no == g["title_line"]:
            lines.append(Line(no, text, LABEL_TITLE, "title"))
        elif no in keep:
            lines.append(Line(no, text, LABEL_BODY, None, "heading" if no in headings else None))
        elif no in drop:
            label, reason = GOLD_REASON_CODES[drop[no]]
            lines.append(Line(no, text, LABEL_METADATA if label == "metadata" else LABEL_BOILERPLATE, reason))
        elif not text.strip():
            lines.append(Line(no, text, LABEL_BLANK))
        else:  # a non-blank line the gold file does not list: treat as boilerplate
            lines.append(Line(no, text, LABEL_BOILERPLATE, "low_content"))
    return assemble(lines)


def line_no_span(cleaned: CleanedDoc, line_no: int) -> tuple[int, int] | None:
    """Body span of the paragraph that came from raw line `line_no`."""
    for p in cleaned.paragraphs:
        if p.line_no == line_no:
            return p.start_char, p.end_char
    return None
