"""Organisations: a curated list of well-known ones plus three generic patterns.

1. acronym links, "Inter Services Public Relations (ISPR)": the expansion becomes the
   canonical name of every later "ISPR";
2. ministries in any case, "Iraq's Defense Ministry", "the Iraqi defense ministry",
   "Ministry of Defense", all canonicalised to "<Demonym> Ministry of <Portfolio>";
3. a capitalised phrase ending in an organisation noun ("Pakistan Army", "National Command
   Authority", "The Washington Post").
Role words in front ("Commander Iraqi Air Force", "Chairman Joint Chiefs of Staff
Committee") are not part of the organisation and are trimmed.
"""

from __future__ import annotations

import re

from flows.extract.gazetteer import code_to_demonym, left_bounded, lookup, surface_forms, trie_pattern
from flows.model import Mention

# Surface form -> canonical name. Case-sensitive ("AP" the agency, not "ap").
KNOWN_ORGS: dict[str, str] = {
    "NATO": "NATO", "North Atlantic Treaty Organization": "NATO", "Nato": "NATO",
    "United Nations": "United Nations", "UN": "United Nations", "U.N.": "United Nations",
    "UN Security Council": "UN Security Council", "U.N. Security Council": "UN Security Council",
    "European Union": "European Union", "EU": "European Union", "G7": "G7", "G-7": "G7",
    "G20": "G20", "G-20": "G20", "CENTO": "Central Treaty Organization", "ASEAN": "ASEAN",
    "African Union": "African Union", "Arab League": "Arab League", "OPEC": "OPEC",
    "IAEA": "IAEA", "OSCE": "OSCE", "Interpol": "Interpol", "World Bank": "World Bank",
    "IMF": "International Monetary Fund", "International Monetary Fund": "International Monetary Fund",
    "Red Cross": "Red Cross", "ICRC": "ICRC", "Amnesty International": "Amnesty International",
    "Human Rights Watch": "Human Rights Watch", "Islamic State": "Islamic State", "ISIS": "Islamic State",
    "ISIL": "Islamic State", "Daesh": "Islamic State", "al-Qaeda": "al-Qaeda", "Al-Qaeda": "al-Qaeda",
    "al Qaeda": "al-Qaeda", "Taliban": "Taliban", "Hamas": "Hamas", "Hezbollah": "Hezbollah",
    "Houthis": "Houthis", "Wagner Group": "Wagner Group", "Pentagon": "Pentagon",
    "Kremlin": "Kremlin", "White House": "White House", "CIA": "CIA", "FBI": "FBI",
    "Bundeswehr": "Bundeswehr", "Quds Force": "Quds Force", "IRGC": "IRGC",
    "Revolutionary Guards": "IRGC", "Peshmerga": "Peshmerga", "PKK": "PKK", "SDF": "SDF",
    "Popular Mobilization Forces": "Popular Mobilization Forces", "PMF": "Popular Mobilization Forces",
    "Hashd al-Shaabi": "Popular Mobilization Forces", "Kataib Hezbollah": "Kataib Hezbollah",
    "Reuters": "Reuters", "AFP": "AFP", "Agence France-Presse": "AFP", "AP": "AP",
    "Associated Press": "AP", "dpa": "dpa", "DPA": "dpa", "Bloomberg": "Bloomberg", "BBC": "BBC",
    "CNN": "CNN", "Al Jazeera": "Al Jazeera", "Xinhua": "Xinhua", "TASS": "TASS",
    "RIA Novosti": "RIA Novosti", "IRNA": "IRNA", "Anadolu Agency": "Anadolu Agency",
    "Kurdistan24": "Kurdistan24", "Rudaw": "Rudaw", "DW": "DW", "Deutsche Welle": "DW",
    "Radio Pakistan": "Radio Pakistan", "APP": "APP", "ISPR": "Inter Services Public Relations",
    "The Washington Post": "The Washington Post", "The New York Times": "The New York Times",
    "The Guardian": "The Guardian", "Al-Monitor": "Al-Monitor", "Politico": "Politico",
    "RAF": "Royal Air Force", "Royal Air Force": "Royal Air Force", "Royal Navy": "Royal Navy",
    "IDF": "Israel Defense Forces", "CENTCOM": "U.S. Central Command", "AFRICOM": "U.S. Africa Command",
    "EUCOM": "U.S. European Command", "AUKUS": "AUKUS", "SCO": "Shanghai Cooperation Organisation",
    "GCC": "Gulf Cooperation Council", "KRG": "Kurdistan Regional Government", "PMU": "Popular Mobilization Forces",
    "Frontex": "Frontex", "MINUSMA": "MINUSMA", "UNIFIL": "UNIFIL", "AMISOM": "AMISOM", "ECOWAS": "ECOWAS",
}
# Nouns that end an organisation name.
ORG_SUFFIXES = (
    "Ministry", "Army", "Navy", "Air Force", "Force", "Forces", "Command", "Authority",
    "Committee", "Council", "Centre", "Center", "Agency", "Organization", "Organisation", "Party",
    "Post", "Times", "News", "Guard", "Guards", "Police", "Rangers", "Service", "Services",
    "Department", "Commission", "Alliance", "Coalition", "Front", "Movement", "Union", "Bank",
    "Fund", "University", "Institute", "Group", "Militia", "Parliament", "Assembly", "Congress",
    "Senate", "Court", "Tribunal", "Network", "Corporation", "Press", "Herald", "Journal",
    "Tribune", "Telegraph", "Gazette", "Broadcasting", "Marines", "Gendarmerie", "Brigades",
)
# Publications keep their leading "The" ("The Washington Post").
PUBLICATION_SUFFIXES = frozenset({"Post", "Times", "News", "Herald", "Journal", "Tribune",
                                  "Telegraph", "Gazette", "Guardian", "Press"})
# Nouns that start an "X of Y" organisation name ("Ministry of Defense").
OF_HEADS = ("Ministry", "Department", "Office", "Organization", "Organisation", "Council", "Bank",
            "Court", "League", "University", "Institute", "Commission", "Union", "Federation")
# Words in front of an organisation that belong to a person's title or the sentence.
LEADING_NOISE = frozenset("""
the a an in on at as by for from with and but of to according given during after before since
while when several many some both each under over also meanwhile however earlier later then now
today former ex its their his her this that these those commander chairman chief president
minister secretary general spokesman spokeswoman director head leader commander-in-chief deputy
""".split())
# Ministry portfolios written in any case ("the Iraqi defense ministry").
PORTFOLIOS = ("defense", "defence", "foreign", "interior", "finance", "health", "oil",
              "foreign affairs", "information", "justice", "education", "economy", "trade",
              "energy", "culture", "agriculture", "transport", "home")
PORTFOLIO_NAMES = {"foreign": "Foreign Affairs", "home": "Home Affairs"}
ACRONYM_WINDOW = 120  # characters searched before "(ACRONYM)" for its expansion
MIN_ACRONYM_CAPS = 2

_CAP = r"[A-Z][\w-]*(?:['’][A-Z][\w-]*)?"
# Suffix-first: find the organisation noun (a scan that starts with a literal character set,
# cheap in `re`), then walk back over capitalised words in Python (see `_prefix_start`).
SUFFIX_HIT_RE = re.compile(rf"(?:{trie_pattern(set(ORG_SUFFIXES) | set(OF_HEADS))})(?![\w])")
OF_TAIL_RE = re.compile(rf"\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,3}}")
PREFIX_CONNECTORS = frozenset({"of", "for", "on", "de", "the"})
MAX_PREFIX_WORDS = 5
KNOWN_RE = re.compile(rf"(?:{trie_pattern(KNOWN_ORGS)})(?![\w-])")
ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z0-9&-]{1,9})\)")
EXPANSION_RE = re.compile(rf"((?:{_CAP}|of|and|for|on|the|&)(?:\s+(?:{_CAP}|of|and|for|on|the|&)){{0,8}})\s*$")
MINISTRY_LC_RE = re.compile(r"ministry\b")  # literal: lower-case "defense ministry"
_PREV_COUNTRY_RE = re.compile(r"(\S+?)(['’]s)?\s+$")
_WORDS = re.compile(r"\S+")
_PREV_WORD_RE = re.compile(r"(\w+)\s+$")
_MINISTRY_PARTS = re.compile(
    r"(?i:(?P<p1>.+?)\s+ministry|(?:(?P<p2>\S+)\s+)?ministry\s+(?:of|for)\s+(?:the\s+)?(?P<p3>.+))"
)


def _span(body: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim leading noise words (sentence words, titles) from an organisation span."""
    for w in _WORDS.finditer(body, start, end):
        word = w.group()
        if word.lower() in LEADING_NOISE and not (word == "The" and _is_publication(body, start, end)):
            start = w.end() + 1
            continue
        break
    text = body[start:end]
    if start >= end or " " not in text.strip() and text not in KNOWN_ORGS or text in surface_forms():
        return None  # one generic word, or a country name ("Soviet Union", "European Union" is known)
    return start, end


def _is_publication(body: str, start: int, end: int) -> bool:
    return body[start:end].rsplit(" ", 1)[-1] in PUBLICATION_SUFFIXES


def ministry_canonical(body: str, start: int, end: int) -> str | None:
    """"<Demonym> Ministry of <Portfolio>" for a ministry span, else None.

    The country comes from the span's first word ("Iraqi defense ministry") or from a
    demonym or possessive just before it ("Iraq's Defense Ministry").
    """
    m = _MINISTRY_PARTS.fullmatch(body, start, end)
    if not m:
        return None
    if m.group("p3"):
        words = [m.group("p2") or "", *m.group("p3").split()]
    else:
        words = m.group("p1").split()
    code = None
    if words and words[0] in surface_forms():
        code = lookup(words.pop(0))[0]
    else:
        if not words[0]:
            words.pop(0)
        prev = _PREV_COUNTRY_RE.search(body, max(0, start - 40), start)
        if prev and prev.group(1) in surface_forms():
            code = lookup(prev.group(1))[0]
    if not words:
        return None
    p = " ".join(words)
    p = PORTFOLIO_NAMES.get(p.lower(), " ".join(w.capitalize() for w in words))
    demonym = code_to_demonym().get(code, "") if code else ""
    return f"{demonym} Ministry of {p}".strip()


def _prefix_start(body: str, pos: int) -> int:
    """Start of the capitalised words (and inner "of", "for") right before `pos`."""
    start = pos
    i = pos
    words = 0
    while words < MAX_PREFIX_WORDS and i > 1 and body[i - 1] == " ":
        lo = i - 40 if i > 40 else 0
        j = max(body.rfind(" ", lo, i - 1), body.rfind("\n", lo, i - 1)) + 1
        tok = body[j : i - 1]
        if tok in PREFIX_CONNECTORS:
            i = j
            continue
        if not tok or not tok[0].isupper() or not tok[-1].isalnum() or tok.endswith(("’s", "'s")):
            break
        start = i = j
        words += 1
    return start


Hit = tuple[int, int, str]  # (start, end, text) of a word found by a gazetteer scan


def find_orgs(body: str, known: list[Hit] | None = None, suffixes: list[Hit] | None = None) -> list[Mention]:
    """Organisation mentions with one canonical name per organisation.

    `known` and `suffixes` are hits of KNOWN_RE / SUFFIX_HIT_RE words when the caller has
    already scanned the body for them in a combined pass (see `entities.py`).
    """
    if known is None:
        known = [(m.start(), m.end(), m.group()) for m in KNOWN_RE.finditer(body) if left_bounded(body, m.start())]
    if suffixes is None:
        suffixes = [(m.start(), m.end(), m.group()) for m in SUFFIX_HIT_RE.finditer(body)
                    if left_bounded(body, m.start())]
    found = [Mention("organization", t, a, b, KNOWN_ORGS[t]) for a, b, t in known if body[b : b + 1] != "-"]
    acronyms: dict[str, str] = {}
    for m in ACRONYM_RE.finditer(body):
        _link_acronym(body, m, acronyms, found)
    for hit_start, end, word in suffixes:
        tail = OF_TAIL_RE.match(body, end) if word in OF_HEADS else None
        if tail:
            end = tail.end()
        elif word not in ORG_SUFFIXES:
            continue
        start = _prefix_start(body, hit_start)
        if start == hit_start and not tail:
            continue  # a bare "Army" or "Council" names no organisation
        span = _span(body, start, end)
        if span:
            found.append(_org(body, *span))
    for m in MINISTRY_LC_RE.finditer(body):
        prev = _PREV_WORD_RE.search(body, max(0, m.start() - 30), m.start())
        if not prev or prev.group(1).lower() not in PORTFOLIOS:
            continue
        start = prev.start(1)
        before = _PREV_COUNTRY_RE.search(body, max(0, start - 40), start)
        if before and not before.group(2) and before.group(1) in surface_forms():
            start = before.start(1)  # "Iraqi defense ministry": the demonym is part of the name
        found.append(_org(body, start, m.end()))
    for acro, canon in acronyms.items():  # later uses of a defined acronym ("The ISPR said")
        i = body.find(acro)
        while i >= 0:
            j = i + len(acro)
            if left_bounded(body, i) and (j == len(body) or not body[j].isalnum()):
                found.append(Mention("organization", acro, i, j, canon))
            i = body.find(acro, j)
    orgs = _resolve(found)
    _merge_ministries(orgs)
    return orgs


def _org(body: str, start: int, end: int) -> Mention:
    text = body[start:end]
    canon = KNOWN_ORGS.get(text) or ("inistry" in text and ministry_canonical(body, start, end)) or text
    return Mention("organization", text, start, end, canon)


def _link_acronym(body: str, m: re.Match[str], acronyms: dict[str, str], found: list[Mention]) -> None:
    """Register "Expansion (ACRO)"; the expansion keeps only its organisation words."""
    acro = m.group(1)
    if sum(ch.isupper() for ch in acro) < MIN_ACRONYM_CAPS or acro in surface_forms():
        return
    e = EXPANSION_RE.search(body, max(0, m.start() - ACRONYM_WINDOW), m.start())
    if not e:
        return
    words = e.group(1).split()
    while words and words[0][0].islower():
        words.pop(0)
    initials = "".join(w[0] for w in words if w[0].isupper())
    if len(words) < 2 or not initials or acro[0] != initials[0] and acro[0] not in initials[:3]:
        return
    start = e.end(1) - len(" ".join(words))
    if body[start : e.end(1)] != " ".join(words):
        return
    span = _span(body, start, e.end(1))
    if not span:
        return
    text = body[span[0] : span[1]]
    acronyms[acro] = KNOWN_ORGS.get(text, text)
    found.append(Mention("organization", text, span[0], span[1], acronyms[acro]))


def _resolve(found: list[Mention]) -> list[Mention]:
    """Longest span wins where candidates overlap; ties go to the earlier rule."""
    out: list[Mention] = []
    for m in sorted(found, key=lambda x: (x.start_char, -(x.end_char - x.start_char))):
        if out and m.start_char < out[-1].end_char:
            continue
        out.append(m)
    return out


def _merge_ministries(orgs: list[Mention]) -> None:
    """A bare "Ministry of Defense" joins the document's only "<Demonym> Ministry of Defense"."""
    full: dict[str, set[str]] = {}
    for m in orgs:
        if m.canonical and " Ministry of " in m.canonical:
            dem, portfolio = m.canonical.split(" Ministry of ", 1)
            full.setdefault(portfolio.lower(), set()).add(m.canonical)
    for m in orgs:
        if m.canonical and m.canonical.startswith("Ministry of "):
            cands = full.get(m.canonical[len("Ministry of "):].lower(), set())
            if len(cands) == 1:
                m.canonical = next(iter(cands))
