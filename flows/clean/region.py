"""Body-region search of the line cleaner: where the article is among the page's lines.

The article is usually one contiguous region of long, punctuated, stopword-rich lines, with
short lines (subheadings, list items) inside it and menus, widgets and teasers around it.
`find_regions` runs a maximum-sum segment search (Kadane) over per-line weights: prose adds
its length, other lines cost a flat penalty, furniture more, end-of-article markers
("Related stories", "Comments") most. That is jusText's neighbour smoothing in one linear
pass: short lines between body lines are body, runs of short lines are not. Secondary runs
join when heavy enough, or when they are the lead right below the headline. The region then
grows over short gaps to nearby prose, over the list a "...:" line announces, over an
itemised run right after it and over data tables (one cell a line) that touch it or that a
"...:" line announces. `clean_span` handles text that is already clean (trafilatura output,
one-sentence paragraphs), taken from its first sentence to its last when the region search
would lose sentences. Wiki text has its own rules (`is_wiki`, `wiki_sections`).

Inputs are the cleaner's per-line arrays (`flows.clean.clean_text`): normalised text, prose
class and furniture reason (None: unexplained). Every pass is linear in the number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.clean import lexicon as L
from flows.clean import rules as R
from flows.clean.assemble import heading_text

# Prose classes of a line (`flows.clean._prose_class`).
REPEAT, LINKLIKE, SHORT, SENTENCE, PROSE = -2, -1, 0, 1, 2
# Reasons that end the article: what follows them is teasers, comments or the footer.
END_REASONS = frozenset({"related_stories", "comments", "newsletter_prompt", "tags", "footer", "author_bio"})
# Reasons that a region never bridges over (inline "Related:" / "Read more" links are
# crossed: articles are often interrupted by them).
BRIDGE_STOP_REASONS = END_REASONS - {"related_stories"} | {"comments"}
# Reasons of the line under a photo caption.
CAPTION_REASONS = frozenset({"photo_credit", "image_caption"})


@dataclass(frozen=True)
class Knobs:
    """What the precision/recall knob (`clean_text(favor=...)`) changes in the region search.

    `extra_share`: how heavy a second, separate prose run must be, relative to the best
    one, to be kept too; `bridge_gap`: how many short lines a region grows across to reach
    more prose; `structured_run`: how many structured lines (code, quantities, table rows)
    it grows across on top; `fallback`: whether a page without any prose or sentence keeps
    its densest block of unexplained lines rather than nothing; `keep_linklike`: whether
    link-like lines inside the region (no stopword, no stop: a subheading, or a widget
    such as "Twitter") stay body.
    """

    extra_share: float = R.EXTRA_REGION_MIN_SHARE
    bridge_gap: int = R.BRIDGE_MAX_GAP
    structured_run: int = R.STRUCTURED_MAX_RUN
    fallback: bool = True
    keep_linklike: bool = True


BALANCED = Knobs()


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


def clean_span(
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


def find_regions(
    norms: list[str],
    classes: list[int],
    reasons: list[str | None],
    lo: int,
    comment_starts: list[int] | None = None,
    knobs: Knobs | None = None,
) -> list[bool]:
    """Mark the lines inside the heaviest prose region(s) at or after line `lo`.

    `comment_starts` are the first lines of comment threads and count headings
    (`flows.clean.comments.mark_threads`): when the heaviest run lies below one, readers wrote
    more than the author, and the article is the prose run that ends right above it.
    """
    k = knobs or BALANCED
    n = len(norms)
    w = [(_weight(t, classes[i], reasons[i]) if t else 0.0) for i, t in enumerate(norms)]
    in_region = [False] * n
    best, s, e = _best_segment(w, lo, n)
    if lo:  # a headline copy far down (in a teaser list) must not hide the article above it
        best0, s0, e0 = _best_segment(w, 0, n)
        if best < R.ANCHOR_KEEP_SHARE * best0:
            lo, best, s, e = 0, best0, s0, e0
    if best > 0 and comment_starts:
        # the first thread or count heading above the heaviest run, else the nearest one: a
        # thread recognised in pieces has runs of unrecognised comments between them
        heads = [i for i in comment_starts if lo <= i < s]
        for head in dict.fromkeys(heads[:1] + heads[-1:]):
            above = _best_segment(w, lo, head)
            gap = sum(1 for i in range(above[2], head) if norms[i] and reasons[i] is None)
            if above[0] >= R.EXTRA_REGION_MIN_WEIGHT and gap <= R.COMMENT_ABOVE_MAX_GAP:
                best, s, e = above
                break
    if best <= 0:  # no prose run at all (a two-sentence note): keep its sentences
        for i, t in enumerate(norms):
            in_region[i] = bool(t) and reasons[i] is None and (classes[i] >= SENTENCE or t[-1] in ".!?。")
        _fill_holes(norms, reasons, in_region)
        if k.fallback and not any(in_region):
            _densest_block(norms, classes, reasons, in_region)
        return in_region
    need = max(R.EXTRA_REGION_MIN_WEIGHT, k.extra_share * best)
    todo = [(s, e)]
    # Nothing after the comments heading below the article can be article.
    stop = next((i for i in range(e, n) if reasons[i] == "comments"), n)
    lead = lo > 0  # the headline is known: the first prose run below it may be the lead
    for val, a, b in _runs(w, lo, stop):
        if (b <= s or a >= e) and not _teaser_like(norms, classes, a, b):
            if val >= need or (
                lead and b <= s and val >= R.EXTRA_REGION_MIN_WEIGHT and _lead(norms, reasons, lo, a, b)
            ):
                todo.append((a, b))
        lead = False
    for x, (a, b) in enumerate(todo):
        todo[x] = _extend(w, norms, reasons, a, b, lo, stop, k)
    for a, b in todo:
        for i in range(a, b):
            in_region[i] = bool(norms[i])
    _admit_lists(norms, reasons, in_region, stop)
    for _, b in todo:
        _admit_tail_list(norms, classes, reasons, in_region, b, stop)
    _admit_tables(norms, reasons, in_region, stop)
    return in_region


def _admit_tables(norms: list[str], reasons: list[str | None], in_region: list[bool], hi: int) -> None:
    """Admit data tables that touch the body: naive text puts one table cell on a line.

    A table is a run of at least TABLE_MIN_CELLS short lines that no pattern explains, of
    which at least TABLE_MIN_NUMERIC_SHARE are bare numbers (scores, prices, counts, "77%");
    menus, archive lists ("March (92)") and teasers are words, and numbers counting up
    1, 2, 3... are a pager. It is body when the line right above or right below it is body. Linear: each
    line is looked at once to build the runs.
    """
    n = min(len(norms), hi)

    def cell(k: int) -> bool:  # a line ending in ":" introduces the next table, ends this one
        t = norms[k]
        return reasons[k] is None and not in_region[k] and len(t) <= R.TABLE_CELL_MAX_CHARS and t[-1] != ":"

    i = 0
    while i < n:
        if not norms[i] or not cell(i):
            i += 1
            continue
        cells: list[int] = []
        j = i
        while j < n and (not norms[j] or cell(j)):
            if norms[j]:
                cells.append(j)
            j += 1
        numbers = [norms[k] for k in cells if R.NUMERIC_CELL.match(norms[k])]
        share = len(numbers) / len(cells) if cells else 0.0
        if (
            len(cells) >= R.TABLE_MIN_CELLS
            and R.TABLE_MIN_NUMERIC_SHARE <= share <= R.TABLE_MAX_NUMERIC_SHARE
            and not _pager(numbers)
        ):
            above = next((k for k in range(i - 1, -1, -1) if norms[k]), None)
            below = j if j < len(norms) and norms[j] else None
            intro = (
                above is not None
                and reasons[above] is None
                and norms[above].endswith(":")
                and len(norms[above]) >= R.LIST_INTRO_MIN_CHARS
            )
            if intro or (above is not None and in_region[above]) or (below is not None and in_region[below]):
                for k in cells:
                    in_region[k] = True
                if intro and above is not None:
                    in_region[above] = True
        i = j


def _densest_block(norms: list[str], classes: list[int], reasons: list[str | None], in_region: list[bool]) -> None:
    """Keep the block of consecutive unexplained lines with the most characters.

    A page with no prose and no sentence at all (a recipe card, a settings or reference
    page, a table) would otherwise keep nothing. Menu items are one or two words: such a
    line, a repeated line or a furniture line ends a block (blank lines do not), so the
    block that is left is the content.
    """
    best = cur = 0
    start = best_span_start = best_span_end = 0
    for i, t in enumerate(norms):
        if not t:
            continue
        if reasons[i] is not None or classes[i] == REPEAT or (classes[i] == LINKLIKE and t.count(" ") < 2):
            if cur > best:
                best, best_span_start, best_span_end = cur, start, i
            cur, start = 0, i + 1
            continue
        cur += len(t)
    if cur > best:
        best, best_span_start, best_span_end = cur, start, len(norms)
    if best >= R.FALLBACK_MIN_CHARS:
        for i in range(best_span_start, best_span_end):
            in_region[i] = bool(norms[i]) and reasons[i] is None


def _fill_holes(norms: list[str], reasons: list[str | None], in_region: list[bool]) -> None:
    """Between two kept sentences, up to HOLE_MAX_LINES unexplained short lines are body.

    Used where the page has no prose run and only its sentences were kept (results briefs,
    short notes): the lines between them are the subheadings and score lines of the same
    text ("Eastside d. Northport 3-1"), while menus sit above or below, not in between.
    """
    kept_before = blocked = False  # a kept line above; a furniture line since the last one
    hole: list[int] = []
    for i, t in enumerate(norms):
        if not t:
            continue
        if in_region[i]:
            if kept_before and not blocked and len(hole) <= R.HOLE_MAX_LINES:
                for k in hole:
                    in_region[k] = True
            kept_before, blocked, hole = True, False, []
        elif reasons[i] is None:
            hole.append(i)
        else:
            blocked = True


def _pager(numbers: list[str]) -> bool:
    """Mostly consecutive integers (1, 2, 3, ...): page links, not table data."""
    steps = sum(
        1
        for a, b in zip(numbers, numbers[1:], strict=False)
        if a.isdecimal() and b.isdecimal() and int(b) == int(a) + 1
    )
    return steps >= R.PAGER_MIN_STEP_SHARE * max(len(numbers) - 1, 1)


def _lead(norms: list[str], reasons: list[str | None], lo: int, a: int, b: int) -> bool:
    """Run [a, b) starts at most LEAD_MAX_GAP non-blank lines (byline, date, share row) below
    `lo` and is not a photo caption (prose right above a photo credit)."""
    gap = 0
    for i in range(lo, a):
        if norms[i]:
            gap += 1
            if gap > R.LEAD_MAX_GAP:
                return False
    nxt = next((i for i in range(b, len(norms)) if norms[i]), None)
    return nxt is None or reasons[nxt] not in CAPTION_REASONS


def _admit_tail_list(
    norms: list[str], classes: list[int], reasons: list[str | None], in_region: list[bool], b: int, hi: int
) -> None:
    """Admit the itemised run right after a region: dates, scores, numbered or Q/A items.

    Menus below an article are words; lists that belong to it (tour dates, results,
    numbered picks, "Name (Group A): third appearance") carry numbers, item markers or a
    "label: value" on most lines. Bare numbers (pagers) and "(92)" counts (archive and
    category links) do not count as items.
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
        if R.NUMERIC_CELL.match(t) or R.COUNT_SUFFIX.search(t):  # pager, "March (92)" archive link
            continue
        if R.DIGIT.search(t) or R.ITEM_MARK.match(t) or (k == 1 and t.endswith(":")) or ": " in t:
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


def structured(t: str) -> bool:
    """A short line that carries content without being prose: a code or command line, a
    quantity ("2 cups flour", "0.091 GB/s"), a table row or cell, a list item or a Q&A line.
    Articles made of such lines (technical posts, recipes, reference pages) are cut into
    pieces by the prose weights; these lines let the region grow across them."""
    return len(t) <= R.STRUCTURED_MAX_CHARS and (
        R.ITEM_MARK.match(t) is not None
        or R.QUANTITY_LINE.match(t) is not None
        or R.NUMERIC_CELL.match(t) is not None
        or R.QA_LINE.match(t) is not None
        or R.CODE_LINE.search(t) is not None
        or (("\t" in t or " | " in t) and R.TABLE_ROW.match(t) is not None)
    )


def _extend(
    w: list[float],
    norms: list[str],
    reasons: list[str | None],
    a: int,
    b: int,
    lo: int,
    hi: int,
    knobs: Knobs,
) -> tuple[int, int]:
    """Grow region [a, b) over short gaps (subheadings, list items) to nearby prose runs.

    The strict weights cut an article at every run of short lines; a prose run at most
    BRIDGE_MAX_GAP non-blank lines away, with no end-of-article marker in between and
    weighing at least BRIDGE_MIN_WEIGHT, belongs to the same article. Structured lines
    (`structured`: code, quantities, table rows, list items) in the gap do not count
    towards BRIDGE_MAX_GAP, up to `knobs.structured_run` of them: a code block or an ingredient
    list between two paragraphs is the article's.
    """
    for step in (1, -1):
        while True:
            j, gap, sgap = (b, 0, 0) if step == 1 else (a - 1, 0, 0)
            while lo <= j < hi and w[j] <= 0:
                if norms[j]:
                    if reasons[j] is None and sgap < knobs.structured_run and structured(norms[j]):
                        sgap += 1
                    else:
                        gap += 1
                    if gap > knobs.bridge_gap or reasons[j] in BRIDGE_STOP_REASONS:
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


# --- wiki -------------------------------------------------------------------------------


def is_wiki(norms: list[str]) -> bool:
    first = next((t for t in norms if t), "")
    if R.WIKI_TITLE.match(first) and not first.startswith("=="):
        return True
    return sum(1 for t in norms[:2000] if t.startswith("==") and heading_text(t)) >= 2


def wiki_sections(norms: list[str], reasons: list[str | None]) -> None:
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
