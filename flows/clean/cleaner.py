"""Line-level boilerplate removal: label every raw line, then assemble the body.

Scraped text is the whole page, one block a line. The cleaner

1. normalises each line and classifies it: a prose class from script-weighted length,
   stopword share and terminal punctuation, and the furniture reason its own text gives
   (patterns of `flows/clean/rules.py`, word lists of `flows/clean/lexicon.py`);
2. finds the article's region(s) among the lines (`flows/clean/region.py`: a maximum-sum
   segment search over per-line weights, grown over subheadings, lists and tables);
3. labels lines inside the region as body unless a furniture pattern, a repeat or the
   site's recurring lines say otherwise; lines outside get the most specific reason;
4. picks the title and names the metadata lines around it (`flows/clean/title.py`) and
   hands the labelled lines to `flows.clean.assemble`.

Wiki text (`= Title =`, `== Section ==`) is all body except infoboxes and the trailing
"See also" / "References" / "External links" sections.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from flows.clean import lexicon as L
from flows.clean import rules as R
from flows.clean.assemble import assemble, heading_text, normalize_line
from flows.clean.comments import mark_threads
from flows.clean.region import (
    LINKLIKE,
    PROSE,
    REPEAT,
    SENTENCE,
    SHORT,
    Knobs,
    clean_span,
    find_regions,
    is_wiki,
    wiki_sections,
)
from flows.clean.sitestats import line_fingerprint
from flows.clean.title import admit_standfirst, choose_title, headline_anchor, is_date_line, metadata_reason
from flows.model import (
    CLEAN_FAVORS,
    LABEL_BLANK,
    LABEL_BODY,
    LABEL_BOILERPLATE,
    LABEL_METADATA,
    LABEL_TITLE,
    METADATA_REASONS,
    CleanedDoc,
    Line,
)

# The precision/recall knob of `clean_text` (see its docstring): what each setting changes
# in the region search (`flows.clean.region.Knobs`).
FAVOR_KNOBS = {
    "balanced": Knobs(),
    "precision": Knobs(
        extra_share=R.PRECISION_EXTRA_REGION_SHARE,
        bridge_gap=R.PRECISION_BRIDGE_MAX_GAP,
        structured_run=0,
        fallback=False,
        keep_linklike=False,
    ),
    "recall": Knobs(
        extra_share=R.RECALL_EXTRA_REGION_SHARE,
        bridge_gap=R.RECALL_BRIDGE_MAX_GAP,
        structured_run=2 * R.STRUCTURED_MAX_RUN,
        fallback=True,
    ),
}
FAVORS = CLEAN_FAVORS
assert tuple(FAVOR_KNOBS) == FAVORS

# Headings whose reason carries over to the unexplained lines below them (after the body).
ZONE_REASONS = frozenset({"related_stories", "comments"})


def clean_text(
    text: str,
    recurring: frozenset[str] = frozenset(),
    title_hint: str | None = None,
    favor: str = "balanced",
    url: str | None = None,
) -> CleanedDoc:
    """Label every raw line of `text` and build the cleaned body.

    `recurring` holds fingerprints (`flows.clean.sitestats.line_fingerprint`) of lines that recur
    across documents of the same source: they are `site_boilerplate`, except a long prose
    line (>= SITE_KEEP_MIN_CHARS) inside the body region, since syndicated sentences and
    standard closing paragraphs of real articles also recur and losing body text is worse
    than keeping a boilerplate sentence. `url` (the page's address, when the source gives one)
    is title evidence: the words of its last path segment (`flows.clean.title.slug_words`).
    """
    if favor not in FAVORS:
        raise ValueError(f"favor must be one of {FAVORS}, not {favor!r}")
    raw = text.split("\n")
    norms = [_normalize(t) for t in raw]
    n = len(raw)
    reasons: list[str | None] = [None] * n
    classes = [SHORT] * n
    wiki = is_wiki(norms)
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
    comment_starts = [] if wiki else mark_threads(norms, lows, reasons, classes)
    _bar_tables(norms, reasons)
    if wiki:
        wiki_sections(norms, reasons)
        in_region = [bool(t) and reasons[i] is None for i, t in enumerate(norms)]
    else:
        anchor = headline_anchor(norms, title_hint)
        in_region = find_regions(
            norms, classes, reasons, 0 if anchor is None else anchor + 1, comment_starts, FAVOR_KNOBS[favor]
        )
        span = clean_span(norms, classes, reasons, anchor)
        if span is not None:
            lost = sum(1 for i, x in enumerate(span) if x and not in_region[i] and classes[i] >= SENTENCE)
            # ...and only when it holds the region's own sentences: a span below a headline copy
            # in a teaser list is somewhere else than the article the region search found
            found = [i for i, x in enumerate(in_region) if x and classes[i] >= SENTENCE]
            held = sum(1 for i in found if span[i])
            if lost >= R.CLEAN_MIN_RESCUED and held >= R.CLEAN_MIN_HELD_SHARE * len(found):
                in_region = span
    knobs = FAVOR_KNOBS[favor]
    if not knobs.keep_linklike:
        for i, inside in enumerate(in_region):
            if inside and reasons[i] is None and classes[i] == LINKLIKE:
                reasons[i] = "short_fragment"
    body = [i for i, inside in enumerate(in_region) if inside and reasons[i] is None]
    for i in body[: R.END_FURNITURE_HEAD_LINES] + body[R.END_FURNITURE_HEAD_LINES :][-R.END_FURNITURE_TAIL_LINES :]:
        if len(norms[i]) <= R.END_FURNITURE_MAX_CHARS:
            reasons[i] = _end_furniture(lows[i])
    for i in body[1:][-R.BIO_TAIL_LINES :]:  # "X is a professor emeritus of ..." after the body
        if reasons[i] is None and len(norms[i]) <= R.FURNITURE_MAX_CHARS and R.BIO_TAIL.match(norms[i]):
            reasons[i] = "author_bio"
    for i in kept_recurring:
        if not in_region[i]:
            reasons[i] = "site_boilerplate"
    title_idx = choose_title(norms, in_region, reasons, title_hint, wiki, None if wiki else anchor, url)
    if not wiki:
        admit_standfirst(norms, classes, reasons, in_region, title_idx)
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
        if r is None and i > last_body and len(t) <= R.END_FURNITURE_MAX_CHARS:
            r = _end_furniture(t.lower())  # below the article: its end furniture, named
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
    """`flows.clean.assemble.normalize_line`, with a fast path for plain ASCII lines."""
    if t.isascii():
        return " ".join(t.split())
    if "  " not in t and not R.ODD_SPACE.search(t) and unicodedata.is_normalized("NFC", t):
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


def _lower_safe(p: re.Pattern[str]) -> bool:
    """A case-insensitive pattern with no capital in its source matches the lower-cased line
    without the flag, the same way and two to four times faster (`re` folds case per char)."""
    return bool(p.flags & re.IGNORECASE) and not any(c.isupper() for c in re.sub(r"\\.", "", p.pattern))


def _hit(name: str, t: str, low: str) -> bool:
    """Search pattern `name` of clean_rules, behind its cheap substring gate."""
    trigger, search, lowered = _GATES[name]
    return trigger(low) is not None and search(low if lowered else t) is not None


def _caption(low: str) -> bool:
    """`R.CAPTION.search(low) is not None`, one cheap part at a time (see clean_rules)."""
    if R.CAPTION_HEAD.match(low):
        return True
    tail = low.endswith(R.CAPTION_TAIL_ENDS)
    if tail and R.CAPTION_TAIL.search(low, max(0, len(low) - R.CAPTION_TAIL_CHARS)):
        return True
    return any(map(low.__contains__, R.CAPTION_INNER_KEYS)) and R.CAPTION_INNER.search(low) is not None


def _hit_long(name: str, t: str, low: str) -> bool:
    """`_hit` for prose-length lines: over hundreds of characters `in` (a fast C scan per
    trigger) beats the alternation regex, which tries every trigger at every position."""
    _, search, lowered = _GATES[name]
    return any(map(low.__contains__, R.TRIGGERS[name])) and search(low if lowered else t) is not None


# name -> (search for any of its triggers, search of the pattern, whether that one takes the
# lower-cased line). On short lines an alternation of a dozen triggers is a third cheaper than
# a dozen `in` tests (a union of all triggers is slower). READING_TIME is faster with the flag.
def _gate(name: str) -> tuple[Callable[[str], object], Callable[[str], object], bool]:
    pattern = getattr(R, name)
    lowered = _lower_safe(pattern) and name != "READING_TIME"
    trigger = re.compile("|".join(map(re.escape, R.TRIGGERS[name])))
    return trigger.search, (re.compile(pattern.pattern) if lowered else pattern).search, lowered


_GATES = {name: _gate(name) for name in R.TRIGGERS}
# Substrings of which every end-of-article furniture match holds one (see _end_furniture);
# fewer and rarer than the patterns' own triggers, so most lines fail after a few scans.
_END_KEYS = (
    "comment", "respons", "reserve", "your reply", "email address", "required field", "notify me",
    "by posting", "by submitting", "keep your", "be civil", "be respectful",
    "disclos", "disclaim", "affiliate", "sponsor", "commission", "compensat", "paid", "brought to you",
    "licen", "creative commons", "rights reserved", "released under",
)  # fmt: skip


# One `match` for all line-start patterns of short lines: the union fails exactly when each
# of them fails, the verdict for most lines (lower-safe ones run on the lower-cased line).
_ANCHORED = tuple(
    getattr(R, name)
    for name in "SKIP_LINK NAVIGATION PHOTO_CREDIT CAPTION_START SHARE_LINE AUTHOR_BOX AUTHOR_BIO "
    "AGENCY_SIGNOFF RELATED TAGS COMMENTS BYLINE POST_NAV WIDGET".split()
)
_ANY_ANCHORED_LOW = re.compile("|".join(f"(?:{p.pattern})" for p in _ANCHORED if _lower_safe(p))).match
_ANY_ANCHORED_CASED = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
        for p in _ANCHORED
        if not _lower_safe(p)
    )
).match


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
        if R.CAPTION_START.match(t) or (n <= R.CAPTION_MAX_CHARS and _caption(low)):
            return "image_caption"
        if R.AUTHOR_BIO.match(t):
            return "author_bio"
        if _hit_long("COOKIE", t, low):
            return "cookie_consent"
        if _hit_long("NEWSLETTER", t, low):
            return "newsletter_prompt"
        return None
    anchored = _ANY_ANCHORED_LOW(low) is not None or _ANY_ANCHORED_CASED(t) is not None
    if _hit("MARKUP", t, low):
        return "low_content"
    if n <= R.MENU_MAX_CHARS and anchored and R.SKIP_LINK.match(t):
        return "skip_link"
    if n <= R.MENU_MAX_CHARS and anchored and R.NAVIGATION.match(t):
        return "navigation"
    if cls < PROSE and _hit("ADVERT", t, low):
        return "advertisement"
    if anchored and R.PHOTO_CREDIT.match(t):
        return "photo_credit"
    if _caption(low):
        return "image_caption"
    if anchored and R.CAPTION_START.match(t):
        return "image_caption"
    if anchored and R.SHARE_LINE.match(t):
        return "share_widget"
    if anchored and R.AUTHOR_BOX.match(t):
        return "author_box"
    if anchored and R.AUTHOR_BIO.match(t):
        return "author_bio"
    if anchored and R.AGENCY_SIGNOFF.match(t):
        return "agency_signoff"
    if _hit("COOKIE", t, low):
        return "cookie_consent"
    if _hit("NEWSLETTER", t, low):
        return "newsletter_prompt"
    if cls < SENTENCE:
        if n <= R.MENU_MAX_CHARS and anchored and R.POST_NAV.match(t):
            return "navigation"
        if n <= R.MENU_MAX_CHARS and anchored and R.WIDGET.match(t):
            return "widget"
        if anchored and R.RELATED.match(t):
            return "related_stories"
        if anchored and R.TAGS.match(t):
            return "tags"
        if anchored and R.COMMENTS.match(t) or (t[-1] == ":" and R.COMMENT_HEAD.match(t)):
            return "comments"
        if n <= R.MENU_MAX_CHARS and _all_share_words(t):
            return "share_widget"
        if n <= R.BYLINE_MAX_CHARS and t[-1] not in ".!?" and anchored and R.BYLINE.match(t):
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


def _end_furniture(low: str) -> str | None:
    """Comment policies, disclosures, licences and "powered by" credits: the furniture that
    blogs and docs put at the article's end (disclosures also at its start), often as a full
    sentence. Run after the region search on the first and last body lines only (elsewhere a
    line goes anyway, and in mid-article they do not occur; it saves a scan a line)."""
    if R.POWERED_BY.match(low):
        return "footer"
    if low.count(" ") < 3 or not any(map(low.__contains__, _END_KEYS)):  # the usual verdict
        return None  # (notices and policies are sentences of four words or more)
    if _hit("COMMENT_POLICY", low, low):
        return "comment_policy"
    if _hit("DISCLOSURE", low, low):
        return "disclosure"
    if _hit("LICENSE", low, low):
        return "license"
    return None


def _bar_tables(norms: list[str], reasons: list[str | None]) -> None:
    """Rows of a table whose cells a scraper joined with " | " read as breadcrumbs one by one;
    TABLE_MIN_BAR_ROWS consecutive lines with the same number of bars are a table instead."""
    n = len(norms)
    i = 0
    while i < n:
        bars = norms[i].count(" | ") if reasons[i] == "navigation" else 0
        j = i + 1
        if bars:
            while j < n and norms[j].count(" | ") == bars and reasons[j] in (None, "navigation"):
                j += 1
            if j - i >= R.TABLE_MIN_BAR_ROWS:
                for k in range(i, j):
                    reasons[k] = None
        i = j


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
    """Paragraph kind of a body line: markup headings, list items, code and table rows by
    their shape; a short unpunctuated line is a heading, anything else a paragraph."""
    if ("=" in t or "#" in t) and heading_text(t) is not None:  # wiki / markdown markup
        return "heading"
    if R.LIST_ITEM.match(t) or R.QA_LINE.match(t):
        return "list_item"
    if cls < PROSE and len(t) <= R.STRUCTURED_MAX_CHARS:
        if R.NUMERIC_CELL.match(t) or (("\t" in t or " | " in t) and R.TABLE_ROW.match(t)):
            return "table_row"
        if R.CODE_LINE.search(t):
            return "code"
        if t[-1] not in R.TERMINAL and R.QUANTITY_LINE.match(t):
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
