"""People: names introduced by a role or title, by a speech verb, or as a byline author.

Rules, not a model: a name is 2–5 capitalised tokens (with Arabic/European particles such
as "al-", "bin", "van", and typographic apostrophes as in "Shia’"), or a single token after a
strong title ("General Beg"). Every person gets one canonical full name per document, so
"Sudani" and "al-Sudani" later in the text point back to "Mohammed Shia al-Sudani".
"""

from __future__ import annotations

import re
from functools import lru_cache

from flows.extract.gazetteer import left_bounded, surface_forms, trie_pattern
from flows.model import Mention

# Titles written capitalised before a name ("Prime Minister X", "Lt. Gen. X").
ROLES_CAPITALISED = (
    "Prime Minister", "Deputy Prime Minister", "President", "Vice President", "Vice-President",
    "Secretary of State", "Secretary of Defense", "Defense Secretary", "Defence Secretary",
    "Foreign Secretary", "Home Secretary", "Secretary-General", "Secretary General",
    "Chancellor", "King", "Queen", "Crown Prince", "Prince", "Emir", "Sheikh", "Sultan",
    "Ambassador", "Field Marshal", "Air Chief Marshal", "Air Marshal", "Lieutenant General",
    "Lt. Gen.", "Lt Gen", "Major General", "Maj. Gen.", "Maj Gen", "Brigadier General",
    "Brig. Gen.", "Brigadier", "General", "Gen.", "Admiral", "Vice Admiral", "Rear Admiral",
    "Adm.", "Colonel", "Col.", "Lieutenant Colonel", "Lt. Col.", "Major", "Maj.", "Captain",
    "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Commander", "Cmdr.", "Spokesman",
    "Spokeswoman", "Spokesperson", "Senator", "Sen.", "Representative", "Rep.", "Governor",
    "Gov.", "Mayor", "Minister", "Foreign Minister", "Defense Minister", "Defence Minister",
    "Interior Minister", "Finance Minister", "Chief of Army Staff", "Chief of Staff",
    "Chief of General Staff", "Chief of the General Staff", "Chief of Defence Staff",
    "Chief of Naval Staff", "Chief of Air Staff", "Chairman", "Commander-in-Chief", "Dr.",
    "Pope", "Ayatollah", "Supreme Leader", "Premier", "Speaker", "Chief Justice",
    "Director", "Director-General", "Director General", "Envoy", "Special Envoy",
    "Minister of Defence", "Minister of Defense", "Minister of Foreign Affairs",
    "Minister of Interior", "Minister of State", "National Security Adviser",
)
# Titles that journalists also write in lower case ("top Iranian general Qassem Soleimani").
ROLES_ANY_CASE = (
    "general", "president", "prime minister", "foreign minister", "defense minister",
    "defence minister", "minister", "commander", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "colonel", "admiral", "senator", "army chief", "lieutenant general",
    "major general", "brigadier general", "envoy", "cleric", "leader", "chief", "spy chief",
    "policy chief", "foreign policy chief",
)
# Lower-case role nouns in an appositive: "X, the foreign minister of Y".
APPOSITIVE_NOUNS = (
    "minister", "president", "commander", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "chief", "head", "leader", "general", "secretary", "director", "chairman",
    "envoy", "governor", "mayor", "adviser", "advisor", "premier",
)
SPEECH_VERBS = r"said|says|told|stated|added|noted|warned|announced|wrote|explained|insisted"
# Particles allowed between name tokens ("Osama bin Laden", "Ursula von der Leyen").
PARTICLES = r"(?:al|el|bin|ibn|bint|abu|de|da|di|du|del|della|van|von|der|den|la|le|ul|ud|dos|das)"
# Arabic article prefixes glued to a token ("al-Sudani", "Al-Asadi").
_PREFIX = r"(?:[Aa]l|[Ee]l|[Aa][dsztrn]h?|[Bb]in|[Ii]bn|[Aa]bu)[-‐]"
_LOW = r"[a-zà-öø-ÿ]"
# One capitalised token; a trailing apostrophe only before a space ("Shia’ al-Sudani"); an
# initial ("George W. Bush"); a regnal number ("Abdullah II").
TOKEN = rf"(?:{_PREFIX})?[A-Z]{_LOW}+(?:[A-Z]{_LOW}+)?(?:['’][A-Z]{_LOW}+)?(?:-[A-Z]{_LOW}+)?(?:['’](?=\s))?|[A-Z]\.|[IVX]{{2,4}}(?![\w])"
NAME = rf"(?:{TOKEN})(?:\s(?:{PARTICLES}\s){{0,2}}(?:{TOKEN})){{0,5}}"
MAX_NAME_TOKENS = 5
NAME_WORD_CACHE = 16384  # distinct tokens remembered by `_name_word` (a few MB at most)
# Capitalised words that never belong to a person's name (they end the name run).
NAME_STOP = frozenset("""
The A An In On At As By For From With And But Or Of To He She It They We His Her Their Its This
That These Those According Given During After Before Since While When Several Many Some Both Each
Under Over Also Meanwhile However Earlier Later Then Now Today Yesterday Former Ex Mr Mrs Ms
January February March April May June July August September October November December Monday
Tuesday Wednesday Thursday Friday Saturday Sunday Ministry Army Force Forces Air Navy Council
Committee Command Authority Agency Center Centre Party Post Times News Office Department
Government Parliament General President Minister Prime Chairman Commander Secretary Chief Chiefs
Joint Staff Headquarters Admiral Colonel Major Captain Lieutenant Sergeant Ambassador Spokesman
Foreign Defense Defence Interior Special National Republic State States United Kingdom Islamic
Province Region Street University Airport Base Camp Operation War Photo Image Reuters AFP AP
Brigade Division Battalion Regiment Corps Squadron Group Police Guard Guards Rangers Union
International Watch Jihad Brotherhood Front Movement Organization Organisation Institute
Foundation Association Society Company Corporation Bank Fund Network Press Media Television
Radio TV Journal House Administration Embassy Pentagon Kremlin Commission Council Court
""".split()) | {w for role in ROLES_CAPITALISED for w in role.split() if w[0].isupper()}

# Two scans, each starting with a plain character set so `re` can skip ahead in C: titled
# names ("Prime Minister X"), then runs of capitalised words whose neighbours are checked
# with set look-ups (lower-case titles, speech verbs, appositives) instead of more scans.
ROLE_NAME_RE = re.compile(rf"(?:{trie_pattern(ROLES_CAPITALISED)}),?\s+({NAME})")
# A loose run of capitalised words and particles ("Ursula von der Leyen", but also "Iraq’s
# Defense Ministry"): cheap to scan; `_clean_name` keeps only name-shaped tokens. The first
# word is possessive (`*+`): a space must follow it, so giving letters back never helps.
_PARTICLE_TRIE = trie_pattern(PARTICLES[3:-1].split("|"))
RUN_RE = re.compile(rf"[A-Z]{_LOW}[\w’'-]*+(?: (?:{_PARTICLE_TRIE}[ -]){{0,2}}[A-Z](?:\.|[\w’'-]*))+")
_NAME_TOKEN = re.compile(rf"(?:{_PREFIX})?[A-Z]{_LOW}[\w’'-]*|[A-Z]\.|[IVX]{{2,4}}")
_PARTICLE_SET = frozenset(PARTICLES[3:-1].split("|"))
LOWER_ROLES = frozenset(ROLES_ANY_CASE)
SPEECH = frozenset(SPEECH_VERBS.split("|"))
_CUE_LAST_WORDS = SPEECH | {r.split()[-1] for r in ROLES_ANY_CASE}
APPOSITIVE_RE = re.compile(
    rf",\s+(?:the|a|an|its|their)\s+((?:[a-z]+\s+){{0,2}}(?:{'|'.join(APPOSITIVE_NOUNS)}))\s+(?:of|for|to)\b"
)
_TOKEN_RE = re.compile(r"\S+")
_INITIAL = re.compile(r"[A-Z]\.")
_STRAY_APOSTROPHE = re.compile(r"['’](?=\s|$)")
_AL_PREFIX = re.compile(r"^(?:al|el|Al|El)[-‐]")
_PARTICLE_RE = re.compile(PARTICLES)


def _clean_name(start: int, text: str, min_tokens: int, backward: bool = False) -> tuple[int, str] | None:
    """Trim a raw name match to its name tokens; None when too short or not a name.

    Forward matches (after a role or "said") end at the first stop word or country word;
    backward matches (before "said" or an appositive) drop such words from the front.
    """
    toks = [(t.start(), t.group()) for t in _TOKEN_RE.finditer(text)]
    if backward:  # keep what follows the last stop word ("President Donald Trump said")
        cut = len(toks)
        while cut and _name_word(toks[cut - 1][1]):
            cut -= 1
        toks = toks[cut:]
    else:
        cut = 0
        while cut < len(toks) and _name_word(toks[cut][1]):
            cut += 1
        toks = toks[:cut]
    while toks and toks[0][1] in _PARTICLE_SET:
        toks.pop(0)
    while toks and (toks[-1][1] in _PARTICLE_SET or _INITIAL.fullmatch(toks[-1][1])):
        toks.pop()  # a trailing initial is usually a sentence end ("... met Col. A.")
    if not (min_tokens <= len(toks) <= MAX_NAME_TOKENS):
        return None
    a = toks[0][0]
    b = toks[-1][0] + len(toks[-1][1])
    return start + a, text[a:b].rstrip("'’")


@lru_cache(maxsize=NAME_WORD_CACHE)
def _name_word(tok: str) -> bool:
    """A token that can be part of a name: "Shia’", "al-Sudani", "W.", "II", "bin".

    Cached: names and the words around them recur within and across documents."""
    if tok in _PARTICLE_SET:
        return True
    if tok.endswith(("’s", "'s")) or not _NAME_TOKEN.fullmatch(tok):
        return False  # possessives, all-caps acronyms ("NATO"), "and", "of"
    bare = tok.rstrip("'’")
    return bare not in NAME_STOP and bare not in surface_forms()


def canonical_form(name: str) -> str:
    """Drop stray apostrophes ("Shia’ al-Sudani" -> "Shia al-Sudani") and extra spaces."""
    return " ".join(_STRAY_APOSTROPHE.sub("", name).split())


def _add(found: list[Mention], body: str, start: int, text: str, role: str | None) -> None:
    found.append(Mention("person", text, start, start + len(text), None, None, role))


def find_people(body: str, authors: list[str] | tuple[str, ...] = ()) -> list[Mention]:
    """Person mentions with role and one canonical name per person (see module docstring)."""
    found: list[Mention] = []
    pos = 0
    while (m := ROLE_NAME_RE.search(body, pos)) is not None:
        if not left_bounded(body, m.start()):
            pos = m.start() + 1
            continue
        got = _clean_name(m.start(1), m.group(1), 1)
        if got is None:
            pos = m.start(1)  # the role word may be followed by another role ("Chairman ... Admiral X")
            continue
        role = body[m.start() : m.start(1)].rstrip(" ,\n")
        _add(found, body, got[0], got[1], role)
        pos = got[0] + len(got[1])
    for m in RUN_RE.finditer(body):
        _run_cues(body, m, found)
    for author in authors:
        i = body.find(author)
        while i >= 0:
            _add(found, body, i, author, "author")
            i = body.find(author, i + 1)
    found = _dedupe(found)
    found += _repeat_mentions(body, found)
    _assign_canonical(found)
    return sorted(_dedupe(found), key=lambda x: x.start_char)


def _run_cues(body: str, m: re.Match[str], found: list[Mention]) -> None:
    """A capitalised run is a name when a lower-case title or speech verb precedes it
    ("general Qassem Soleimani", "said Jens Stoltenberg") or a speech verb or appositive
    follows it ("Jens Stoltenberg said", "Bilawal Bhutto, the foreign minister of").

    Called for every run, so the common no-cue case costs two slices and two set look-ups.
    """
    s, e = m.start(), m.end()
    if s > 1 and body[s - 1] == " ":
        p = body.rfind(" ", max(0, s - 25), s - 1) + 1
        prev = body[p : s - 1].rstrip(",")
        if prev in _CUE_LAST_WORDS and (got := _clean_name(s, m.group(), 2)):
            role = None
            if prev not in SPEECH:
                q = body.rfind(" ", max(0, p - 25), p - 1) + 1
                two = body[q:s].rstrip(", ")
                role = two if two.lower() in LOWER_ROLES else prev if prev in LOWER_ROLES else None
            if role is not None or prev in SPEECH:
                _add(found, body, got[0], got[1], role)
                return
    nxt = body[e : e + 1]
    if nxt == " ":
        k = body.find(" ", e + 1, e + 16)
        word = body[e + 1 : k if k > 0 else e + 16].rstrip(",.")
        if word in SPEECH and (got := _clean_name(s, m.group(), 2, backward=True)):
            _add(found, body, got[0], got[1], None)
    elif nxt == "," and (ap := APPOSITIVE_RE.match(body, e)):
        if got := _clean_name(s, m.group(), 2, backward=True):
            _add(found, body, got[0], got[1], ap.group(1))


def _dedupe(found: list[Mention]) -> list[Mention]:
    """No overlapping mentions; one with a role beats one without ("Erbil Governor X said")."""
    best: list[Mention] = []
    taken = bytearray(max((m.end_char for m in found), default=0) + 1)
    for m in sorted(found, key=lambda x: (x.role is None, x.start_char, -x.end_char)):
        if 1 in taken[m.start_char : m.end_char]:
            continue
        taken[m.start_char : m.end_char] = b"\x01" * (m.end_char - m.start_char)
        best.append(m)
    return sorted(best, key=lambda x: x.start_char)


def _repeat_mentions(body: str, found: list[Mention]) -> list[Mention]:
    """Later mentions of a known person by full name or surname ("al-Sudani", "Sudani")."""
    full = {canonical_form(m.text) for m in found if len(m.text.split()) >= 2}
    if not full:
        return []
    forms: dict[str, str] = {}  # form → a part of it to scan for (its surname, see below)
    for name in full:
        words = name.split()
        key = _AL_PREFIX.sub("", words[-1])
        forms[name] = key or name
        if _PARTICLE_RE.fullmatch(words[-2]):
            tail = " ".join(words[-2:])
            forms[tail] = key or tail  # "bin Laden", never a bare "Laden" (a patronym)
        elif len(key) >= 3 and key not in NAME_STOP and key not in surface_forms():
            forms.update(dict.fromkeys((key, f"al-{key}", f"Al-{key}"), key))
    taken = bytearray(len(body) + 1)
    for m in found:
        taken[m.start_char : m.end_char] = b"\x01" * (m.end_char - m.start_char)
    out: list[Mention] = []
    probes: dict[str, list[int]] = {}  # surname → every place it occurs (overlaps included)
    for form in sorted(forms, key=lambda f: (-len(f), f)):  # longest first; ties alphabetical, not set order
        # Every form of a name holds its surname, so one scan for the surname gives the
        # candidate starts of "X Y al-Sudani", "al-Sudani" and "Sudani" alike (~3x fewer scans).
        probe = forms[form]
        off = form.find(probe)
        starts = probes.get(probe)
        if starts is None:
            starts = probes[probe] = _occurrences(body, probe)
        j = 0  # occurrences of `form` do not overlap each other (as with str.find from the end)
        for p in starts:
            i = p - off
            if i < j or not body.startswith(form, i):
                continue
            j = i + len(form)
            free = 1 not in taken[i:j]
            if free and left_bounded(body, i) and (j == len(body) or not (body[j].isalnum() or body[j] in "-’'")):
                out.append(Mention("person", form, i, j))
                taken[i:j] = b"\x01" * (j - i)
    return out


def _occurrences(body: str, word: str) -> list[int]:
    """Every start of `word` in `body`, overlapping ones included, in order."""
    out = []
    i = body.find(word)
    while i >= 0:
        out.append(i)
        i = body.find(word, i + 1)
    return out


def _assign_canonical(found: list[Mention]) -> None:
    """A mention's canonical name is the longest full name containing all of its words.

    "al-Sudani" and "Sudani" join "Mohammed Shia al-Sudani"; "Bilawal Bhutto" stays apart
    from "Zulfikar Ali Bhutto" because "Bilawal" is not in the longer name.
    """
    canon = {t: canonical_form(t) for t in dict.fromkeys(m.text for m in found)}
    # Longest first; among names of one length the one met first (not set order) wins.
    names = sorted(dict.fromkeys(canon.values()), key=len, reverse=True)
    keyed = [(n, {_AL_PREFIX.sub("", w).lower() for w in n.split()}) for n in names]
    word_sets = dict(keyed)
    for m in found:
        name = canon[m.text]
        words = word_sets[name]
        m.canonical = next((n for n, ws in keyed if words <= ws), name)
