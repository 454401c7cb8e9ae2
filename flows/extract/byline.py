"""Authors: bylines read wherever the page puts them, split into person names.

A byline is a short line near the headline: "By NAME", "Words by NAME", "Posted on DATE by
NAME", "NAME, Outlet", "NAME @handle", "NAME - DATE". Lines far from the headline are other
items' bylines (related stories, comments), so only these are read, in order of trust:

1. after the headline (to the first body lines) and just above it: a line led by a byline
   word ("By", "Written by", "Von", "Por", "Oleh", ...), or "by NAME" inside a date line;
2. there, a bare name line that a date line, a "@handle" or a ", Outlet" tail vouches for;
3. right after the body: a line led by a byline word ("Words by ...", "Posted by ...").

The first line that yields a person wins, with the names of a byline continued on the next
line ("and NAME"). Staff and desk credits ("Reuters Staff", "AP Sports Writer", "News
Nation Bureau") are not people: they give no author (the outlet is the `publisher`).

A person name is 1-5 tokens: capitalised words, initials ("R.C."), particles ("de", "van",
"al-"; nameparser's list), suffixes ("Jr."), or words of a caseless script (Hangul, CJK);
at most three core words, and one after a middle initial ("Trevor J. Mitchell"), since a
name running on into capitalised words is an outlet or a place ("... Sioux Falls Argus
Leader"). A single word is a name only after an explicit byline word ("by Regan"). Words
that end a name: job titles (nameparser's titles list), months and weekdays, page controls.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nameparser.config import CONSTANTS as NAME_CONSTANTS

from flows.extract.gazetteer import surface_forms
from flows.extract.orgs import KNOWN_ORGS
from flows.extract.pubdate import MONTHS, LineView, dates_in

# A byline word at the start of a line (English, German, Portuguese/Spanish, Indonesian,
# French, Italian, Dutch, Scandinavian, Russian), with what may sit in front of it.
LEAD_RE = re.compile(
    r"^\W{0,3}(?:(?:written|words|posted|edited|story|text|analysis|commentary|"
    r"review|opinion|interview|compiled)\s+by|by|von|por|oleh|par|di|door|av|af|автор|текст|"
    r"authors?|autor(?:es|a)?|reporter|penulis)\s*:?\s+", re.I)
# "by NAME" anywhere in a short line (a date line: "Posted on May 1, 2020 by NAME").
INLINE_BY_RE = re.compile(r"(?:^|[\s|•·,])(?:posted\s+|written\s+)?by\s*:?\s+(?=\S)", re.I)
# Where a byline's names end: a date, a separator, a handle, brackets, a time.
TAIL_CUT_RE = re.compile(r"\s*(?:[|•·/(\[]|\s[-–—]\s|@|\bon\b|\bat\b|\bupdated\b|\bpublished\b|\d).*$", re.I)
# Conjunctions between names (English, German, Romance, Indonesian, Dutch, Russian).
AND_RE = re.compile(r"\s*(?:,?\s+(?:and|und|e|y|et|dan|en|и)\s+|\s*&\s*|;\s*)", re.I)
# A word glued to the next by the scraper: "JamesStaff", "GarberFOXBusiness", "BiographySarah".
# A capital after 4+ lower-case letters (name-internal capitals follow 1-3: "McDonald", "DeArdo").
GLUE_RE = re.compile(r"(?<=[a-z]{4})(?=[A-Z])")
BRAND_CAPS_RE = re.compile(r"^[A-Z]{2,}[a-z]")
INITIAL_RE = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]\.?-[A-Z]\.$|^[A-Z]$")
WORD_RE = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][\w'’-]*\.?$")
# A time or a relative stamp: a line like "Monday 6:30PM" or "1 day ago" dates the line next to it.
STAMP_RE = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\b)?|\bago\b|\b\d+\s*(?:min|hrs?|hours?|days?)\b", re.I)
# Role words after a name ("Bruce Lee Senior Contributor", "Tom Gillespie, News reporter").
ROLE_RE = re.compile(r"\b(?:contributor|reporter|writer|editor|correspondent|columnist|journalist|"
                     r"producer|analyst|critic|staff)\b", re.I)
CASELESS_RE = re.compile(r"^[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}$")
HANDLE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{2,30}$")
MAX_TOKENS = 5
MAX_CORE = 3               # core words of one name (not initials, particles or suffixes)
MAX_BYLINE_CHARS = 120     # a longer line is prose, not a byline
BARE_NEAR_DATE = 3         # a bare name line within this many lines of a date line is a byline
HEADER_AFTER = 12          # lines after the headline (or above the body) read for bylines
HEADER_BEFORE = 3          # lines above the headline read for bylines
AFTER_BODY = 4             # lines after the body read for "Words by" footers
# Reasons of lines that hold other items' names.
OTHER_ITEM_REASONS = frozenset({"related_stories", "comments", "image_caption", "photo_credit",
                                "newsletter_prompt", "tags", "footer", "see_also"})

# Words of page controls, credits, desks, social networks and English function words that are
# never part of a person's name.
UI_WORDS = frozenset("""
share shares min read minute minutes updated published posted follow comments comment image images
photo photos video videos staff writer writers reporter correspondent editor editors desk team bureau
agency agencies newsroom contributor contributors more stories subscribe sign print email biography
profile about author authors previous next post posts find your our verdict view all news home menu
search close open click here sponsored advertisement advertising reuters afp ap associated press
pubmed pub med google scholar key points live science opinion columnist analysis review by the
admin administrator guest editorial contributing senior
facebook twitter instagram linkedin whatsapp pinterest youtube reddit tumblr telegram flipboard
back pin tweet likes reply replies permalink trackback trackbacks download
media photography studio studios magazine network group
what who whom how why when where you your yours we our ours they their them this that these those
is are was were have has had not
""".split())
# Words that make the name before them a desk credit when they end the byline.
DESK_WORDS = frozenset({"staff", "desk", "team", "bureau", "editors", "reporters", "newsroom", "wire", "wires"})
WEEKDAYS = frozenset("""monday tuesday wednesday thursday friday saturday sunday mon tue tues wed
thu thur thurs fri sat sun""".split())


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """Lower-case words that end a name: job titles, months, weekdays, page controls."""
    titles = {t for t in NAME_CONSTANTS.titles if len(t) > 3}  # "dr", "mr" open names: handled apart
    return frozenset(titles | set(MONTHS) | WEEKDAYS | UI_WORDS)


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(p.strip(".").lower() for p in NAME_CONSTANTS.prefixes) | {"al-", "el-", "bin", "ibn"}


@lru_cache(maxsize=1)
def _non_names() -> frozenset[str]:
    """Places and organisations that look like two capitalised words."""
    return frozenset(surface_forms()) | frozenset(KNOWN_ORGS)


HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "prof", "sir", "dame", "rev"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})


def leading_name(text: str, single_ok: bool) -> str | None:
    """The person name at the start of `text`, or None ("Meg James Staff Writer" -> "Meg James")."""
    text = GLUE_RE.sub(" ", text)
    words = text.replace(",", " , ").split()
    if words and words[0].strip(".").lower() in HONORIFICS:
        words = words[1:]
    stop, particles = _stop_words(), _particles()
    out: list[str] = []
    core = 0
    after_initial = False
    for w in words:
        low = w.strip(".").lower()
        if w == "," or len(out) >= MAX_TOKENS:
            break
        if low in SUFFIXES and core:
            out.append(w)
            break
        if low in particles and out and not w[:1].isupper():
            out.append(w)
            continue
        if INITIAL_RE.match(w) or (len(w) == 2 and w[1] == "." and w[0].isupper()):
            out.append(w)
            after_initial = True
            continue
        if low in DESK_WORDS and out and w is words[-1]:
            return None  # "Reuters Staff", "Sahel Post Staff": a desk credit ("Staff Writer" is a role)
        if (low in stop and (out or low not in MONTHS)) or low.rstrip("'’s") in UI_WORDS:
            break  # a month opens a name only as a first name ("April", "June")
        if not (WORD_RE.match(w) or CASELESS_RE.match(w)) or w.isupper() and len(w) > 2 and len(words) > 1:
            break
        if BRAND_CAPS_RE.match(w):
            break  # "FOXBusiness", "CNNMoney": an outlet glued to the name
        if core >= MAX_CORE or w in out:
            break  # "By Sean Martin Sean Martin": the name shown twice
        if w.endswith(("'s", "’s")):
            return None  # "NAME's stories": a reference to a person, not a byline
        out.append(w)
        core += 1
        if after_initial:
            break  # "Trevor J. Mitchell": the surname follows the middle initial, then the name ends
    while out and ((out[-1][:1].islower() and out[-1].strip(".").lower() in particles)
                   or INITIAL_RE.match(out[-1])) and core > 1:
        out.pop()  # a name does not end in a particle; an initial ends it only as "R.C." alone
    while out and out[-1][:1].islower() and out[-1].strip(".").lower() in particles:
        out.pop()  # "Tempo de": a lower-case particle does not end a name ("Minh Do" does)
    if core == 0 or (core == 1 and len(out) == 1 and not single_ok):
        return None
    name = " ".join(out).strip(" .,")
    if name in _non_names():
        return None
    return name


def names_in(text: str, explicit: bool) -> list[str]:
    """Person names of one byline string (its lead word already removed)."""
    text = " ".join(text.split())
    caps = [w for w in text.split() if w.isalpha() and len(w) > 1 and not AND_RE.fullmatch(f" {w} ")]
    if caps and all(w.isupper() for w in caps):  # "By JOHN SMITH and JANE DOE"
        text = " ".join(w.capitalize() if len(w) > 2 and w.isupper() else w for w in text.split())
    cut = TAIL_CUT_RE.search(text)
    head = text[:cut.start()] if cut else text
    has_and = bool(AND_RE.search(head))
    parts = AND_RE.split(head)
    if has_and or head.count(",") >= 2 or explicit:
        # "A, B and C", "A, B, C", "By A, B": commas list names too; after an explicit byline
        # word a part after a comma must still be a full name ("By A, Cleveland.com" stays A)
        parts = [q for p in parts for q in p.split(",")]
    else:  # a bare "NAME, Outlet" / "NAME, Senior Writer": after the comma is an affiliation
        parts = parts[:1]
        parts = [parts[0].split(",")[0]] if parts else []
    out: list[str] = []
    for k, p in enumerate(parts):
        if p.strip().strip(".").lower() in NAME_CONSTANTS.suffix_acronyms:
            continue  # "Rachael Lin, MS, RD": credentials, not further names
        p = p.strip()
        if len(p) > 3 and p.isupper():  # "Jean Roy and LUDWIG VAN BEETHOVEN": one part in capitals
            p = " ".join(w.capitalize() if len(w) > 2 else w for w in p.split())
        name = leading_name(p, single_ok=explicit and (k == 0 or has_and))
        if name and k > 0 and not has_and and head.count(",") < 2 and len(name.split()) < 2:
            continue
        if name and name not in out:
            out.append(name)
    if not explicit and len(head.split()) > 2 * MAX_TOKENS:
        return []
    return out


def _handle_name(rest: str) -> str | None:
    """A user name with digits after an explicit byline word ("by jdoe42")."""
    tok = rest.split()[0] if rest.split() else ""
    tok = tok.strip(".,:;")
    return tok if HANDLE_RE.match(tok) and any(c.isdigit() for c in tok) else None


def byline_names(text: str) -> tuple[list[str], str] | None:
    """(names, how) when `text` is a byline line: "lead" (By ...), "inline" (... by NAME)."""
    if len(text) > MAX_BYLINE_CHARS:
        return None
    m = LEAD_RE.match(text + " ")
    if m:
        rest = text[m.end():]
        names = names_in(rest, explicit=True)
        if not names:
            handle = _handle_name(rest)
            names = [handle] if handle else []
        return names, "lead"
    m = INLINE_BY_RE.search(text)
    if m and (dates_in(text) or re.search(r"\bposted\b", text, re.I)):
        return names_in(text[m.end():], explicit=True), "inline"
    return None


def _bare_name(lines: list[LineView], i: int, date_lines: set[int]) -> list[str]:
    """Names of a bare name line that a nearby date line, a handle, a role or an outlet tail vouches for.

    "NAME 27/09/2018 Comments", "21/06/2014 NAME Books, News", "NAME Associated Press",
    "NAME Senior Contributor", "NAME" above "News reporter @handle" or "1 day ago".
    """
    t = lines[i].text
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    vouched = (any(abs(i - j) <= BARE_NEAR_DATE for j in date_lines) or "@" in t or "@" in nxt[:40]
               or bool(ROLE_RE.search(t)) or bool(dates_in(t)))
    if not vouched:
        return []
    for seg in _segments(t):
        if len(seg) > MAX_BYLINE_CHARS // 2 or seg[-1:] in ".!?:":
            continue
        names = names_in(seg, explicit=False)
        if names and _rest_is_credit(seg, names):
            return names
    return []


def _segments(t: str) -> list[str]:
    """The parts of a line between its dates ("21/06/2014 NAME Books" -> ["NAME Books"])."""
    hits = dates_in(t)
    if not hits:
        return [t]
    out, pos = [], 0
    for h in hits:
        if h.start > pos:
            out.append(t[pos:h.start])
        m = re.match(r"[\w.,/ -]*?\d{4}", t[h.start:])
        pos = h.start + (m.end() if m else 1)
    out.append(t[pos:])
    return [s.strip(" |•·-–—,") for s in out if s.strip(" |•·-–—,")]


def _rest_is_credit(seg: str, names: list[str]) -> bool:
    """The words after the names are an outlet, a role or a handle, not prose ("Key Points ...")."""
    head = TAIL_CUT_RE.sub("", GLUE_RE.sub(" ", seg)).split(",")[0]
    words = head.split()
    used = sum(len(n.split()) for n in names) + len(AND_RE.findall(head))
    rest = words[used:]
    return all(w[:1].isupper() or not w[:1].isalpha() for w in rest) and len(rest) <= 4


def find_byline(lines: list[LineView], title_idx: int | None) -> tuple[list[str], int | None, str | None]:
    """(authors, line index, source) for the page, or ([], None, None) when no person is credited.

    Sources: "byline_line" (a line led by a byline word, or a vouched bare name line),
    "date_line" (a name after "by" on a date line).
    """
    body = [i for i, x in enumerate(lines) if x.label == "body"]
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1
    anchor = title_idx if title_idx is not None else first_body - 1
    stop = min(len(lines), max(anchor + 1 + HEADER_AFTER, min(first_body + 2, anchor + 1 + 2 * HEADER_AFTER)))
    header = list(range(anchor + 1, stop)) + list(range(anchor - 1, max(-1, anchor - 1 - HEADER_BEFORE), -1))
    header = [i for i in header if i != title_idx and lines[i].reason not in OTHER_ITEM_REASONS
              and (lines[i].label != "body" or len(lines[i].text) <= MAX_BYLINE_CHARS // 2
                   or bool(LEAD_RE.match(lines[i].text)))]
    date_lines = {i for i in header if len(lines[i].text) <= MAX_BYLINE_CHARS and (
        lines[i].reason in ("date_line", "reading_time") or STAMP_RE.search(lines[i].text) or dates_in(lines[i].text))}
    for i in header:
        text = lines[i].text
        alone = bool(LEAD_RE.fullmatch(text + " "))
        if alone and i + 1 < len(lines):  # "By" alone: the names follow
            text = text + " " + lines[i + 1].text
        found = byline_names(text)
        if found is None:
            continue
        names, how = found
        if not names:
            if how == "lead" and not alone and i > anchor:
                return [], None, None  # "By Reuters Staff" under the headline: the page credits no person
            continue
        names += _continued(lines, i)
        return names, i, ("date_line" if how == "inline" else "byline_line")
    for i in header:
        if i < anchor and not any(j < anchor and abs(i - j) <= 2 for j in date_lines):
            continue  # above the headline only next to a date line that is above it too
        if lines[i].label == "body" and "@" not in lines[i].text:
            continue  # a short body line is a byline only with its handle ("NAME @handle")
        names = _bare_name(lines, i, date_lines)
        if names:
            return names, i, "byline_line"
    for i in range(last_body + 1, min(len(lines), last_body + 1 + AFTER_BODY)):
        if lines[i].reason in OTHER_ITEM_REASONS:
            break
        if lines[i].text.startswith("("):
            continue  # "(Reporting by ...; Editing by ...)": an agency sign-off, not a byline
        found = byline_names(lines[i].text)
        if found and found[0]:
            return found[0], i, "byline_line"
    return [], None, None


def _continued(lines: list[LineView], i: int) -> list[str]:
    """Names on the next line when the byline continues there ("and NAME", "& NAME")."""
    j = i + 1
    if j < len(lines):
        t = lines[j].text.strip()
        m = re.match(r"^(?:and|&|und|e|y|et|dan)\s+", t, re.I)
        if m:
            return names_in(t[m.end():], explicit=True)
    return []


def split_names(value: str) -> list[str]:
    """Person names of a structured author value ("A; B", "A and B", "By A"), outlets left out."""
    out: list[str] = []
    for part in re.split(r"\s*[;|]\s*", value):
        part = LEAD_RE.sub("", part.strip() + " ").strip()
        names = names_in(part, explicit=True)
        if not names and _unicased_name(part):
            names = [" ".join(part.split())]  # "محمد علي": scripts without capitals pass as the markup gives them
        for name in names:
            if name not in out and name.lower() not in UI_WORDS:
                out.append(name)
    return out


def _unicased_name(part: str) -> bool:
    """1-5 words of letters in a script without capital letters (Arabic, Hebrew, Thai, CJK...)."""
    words = part.split()
    return 0 < len(words) <= MAX_TOKENS and all(
        all(ch.isalpha() and not ch.isupper() and not ch.islower() or ch in "-'’." for ch in w) for w in words)
