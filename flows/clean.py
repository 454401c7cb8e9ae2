"""Line-level boilerplate removal: label every raw line, then assemble the body.

Scraped text is the whole page, one block a line. The article is usually one contiguous
region of long, punctuated, stopword-rich lines, with short lines (subheadings, list items)
inside it and menus, widgets and teasers around it. So the cleaner

1. normalises each line and computes cheap features (script-weighted length, stopword
   share, terminal punctuation, furniture patterns from `flows/clean_rules.py`);
2. finds the heaviest region(s) of prose with a maximum-sum segment search (Kadane) over
   per-line weights: prose adds its length, other lines cost a flat penalty, furniture
   more, end-of-article markers ("Related stories", "Comments") most. That is jusText's
   neighbour smoothing in one linear pass: short lines between body lines are body, runs
   of short lines are not;
   The region then grows over short gaps to nearby prose, over the list a "...:" line
   announces and over an itemised run (dates, scores, numbered items) right after it.
   Text that is already clean (trafilatura output, one-sentence paragraphs) is taken
   from its first sentence to its last when the region search would lose sentences;
3. labels lines inside the region as body unless a furniture pattern, a repeat or the
   site's recurring lines say otherwise; lines outside get the most specific reason;
4. picks the title (the metadata hint, or the headline above the body, not the `<title>`
   line with its " | Site" suffix) and hands the labelled lines to `flows.assemble`.

This module holds the orchestration (`clean_text`) and the line classification; step 2 is
`flows/clean_region.py`, the title and metadata-line rules of step 4 are
`flows/clean_title.py`, thresholds and patterns `flows/clean_rules.py`, word lists
`flows/clean_lexicon.py`.

Wiki text (`= Title =`, `== Section ==`) is all body except infoboxes and the trailing
"See also" / "References" / "External links" sections.
"""

from __future__ import annotations

import re
import unicodedata

from flows import clean_lexicon as L
from flows import clean_rules as R
from flows.assemble import assemble, heading_text, normalize_line
from flows.clean_region import END_REASONS, LINKLIKE, PROSE, REPEAT, SENTENCE, SHORT, clean_span, find_regions
from flows.clean_title import choose_title, headline_anchor, is_date_line, metadata_reason
from flows.model import (
    LABEL_BLANK,
    LABEL_BODY,
    LABEL_BOILERPLATE,
    LABEL_METADATA,
    LABEL_TITLE,
    METADATA_REASONS,
    CleanedDoc,
    Line,
)
from flows.sitestats import line_fingerprint

# Headings whose reason carries over to the unexplained lines below them (after the body).
ZONE_REASONS = frozenset({"related_stories", "comments"})


def clean_text(
    text: str, recurring: frozenset[str] = frozenset(), title_hint: str | None = None
) -> CleanedDoc:
    """Label every raw line of `text` and build the cleaned body.

    `recurring` holds fingerprints (`flows.sitestats.line_fingerprint`) of lines that recur
    across documents of the same source: they are `site_boilerplate`, except a long prose
    line (>= SITE_KEEP_MIN_CHARS) inside the body region, since syndicated sentences and
    standard closing paragraphs of real articles also recur and losing body text is worse
    than keeping a boilerplate sentence.
    """
    raw = text.split("\n")
    norms = [_normalize(t) for t in raw]
    n = len(raw)
    reasons: list[str | None] = [None] * n
    classes = [SHORT] * n
    wiki = _is_wiki(norms)
    seen: set[str] = set()
    first: dict[str, int] = {}  # line text -> its first index: repeats reuse the verdict
    lows = [""] * n
    kept_recurring: set[int] = set()
    for i, t in enumerate(norms):
        if not t:
            continue
        low = lows[i] = t.lower()
        j = first.get(t)
        if j is not None:  # a repeated line (teaser, caption, menu) weighs as furniture
            classes[i] = REPEAT
            reasons[i] = "site_boilerplate" if j in kept_recurring else reasons[j]
            continue
        first[t] = i
        classes[i] = _prose_class(t, low)
        reasons[i] = _pattern_reason(t, low, classes[i])
        if low in seen:
            classes[i] = REPEAT
        seen.add(low)
        if recurring and reasons[i] is None and line_fingerprint(t) in recurring:
            if classes[i] == PROSE and len(t) >= R.SITE_KEEP_MIN_CHARS:
                kept_recurring.add(i)  # decided after the region search
            else:
                reasons[i] = "site_boilerplate"
    if wiki:
        _wiki_sections(norms, reasons)
        in_region = [bool(t) and reasons[i] is None for i, t in enumerate(norms)]
    else:
        anchor = headline_anchor(norms, title_hint)
        in_region = find_regions(norms, classes, reasons, 0 if anchor is None else anchor + 1)
        span = clean_span(norms, classes, reasons, anchor)
        if span is not None:
            lost = sum(1 for i, x in enumerate(span) if x and not in_region[i] and classes[i] >= SENTENCE)
            if lost >= R.CLEAN_MIN_RESCUED:
                in_region = span
    for i in kept_recurring:
        if not in_region[i]:
            reasons[i] = "site_boilerplate"
    title_idx = choose_title(norms, in_region, reasons, title_hint, wiki, None if wiki else anchor)
    if not wiki:
        _admit_standfirst(norms, classes, reasons, in_region, title_idx)
    _mark_duplicates(lows, classes, in_region, reasons, title_idx)
    final = _explain(norms, classes, in_region, reasons, title_idx)
    lines: list[Line] = []
    for i, t in enumerate(raw):
        no = i + 1
        t = t[:-1] if t.endswith("\r") else t
        if not norms[i]:
            lines.append(Line(no, t, LABEL_BLANK))
        elif i == title_idx:
            lines.append(Line(no, t, LABEL_TITLE, "title"))
        elif final[i] is None:
            lines.append(Line(no, t, LABEL_BODY, None, _kind(norms[i], classes[i])))
        else:
            label = LABEL_METADATA if final[i] in METADATA_REASONS else LABEL_BOILERPLATE
            lines.append(Line(no, t, label, final[i]))
    return assemble(lines)


def _admit_standfirst(
    norms: list[str],
    classes: list[int],
    reasons: list[str | None],
    in_region: list[bool],
    title_idx: int | None,
) -> None:
    """The lone prose line between the headline and the body is the standfirst.

    Captions, bylines and date lines often separate the standfirst from the article, and
    their costs keep it out of the region; if it is the only unexplained line there, it is
    body.
    """
    if title_idx is None:
        return
    n = len(norms)
    start = next((i for i in range(title_idx + 1, n) if in_region[i]), None)
    if start is None:
        return
    free = [i for i in range(title_idx + 1, start) if norms[i] and reasons[i] is None]
    ends = any(reasons[i] in END_REASONS for i in range(title_idx + 1, start))
    if len(free) == 1 and classes[free[0]] >= SENTENCE and not ends:
        in_region[free[0]] = True


def _explain(
    norms: list[str],
    classes: list[int],
    in_region: list[bool],
    reasons: list[str | None],
    title_idx: int | None,
) -> list[str | None]:
    """Final reason of every non-blank line (None: body).

    Below the article, the lines after a "Related stories" or "Comments" heading take its
    reason; an unexplained line right above a photo credit is that photo's caption.
    """
    n = len(norms)
    out: list[str | None] = [None] * n
    last_body = max((i for i in range(n) if in_region[i] and reasons[i] is None), default=-1)
    zone: str | None = None
    for i, t in enumerate(norms):
        if not t or i == title_idx or (in_region[i] and reasons[i] is None):
            continue
        r = reasons[i] or metadata_reason(norms, i, title_idx)
        if r is None:
            j = i + 1
            while j < n and not norms[j]:
                j += 1
            if zone is not None:
                r = zone
            elif j < n and reasons[j] == "photo_credit":
                r = "image_caption"
            else:
                r = _fallback(norms, classes, in_region, i)
        if i > last_body and r in ZONE_REASONS:
            zone = r
        out[i] = r
    return out


def _mark_duplicates(
    lows: list[str],
    classes: list[int],
    in_region: list[bool],
    reasons: list[str | None],
    title_idx: int | None,
) -> None:
    """A line repeating an earlier line is `duplicate_line`, judged after the region search.

    Outside the body any repeat counts (the second copy of a caption); inside it only a
    repeat of an earlier body line does, because pages often show article text first in a
    hidden or teaser copy above the article and the in-body copy must stay.
    """
    seen_any: set[str] = set()
    seen_body: set[str] = set()
    for i, key in enumerate(lows):  # lower-cased normalised lines, "" for blank ones
        if not key or i == title_idx:
            continue
        body = in_region[i] and reasons[i] is None
        if body:
            if key in seen_body or (key in seen_any and classes[i] < SENTENCE):
                reasons[i] = "duplicate_line"
            else:
                seen_body.add(key)
        elif key in seen_any and reasons[i] not in METADATA_REASONS:
            reasons[i] = "duplicate_line"
        seen_any.add(key)


# --- features ---------------------------------------------------------------------------


def _normalize(t: str) -> str:
    """`flows.assemble.normalize_line`, with a fast path for plain ASCII lines."""
    if t.isascii():
        return " ".join(t.split())
    if not R.ODD_SPACE.search(t) and unicodedata.is_normalized("NFC", t):
        return t.strip()
    return normalize_line(t)


def _prose_class(t: str, low: str) -> int:
    """PROSE / SENTENCE / SHORT / LINKLIKE from length, stopword share and punctuation."""
    n = len(t)
    sample = t if n <= R.SAMPLE_CHARS else t[: R.SAMPLE_CHARS]
    cjk = 0 if sample.isascii() else len(R.CJK.findall(sample)) * n // len(sample)
    eff = n + cjk * (R.CJK_CHAR_WEIGHT - 1)
    terminal = t[-1] in R.TERMINAL
    head = low if n <= R.SAMPLE_CHARS else low[: R.SAMPLE_CHARS]
    words = head.split()  # STOPWORD_TOKENS also holds "the," and "(and"
    if cjk * 3 >= n:  # CJK/Hangul: no usable stoplist; punctuation and length decide
        share = R.CJK_STOPWORD_SHARE if terminal or eff >= 2 * R.PROSE_MIN_CHARS else 0.0
    else:
        share = sum(map(L.STOPWORD_TOKENS.__contains__, words)) / len(words) if words else 0.0
    if (
        eff >= R.PROSE_MIN_CHARS
        and share >= R.PROSE_MIN_STOPWORD_SHARE
        and (terminal or eff >= R.UNPUNCTUATED_PROSE_MIN_CHARS)
    ):
        return PROSE
    if eff >= R.SENTENCE_MIN_CHARS and share >= R.SENTENCE_MIN_STOPWORD_SHARE and terminal:
        return SENTENCE
    if share == 0.0 and not terminal and len(words) <= R.LINKLIKE_MAX_WORDS:
        return LINKLIKE
    return SHORT


def _hit(name: str, t: str, low: str) -> bool:
    """Search pattern `name` of clean_rules, behind its cheap substring gate."""
    gate, search = _GATES[name]
    return gate(low) is not None and search(t) is not None


def _hit_long(name: str, t: str, low: str) -> bool:
    """`_hit` for prose-length lines: over hundreds of characters `in` (a fast C scan per
    trigger) beats the alternation regex, which tries every trigger at every position."""
    return any(map(low.__contains__, R.TRIGGERS[name])) and _GATES[name][1](t) is not None


# name -> (search for any of its trigger substrings, search of the pattern itself). On short
# lines a literal alternation of a dozen triggers is a third cheaper than a dozen `in` tests;
# a union of all the triggers is slower than the tests (no common prefix for `re` to use).
_GATES = {
    name: (re.compile("|".join(map(re.escape, keys))).search, getattr(R, name).search)
    for name, keys in R.TRIGGERS.items()
}


def _pattern_reason(t: str, low: str, cls: int) -> str | None:
    """The furniture reason a line's own text gives, or None."""
    n = len(t)
    if n > R.PATTERN_MAX_CHARS:
        return None
    exact = L.EXACT_LINES.get(low)
    if exact is not None:
        return exact
    if R.INFOBOX.match(t):
        return "infobox"
    if n > R.FURNITURE_MAX_CHARS:
        if R.CAPTION_START.match(t) or (n <= R.CAPTION_MAX_CHARS and _hit_long("CAPTION", t, low)):
            return "image_caption"
        if R.AUTHOR_BIO.match(t):
            return "author_bio"
        if _hit_long("COOKIE", t, low):
            return "cookie_consent"
        if _hit_long("NEWSLETTER", t, low):
            return "newsletter_prompt"
        return None
    if _hit("MARKUP", t, low):
        return "low_content"
    if n <= R.MENU_MAX_CHARS and R.SKIP_LINK.match(t):
        return "skip_link"
    if n <= R.MENU_MAX_CHARS and R.NAVIGATION.match(t):
        return "navigation"
    if cls < PROSE and _hit("ADVERT", t, low):
        return "advertisement"
    if R.PHOTO_CREDIT.match(t):
        return "photo_credit"
    if _hit("CAPTION", t, low):
        return "image_caption"
    if R.CAPTION_START.match(t):
        return "image_caption"
    if R.SHARE_LINE.match(t):
        return "share_widget"
    if R.AUTHOR_BOX.match(t):
        return "author_box"
    if R.AUTHOR_BIO.match(t):
        return "author_bio"
    if R.AGENCY_SIGNOFF.match(t):
        return "agency_signoff"
    if _hit("COOKIE", t, low):
        return "cookie_consent"
    if _hit("NEWSLETTER", t, low):
        return "newsletter_prompt"
    if cls < SENTENCE:
        if R.RELATED.match(t):
            return "related_stories"
        if R.TAGS.match(t):
            return "tags"
        if R.COMMENTS.match(t) or (t[-1] == ":" and R.COMMENT_HEAD.match(t)):
            return "comments"
        if n <= R.MENU_MAX_CHARS and _all_share_words(t):
            return "share_widget"
        if n <= R.BYLINE_MAX_CHARS and t[-1] not in ".!?" and R.BYLINE.match(t):
            return "byline"
        if n <= R.BYLINE_MAX_CHARS and _hit("READING_TIME", t, low):
            return "reading_time"
        if is_date_line(t):
            return "date_line"
        if n <= R.HEADING_MAX_CHARS and _breadcrumb(t):
            return "navigation"
    if cls < PROSE and _hit("FOOTER", t, low):
        return "footer"
    return None


def _breadcrumb(t: str) -> bool:
    """Two or more breadcrumb separators ("Home > World > Europe")."""
    seps = 0
    for sep in R.BREADCRUMB_SEPS:
        seps += t.count(sep)
        if seps >= 2:
            return True
    return False


def _all_share_words(t: str) -> bool:
    words = t.lower().replace(",", " ").split()
    return 0 < len(words) <= R.SHARE_ROW_MAX_WORDS and all(
        w.strip(R.WORD_STRIP) in L.SHARE_WORDS for w in words
    )


def _kind(t: str, cls: int) -> str | None:
    if ("=" in t or "#" in t) and heading_text(t) is not None:  # wiki / markdown markup
        return "heading"
    if R.LIST_ITEM.match(t):
        return "list_item"
    if cls < SENTENCE and t[-1] not in R.TERMINAL and len(t) <= R.HEADING_MAX_CHARS:
        return "heading"
    return "paragraph"


# --- lines outside the body ---------------------------------------------------------


def _fallback(norms: list[str], classes: list[int], in_region: list[bool], i: int) -> str:
    """Reason for a line outside the body that no pattern named."""
    if classes[i] >= SENTENCE:
        return "low_content"
    run = 1
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(norms) and run < R.NAV_RUN_MIN:
            if norms[j]:
                if in_region[j] or classes[j] >= SENTENCE:
                    break
                run += 1
            j += step
    return "navigation" if run >= R.NAV_RUN_MIN else "short_fragment"


# --- wiki -------------------------------------------------------------------------------


def _is_wiki(norms: list[str]) -> bool:
    first = next((t for t in norms if t), "")
    if R.WIKI_TITLE.match(first) and not first.startswith("=="):
        return True
    return sum(1 for t in norms[:2000] if t.startswith("==") and heading_text(t)) >= 2


def _wiki_sections(norms: list[str], reasons: list[str | None]) -> None:
    """Infobox blocks and trailing reference sections of wiki text are not body."""
    end_level = 0  # heading level of the reference section we are in (0: none)
    infobox = False
    for i, t in enumerate(norms):
        if not t:
            infobox = False
            continue
        h = heading_text(t)
        if h is not None and t.startswith("="):
            level = len(t) - len(t.lstrip("="))
            if end_level and level > end_level:
                reasons[i] = "see_also"
                continue
            end_level = level if h.lower().rstrip(":") in L.WIKI_END_SECTIONS else 0
            if end_level:
                reasons[i] = "see_also"
            continue
        if end_level:
            reasons[i] = "see_also"
        elif reasons[i] == "infobox":
            infobox = True
        elif infobox:
            reasons[i] = "infobox"
