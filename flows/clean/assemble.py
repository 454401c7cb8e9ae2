"""Assemble the body and paragraphs from labelled lines.

The classifier (`flows/clean/cleaner.py`) decides what each raw line is; this module turns that
decision into the body text and the `paragraphs` rows, so the same assembly serves the
classifier, the gold fixtures in the tests and anyone who relabels lines by hand.
"""

from __future__ import annotations

import re
import unicodedata

from flows.model import LABEL_BLANK, LABEL_BODY, LABEL_TITLE, CleanedDoc, Line, Paragraph

PARAGRAPH_SEP = "\n\n"
# Wiki headings ("== History ==", "=== Zutt Rebellion ===") and markdown headings ("## X").
WIKI_HEADING = re.compile(r"^\s*(={1,6})\s*(.*?)\s*\1\s*$")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
# Odd spaces that scrapers leave (nbsp, thin, zero-width…) become plain spaces or vanish.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MULTISPACE = re.compile(r" {2,}")
# A standfirst is a lead paragraph set apart from the article by layout: followed by page
# furniture (caption, byline) or by at least this many blank lines before the next body line.
STANDFIRST_MIN_BLANKS = 2


def normalize_line(text: str) -> str:
    """NFC, odd spaces to plain spaces, trimmed; typographic quotes and dashes kept."""
    if text.isascii():  # the common case: no NFC work, no odd spaces beyond tabs and runs
        if "\t" in text or "\f" in text or "\v" in text:
            text = _SPACES.sub(" ", text)
        return _MULTISPACE.sub(" ", text).strip() if "  " in text else text.strip()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return _MULTISPACE.sub(" ", text).strip()


def heading_text(text: str) -> str | None:
    """The heading's words without wiki or markdown markup, or None if not marked up."""
    m = WIKI_HEADING.match(text) or MD_HEADING.match(text)
    if not m:
        return None
    return normalize_line(m.group(m.lastindex or 1))


def assemble(lines: list[Line], title: str | None = None) -> CleanedDoc:
    """Build a CleanedDoc from lines whose label/kind are already decided.

    Body lines become paragraphs in order; headings lose their markup and become the
    `section` of the paragraphs below them; the first body paragraph becomes the
    standfirst when layout sets it apart (see STANDFIRST_MIN_BLANKS), unless the classifier
    already chose a kind for it.
    """
    if title is None:
        title = next((normalize_line(x.text) for x in lines if x.label == LABEL_TITLE), None)
        if title is not None:
            title = heading_text(title) or title
    body_idx = [i for i, x in enumerate(lines) if x.label == LABEL_BODY]
    if body_idx and lines[body_idx[0]].kind in (None, "paragraph"):
        if _set_apart(lines, body_idx[0], body_idx[1] if len(body_idx) > 1 else None):
            lines[body_idx[0]].kind = "standfirst"
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    section: str | None = None
    for i in body_idx:
        line = lines[i]
        kind = line.kind or "paragraph"
        text = normalize_line(line.text)
        h = heading_text(text)
        if h is not None:
            kind, text = "heading", h
        if not text:
            continue
        line.kind = kind
        if parts:
            pos += len(PARAGRAPH_SEP)
        start = pos
        parts.append(text)
        pos += len(text)
        if kind == "heading":
            section = text
        paragraphs.append(
            Paragraph(
                para_no=len(paragraphs) + 1,
                kind=kind,
                text=text,
                start_char=start,
                end_char=pos,
                line_no=line.line_no,
                section=section if kind != "heading" else None,
            )
        )
    return CleanedDoc(title=title, body=PARAGRAPH_SEP.join(parts), lines=lines, paragraphs=paragraphs)


def _set_apart(lines: list[Line], first: int, nxt: int | None) -> bool:
    if nxt is None:
        return False
    between = lines[first + 1 : nxt]
    if any(x.label not in (LABEL_BLANK, LABEL_BODY) and x.label != LABEL_TITLE for x in between):
        return True
    return sum(1 for x in between if x.label == LABEL_BLANK) >= STANDFIRST_MIN_BLANKS
