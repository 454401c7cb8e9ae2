"""Published date: every date written in the lines around the headline, parsed and ranked.

A page shows many dates: the site header's "today", the article's own date line, an
"Updated" stamp, related stories' and comments' dates, captions. The article's own date
sits next to its headline or byline, so candidates come from zones by position:

1. the lines between the headline and the first lines of the body (byline, date line);
2. the few lines just above the headline (section label and date line on many blogs);
3. the few lines right after the body (blogs' "Posted on DATE by NAME" footers),
and, before them, structured metadata (JSON-LD, `<meta>`, `<time>`) when the input is HTML.
A date in the URL path (`/2019/11/19/`) picks the page date it equals, wherever it sits; it
is never the answer alone, since `published_date` is the date the page states.

Within a zone a date labelled "Published"/"Posted" beats the others; an "Updated" stamp
counts as much as an unlabelled date (many pages show only the update; the gold of our dev
set keeps it), and a short date line beats a date inside a longer line (a caption).
A date after the fetch time is a misparse or another item's and is never taken.

Parsing is a fast path of compiled patterns: ISO and Y.M.D, month names in the languages
the pipeline meets (English, Portuguese, Spanish, Italian, French, German, Dutch,
Indonesian, Russian), D.M.Y, CJK "2019年11月19日"/"2018년 8월 25일", and the ambiguous
numeric N/N/YYYY, whose order is decided from the page's other numeric dates (a part > 12
settles it), then the body's language and the URL's country (day first outside
English-language US pages). dateparser was measured as an alternative (see the README's
metadata section): it needs a language hint to be safe on short stamps, and it costs
about a second to import and milliseconds a line, more than the whole per-page budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from flows.extract.gazetteer import trie_pattern

# --- month names (lower case; abbreviations with or without a dot) ------------------------
_MONTH_WORDS = {
    1: "january jan januar janvier enero ene gennaio gen janeiro januari januar janv январь января янв",
    2: "february feb februar février fevrier febrero febbraio fevereiro fev fév februari февраль февраля фев",
    3: "march mar märz maerz mars marzo março marco maret maart март марта",
    4: "april apr avril abril aprile abr апрель апреля апр",
    5: "may mai mayo maggio mag maio mei май мая",
    6: "june jun juni juin junio giugno giu junho июнь июня июн",
    7: "july jul juli juillet julio luglio lug julho июль июля июл",
    8: "august aug août aout agosto ago agustus agu augustus август августа авг",
    9: "september sep sept septembre septiembre settembre set setembro сентябрь сентября сен",
    10: "october oct oktober octobre octubre ottobre ott outubro out okt октябрь октября окт",
    11: "november nov novembre noviembre novembro novemberi ноябрь ноября ноя",
    12: "december dec dezember décembre decembre diciembre dic dicembre dezembro dez desember desember "
        "декабрь декабря дек",
}
MONTHS: dict[str, int] = {w: m for m, words in _MONTH_WORDS.items() for w in words.split()}
_MONTH_ALT = trie_pattern(MONTHS)  # a flat alternation of 150 words is tried at every position: ~20x dearer
# A month word not inside a longer word ("Marchers", "mayor"); digits may touch it
# ("2019August": a date line glued to the next text by the scraper).
_MON = rf"(?<![^\W\d_])(?P<mon>{_MONTH_ALT})\.?(?![^\W\d_])"
# A year, also when the scraper glued the time to it ("Nov 20 20194:29 AM").
_YEAR = r"(?P<y>(?:19|20)\d\d)(?=\D|\d{1,2}:\d\d|$)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2019-11-19, 2019/11/19, 2016.12.01, 2018. 8. 25 (Korean sites)
    ("ymd", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)\s?([-/.])\s?(?P<m>[01]?\d)\s?\2\s?(?P<d>[0-3]?\d)(?!\d)")),
    ("cjk", re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]")),
    # Nov. 19, 2019 / November 19 2019 / Wed, Nov 20 2019 / Nov 15, 20195:45 AM
    ("mdy_name", re.compile(rf"{_MON}\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s*(?:at\s+)?{_YEAR}", re.I)),
    # 19 November 2019 / 27 de setembro de 2018 / 25. September 2018 / 24 сентября 2018
    ("dmy_name", re.compile(rf"(?<!\d){_DAY}\s*(?:de\s+|of\s+)?{_MON},?\s*(?:de\s+)?{_YEAR}", re.I)),
    # 19.11.2019 / 11/19/19 / 12/04/2020 / 01.21.2020: order decided by the page
    ("num", re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)([./-])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d|\d\d)(?=\D|\d{1,2}:\d\d|$)")),
)

# Dates without a year ("Updated Nov 19, 6:55 AM", "18 mars"): read only when the page's
# reference year is known (see `reference_year`), and ranked after full dates.
YEARLESS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("md", re.compile(rf"{_MON}\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.])(?!,?\s*(?:19|20)\d\d)", re.I)),
    ("dm", re.compile(rf"(?<![\d.:/]){_DAY}\s*(?:de\s+|of\s+)?{_MON}(?![^\W\d_])(?!,?\s*(?:de\s+)?\d)", re.I)),
)
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d\d)(?!\d)", re.I)

_DIGIT = re.compile(r"\d")

# --- labels in front of a date on its line ------------------------------------------------
UPDATED_RE = re.compile(
    r"\b(?:(?:last\s+)?updated?|modified|edited|aktualisiert|atualizad[oa]|actualizad[oa]|aggiornat[oa]|"
    r"mis\s+à\s+jour|diperbarui|обновлено)\b", re.I)
PUBLISHED_RE = re.compile(
    r"\b(?:published|posted|first\s+published|released|publicad[oa]|publié|pubblicat[oa]|veröffentlicht|"
    r"diterbitkan|dipublikasikan|опубликовано|created)\b", re.I)

# --- zones (line counts; pages put the date within a few lines of the headline) -----------
AFTER_TITLE_MAX = 25      # headline .. first body lines: byline, standfirst, caption, date
INTO_BODY = 2             # a date line may sit after the first body line (a lead image)
BEFORE_TITLE = 4          # section label and date line above the headline
AFTER_BODY = 6            # "Posted on DATE by NAME" footers of blogs
SHORT_DATE_LINE_CHARS = 80  # a date line proper; a longer line holding a date is a caption or teaser
MAX_DATE_LINE_CHARS = 160  # a longer line is prose; its dates are events, not the page's
# Reasons of lines whose dates belong to other items.
OTHER_ITEM_REASONS = frozenset({"related_stories", "comments", "tags", "newsletter_prompt", "footer",
                                "image_caption", "photo_credit", "author_bio", "see_also"})
# Country-code TLDs and language codes whose pages write the day first in N/N/YYYY.
DAY_FIRST_TLDS = frozenset("uk au nz ie in za ng pk ke gh sg my ph lk bd eu de fr it es pt br ru id nl "
                           "be at ch dk se no fi pl cz tr ar cl co mx pe ve".split())


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date written on a line: where, what, how it was labelled."""

    value: date
    start: int          # character offset in its line
    label: str          # "published" | "updated" | ""
    numeric: bool       # parsed from an ambiguous N/N/Y form
    yearless: bool = False  # its year is the page's reference year


def reference_year(page: str, fetched_year: int | None, url_year: int | None) -> int | None:
    """The year a date written without one belongs to: the fetch year when the input says it,
    else the URL's year, else the page's copyright year (the year the page was rendered)."""
    if fetched_year is not None:
        return fetched_year
    if url_year is not None:
        return url_year
    years = [int(m.group(1)) for m in COPYRIGHT_RE.finditer(page)]
    return max(years) if years else None


def numeric_order(page: str, language: str | None, url: str | None) -> str:
    """"dmy" or "mdy" for ambiguous N/N/YYYY dates on this page (`page`: its lines joined).

    A part above 12 in any of the page's numeric dates settles it; else a page in another
    language than English, or on a country domain that writes the day first, is "dmy".
    One scan of the whole page: a regex call per line costs more than the scan.
    """
    for m in PATTERNS[-1][1].finditer(page):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            return "dmy"
        if b > 12 >= a:
            return "mdy"
    if language and language != "en":
        return "dmy"
    host = (urlsplit(url).hostname or "") if url else ""
    return "dmy" if host.rsplit(".", 1)[-1] in DAY_FIRST_TLDS else "mdy"


def dates_in(text: str, order: str = "mdy", year: int | None = None) -> list[DateHit]:
    """Every full date written in `text`, in order, each with the label in front of it; with
    `year`, also the dates written without one (as that year, or the one before if later)."""
    if not _DIGIT.search(text):
        return []
    found: dict[int, tuple[int, date, bool, bool]] = {}  # start -> (end, value, numeric, yearless)
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            if any(s <= m.start() < e for s, (e, *_rest) in found.items()):
                continue  # inside a date an earlier pattern already read
            d = _to_date(kind, m, order)
            if d is not None:
                found[m.start()] = (m.end(), d, kind == "num", False)
    if year is not None:
        for _kind, pat in YEARLESS:
            for m in pat.finditer(text):
                if any(s <= m.start() < e or m.start() <= s < m.end() for s, (e, *_rest) in found.items()):
                    continue
                try:
                    d = date(year, MONTHS[m.group("mon").lower()], int(m.group("d")))
                except (ValueError, KeyError):
                    continue
                found[m.start()] = (m.end(), d, False, True)
    out = []
    for start in sorted(found):
        _, value, numeric, yearless = found[start]
        out.append(DateHit(value, start, _label_before(text, start), numeric, yearless))
    return out


def _to_date(kind: str, m: re.Match[str], order: str) -> date | None:
    try:
        y = int(m.group("y"))
        if kind in ("ymd", "cjk"):
            return date(y, int(m.group("m")), int(m.group("d")))
        if kind in ("mdy_name", "dmy_name"):
            return date(y, MONTHS[m.group("mon").lower()], int(m.group("d")))
        a, b = int(m.group("a")), int(m.group("b"))
        if y < 100:
            y += 2000
        if a > 12:
            return date(y, b, a)
        if b > 12:
            return date(y, a, b)
        return date(y, b, a) if order == "dmy" else date(y, a, b)
    except (ValueError, KeyError):
        return None


def _label_before(text: str, start: int) -> str:
    """The nearest "Updated"/"Published" label before a date on its line, if any."""
    head = text[:start]
    up = [m.end() for m in UPDATED_RE.finditer(head)]
    pub = [m.end() for m in PUBLISHED_RE.finditer(head)]
    if not up and not pub:
        return ""
    return "updated" if max(up, default=-1) > max(pub, default=-1) else "published"


def _year_before(d: date) -> date | None:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return None


URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=/|[-_.]|$)")
URL_DATE_LOOSE_RE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")


URL_YEAR_RE = re.compile(r"/((?:19|20)\d\d)/(?:0?[1-9]|1[0-2])?/?")


def url_year(url: str | None) -> int | None:
    """The year segment of a URL path ("/2019/11/slug"), for dates written without a year."""
    m = URL_YEAR_RE.search(urlsplit(url).path) if url else None
    return int(m.group(1)) if m else None


def url_date(url: str | None) -> date | None:
    """A date in the URL path: /2019/11/19/, /20191119/, /2019-11-19-slug."""
    if not url:
        return None
    path = urlsplit(url).path
    m = URL_DATE_RE.search(path) or URL_DATE_LOOSE_RE.search(path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class LineView(NamedTuple):
    """What ranking needs of a raw line: its text, label and reason (a tuple: pages have
    hundreds of lines and only a few are read)."""

    text: str
    label: str
    reason: str | None


def zone_text(lines: list[LineView], title_idx: int | None) -> str:
    """The lines of every zone, joined: what decides whether the page-wide scans are needed."""
    return "\n".join(lines[i].text for _zone, idxs in zones(lines, title_idx) for i in idxs)


# Necessary conditions of the patterns above that start with a digit, so `re` skips to the
# digits of the text instead of trying a lookbehind and the month trie at every position (the
# full patterns cost about 0.1 ms on a page's date zones, most of a seed page's metadata time).
# A text without a hint cannot match, so the answers are the same; with one, the full pattern
# decides. The month-then-day form is hinted on the reversed text: "Nov. 19" is "91 .voN".
_NUM_HINT = re.compile(r"\d[./-]\d")
_DM_HINT = re.compile(rf"\d(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?(?:{_MONTH_ALT})\.?(?![^\W\d_])"
                      r"(?!,?\s*(?:de\s+)?\d)", re.I)
_MD_HINT_REVERSED = re.compile(rf"\d\s*\.?(?:{trie_pattern(w[::-1] for w in MONTHS)})(?![^\W\d_])", re.I)


def needs_order(text: str) -> bool:
    """`text` holds an N/N/Y date whose day/month order is open (both parts 12 or less)."""
    if not _NUM_HINT.search(text):
        return False
    return any(int(m.group("a")) <= 12 and int(m.group("b")) <= 12 for m in PATTERNS[-1][1].finditer(text))


def needs_year(text: str) -> bool:
    """`text` holds a date written without a year."""
    (_md, md), (_dm, dm) = YEARLESS
    if _DM_HINT.search(text) and dm.search(text):
        return True
    # A month-then-day date starts where a reversed hint ends (the whole letter run before the
    # day is the month word), so the full pattern is tried only there.
    n = len(text)
    return any(md.match(text, n - h.end()) for h in _MD_HINT_REVERSED.finditer(text[::-1]))


def zones(lines: list[LineView], title_idx: int | None) -> list[tuple[str, list[int]]]:
    """(source name, line indices) in the order of trust: after the headline, above it, after the body."""
    body = [i for i, x in enumerate(lines) if x.label == "body"]
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1
    anchor = title_idx if title_idx is not None else (first_body - 1 if body else -1)
    after_end = min(len(lines), anchor + 1 + AFTER_TITLE_MAX)
    if body and first_body > anchor:
        into = [i for i in body if i > anchor][:INTO_BODY + 1]
        after_end = min(after_end, into[-1] + 1)
    out: list[tuple[str, list[int]]] = [("after_title", list(range(anchor + 1, after_end)))]
    if anchor > 0:
        out.append(("before_title", list(range(anchor - 1, max(-1, anchor - 1 - BEFORE_TITLE), -1))))
    if last_body >= 0:
        out.append(("after_body", list(range(last_body + 1, min(len(lines), last_body + 1 + AFTER_BODY)))))
    return out


def rank_dates(lines: list[LineView], title_idx: int | None, order: str, latest: date,
               prefer: date | None = None, year: int | None = None) -> tuple[date, int] | None:
    """The page's own published date and the line it is on, or None.

    Zones in order; within the first zone that has dates, labelled "published" first, then
    unlabelled, then "updated"; in each kind the first in reading order. Lines whose reason
    marks another item (related stories, comments, captions, bios) and long prose lines
    are skipped; a date after `latest` (the fetch time) is never taken. A date equal to
    `prefer` (the URL's) wins wherever it is in the zones: the URL confirms it.
    """
    if prefer is not None and prefer <= latest:
        for _zone, idxs in zones(lines, title_idx):
            for i in idxs:
                x = lines[i]
                if x.reason in OTHER_ITEM_REASONS or len(x.text) > MAX_DATE_LINE_CHARS:
                    continue
                if any(h.value == prefer for h in dates_in(x.text, order)):
                    return prefer, i
    for zone, idxs in zones(lines, title_idx):
        best: tuple[bool, int, bool, int, date, int] | None = None  # (yearless, label, long, order, value, line)
        for k, i in enumerate(idxs):
            x = lines[i]
            if x.reason in OTHER_ITEM_REASONS and zone == "after_body":
                break  # below the article, a "Related"/"Comments" heading starts other items
            if x.reason in OTHER_ITEM_REASONS or len(x.text) > MAX_DATE_LINE_CHARS:
                continue
            if x.label == "body" and i != title_idx and len(x.text) > MAX_DATE_LINE_CHARS // 2:
                continue
            for h in dates_in(x.text, order, year):
                value: date | None = h.value
                if h.yearless and h.value > latest:
                    value = _year_before(h.value)
                if value is None or value > latest:
                    continue
                # A full date first; "Published" first; an "Updated" stamp is as good as an
                # unlabelled date (many pages show only it); a date inside a longer line (a
                # caption) after both.
                cand = (h.yearless, 0 if h.label == "published" else 1, len(x.text) > SHORT_DATE_LINE_CHARS, k,
                        value, i)
                if best is None or cand[:4] < best[:4]:
                    best = cand
        if best is not None:
            return best[4], best[5]
    return None
