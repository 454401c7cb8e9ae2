"""Title choice and metadata lines of the line cleaner.

Naive page text starts with the `<title>` element ("Headline | Site"); the headline proper
sits just above the article, with section labels above it and bylines and date lines below
it. These rules find the headline (`headline_anchor` when it is certain, `choose_title`
otherwise), name the short lines around it (`metadata_reason`, `is_date_line`) and admit
the standfirst between it and the body (`admit_standfirst`).

A headline-shaped line is the title only with evidence that it is the headline: it copies or
shares most of its words with the `<title>` line, the JSONL/HTML title or the URL's slug
(`slug_words`), or a byline or date line sits next to it, or it stands alone right above the
body. Menus, teaser lists and widgets above an article without a headline have none of
these, and such a page gets no title rather than the nearest headline-shaped line.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from flows.clean import rules as R
from flows.clean.assemble import normalize_line
from flows.clean.region import END_REASONS, SENTENCE

# Headline search by overlap with the page's own title evidence (the `<title>` line, the
# metadata hint): lines this far above the body are candidates; a candidate needs this many
# shared content words and this share of its own words shared (a related story's headline
# shares a word or two with the page title, the headline shares most of its words).
OVERLAP_WINDOW = 60
BYLINE_GAP = 3  # a headline's byline or date line follows it within this many lines
# A headline without a <title>/hint/slug agreement needs a byline or date line this near below
# it ("Author:", the name, "Publish date:", the date), a date line right above it, or to stand
# alone right above the body; a share row's counters and service names ("0shares", "Buffer")
# may sit between it and the body.
EVIDENCE_GAP = 5
SHARE_ROW_ITEM_MAX_CHARS = 20
# The first line is the <title> element of naive page text (or a note's own headline, "Troops
# arrive"); a lone word there ("Home", "Menu") is a menu line.
FIRST_LINE_MIN_WORDS = 2
CREDIT_SLASH = re.compile(r"\w/\w")   # "Amy K. Dragoo/AIMMEDIA", "Reed Saxon/AP"
CREDIT_MAX_WORDS = 6                 # a photo credit is short; "Gannett/GateHouse merger ..." is a headline
SECTION_CAPS_MAX_WORDS = 5           # "GROWING AN ONLINE BUSINESS": a label, not a headline
OVERLAP_MIN_WORDS = 2
OVERLAP_MIN_SHARE = 0.34
SLUG_MIN_SHARE = 0.5    # of the slug's own words ("us-troops-leave-syria": 2 of its 3 content words)
# Reasons of lines that are page widgets or other items, never the headline.
NOT_HEADLINE_REASONS = frozenset({"skip_link", "share_widget", "advertisement", "photo_credit", "cookie_consent",
                                  "newsletter_prompt", "footer", "comments", "tags", "author_bio", "image_caption",
                                  "agency_signoff", "reading_time", "date_line", "byline"})
# Reasons of lines that may sit between a headline and its body (the headline "stands right
# above the body" across them).
BETWEEN_HEADLINE_AND_BODY = frozenset({"byline", "date_line", "reading_time", "image_caption", "photo_credit",
                                       "share_widget", "widget", "advertisement", "section_label", "duplicate_line"})
# Reasons of a line right above a lone line that make it part of a widget cluster or a teaser
# list, not a headline ("Advertisement" / "Listen to this article" / body; "More from World" /
# a related story / body).
WIDGET_ABOVE = frozenset({"share_widget", "advertisement", "widget", "newsletter_prompt", "cookie_consent",
                          "related_stories"})
# Separators of menus and breadcrumbs ("Home » World » Europe", "twitter // youtube // rss"): two
# of them make a line navigation, not a headline.
MENU_SEPS = (" > ", " » ", " › ", " | ", " // ", " / ", " · ")
_POST_NAV = ("«", "‹", "<<", "»", "›")            # "« Previous post title", "Next post »"
_ATTRIBUTION = ("-", "–", "—", "―")                 # "– W. H. Auden": a quote's attribution
_DATED_BY = re.compile(r"\bby\s+\w", re.I)          # "Posted on May 3, 2012 by Jane Roe"
_SLUG_EXT = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|ece)$", re.I)
_WORD = re.compile(r"[^\W_]+")
_BYLINE_LEAD = re.compile(r"^(?:by|written by|posted by|words by|von|por|oleh)\s", re.I)

# DATE_TOKEN without the case flag, run on the lower-cased line: its month names are lower
# case, and case folding at every position made it the dearest pattern of the cleaner.
_DATE_TOKEN_LOW = re.compile(R.DATE_TOKEN.pattern)


def strip_site(t: str) -> str:
    """ "Headline | Site" / "Headline - WSJ" -> "Headline" (the longest part wins)."""
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if sep in t:
            t = max(t.split(sep), key=len)
    return t.strip()


def slug_words(url: str | None) -> set[str]:
    """Content words of the URL's last path segment: `/2019/11/us-troops-leave-syria-123.html`
    gives {"troops", "leave", "syria"} (pure numbers are ids and dates, not words).

    Sites build the slug from the headline, so it is evidence the page itself gives even when
    the `<title>` is worded otherwise or missing; a segment of one word ("index", "story") is
    no slug.
    """
    if not url:
        return set()
    try:
        path = urlsplit(url).path
    except ValueError:
        return set()
    segments = [x for x in unquote(path).split("/") if x]
    if not segments:
        return set()
    seg = _SLUG_EXT.sub("", segments[-1])
    words = {w for w in _content_words(seg) if not w.isdigit()}
    return words if len(words) >= OVERLAP_MIN_WORDS else set()


def _title_like(t: str) -> bool:
    n = len(t)
    if n < 10 or n > R.TITLE_MAX_CHARS or t[-1] in ".:;,":
        return False
    return len(t.split()) >= 3 or any(_is_cjk(c) for c in t[:20])


def _nav_shaped(t: str) -> bool:
    """Previous/next-post links ("« Older post"), a quote's attribution ("– NAME"), a menu or
    breadcrumb (two separators: "Home » World » Europe"), a date line with its byline
    ("Posted on May 3, 2012 by NAME"): page parts that look like a headline by length."""
    if t.startswith(_POST_NAV) or t.startswith(_ATTRIBUTION) or sum(map(t.count, MENU_SEPS)) >= 2:
        return True
    return bool(_DATED_BY.search(t)) and _DATE_TOKEN_LOW.search(t.lower()) is not None


def _furniture_shaped(t: str) -> bool:
    """Lines shaped like page parts, not headlines: a byline ("NAME, Outlet"), a photo credit
    ("NAME/AGENCY"), a breadcrumb or trail ending in "/" or "»", a short all-caps section label,
    and the `_nav_shaped` lines.
    """
    words = t.split()
    if t.endswith((" /", " »", " ›", " >", " |")) or (len(words) <= CREDIT_MAX_WORDS and CREDIT_SLASH.search(t)):
        return True
    if _nav_shaped(t):
        return True
    if t.isupper() and len(words) <= SECTION_CAPS_MAX_WORDS:
        return True
    head = t.split(",")[0].strip()
    return _is_name(head) and (head == t or len(t.split(",")) == 2)


def choose_title(
    norms: list[str],
    in_region: list[bool],
    reasons: list[str | None],
    hint: str | None,
    wiki: bool,
    anchor: int | None,
    url: str | None = None,
) -> int | None:
    """Index of the headline line, or None; marks the <title> line above it as title_repeat.

    Order: in wiki text the `= Title =` line; a copy of the metadata hint or of the first
    line without its site suffix (the first line is then the <title> element); the line
    sharing most words with the <title> line and hint, else with the URL's slug; the nearest
    headline-shaped line with a byline or date line next to it or standing alone right above
    the body (`_nearest_with_evidence`); else the first line itself (the <title> element).
    A page where none of these holds gets None: the nearest headline-shaped line alone is a
    menu line, a teaser or a widget as often as a headline.
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
        # Of several copies above the body (a menu teaser, a gallery caption), the one a byline
        # or date line follows; else the last.
        key = norms[anchor].lower()
        copies = [i for i in nonblank if anchor <= i < start and norms[i].lower() == key]
        dated = [i for i in copies if _dated_below(norms, reasons, i)]
        found = (dated or copies)[-1]
    if found is None and hint:
        h = normalize_line(hint).lower()
        hits = [i for i in nonblank if norms[i].lower() == h or strip_site(norms[i]).lower() == h]
        before = [i for i in hits if i < start]
        found = before[-1] if before else (hits[0] if hits else None)
    if found is None:
        head = strip_site(norms[first]).lower()
        copies = [i for i in nonblank if first < i < start and norms[i].lower() == head and len(head) >= 10]
        found = copies[-1] if copies else None
    refs = _content_words(strip_site(norms[first])) | (_content_words(hint) if hint else set())
    if found is None and len(refs) >= OVERLAP_MIN_WORDS:
        found = _best_overlap(norms, nonblank, reasons, first, start, refs)
    slug = slug_words(url)
    if found is None and slug:  # a slug is a shortened headline: most of *its* words must be there
        found = _best_overlap(norms, nonblank, reasons, first, start, slug, of_refs=True)
    if found is None:
        found = _nearest_with_evidence(norms, nonblank, reasons, first, start)
    if (found is None and not in_region[first] and reasons[first] is None
            and (len(norms[first].split()) >= FIRST_LINE_MIN_WORDS or _is_cjk(norms[first][0]))):
        found = first  # the <title> element itself (naive page text starts with it)
    if (
        found is not None
        and found != first
        and not in_region[first]
        and reasons[first] in (None, "duplicate_line")
    ):
        head, title = strip_site(norms[first]).lower(), norms[found].lower()
        if head in title or title in head or len(norms[first]) > R.SECTION_LABEL_MAX_CHARS:
            reasons[first] = "title_repeat"
    return found


def _dated_below(norms: list[str], reasons: list[str | None], i: int, gap: int = BYLINE_GAP,
                 bare_name: bool = False) -> bool:
    """A byline or date line within `gap` non-blank lines below line i: where headlines sit.

    With `bare_name`, a person's name right below line i counts as its byline too.
    """
    seen = 0
    for j in range(i + 1, len(norms)):
        if not norms[j]:
            continue
        seen += 1
        if seen > gap:
            return False
        t = norms[j]
        if reasons[j] in ("byline", "date_line", "reading_time") or _BYLINE_LEAD.match(t) or is_date_line(t):
            return True
        if bare_name and seen == 1 and _is_name(t):
            return True
    return False


def _nearest_with_evidence(norms: list[str], nonblank: list[int], reasons: list[str | None], first: int,
                           start: int) -> int | None:
    """The nearest headline-shaped line above the body, if it has headline evidence: a byline
    or date line next to it, or it stands alone right above the body; past it (a widget
    header, a standfirst), only a line with a byline or date line right next to it.

    Anything else further up would be a guess among menus and teasers (a page without a
    headline gets None), and the scan stops at a menu or post link.
    """
    seen = 0
    nearest = True
    for i in reversed([j for j in nonblank if first < j < start]):
        seen += 1
        if seen > R.TITLE_WINDOW:
            return None
        t = norms[i]
        if (reasons[i] not in (None, "duplicate_line") or not _title_like(t) or is_date_line(t)
                or _furniture_shaped(t) and not _nav_shaped(t)):
            continue
        if _nav_shaped(t):
            return None  # a menu, a trail or a post link: no headline between it and the body
        if nearest and (_dated_below(norms, reasons, i, EVIDENCE_GAP, bare_name=True) or _dated_above(norms, reasons, i)
                        or _right_above_body(norms, reasons, i, start, first)):
            return i
        if _dated_below(norms, reasons, i) or _dated_above(norms, reasons, i):
            return i  # further up, only a line with its own byline or date line next to it
        nearest = False
    return None


def _line_above(norms: list[str], i: int) -> int:
    """Index of the non-blank line above line i, or -1."""
    j = i - 1
    while j >= 0 and not norms[j]:
        j -= 1
    return j


def _dated_above(norms: list[str], reasons: list[str | None], i: int) -> bool:
    """The non-blank line right above line i is a date line (a kicker date, as some sites put it
    above the headline). Not a byline: a byline follows its headline, and the line below a
    byline is a widget header or the standfirst."""
    j = _line_above(norms, i)
    if j < 0 or reasons[j] == "byline" or _BYLINE_LEAD.match(norms[j]):
        return False
    return reasons[j] == "date_line" or is_date_line(norms[j])


def _right_above_body(norms: list[str], reasons: list[str | None], i: int, start: int, first: int) -> bool:
    """Line i stands alone right above the body: only metadata lines (byline, date, caption, a
    share row with its counters...) between it and the body's first line, no other
    headline-shaped line right above it (a teaser list's last item sits above the body too,
    among its siblings), no byline above it (that byline's headline is further up) and no
    widget or "Related" heading right above it (it is then one more widget, or a teaser)."""
    if start >= len(norms):
        return False
    between = [j for j in range(i + 1, start) if norms[j]]
    share_row = any(reasons[j] == "share_widget" for j in between)
    for j in between:
        if reasons[j] in BETWEEN_HEADLINE_AND_BODY:
            continue
        if not (share_row and len(norms[j]) <= SHARE_ROW_ITEM_MAX_CHARS and len(norms[j].split()) <= 2):
            return False
    j = _line_above(norms, i)
    if j < 0 or j == first:
        return True
    t = norms[j]
    if reasons[j] in WIDGET_ABOVE or reasons[j] == "byline" or _BYLINE_LEAD.match(t):
        return False
    return not (reasons[j] in (None, "duplicate_line") and _title_like(t) and not is_date_line(t)
                and not _furniture_shaped(t))


def _content_words(t: str) -> set[str]:
    """Lower-case words of 4+ letters (or with a digit), possessive 's cut: what two headlines share."""
    out = set()
    for w in _WORD.findall(t.lower()):
        if len(w) >= 4 or any(c.isdigit() for c in w):
            out.add(w)
    return out


def _best_overlap(norms: list[str], nonblank: list[int], reasons: list[str | None], first: int, start: int,
                  refs: set[str], of_refs: bool = False) -> int | None:
    """The headline-shaped line above the body sharing most of its words with the page title.

    Pages show the headline in a form of their own (the `<title>` often words it otherwise
    and adds the site name), and the cleaner may have called its line navigation: what
    holds across sites is that the headline shares most of its words with the title, a
    widget line shares none and a related story's headline only a few. Ties go to the line
    nearest the body. With `of_refs` (the URL slug, a shortened headline) the shared words
    must be that share of the reference's words instead of the line's.
    """
    best: tuple[float, int] | None = None
    for i in nonblank:
        if i <= first or i >= start or start - i > OVERLAP_WINDOW:
            continue
        t = norms[i]
        if (reasons[i] in NOT_HEADLINE_REASONS or not _title_like(t) or is_date_line(t) or _BYLINE_LEAD.match(t)
                or _furniture_shaped(t)):
            continue
        words = _content_words(t)
        shared = len(words & refs)
        if shared < OVERLAP_MIN_WORDS or not words or shared / len(refs if of_refs else words) < (
                SLUG_MIN_SHARE if of_refs else OVERLAP_MIN_SHARE):
            continue
        dice = 2 * shared / (len(words) + len(refs))  # both ways: a shorter teaser shares fewer
        if best is None or dice >= best[0]:
            best = (dice, i)
    return best[1] if best else None


def headline_anchor(norms: list[str], hint: str | None) -> int | None:
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
    key = strip_site(norms[nonblank[0]]).lower()
    if len(key) < R.ANCHOR_MIN_CHARS:
        return None
    return next((i for i in nonblank[1:] if len(norms[i]) == len(key) and norms[i].lower() == key), None)


def _is_name(t: str) -> bool:
    words = t.split()
    if not 2 <= len(words) <= R.NAME_MAX_WORDS or len(t) > 40:
        return False
    return all(w[0].isupper() and all(c.isalpha() or c in ".-'’" for c in w) for w in words)


def metadata_reason(norms: list[str], i: int, title_idx: int | None) -> str | None:
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


def is_date_line(t: str) -> bool:
    """A short line that is mostly a date (with maybe a time, place or "Updated")."""
    if len(t) > R.DATE_LINE_MAX_CHARS:
        return False
    if not R.DIGIT.search(t) or "@" in t or "--" in t:  # tweet attributions, event listings
        return False
    if R.AGO_STAMP.match(t):
        return True
    low = t.lower()
    if not _DATE_TOKEN_LOW.search(low) and not R.DATE_STAMP.match(t):
        return False
    rest = _DATE_TOKEN_LOW.sub(" ", low)
    return len([w for w in rest.split() if any(c.isalpha() for c in w)]) <= R.DATE_LINE_MAX_WORDS


def _is_cjk(ch: str) -> bool:
    return bool(R.CJK.match(ch))


def admit_standfirst(
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
