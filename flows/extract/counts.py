"""Counts of people: "around 500 troops", "30 out of the 130 personnel", "two were killed".

A count is a number phrase (digits or words, `numbers.py`) followed, within a few words, by a
noun from a small lexicon of people nouns. Requiring that noun is what keeps years, ages,
money, durations, unit ordinals and things ("29 member states", "400 kilograms") out, and it
is why this is a lexicon walk and not a model. The walk after each number is bounded
(MAX_WALK tokens), so the cost is one regex scan of the body plus constant work per number.

Conventions (documented here because annotators differ):
- `noun` keeps compound-forming modifiers ("military personnel", "support staff",
  "officers and enlisted soldiers") but drops demonyms, names and quantity words
  ("500 Iraqi soldiers" -> "soldiers", "500 more troops" -> "troops") and unlisted
  adjectives ("20 unidentified gunmen" -> "gunmen").
- "one" counts only with a casualty/capture predicate or verb ("one soldier was killed"):
  "one official said" is a source, not a count.
- A casualty or captivity predicate right after the noun ("were killed", "were made
  hostages") is part of `text` and sets the category (casualties / hostages); the noun stays
  the people noun. With no noun ("two were killed") the participle is the noun.
- Every qualifier in numbers.QUALIFIERS makes the count approximate, "at least" and "more than" too,
  because the number is then not the exact size.
- Prisoners and detainees are counted under "hostages" (people held captive).
- Anonymous sources are not counts: "two U.S. officials said", "three people familiar with
  the matter" (small numbers of officials/people followed by a speech verb).
- Actor: a country mention inside the span ("500 Iraqi soldiers"), else for "its"/"their"
  the first country of the sentence before the count, else "... of/from <country>" right
  after the noun ("40,000 military personnel of Pakistan Armed Forces").
"""

from __future__ import annotations

import bisect
import re

from flows.extract.budget import check
from flows.extract.doctext import DocText
from flows.extract.numbers import NUMBER_RE, UNITS, iter_quantities, parse_number, qualifier_before
from flows.model import CountMention, Mention

_CATEGORY_WORDS = {
    "military": """troops troop soldiers soldier personnel officers officer trainees trainee marines marine
        sailors sailor airmen airman fighters fighter commandos commando paratroopers paratrooper
        trainers trainer advisers adviser advisors advisor instructors instructor servicemen serviceman
        servicemembers peacekeepers peacekeeper reservists reservist recruits recruit cadets cadet
        pilots pilot conscripts conscript infantrymen rangers sappers snipers servicewomen veterans""",
    "armed_group": """militants militant insurgents insurgent rebels rebel mercenaries mercenary militiamen
        militiaman gunmen gunman jihadists jihadist guerrillas guerrilla guerillas hostage-takers
        kidnappers captors cadres combatants separatists""",
    "jobs": """jobs""",
    "security": """police policemen policeman policewomen guards guard gendarmes bodyguards""",
    "civilian": """civilians civilian residents resident people persons person citizens citizen refugees
        refugee migrants migrant nationals villagers protesters protestors demonstrators students
        children men women pilgrims tourists worshippers passengers voters inhabitants families
        asylum-seekers evacuees journalists reporters lives schoolgirls schoolboys schoolchildren girls
        boys babies infants teenagers youths adults farmers fishermen miners teachers activists
        supporters fans spectators shoppers patients survivors relatives orphans settlers immigrants
        expatriates expats foreigners inmates suspects lawmakers legislators senators mps judges
        lawyers clerics priests monks nuns muslims christians jews sunnis shias shiites kurds
        yazidis uyghurs rohingya""",
    "casualties": """killed dead wounded injured casualties casualty victims fatalities deaths bodies""",
    "hostages": """hostages hostage captives captive prisoners prisoner detainees detainee abductees""",
    "staff": """staff employees employee workers worker diplomats diplomat officials official contractors
        contractor volunteers volunteer doctors nurses medics engineers crew technicians experts
        firefighters rescuers paramedics observers monitors inspectors""",
    "other": """members delegates leaders individuals others ministers""",
}
PEOPLE_NOUNS: dict[str, str] = {w: c for c, ws in _CATEGORY_WORDS.items() for w in ws.split()}
# Two-word heads whose category differs from the last word's ("police officers" are security).
COMPOUND_NOUNS: dict[str, str] = {
    "police officers": "security", "police officer": "security", "security forces": "security",
    "security personnel": "security", "security guards": "security", "border guards": "security",
    "riot police": "security", "special forces": "military", "armed forces": "military",
    "ground forces": "military", "support staff": "staff", "aid workers": "staff",
    "health workers": "staff", "rescue workers": "staff", "civilian staff": "staff",
    "civilian personnel": "staff", "crew members": "staff", "service members": "military",
    "family members": "civilian", "medical personnel": "staff", "medical staff": "staff", "medical workers": "staff",
    "medical team": "staff", "medical teams": "staff", "armed police": "security", "police officers and": "security",
}
_COMPOUND_FIRST = frozenset(k.split()[0] for k in COMPOUND_NOUNS)
# Modifiers that belong to the noun phrase ("military personnel", "enlisted soldiers").
KEEP_MODIFIERS = frozenset(
    """military civilian enlisted support security special armed medical aid health humanitarian police
    islamist taliban
    army naval navy air combat ground rescue border local unarmed elite reserve active-duty uniformed
    non-combat combat-ready international female male young senior junior commissioned
    non-commissioned regular auxiliary paramilitary government customs""".split()
)
# Words between the number and the noun that are not part of the noun ("500 more troops").
SKIP_WORDS = frozenset(
    """more additional extra other new further fresh remaining foreign allied western coalition
    u.s. us u.n. un nato eu""".split()
)
MAX_UNKNOWN_MODIFIERS = 2  # "20 unidentified gunmen", "500 heavily armed troops" (not in the noun)
# Lower-case words that end the walk: a people noun cannot follow them inside one noun phrase.
STOP_WORDS = frozenset(
    """a an the of in on at to for from by with and or but as than that which who were was are is be
    been being have has had will would could should may might can do did not no per percent cent
    hour hours minute minutes day days week weeks month months year years ago km miles times""".split()
)
_OR_MORE = re.compile(r"\s+or\s+(?:more|so|fewer|less)\b")
# Plural nouns whose suffix names people whatever the stem: "-ists", "-ians" (not "-ans" alone).
_AGENT_PLURAL = re.compile(r"[a-z]{3}(?:ists|ians)$")
# Plural demonyms used as nouns ("three Americans", "34 Palestinians", "two Britons").
_DEMONYM_PLURAL = re.compile(r"^[A-Z][a-z]+(?:ans|ons|ards|[qlndt]is)$")
DEMONYM_CATEGORY = "civilian"  # "34 Palestinians": nationals, unless a predicate says otherwise
# "a 5,000-strong force": the number sizes the unit noun after "-strong".
_STRONG_RE = re.compile(
    r"-strong\s+(?:[a-z]+\s+){0,2}?(force|forces|contingent|army|military|brigade|battalion|unit|mission|militia|"
    r"team|delegation|group|crowd)\b"
)
# A casualty / capture verb just before the number sets the category ("killed 14 villagers").
_VERB_BEFORE_RE = re.compile(
    r"\b(?:(killed|killing|wounded|wounding|injured|injuring|executed|executing)|"
    r"(kidnapped|kidnapping|abducted|abducting|seized|seizing))\s+$",
    re.IGNORECASE,
)
MAX_SKIPPED_NAMES = 3  # demonyms/names between number and noun: "500 Iraqi", "130 Bundeswehr"
MAX_WALK = 8  # tokens looked at after a number; noun phrases are short
_TOKEN = re.compile(r"\s*(,|[A-Z](?:\.[A-Z])+\.?|[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z])")
_PART_OF = re.compile(
    r"\s+(?:out\s+)?of\s+(?:(the|its|their|his|her|our|these|those|all)\s+)?", re.IGNORECASE
)
_CONJ = frozenset({"and", "or"})
# Casualty / captivity predicates right after a count: they set the category.
_PREDICATE_RE = re.compile(
    r"\s+(?:were|was|have\s+been|had\s+been|are|got)\s+(?:also\s+|reportedly\s+|later\s+|allegedly\s+)?"
    r"(killed|dead|wounded|injured|hurt|executed|missing|kidnapped|abducted|captured|"
    r"(?:made|taken|held)\s+(?:as\s+)?(?:hostages?|captives?|prisoners?))\b",
    re.IGNORECASE,
)
_BARE_PARTICIPLE_RE = re.compile(r"\s+(killed|dead|wounded|injured)\b", re.IGNORECASE)
# Participles that, before another people noun, describe it ("45 injured people").
CASUALTY_ADJECTIVES = frozenset({"killed", "dead", "wounded", "injured"})
HOSTAGE_VERBS = ("kidnapped", "abducted", "captured", "made", "taken", "held")
# Years used as the number of a count only when written like a count (no "in 2003 US troops").
_YEAR_LIKE = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_YEAR_PREPOSITIONS = re.compile(r"\b(?:in|since|by|until|during|from|of|the|early|late|mid)\s+$", re.I)
# Before the number: ages, codes and names with numbers ("Flight 370 passengers", "Task Force 51").
_BAD_BEFORE = re.compile(
    r"(?:\b(?:aged?|No\.|number|Flight|Boeing|Airbus|Apollo|Chapter|Article|Resolution|Route|Highway|"
    r"Room|Model|Section|Squadron|Brigade|Battalion|Division|Regiment|Platoon|Force|Corps|Fleet|Group)"
    r"|[#$€£¥])\s*$"
)
# "two U.S. officials said", "three people familiar with the matter": sources, not counts.
SOURCE_NOUNS = frozenset("officials official people sources diplomats diplomat analysts experts".split())
_SOURCE_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+(?:said|say|says|told|familiar\s+with|speaking|who\s+spoke|who\s+asked"
    r"|with\s+knowledge)\b"
)
MAX_SOURCE_NUMBER = 9  # "300 people said" is a survey, not an anonymous source
_POSSESSIVE = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)
_OF_COUNTRY = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?", re.IGNORECASE)


def extract_counts(body: str, mentions: list[Mention], text: DocText | None = None) -> list[CountMention]:
    """Counts of people in `body`; `mentions` supply the country (actor) of the people.

    `text` is the document's shared sentence splits (`doctext.DocText` of `body`), made here if not given.
    """
    countries = sorted((m for m in mentions if m.kind == "country" and m.code), key=lambda m: m.start_char)
    starts = [m.start_char for m in countries]
    demonyms = frozenset(starts)
    out: list[CountMention] = []
    last_end = 0
    for start, end, vague in iter_quantities(body):
        check()  # the time budget (flows/extract/budget.py)
        if start < last_end:
            continue
        if vague:
            found = _vague_at(body, start, end, demonyms)
        else:
            joined = _SPLIT_THOUSANDS.match(body, end)
            if joined and end - start <= 3 and body[start:end].isdigit() and not _DATE_BEFORE.search(
                    body, max(0, start - 12), start):
                end = joined.end()  # "7, 000 policemen": a stray space inside the number
            nxt = body[end:end + 1]
            if nxt not in (" ", ".", ",") and not (nxt == "-" and body.startswith("-strong", end)):
                continue  # "(2013)" "5.5%": no noun can follow; the common case
            value = parse_number(body[start:end].replace(", ", ","))
            found = None
            if value is not None:
                found = _count_at(body, start, end, value, demonyms) if nxt == " " or nxt == "-" else None
                if found is None:
                    found = _elliptical(body, start, end, value, out)
        if found is not None:
            out.append(found)
            last_end = found.end_char
    if countries and out:
        shared = DocText(body) if text is None else text
        for c in out:
            c.actor_code = _actor(shared, c, countries, starts)
    else:
        for c in out:
            c.actor_code = None
    return out


def distinct_counts(body: str, counts: list[CountMention]) -> tuple[list[CountMention], dict[int, int]]:
    """One row per distinct count, and old index → new index for the rows kept or folded.

    A number said again for the same group ("more than 10,000 soldiers" in the lead and the
    body) is kept once (its later mentions map to the first); an anaphoric "the two leaders"
    (a number word after "the"), "one of the freed hostages" and the size of a grouping
    ("NATO's three new members", "12 original members of NATO") are no count of people. Run
    after the events (which read every mention's clause) by `extract_all`.
    """
    seen: dict[tuple[int, str], int] = {}
    out: list[CountMention] = []
    index: dict[int, int] = {}
    for i, c in enumerate(counts):
        if c.number is not None:
            if c.number <= ANAPHORIC_MAX and not c.text[:1].isdigit() and _ANAPHORIC_BEFORE.search(
                    body, max(0, c.start_char - 8), c.start_char):
                continue
            if c.noun.lower().endswith("members") and (
                    _MEMBERS_OF.match(body, c.end_char) or _POSSESSIVE_ORG.search(body, max(0, c.start_char - 12), c.start_char)):
                continue
            if c.number == 1 and _PARTITIVE_ONE.match(body, c.start_char):
                continue
            key = (c.number, c.noun.lower().split()[-1].rstrip("s"))
            if key in seen:
                index[i] = seen[key]
                continue
            seen[key] = len(out)
        index[i] = len(out)
        out.append(c)
    return out, index


# "7, 000": a number split after its thousands comma (not "May 5, 200 troops").
_SPLIT_THOUSANDS = re.compile(r",\s(\d{3})(?![\d,])")
_DATE_BEFORE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$|\d\s*$|No\.\s*$")
# Elliptical counts: a number with no noun after it whose noun the context implies.
# After a casualty verb: "wounded more than 80", "killed 38 others" (people).
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killed|killing|wounded|wounding|injured|injuring|displaced|displacing|killing\s+at\s+least)\s+$", re.I)
# A level or its change: "numbering some 160,000", "drop to 25,000", "from 138,000 to about 150,000".
_LEVEL_BEFORE = re.compile(
    r"\b(?:numbering|numbered|number(?:s|ed)?\s+(?:about|around|some)?|totall?ing|(?:drop|fall|decline|rise|increase|grow|"
    r"swell|reduc|cut|lower|rais|bring|boost|shrink|go)\w*\s+(?:\w+\s+){0,2}?(?:to|by)|strength\s+(?:of|from|to)|from|to"
    r"|level(?:\s+\w+){0,3}\s+of|total\s+of)\s+$", re.I)
# Troops as the implied noun of a level: "troop strength", "the contingent", "forces".
_TROOP_CONTEXT = re.compile(r"\b(?:troops?|soldiers|forces|personnel|contingent|servicemen|marines|peacekeepers)\b", re.I)
# "560 will be lost" after "jobs": the number is the subject of a loss.
_LOSS_AFTER = re.compile(r"\s+(?:will|would|are|were|could|may)\s+(?:be\s+)?(?:lost|cut|axed|shed|go|gone|disappear)\b")
_JOBS_CONTEXT = re.compile(r"\b(?:jobs|posts|positions|workers|employees|staff)\b", re.I)
# What may follow an elliptical number: punctuation or a function word, not a noun ("from 13 countries").
_ELLIPSIS_AFTER = re.compile(
    r"\s*(?:[.,;:)]|$)|\s+(?:to|by|in|on|at|and|or|from|this|next|last|over|under|since|as|until|before|after|now"
    r"|later|earlier|each|a\s+year|will|would|are|were|could|may|have|had|for|during|including|afterwards?|there"
    r"|then|currently|today)\b")
_ANAPHORIC_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth)\s+$")
ANAPHORIC_MAX = 12  # "the two leaders" refers back; "the six million Tibetans" states a number
_MEMBERS_OF = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_POSSESSIVE_ORG = re.compile(r"[A-Z]{2,}['’]s\s+$")
_PARTITIVE_ONE = re.compile(r"[Oo]ne\s+of\s+(?:the|its|their|his|her)\b")
# "52,000 of them", "of whom 51": the noun is the previous count's.
_OF_THEM_AFTER = re.compile(r"\s+of\s+them\b")
# "at least 138,000 who died": people.
_WHO_AFTER = re.compile(r"\s+who\s+(died|were\s+killed|were\s+wounded|were\s+injured)?")
ELLIPSIS_CONTEXT = 250  # characters before the number searched for the implied noun


def _elliptical(body: str, start: int, end: int, value: int, out: list[CountMention]) -> CountMention | None:
    """A count whose noun the sentence implies (issue 12, point 6); None when nothing implies one."""
    text = body[start:end]
    if _YEAR_LIKE.match(text) or not _number_ok(body, start, text) or not (
            _ELLIPSIS_AFTER.match(body, end) or _OF_THEM_AFTER.match(body, end) or _WHO_AFTER.match(body, end)):
        return None
    q = qualifier_before(body, start)
    a = q[0] if q else start
    before = body[max(0, a - 40):a]
    noun, category = None, None
    prev = out[-1] if out and out[-1].number is not None and out[-1].end_char >= a - ELLIPSIS_CONTEXT else None
    of_them = _OF_THEM_AFTER.match(body, end)
    who = _WHO_AFTER.match(body, end)
    if of_them and prev is not None:
        noun, category = prev.noun, prev.category
        end = of_them.end()
    elif who:
        noun, category = "people", "casualties" if who.group(1) else "other"
    elif _CASUALTY_BEFORE.search(before):
        noun, category = "people", "casualties"
    elif _LEVEL_BEFORE.search(before):
        ctx = body[max(0, a - ELLIPSIS_CONTEXT):a]
        if prev is not None and prev.category in ("military", "security"):
            noun, category = prev.noun, prev.category
        elif _TROOP_CONTEXT.search(ctx):
            noun, category = "troops", "military"
    elif _LOSS_AFTER.match(body, end):
        ctx = body[max(0, a - ELLIPSIS_CONTEXT):a]
        hits = _JOBS_CONTEXT.findall(ctx)
        hit = _JOBS_CONTEXT.search(ctx, ctx.rfind(hits[-1])) if hits else None
        if hit is not None:
            noun = hit.group(0).lower()
            category = "jobs" if noun in ("jobs", "posts", "positions") else "staff"
    if noun is None or category is None:
        return None
    count = CountMention(body[a:end], a, end, value, noun, category)
    if q:
        count.qualifier, count.approximate = q[1], True
    return count


def _vague_at(body: str, start: int, end: int, demonyms: frozenset[int]) -> CountMention | None:
    """ "hundreds of troops", "a few dozen police": a count with no number."""
    np = _noun_phrase(body, end, demonyms)
    if np is None:
        return None
    n_start, n_end, category, _ = np
    return CountMention(body[start:n_end], start, n_end, None, body[n_start:n_end], category,
                        vague=True, approximate=True)


def _number_ok(body: str, start: int, text: str) -> bool:
    """Reject numbers that are ages, money, times or years by what precedes them."""
    before = body[max(0, start - 14):start]
    if _BAD_BEFORE.search(before):
        return False
    if _YEAR_LIKE.match(text) and _YEAR_PREPOSITIONS.search(before):
        return False
    return True


def _count_at(body: str, start: int, end: int, value: int, demonyms: frozenset[int]) -> CountMention | None:
    """The count whose number is body[start:end], or None if no people noun follows.

    The noun is looked for first: most numbers have none, and that test is the cheapest.
    """
    strong = _STRONG_RE.match(body, end) if body.startswith("-strong", end) else None
    count: CountMention | None
    if strong:
        noun = strong.group(1)
        count = CountMention(body[start:strong.end()], start, strong.end(), value, noun,
                             "civilian" if noun == "crowd" else "military")
    elif end < len(body) and body[end] == "-":  # "45-year-old", "two-month"
        return None
    else:
        more = _OR_MORE.match(body, end)  # "70,000 or more American trainers"
        count = _count_with_noun(body, start, more.end() if more else end, value, demonyms)
        if count is not None and more:
            count.approximate, count.qualifier = True, " ".join(more.group().split())
    if count is None or not _number_ok(body, start, body[start:end]):
        return None
    q = qualifier_before(body, start)
    if q:
        count.start_char, count.qualifier = q
        count.text = body[count.start_char:count.end_char]
        count.approximate = True
    verb = _VERB_BEFORE_RE.search(body, max(0, count.start_char - 16), count.start_char)
    if verb and count.category not in ("casualties", "hostages"):
        count.category = "casualties" if verb.group(1) else "hostages"
    if value == 1 and count.category not in ("casualties", "hostages"):
        return None
    return count


def _count_with_noun(
    body: str, start: int, end: int, value: int, demonyms: frozenset[int]
) -> CountMention | None:
    total: int | None = None
    pos = end
    part = _PART_OF.match(body, pos)
    possessive = False
    if part:
        possessive = (part.group(1) or "").lower() in ("its", "their")
        pos = part.end()
        t = NUMBER_RE.match(body, pos)
        if t:
            total = parse_number(t.group(0))
            pos = t.end()
    np = _noun_phrase(body, pos, demonyms, allow_names=not _YEAR_LIKE.match(body[start:end]))
    if np is not None:
        n_start, n_end, category, _ = np
        noun = body[n_start:n_end]
        if value <= MAX_SOURCE_NUMBER and noun.lower() in SOURCE_NOUNS and _SOURCE_AFTER.match(body, n_end):
            return None
        text_end = n_end
        pred = _PREDICATE_RE.match(body, n_end)
        if pred:
            text_end = pred.end()
            category = _predicate_category(pred.group(1))
    elif part is None and total is None:
        pred = _PREDICATE_RE.match(body, end) or _BARE_PARTICIPLE_RE.match(body, end)
        if pred is None or _YEAR_LIKE.match(body[start:end]):
            return None
        text_end = pred.end()
        n_start = pred.start(1)
        noun = body[n_start:text_end]
        category = _predicate_category(pred.group(1))
    else:
        return None
    count = CountMention(body[start:text_end], start, text_end, value, noun, category, total=total)
    if possessive or _POSSESSIVE.search(body, max(0, start - 8), start):
        count.actor_code = "?"  # resolved to the sentence subject in _actor
    return count


def _predicate_category(word: str) -> str:
    return "hostages" if word.split()[0].lower() in HOSTAGE_VERBS else "casualties"


def _noun_phrase(
    body: str, pos: int, demonyms: frozenset[int], allow_names: bool = True
) -> tuple[int, int, str, int] | None:
    """Walk a few tokens from `pos` to a people noun: (noun_start, noun_end, category, end)."""
    mod_start: int | None = None
    names = unknown = 0
    prev_name = casualty = False
    head: tuple[int, int, str] | None = None
    for _ in range(MAX_WALK):
        m = _TOKEN.match(body, pos)
        if m is None:
            return None
        word = m.group(1)
        low = word.lower()
        if prev_name and (low in _CONJ or word == ","):  # "American and British troops"
            pos, prev_name = m.end(), False
            continue
        if word == ",":
            return None
        prev_name = False
        hit = _head_at(body, m, demonyms)
        if hit is not None and (low in KEEP_MODIFIERS or low in CASUALTY_ADJECTIVES):
            nxt = _TOKEN.match(body, hit[0])  # "civilian lives", "45 injured people"
            if nxt is not None and nxt.group(1) != "," and _head_at(body, nxt) is not None:
                hit = None
        if hit is not None:
            head = (mod_start if mod_start is not None else m.start(1), hit[0], hit[1])
            break
        if low in CASUALTY_ADJECTIVES:
            casualty = True
            mod_start = None
        elif low in KEEP_MODIFIERS:
            mod_start = m.start(1) if mod_start is None else mod_start
        elif low in SKIP_WORDS:
            mod_start = None
        elif word[0].islower() and _unknown_modifier_ok(low) and unknown < MAX_UNKNOWN_MODIFIERS:
            unknown += 1
            mod_start = None
        elif allow_names and word[0].isupper() and names < MAX_SKIPPED_NAMES:
            names += 1
            mod_start, prev_name = None, True
        else:
            return None
        pos = m.end()
    if head is None:
        return None
    n_start, n_end, category = head
    return n_start, *_coordinated(body, n_end, "casualties" if casualty else category), n_end


_NUMBER_NEXT = re.compile(r"\s+(?:\d|(?:" + "|".join(UNITS) + r")\b)", re.IGNORECASE)


def _unknown_modifier_ok(low: str) -> bool:
    """An unlisted lower-case word may modify a people noun if it is not a function word
    or a plural noun ("20 years ago soldiers" must not become a count)."""
    return low not in STOP_WORDS and (not low.endswith("s") or low.endswith(("ss", "ous")))


def _head_at(body: str, m: re.Match[str], demonyms: frozenset[int] = frozenset()) -> tuple[int, str] | None:
    """(end, category) if a people noun (one or two words) starts at token `m`.

    `demonyms` are start offsets of country mentions: a plural one is a noun ("30 Filipinos").
    """
    word = m.group(1)
    if word[0].isupper() and (_DEMONYM_PLURAL.search(word) or (
            m.start(1) in demonyms and word.endswith(("s", "ese")))):
        return m.end(), DEMONYM_CATEGORY
    low = word.lower()
    if low in _COMPOUND_FIRST and (nxt := _TOKEN.match(body, m.end())) is not None:
        pair = f"{low} {nxt.group(1).lower()}"
        if pair in COMPOUND_NOUNS:
            return nxt.end(), COMPOUND_NOUNS[pair]
    if low in PEOPLE_NOUNS:
        return m.end(), PEOPLE_NOUNS[low]
    if _AGENT_PLURAL.search(low) and not word[0].isupper():
        return m.end(), "other"  # "50 seismologists", "40 technicians": -ists and -ians name people
    return None


def _coordinated(body: str, end: int, category: str) -> tuple[int, str]:
    """Extend a head over "X and Y" / "X, Y and Z" lists of people nouns; (end, category).

    A comma list is only taken when it closes with "and"/"or", so "500 troops, officials
    said" keeps just "troops".
    """
    pos = end
    committed = end
    for _ in range(MAX_WALK):
        m = _TOKEN.match(body, pos)
        if m is None:
            break
        sep = m.group(1).lower()
        if sep not in _CONJ and sep != ",":
            break
        pos = m.end()
        if sep == ",":
            m2 = _TOKEN.match(body, pos)
            if m2 is not None and m2.group(1).lower() in _CONJ:
                sep, pos = m2.group(1).lower(), m2.end()
        while (t := _TOKEN.match(body, pos)) is not None and t.group(1).lower() in KEEP_MODIFIERS:
            if _head_at(body, t) is not None:
                break
            pos = t.end()
        t = _TOKEN.match(body, pos)
        hit = _head_at(body, t) if t is not None else None
        if hit is None or _NUMBER_NEXT.match(body, hit[0]):
            break  # "killed four civilians and wounded 11 others": a verb, not a noun
        pos = hit[0]
        if sep in _CONJ:
            committed = pos
            break
    return committed, category


def sentence_start(text: DocText, pos: int) -> int:
    """Start of the sentence holding `pos`: the shared splitter run on that paragraph only,
    so the cost stays proportional to one paragraph, not the body."""
    start, _, spans = text.line_sentences(pos)
    for a, _ in spans:
        if a > pos:
            break
        start = a
    return start


def _actor(
    text: DocText, c: CountMention, countries: list[Mention], starts: list[int]
) -> str | None:
    """Country of the counted people: a demonym/name in the span, the subject of "its
    soldiers", or "... of Pakistan" right after the noun."""
    i = bisect.bisect_left(starts, c.start_char)
    if i < len(countries) and countries[i].start_char < c.end_char:
        return countries[i].code
    if c.actor_code == "?":
        sent_start = sentence_start(text, c.start_char)
        j = bisect.bisect_left(starts, sent_start)
        if j < len(countries) and countries[j].start_char < c.start_char:
            return countries[j].code
        return None
    m = _OF_COUNTRY.match(text.body, c.end_char)
    if m and i < len(countries) and countries[i].start_char == m.end():
        return countries[i].code
    return None
