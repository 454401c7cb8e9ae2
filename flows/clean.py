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

Wiki text (`= Title =`, `== Section ==`) is all body except infoboxes and the trailing
"See also" / "References" / "External links" sections.
"""

from __future__ import annotations

import unicodedata

from flows import clean_rules as R
from flows.assemble import assemble, heading_text, normalize_line
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

# Reasons that end the article: what follows them is teasers, comments or the footer.
END_REASONS = frozenset({"related_stories", "comments", "newsletter_prompt", "tags", "footer", "author_bio"})
# Reasons that a region never bridges over (inline "Related:" / "Read more" links are
# crossed: articles are often interrupted by them).
BRIDGE_STOP_REASONS = END_REASONS - {"related_stories"} | {"comments"}
# Headings whose reason carries over to the unexplained lines below them (after the body).
ZONE_REASONS = frozenset({"related_stories", "comments"})
# Prose classes of a line.
REPEAT, LINKLIKE, SHORT, SENTENCE, PROSE = -2, -1, 0, 1, 2


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
        anchor = _anchor(norms, title_hint)
        in_region = _regions(norms, classes, reasons, 0 if anchor is None else anchor + 1)
        span = _clean_span(norms, classes, reasons, anchor)
        if span is not None:
            lost = sum(1 for i, x in enumerate(span) if x and not in_region[i] and classes[i] >= SENTENCE)
            if lost >= R.CLEAN_MIN_RESCUED:
                in_region = span
    for i in kept_recurring:
        if not in_region[i]:
            reasons[i] = "site_boilerplate"
    title_idx = _choose_title(norms, in_region, reasons, title_hint, wiki, None if wiki else anchor)
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
        r = reasons[i] or _metadata_reason(norms, i, title_idx)
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


def _is_cjk(ch: str) -> bool:
    return bool(R.CJK.match(ch))


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
        share = sum(map(R.STOPWORD_TOKENS.__contains__, words)) / len(words) if words else 0.0
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
    return any(map(low.__contains__, R.TRIGGERS[name])) and getattr(R, name).search(t) is not None


def _pattern_reason(t: str, low: str, cls: int) -> str | None:
    """The furniture reason a line's own text gives, or None."""
    n = len(t)
    if n > R.PATTERN_MAX_CHARS:
        return None
    exact = R.EXACT_LINES.get(low)
    if exact is not None:
        return exact
    if R.INFOBOX.match(t):
        return "infobox"
    if n > R.FURNITURE_MAX_CHARS:
        if R.CAPTION_START.match(t) or (n <= R.CAPTION_MAX_CHARS and _hit("CAPTION", t, low)):
            return "image_caption"
        if R.AUTHOR_BIO.match(t):
            return "author_bio"
        if _hit("COOKIE", t, low):
            return "cookie_consent"
        if _hit("NEWSLETTER", t, low):
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
        if R.COMMENTS.match(t) or R.COMMENT_HEAD.match(t):
            return "comments"
        if n <= R.MENU_MAX_CHARS and _all_share_words(t):
            return "share_widget"
        if n <= R.BYLINE_MAX_CHARS and t[-1] not in ".!?" and R.BYLINE.match(t):
            return "byline"
        if n <= R.BYLINE_MAX_CHARS and _hit("READING_TIME", t, low):
            return "reading_time"
        if _is_date_line(t):
            return "date_line"
        if n <= R.HEADING_MAX_CHARS and sum(t.count(s) for s in R.BREADCRUMB_SEPS) >= 2:
            return "navigation"
    if cls < PROSE and _hit("FOOTER", t, low):
        return "footer"
    return None


def _all_share_words(t: str) -> bool:
    words = t.lower().replace(",", " ").split()
    return 0 < len(words) <= R.SHARE_ROW_MAX_WORDS and all(
        w.strip(R.WORD_STRIP) in R.SHARE_WORDS for w in words
    )


def _is_date_line(t: str) -> bool:
    """A short line that is mostly a date (with maybe a time, place or "Updated")."""
    if len(t) > R.DATE_LINE_MAX_CHARS:
        return False
    if not R.DIGIT.search(t) or "@" in t or "--" in t:  # tweet attributions, event listings
        return False
    if R.AGO_STAMP.match(t):
        return True
    m = R.DATE_TOKEN.search(t)
    if not m and not R.DATE_STAMP.match(t):
        return False
    rest = R.DATE_TOKEN.sub(" ", t)
    return len([w for w in rest.split() if any(c.isalpha() for c in w)]) <= R.DATE_LINE_MAX_WORDS


def _kind(t: str, cls: int) -> str | None:
    if heading_text(t) is not None:
        return "heading"
    if R.LIST_ITEM.match(t):
        return "list_item"
    if cls < SENTENCE and t[-1] not in R.TERMINAL and len(t) <= R.HEADING_MAX_CHARS:
        return "heading"
    return "paragraph"


# --- region search ----------------------------------------------------------------------


def _weight(t: str, cls: int, reason: str | None) -> float:
    if reason == "comments":
        return -R.BARRIER_COST
    if reason is not None:
        return (
            -R.END_MARKER_COST
            if reason in END_REASONS and len(t) < R.FURNITURE_MAX_CHARS
            else -R.FURNITURE_LINE_COST
        )
    if cls == PROSE:
        return min(len(t), R.PROSE_WEIGHT_CAP) - R.PROSE_BASE
    if cls == SENTENCE:
        return max(len(t) - R.PROSE_BASE, 0) * R.SENTENCE_FACTOR
    if cls == REPEAT:
        return -R.FURNITURE_LINE_COST
    return -R.LINKLIKE_LINE_COST if cls == LINKLIKE else -R.SHORT_LINE_COST


def _sentence_like(t: str, cls: int) -> bool:
    return cls >= SENTENCE or (t[-1] in ".!?。！？" and len(t) >= R.CLEAN_SENTENCE_MIN_CHARS)


def _clean_span(
    norms: list[str], classes: list[int], reasons: list[str | None], anchor: int | None
) -> list[bool] | None:
    """Body of an already clean text (trafilatura output, a JSONL `text` field), or None.

    When nearly all lines that no pattern explains read as sentences or list items (a
    title, a byline and a few subheadings aside), the page furniture is gone and the
    region search may cut short one-sentence paragraphs (they weigh little): if it lost
    CLEAN_MIN_RESCUED sentences, the body is every unexplained line from the first
    sentence to the last, plus an itemised list right after it. Lines above the first
    sentence are left to the title and metadata rules.
    """
    lo = 0 if anchor is None else anchor + 1  # the headline copy is not body
    free = [i for i in range(lo, len(norms)) if norms[i] and reasons[i] is None]
    good = [i for i in free if _sentence_like(norms[i], classes[i])]
    junk = len(free) - len(good) - sum(1 for i in free if R.LIST_ITEM.match(norms[i]))
    if not good or junk > R.CLEAN_MAX_OTHER_LINES + R.CLEAN_OTHER_PER_SENTENCE * len(good):
        return None
    if len(good) < R.CLEAN_MIN_SENTENCE_SHARE * (len(good) + junk):
        return None
    first, last = good[0], good[-1]
    in_region = [False] * len(norms)
    for i in free:
        if first <= i <= last:
            in_region[i] = True
    _admit_tail_list(norms, classes, reasons, in_region, last + 1, len(norms))
    return in_region


def _runs(w: list[float], lo: int, hi: int) -> list[tuple[float, int, int]]:
    """The best segment of every Kadane run in w[lo:hi], in one linear pass.

    A run ends where the running sum drops to zero; secondary regions are picked among
    these (a recursive max-subarray split would be quadratic on pages of many blocks).
    """
    out: list[tuple[float, int, int]] = []
    cur = best = 0.0
    cs = bs = be = lo
    for i in range(lo, hi):
        if cur <= 0:
            if best > 0:
                out.append((best, bs, be))
            cur, cs, best = 0.0, i, 0.0
        cur += w[i]
        if cur > best:
            best, bs, be = cur, cs, i + 1
    if best > 0:
        out.append((best, bs, be))
    return out


def _best_segment(w: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """Maximum-sum contiguous segment of w[lo:hi] (Kadane): (sum, start, end exclusive)."""
    return max(_runs(w, lo, hi), default=(0.0, lo, lo))


def _regions(norms: list[str], classes: list[int], reasons: list[str | None], lo: int) -> list[bool]:
    """Mark the lines inside the heaviest prose region(s) at or after line `lo`."""
    n = len(norms)
    w = [(_weight(t, classes[i], reasons[i]) if t else 0.0) for i, t in enumerate(norms)]
    in_region = [False] * n
    best, s, e = _best_segment(w, lo, n)
    if lo:  # a headline copy far down (in a teaser list) must not hide the article above it
        best0, s0, e0 = _best_segment(w, 0, n)
        if best < R.ANCHOR_KEEP_SHARE * best0:
            lo, best, s, e = 0, best0, s0, e0
    if best <= 0:  # no prose run at all (a two-sentence note): keep its sentences
        for i, t in enumerate(norms):
            in_region[i] = bool(t) and reasons[i] is None and (classes[i] >= SENTENCE or t[-1] in ".!?。")
        return in_region
    need = max(R.EXTRA_REGION_MIN_WEIGHT, R.EXTRA_REGION_MIN_SHARE * best)
    todo = [(s, e)]
    # Nothing after the comments heading below the article can be article.
    stop = next((i for i in range(e, n) if reasons[i] == "comments"), n)
    for val, a, b in _runs(w, lo, stop):
        if val >= need and (b <= s or a >= e) and not _teaser_like(norms, classes, a, b):
            todo.append((a, b))
    for k, (a, b) in enumerate(todo):
        todo[k] = _extend(w, norms, reasons, a, b, lo, stop)
    for a, b in todo:
        for i in range(a, b):
            in_region[i] = bool(norms[i])
    _admit_lists(norms, reasons, in_region, stop)
    for _, b in todo:
        _admit_tail_list(norms, classes, reasons, in_region, b, stop)
    return in_region


def _admit_tail_list(
    norms: list[str], classes: list[int], reasons: list[str | None], in_region: list[bool], b: int, hi: int
) -> None:
    """Admit the itemised run right after a region: dates, scores, numbered or Q/A items.

    Menus below an article are words; lists that belong to it (tour dates, results,
    numbered picks) carry numbers or item markers on most lines.
    """
    run: list[int] = []
    j = b
    while j < hi and len(run) < R.LIST_MAX_LINES:
        if norms[j]:
            if (reasons[j] is not None and reasons[j] != "date_line") or in_region[j]:
                break
            run.append(j)
        j += 1
    # The longest prefix of the run that is itemised enough (a menu often follows the list).
    itemised, take = 0, 0
    for k, i in enumerate(run, start=1):
        t = norms[i]
        if R.DIGIT.search(t) or R.ITEM_MARK.match(t) or (k == 1 and t.endswith(":")):
            itemised += 1
            if k >= R.TAIL_LIST_MIN_LINES and itemised >= R.TAIL_LIST_MIN_SHARE * k:
                take = k
    for i in run[:take]:
        in_region[i] = True


def _admit_lists(norms: list[str], reasons: list[str | None], in_region: list[bool], hi: int) -> None:
    """A body line ending with a colon announces a list or table: admit the short lines after it.

    The list runs until the first line a pattern explains (menu, share row, related link),
    the next body line or LIST_MAX_LINES lines; tables and bullet lists are a frequent cause
    of lost body text.
    """
    n = len(norms)
    i = 0
    while i < n:
        t = norms[i]
        if in_region[i] and reasons[i] is None and t.endswith(":") and len(t) >= R.LIST_INTRO_MIN_CHARS:
            j, taken = i + 1, 0
            while j < min(n, hi) and taken < R.LIST_MAX_LINES:
                if norms[j]:
                    if reasons[j] is not None or in_region[j]:
                        break
                    in_region[j] = True
                    taken += 1
                j += 1
            i = j
        else:
            i += 1


def _teaser_like(norms: list[str], classes: list[int], a: int, b: int) -> bool:
    """A run where short lines are about as many as prose lines: headline + blurb teasers.

    Only applied to secondary regions; articles have far more paragraphs than subheadings.
    """
    prose = sum(1 for i in range(a, b) if norms[i] and classes[i] >= SENTENCE)
    short = sum(1 for i in range(a, b) if norms[i] and classes[i] < SENTENCE)
    return short >= R.TEASER_SHORT_PER_PROSE * prose


def _extend(
    w: list[float],
    norms: list[str],
    reasons: list[str | None],
    a: int,
    b: int,
    lo: int,
    hi: int,
) -> tuple[int, int]:
    """Grow region [a, b) over short gaps (subheadings, list items) to nearby prose runs.

    The strict weights cut an article at every run of short lines; a prose run at most
    BRIDGE_MAX_GAP non-blank lines away, with no end-of-article marker in between and
    weighing at least BRIDGE_MIN_WEIGHT, belongs to the same article.
    """
    for step in (1, -1):
        while True:
            j, gap = (b, 0) if step == 1 else (a - 1, 0)
            while lo <= j < hi and w[j] <= 0:
                if norms[j]:
                    gap += 1
                    if gap > R.BRIDGE_MAX_GAP or reasons[j] in BRIDGE_STOP_REASONS:
                        break
                j += step
            if not (lo <= j < hi) or w[j] <= 0:
                break
            cur = best = 0.0
            end = j
            k = j
            while lo <= k < hi and cur >= 0:
                cur += w[k]
                if cur > best:
                    best, end = cur, k
                k += step
            if best < R.BRIDGE_MIN_WEIGHT + gap * R.BRIDGE_PER_GAP_LINE:
                break
            if step == 1:
                b = end + 1
            else:
                a = end
    return a, b


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
            end_level = level if h.lower().rstrip(":") in R.WIKI_END_SECTIONS else 0
            if end_level:
                reasons[i] = "see_also"
            continue
        if end_level:
            reasons[i] = "see_also"
        elif reasons[i] == "infobox":
            infobox = True
        elif infobox:
            reasons[i] = "infobox"


# --- title and metadata lines -----------------------------------------------------------


def _strip_site(t: str) -> str:
    """ "Headline | Site" / "Headline - WSJ" -> "Headline" (the longest part wins)."""
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if sep in t:
            t = max(t.split(sep), key=len)
    return t.strip()


def _title_like(t: str) -> bool:
    n = len(t)
    if n < 10 or n > R.TITLE_MAX_CHARS or t[-1] in ".:;,":
        return False
    return len(t.split()) >= 3 or any(_is_cjk(c) for c in t[:20])


def _choose_title(
    norms: list[str],
    in_region: list[bool],
    reasons: list[str | None],
    hint: str | None,
    wiki: bool,
    anchor: int | None,
) -> int | None:
    """Index of the headline line, or None; marks the <title> line above it as title_repeat.

    Order: the metadata hint; in wiki text the `= Title =` line; a later copy of the first
    line without its site suffix (the first line is then the <title> element); the nearest
    title-like line above the body.
    """
    nonblank = [i for i, t in enumerate(norms) if t]
    if not nonblank:
        return None
    first = nonblank[0]
    start = next((i for i in nonblank if in_region[i]), len(norms))
    if wiki and R.WIKI_TITLE.match(norms[first]):
        return first
    found: int | None = None
    if anchor is not None and anchor < start:
        found = anchor
    if found is None and hint:
        h = normalize_line(hint).lower()
        hits = [i for i in nonblank if norms[i].lower() == h or _strip_site(norms[i]).lower() == h]
        before = [i for i in hits if i < start]
        found = before[-1] if before else (hits[0] if hits else None)
    if found is None:
        head = _strip_site(norms[first]).lower()
        copies = [i for i in nonblank if first < i < start and norms[i].lower() == head and len(head) >= 10]
        found = copies[-1] if copies else None
    if found is None:
        seen = 0
        for i in reversed([j for j in nonblank if j < start]):
            seen += 1
            if seen > R.TITLE_WINDOW:
                break
            if (
                reasons[i] in (None, "duplicate_line")
                and _title_like(norms[i])
                and not _is_date_line(norms[i])
            ):
                found = i
                break
    if found is None and not in_region[first] and reasons[first] is None:
        found = first
    if (
        found is not None
        and found != first
        and not in_region[first]
        and reasons[first] in (None, "duplicate_line")
    ):
        head, title = _strip_site(norms[first]).lower(), norms[found].lower()
        if head in title or title in head or len(norms[first]) > R.SECTION_LABEL_MAX_CHARS:
            reasons[first] = "title_repeat"
    return found


def _anchor(norms: list[str], hint: str | None) -> int | None:
    """The headline line when it is certain: a copy of the metadata title or of the first line.

    Naive page text starts with the `<title>` element ("Headline | Site"); the headline
    repeated further down marks where the article starts, and teaser lists above it (a
    frequent cause of false body) can then be left out of the body search.
    """
    nonblank = [i for i, t in enumerate(norms) if t]
    if len(nonblank) < 2:
        return None
    if hint:
        h = normalize_line(hint).lower()
        hit = next((i for i in nonblank if len(norms[i]) == len(h) and norms[i].lower() == h), None)
        if hit is not None:
            return hit
    key = _strip_site(norms[nonblank[0]]).lower()
    if len(key) < R.ANCHOR_MIN_CHARS:
        return None
    return next((i for i in nonblank[1:] if len(norms[i]) == len(key) and norms[i].lower() == key), None)


def _is_name(t: str) -> bool:
    words = t.split()
    if not 2 <= len(words) <= R.NAME_MAX_WORDS or len(t) > 40:
        return False
    return all(w[0].isupper() and all(c.isalpha() or c in ".-'’" for c in w) for w in words)


def _metadata_reason(norms: list[str], i: int, title_idx: int | None) -> str | None:
    """Byline or section label for short lines right around the headline."""
    if title_idx is None:
        return None
    t = norms[i]
    gap = i - title_idx
    if 0 < gap <= 6 and _is_name(t):
        return "byline"
    if (
        -3 <= gap < 0
        and len(t) <= R.SECTION_LABEL_MAX_CHARS
        and len(t.split()) <= R.SECTION_LABEL_MAX_WORDS
        and t[-1] not in R.TERMINAL
    ):
        return "section_label"
    return None
