"""Date mentions: absolute dates, months, years, decades and deictic dates ("on Saturday").

One anchor regex finds the places where a date can start (a number, a month or weekday
name, "yesterday"...), and small anchored regexes decide at each anchor; this keeps the cost
to one scan of the body instead of one scan per date format. Relative expressions are
resolved against the publication date with dateutil arithmetic and are never resolved to a
day after publication (news reports the past; "next Monday" is dropped).

Text conventions (matching our gold annotation): a weekday keeps its preposition ("on
Saturday", "last Friday"); years and absolute dates do not ("1955", "10 February 1973");
a month with "this year" keeps "in" ("in March this year") but one with "last year" does
not ("December last year"); "mid-"/"early"/"late" stay with the month ("mid-March").
Values: "YYYY-MM-DD", "YYYY-MM", "YYYY" or "YYYYs" by granularity.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from flows.extract.counts import PEOPLE_NOUNS
from flows.extract.numbers import DIGIT_STARTS, trie_regex
from flows.model import DateMention

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR,
            "saturday": SA, "sunday": SU}
_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ALL_MONTHS = _FULL_MONTHS + "|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_FULL_WD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_ALL_WD = _FULL_WD + "|Tues|Thurs|Thur|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
MIN_YEAR, MAX_YEAR = 1000, 2100  # four-digit numbers read as years

# Where a date can start. A regex trie (numbers.trie_regex) lets `re` skip straight to digits
# and capitalised month/weekday names; word boundaries are checked in Python (a leading \b
# would make the scan several times slower). Lower-case deictic words are found with str.find.
_ANCHOR_RE = re.compile(trie_regex([*_ALL_MONTHS.split("|"), *_ALL_WD.split("|"), *DIGIT_STARTS], digit_runs=True))
_NAME_AT = re.compile(rf"(?P<month>{_ALL_MONTHS})(?![A-Za-z])|(?P<wd>{_ALL_WD})(?![A-Za-z])")
_DEICTIC_AT = re.compile(r"(?:[Yy]esterday|[Tt]oday|(?:[Ll]ast|[Tt]his)\s+(?:year|month))(?![A-Za-z])")
DEICTIC_KEYS = ("esterday", "oday", "ast year", "ast month", "his year", "his month")
_ORD = r"(?:st|nd|rd|th)?"
_DATE_AT = re.compile(
    rf"(?:(?:{_ALL_WD})\.?,?\s+)?(?:"
    rf"(?P<m1>{_ALL_MONTHS})\.?\s+(?P<d1>\d{{1,2}}){_ORD}(?:,\s*|\s+)(?P<y1>\d{{4}})\b"
    rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_ALL_MONTHS})\.?,?\s+(?P<y2>\d{{4}})\b"
    rf"|(?P<m5>{_ALL_MONTHS})\.?,?\s+(?P<y5>\d{{4}})\b"
    rf"|(?P<m3>{_ALL_MONTHS})\.?\s+(?P<d3>\d{{1,2}}){_ORD}\b(?!\s*,?\s*\d)"
    rf"|(?P<d4>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m4>{_FULL_MONTHS})\b(?!\.?,?\s*\d))"
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_REL = re.compile(rf"(?:{_FULL_MONTHS})\s+(this|last)\s+year\b")
# Before a bare month: "mid-"/"early"/"late" join the text; a preposition only licenses it.
_MONTH_PREFIX = re.compile(r"\b(?:mid-|(?:early|late|last)\s+)$", re.IGNORECASE)
_MONTH_PREP = re.compile(
    r"\b(?:in|since|by|until|till|during|from|of|to|through|before|after|between|and|or|"
    r"this|next|last|early|late|mid)[\s-]$", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\b[Ii]n\s+$")
_WD_PREFIX = re.compile(r"\b(on|last|this|next)\s+$", re.IGNORECASE)
# "the 14 July Revolution", "the September 11 attacks": a day-month after "the" is a name.
_NAME_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_BCE_AFTER = re.compile(r"\s*(?:BCE|BC|B\.C\.)", re.IGNORECASE)
_YEAR_BEFORE_DASH = re.compile(r"\d{4}$")  # "2013–2017": the second year of a range
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z]+)")
_PREV_WORD = re.compile(r"\b([A-Za-z]+)\.?\s+$")
# Words after which a four-digit number is a year even before a plural noun ("the 2020 elections").
YEAR_PREPOSITIONS = frozenset(
    "in since by until till during from of the early late mid before after between and to around".split()
)
# Nouns that make a four-digit number a quantity ("2000 troops", "1500 kilograms").
QUANTITY_NOUNS = frozenset(PEOPLE_NOUNS) | frozenset(
    """kilograms kg tonnes tons pounds metres meters kilometres kilometers km miles feet dollars euros
    units rounds vehicles tanks missiles rockets shells barrels hours minutes days weeks""".split()
)
# Words that make a weekday part of a name ("Good Friday Agreement", "Black Monday").
HOLIDAY_WORDS = frozenset("Good Black Bloody Super Ash Holy Palm Cyber Easter Maundy Blue".split())
# Function words ending in "s" that are not plural nouns ("1990 was a hard year").
NOT_PLURAL = frozenset("was has as its this his does thus whereas plus perhaps".split())
# Words after a four-digit number that make it a clock time ("1030 GMT").
TIME_WORDS = frozenset("GMT UTC EST CET hrs hours local am pm".split())
# Labels before a four-digit number that make it a code, not a year ("Resolution 1701").
CODE_WORDS = frozenset(
    """Resolution Article Section Flight Route Highway Room Page page Chapter Law Decree Code No
    Number number Regulation Directive Model Item Case Box""".split()
)
LOOKBACK = 12  # characters searched for prefixes before an anchor


def extract_dates(body: str, published: date | None) -> list[DateMention]:
    """Date mentions in `body`, relative ones resolved against `published` (None: unresolved)."""
    out: list[DateMention] = []
    last_end = 0
    for kind, a in _anchors(body):
        p = a.start()
        if p < last_end:
            continue
        found = _at_anchor(body, kind, a, published, out)
        if found is not None:
            out.append(found)
            last_end = found.end_char
    return out


def _anchors(body: str) -> list[tuple[str, re.Match[str]]]:
    """(kind, match) for every place a date can start, in body order."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for m in _ANCHOR_RE.finditer(body):
        p = m.start()
        if p and body[p - 1].isalnum():
            continue  # inside a token: "F16", "G20", "Emarch"
        if body[p].isdigit():
            found.append((p, "num", m))
        elif (w := _NAME_AT.match(body, p)) is not None:
            found.append((p, w.lastgroup or "month", w))
    for key in DEICTIC_KEYS:
        i = body.find(key)
        while i != -1:
            p = i - 1
            if p >= 0 and (p == 0 or not body[p - 1].isalnum()) and (d := _DEICTIC_AT.match(body, p)):
                found.append((p, "deictic", d))
            i = body.find(key, i + 1)
    found.sort(key=lambda t: t[0])
    return [(kind, m) for _, kind, m in found]


def _at_anchor(
    body: str, kind: str, a: re.Match[str], pub: date | None, prior: list[DateMention]
) -> DateMention | None:
    p = a.start()
    if kind == "num" and len(a.group(0)) == 4 and (iso := _ISO.match(body, p)):
        d = _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return _mk(body, p, iso.end(), d.isoformat(), "day") if d else None
    # A full date starts with a name or a 1-2 digit day: longer digit runs (years) skip it.
    if kind != "deictic" and (kind != "num" or len(a.group(0)) <= 2):
        m = _DATE_AT.match(body, p)
        if m:
            return _absolute(body, m, pub, prior)
    if kind == "num":
        return _year_or_decade(body, a)
    if kind == "month":
        return _month(body, a, pub)
    if kind == "wd":
        return _weekday(body, a, pub)
    return _deictic(body, a, pub)


def _absolute(body: str, m: re.Match[str], pub: date | None, prior: list[DateMention]) -> DateMention | None:
    g = m.groupdict()
    if g["m5"]:
        y5 = int(g["y5"])
        return _mk(body, m.start(), m.end(), f"{y5:04d}-{MONTHS[g['m5'].lower()]:02d}", "month")
    if g["y1"] or g["y2"]:
        mon, day, ys = (g["m1"], g["d1"], g["y1"]) if g["y1"] else (g["m2"], g["d2"], g["y2"])
        d = _safe_date(int(ys), MONTHS[mon.lower()], int(day))
        return _mk(body, m.start(), m.end(), d.isoformat(), "day") if d else None
    if _NAME_BEFORE.search(body, max(0, m.start() - LOOKBACK), m.start()):
        return None
    mon, day = (g["m3"], g["d3"]) if g["m3"] else (g["m4"], g["d4"])
    month, dd = MONTHS[mon.lower()], int(day)
    year = _context_year(body, m.start(), prior)
    relative = year is None
    if year is None and pub is not None:
        year = pub.year if (month, dd) <= (pub.month, pub.day) else pub.year - 1
    d = _safe_date(year, month, dd) if year is not None else None
    if year is not None and d is None:
        return None
    return _mk(body, m.start(), m.end(), d.isoformat() if d else None, "day", relative)


def _context_year(body: str, pos: int, prior: list[DateMention]) -> int | None:
    """Year of the last absolute date or year earlier in the same paragraph, if any."""
    for d in reversed(prior):
        if body.find("\n\n", d.end_char, pos) != -1:
            return None
        if d.value and not d.relative and d.granularity in ("day", "month", "year"):
            return int(d.value[:4])
    return None


def _year_or_decade(body: str, a: re.Match[str]) -> DateMention | None:
    digits = a.group(0)
    p, e = a.start(), a.end()
    if len(digits) != 4 or not MIN_YEAR <= int(digits) <= MAX_YEAR:
        return None
    nxt = body[e:e + 1]
    if nxt == "s" and digits.endswith("0") and not body[e + 1:e + 2].isalpha():
        return _mk(body, p, e + 1, digits + "s", "decade")
    prev = body[p - 1:p] if p else ""
    if prev and prev in "$€£.,/:#+":
        return None
    if prev and prev in "-–" and not _YEAR_BEFORE_DASH.match(body, max(0, p - 5), p - 1):
        return None  # "555-1955" is a phone or code; "2013–2017" is a range
    if nxt in ("%",) or (nxt in ".," and body[e + 1:e + 2].isdigit()) or (nxt == "-" and body[e + 1:e + 2].isalpha()):
        return None
    if _BCE_AFTER.match(body, e):
        return None
    if p >= 2 and body[p - 1] == " " and body[p - 2].isdigit():
        return None  # "+1 202 555 1234": a digit group, not a year
    w = _NEXT_WORD.match(body, e)
    pw = _PREV_WORD.search(body, max(0, p - LOOKBACK), p)
    if pw is not None and pw.group(1) in CODE_WORDS:
        return None
    after_prep = pw is not None and pw.group(1).lower() in YEAR_PREPOSITIONS
    if w and w.group(1) in TIME_WORDS:
        return None
    if w and not after_prep:
        word = w.group(1)
        if word in QUANTITY_NOUNS or (word[0].islower() and word.endswith("s") and word not in NOT_PLURAL
                                       and not word.endswith(("ss", "us", "is"))):
            return None
    return _mk(body, p, e, digits, "year")


def _month(body: str, a: re.Match[str], pub: date | None) -> DateMention | None:
    p, e = a.start(), a.end()
    name = a.group(0)
    if name.lower() not in MONTHS or len(name) < 5 and name not in ("March", "April", "June", "July", "May"):
        return None  # abbreviations only count inside full dates
    month = MONTHS[name.lower()]
    rel = _MONTH_REL.match(body, p)
    if rel:
        start = p
        if rel.group(1) == "this" and (i := _IN_BEFORE.search(body, max(0, p - 4), p)):
            start = i.start()
        if pub is None:
            return _mk(body, start, rel.end(), None, "month", True)
        year = pub.year - (1 if rel.group(1) == "last" else 0)
        return _mk(body, start, rel.end(), f"{year:04d}-{month:02d}", "month", True)
    lo = max(0, p - LOOKBACK)
    prefix = _MONTH_PREFIX.search(body, lo, p)
    if prefix is None and not _MONTH_PREP.search(body, lo, p):
        return None
    if name == "May" and prefix is None and not re.search(r"\b(?:in|since|by|until|of|from|during)\s+$", body[lo:p], re.I):
        return None
    start = prefix.start() if prefix else p
    if pub is None:
        return _mk(body, start, e, None, "month", True)
    last = prefix is not None and prefix.group(0).lower().startswith("last")
    year = pub.year if month < pub.month or (month == pub.month and not last) else pub.year - 1
    return _mk(body, start, e, f"{year:04d}-{month:02d}", "month", True)


def _weekday(body: str, a: re.Match[str], pub: date | None) -> DateMention | None:
    name = a.group(0).lower()
    if name not in WEEKDAYS:
        return None
    p, e = a.start(), a.end()
    pw = _PREV_WORD.search(body, max(0, p - LOOKBACK), p)
    if pw is not None and pw.group(1) in HOLIDAY_WORDS:
        return None  # "Good Friday", "Black Monday": names, not dates
    pre = _WD_PREFIX.search(body, max(0, p - 6), p)
    word = pre.group(1).lower() if pre else ""
    if word == "next":
        return None  # would resolve after publication
    start = pre.start() if pre else p
    if pub is None:
        return _mk(body, start, e, None, "day", True)
    ref = pub - timedelta(days=1) if word == "last" else pub
    d = ref - timedelta(days=(ref.weekday() - WEEKDAYS[name].weekday) % 7)  # = relativedelta(weekday=XX(-1)), 10x cheaper
    return _mk(body, start, e, d.isoformat(), "day", True)


def _deictic(body: str, a: re.Match[str], pub: date | None) -> DateMention | None:
    text = a.group(0).lower()
    p, e = a.start(), a.end()
    if text in ("yesterday", "today"):
        d = None if pub is None else pub - timedelta(days=1 if text == "yesterday" else 0)
        return _mk(body, p, e, d.isoformat() if d else None, "day", True)
    last = text.startswith("last")
    if text.endswith("year"):
        value = None if pub is None else f"{pub.year - (1 if last else 0):04d}"
        return _mk(body, p, e, value, "year", True)
    d = None if pub is None else pub - relativedelta(months=1 if last else 0)
    return _mk(body, p, e, f"{d.year:04d}-{d.month:02d}" if d else None, "month", True)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _mk(body: str, s: int, e: int, value: str | None, gran: str, relative: bool = False) -> DateMention:
    return DateMention(body[s:e], s, e, value, gran, relative)
