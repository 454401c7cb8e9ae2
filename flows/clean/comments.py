"""Reader-comment threads recognised by their structure, not by a heading.

A comment thread is a run of short *marker* lines repeating every few lines with the
readers' text between them: a header naming the commenter and a time stamp ("Jane | May 2,
2012 at 4:39 am | Reply", "Tom says:", "Jo said...", "by ann on May 2, 2012 at 6:10 am.
Reply #"), or an action row under each comment ("Reply", "Report abuse", "Please rate this
comment: 3 1", "12 likes"). One such line is any page's furniture; a thread is the same
*shape* of marker (kind, bars, "at"/"ago" stamp, trailing action word, "said") coming back
at least COMMENT_MIN_MARKERS times, never more than COMMENT_MAX_GAP non-blank lines apart,
with sentences between most of them (a teaser list with a dateline under each headline has
headlines there). Stray markers at either end, where the spacing jumps (the article between
its own dateline and the first comment), are left out; a long comment inside stays in.
Readers' comments are prose, often more of it than the article, so without this the region
search can print the comments instead of the article.

`mark_threads` labels the thread's lines `comments` before the region search, which never
crosses them and looks for the article above the first thread or count heading when the
heaviest prose lies below one (`flows.clean.region.find_regions`). A thread starts at its
first header (when only action rows were recognised, the first comment's text is taken back
up to COMMENT_BACK_MAX_LINES lines above the first row) and ends with the last comment after
its last marker. Article datelines ("Posted on ... at 9:12 am", "By ...") and sentences are
never markers. Linear in the number of lines.
"""

from __future__ import annotations

import re

from flows.clean import rules as R
from flows.clean.region import PROSE

# A clock time ("4:39 am", "12:13 AM", "@08:24PM", "20:15") or an "N hours ago" stamp.
CLOCK = re.compile(r"(?:\b|@)\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?\b)?|\b\d{1,3}\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b", re.I)
# "Tom said," / "Ann says:" / "Bob wrote:" / "Eve responded to Bob on ..." / "on May 2, 2012 said:"
SAID = re.compile(
    r"^[^.!?]{1,60}?(?:\s|(?<=[a-z]))(?:says|said|wrote|writes|replied|responded|commented)"
    r"(?:\s+(?:on|at|to|in reply to)\b[^.!?]{0,60})?\s*[:,]?$",
    re.I,
)
# Action rows under (or inside the header of) every comment.
ACTION = re.compile(
    r"^(?:\W{0,3})(?:reply|reply to (?:this )?comment|report(?: abuse| comment| this comment)?|"
    r"flag(?: as inappropriate)?|permalink|link to (?:this )?comment|quote|like|unlike|"
    r"(?:please )?rate this(?: comment)?:?|vote up|vote down|recommend|log in to reply|"
    r"login to reply|in reply to\b.*|\d{1,5}\s+(?:likes?|votes?|points?|replies|recommendations?)|"
    r"(?:like|reply|report|share|flag)(?:\s*[|·•]\s*(?:like|reply|report|share|flag|quote|permalink))+)"
    r"(?:\s*[:#]?\s*[-+]?\d{0,5}(?:\s+[-+]?\d{1,5})?)\W{0,3}$",
    re.I,
)
# "12 Comments", "{ 69 comments… read them below }", "156 Responses to “X”", "38 thoughts on".
COUNT_HEADING = re.compile(
    r"^[\[{(]?\s*\d{1,6}\s+(?:comments?|responses?|replies|thoughts?|users? responded|reader comments)\b", re.I
)
TAIL_WORDS = ("reply", "abuse", "permalink", "comment")
SAID_WORDS = ("say", "said", "wrote", "writes", "replied", "responded", "commented")
# One search for all of them: most lines have none (and no clock), and stop here.
WORD_GATE = re.compile("|".join(TAIL_WORDS + SAID_WORDS)).search
# The article's own dateline ("Posted on May 2 at 9:12 am by ...", "By Ann, 4:39 pm").
# ("Posted by: Ann | May 2, 2012 at 4:39 pm" is TypePad's comment header: it stays a marker).
BY = re.compile(r"^(?:(?:posted |written |published )?by\s|(?:posted|published|updated|last updated) (?:on|at)\b)", re.I)
# Headers that carry the action words after the commenter's name and stamp.
ACTION_TAIL = re.compile(r"(?:\||·|•|\.|\s)\s*(?:reply|report abuse|permalink|link to comment|reply to comment)\b[^a-z]{0,4}$", re.I)


def marker(t: str, low: str) -> int:
    """0: not a comment marker; 1: an action row; 2: a commenter header.

    Each regex sits behind a substring test that every match needs, so that the common
    line (no clock, no "reply", no "said") costs a few `in` scans.
    """
    if len(t) > R.COMMENT_MARK_MAX_CHARS:
        return 0
    if len(t) <= R.COMMENT_ACTION_MAX_CHARS and ACTION.match(low):
        return 1
    clock = ":" in t or "ago" in low
    words = WORD_GATE(low)
    if words is None and not clock:
        return 0
    if words is not None and ACTION_TAIL.search(low):
        if CLOCK.search(low) or R.DATE_TOKEN.search(t):
            return 2
    said = words is not None and any(map(low.__contains__, SAID_WORDS))
    if said and low.endswith(("said...", "said…", "says...", "wrote...")) and t.count(" ") < R.COMMENT_HEAD_MAX_WORDS:
        return 2  # Blogger's "Name said..."
    if t[-1] in "!?" or (t[-1] == "." and not low.endswith(("a.m.", "p.m."))):
        return 0  # a sentence (a live blog's "12:55 PM – Tied at even par.") is no header
    if t.count(" ") >= R.COMMENT_HEAD_MAX_WORDS:
        return 0
    if said and SAID.match(low):
        return 2
    # a stamp with "at", "on", "ago" or a "|" beside the clock; a bare date and time is also
    # the dateline of the article and of every teaser in a list
    if clock and (" at " in low or " on " in low or "ago" in low or "|" in t) and CLOCK.search(low):
        return 0 if BY.match(low) else 2
    return 0


def mark_threads(norms: list[str], lows: list[str], reasons: list[str | None], classes: list[int]) -> list[int]:
    """Set `reasons[i] = "comments"` on every line of each comment thread (see module doc).

    Returns the first line of every thread and of every comment count heading ("12
    Comments", "{ 69 comments… }"): the region search looks for the article above them.
    A line of prose class (`classes[i] == PROSE`, a paragraph) is never a marker.
    """
    marks: list[tuple[int, int]] = []  # (line index, marker shape)
    starts: list[int] = []
    pos: dict[int, int] = {}  # non-blank ordinal of each marker line (gaps ignore blank lines)
    k = 0
    for i, t in enumerate(norms):
        if not t:
            continue
        k += 1
        if classes[i] == PROSE:
            continue
        m = marker(t, lows[i])
        if m:
            marks.append((i, _shape(t, lows[i], m)))
            pos[i] = k
        elif (t[0].isdigit() or t[0] in "[{(") and len(t) <= R.COMMENT_MARK_MAX_CHARS and COUNT_HEADING.match(t):
            starts.append(i)
    if len(marks) < R.COMMENT_MIN_MARKERS:
        return starts
    groups: list[list[tuple[int, int]]] = [[marks[0]]]
    for prev, cur in zip(marks, marks[1:], strict=False):
        if pos[cur[0]] - pos[prev[0]] <= R.COMMENT_MAX_GAP:
            groups[-1].append(cur)
        else:
            groups.append([cur])
    for g in groups:
        shapes = [m for _, m in g]
        # a thread repeats one shape of marker (every header alike); others only widen its ends
        main = max(dict.fromkeys(shapes), key=shapes.count)
        idx = [i for i, m in g if m == main]
        for piece in _regular(idx, pos):
            first = _mark(norms, reasons, pos, piece, main // 100)
            if first is not None:
                starts.append(first)
    return starts


def _shape(t: str, low: str, kind: int) -> int:
    """The marker's kind (hundreds) and its layout: the same comment system prints every
    header alike, while an article's dateline or a byline differs from them in some way."""
    return (
        kind * 100
        + ("|" in t)
        + 2 * (t[-1] in ":,")
        + 4 * (" at " in low)
        + 8 * ("ago" in low)
        + 16 * (ACTION_TAIL.search(low) is not None)
        + 32 * ("said" in low or "says" in low or "wrote" in low)
    )


def _regular(idx: list[int], pos: dict[int, int]) -> list[list[int]]:
    """Drop stray markers at the ends of a run, where the spacing jumps: an article between
    its own dateline and the first comment is many lines, comments come every few. A long
    comment inside the thread (both sides regular) stays in it."""
    if len(idx) < R.COMMENT_MIN_MARKERS:
        return []
    spans = [pos[b] - pos[a] for a, b in zip(idx, idx[1:], strict=False)]
    typical = sorted(spans)[len(spans) // 2]
    limit = max(R.COMMENT_SPLIT_FACTOR * typical, R.COMMENT_SPLIT_MIN)
    pieces = [[idx[0]]]
    for span, i in zip(spans, idx[1:], strict=False):
        if span > limit:
            pieces.append([i])
        else:
            pieces[-1].append(i)
    good = [k for k, p in enumerate(pieces) if len(p) >= R.COMMENT_MIN_MARKERS]
    if not good:
        return []
    # only stray markers at the ends go; a long comment between two runs is still comments
    return [[i for p in pieces[good[0] : good[-1] + 1] for i in p]]


def _mark(norms: list[str], reasons: list[str | None], pos: dict[int, int], idx: list[int], main: int) -> int | None:
    """Label one thread (markers `idx` of kind `main`) and the comment text around them;
    returns its first line, or None when the markers do not make a thread."""
    spans = [pos[b] - pos[a] for a, b in zip(idx, idx[1:], strict=False)]
    if sum(1 for s in spans if s >= 2) < R.COMMENT_MIN_MARKERS - 1:
        return None  # no text between the markers: a list of dates or a menu
    # readers write sentences; a teaser list between datelines has headlines
    said = sum(1 for a, b in zip(idx, idx[1:], strict=False) if _sentences(norms, a, b))
    if said < R.COMMENT_MIN_SENTENCE_SHARE * len(spans):
        return None
    spacing = sorted(spans)[len(spans) // 2]
    first, last = idx[0], idx[-1]
    if main == 1:  # action rows follow their comment: its text sits above the first one
        first = _back(norms, reasons, first, min(spacing - 1, R.COMMENT_BACK_MAX_LINES))
    end = _forward(norms, reasons, last, spacing - 1 if main == 2 else 0)
    for i in range(first, end + 1):
        if norms[i]:
            reasons[i] = "comments"
    return first


def _sentences(norms: list[str], a: int, b: int) -> bool:
    """Some line strictly between a and b ends like a sentence or is paragraph-long."""
    for i in range(a + 1, b):
        t = norms[i]
        if t and (t[-1] in ".!?)…:;" or len(t) >= R.PROSE_MIN_CHARS):
            return True
    return False


def _back(norms: list[str], reasons: list[str | None], i: int, lines: int) -> int:
    """The start of the first comment: up to `lines` non-blank lines above its action row."""
    j = i
    while lines > 0 and j > 0:
        j -= 1
        if norms[j]:
            if reasons[j] is not None:
                return j + 1
            lines -= 1
    return j


def _forward(norms: list[str], reasons: list[str | None], i: int, lines: int) -> int:
    """The end of the last comment: up to `lines` non-blank lines below its header."""
    j = i
    n = len(norms)
    while lines > 0 and j + 1 < n:
        if norms[j + 1]:
            if reasons[j + 1] is not None:
                return j
            lines -= 1
        j += 1
    return j
