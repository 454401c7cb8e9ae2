"""Lexicons, patterns and thresholds for troop-movement events (`flows/extract/events.py`).

Everything here is data: trigger patterns per event family, the cue words that flip an
event to negated / hypothetical / "no decision", direction words that say whether a place
is where troops come from or go to, and the confidence weights. The patterns are
anchored at a small set of stems (`ANCHOR_RE`) so the body is scanned once; each family's
own pattern is then tried with `.match()` at the anchor, inside the sentence only. All
repetitions are bounded ({0,8}) so the cost stays linear in the text.

Patterns are lower-case and run on `body.lower()` (same offsets): Python's `re` is several
times slower with IGNORECASE. Only `LOWER_WORD_BEFORE_RE` and `COREF_RE` read the
original case.
"""

from __future__ import annotations

import re

# --- event families ----------------------------------------------------------------------

WITHDRAWAL = "withdrawal"
DEPLOYMENT = "deployment"
RELOCATION = "relocation"
TRAINING = "training"
EXPULSION = "expulsion_demand"
NO_DECISION = "no_decision"

# A word between a verb and its particle: "pulling [some of its troops] out of".
_W = r"[\w'’\"“”\-,]+"

# One pass over the body finds the stems that may start a trigger; the family patterns
# below decide. The stems form a trie (sre tries fewer branches per position than with a
# flat list), and the scan looks for a separator followed by a stem: a pattern starting with
# a character set lets sre skip ahead in C, twice as fast as one starting with \b.
ANCHOR_STEMS = (
    r"r(?:e(?:call|patriat|turn|duc|deploy|locat|position|ceiv|inforc)|oll(?=(?:s|ed|ing)?\s+(?:across|into)\b))"
    r"|withdr|pull|b(?:r(?:ing|ought)|eg[ai]n|o(?:ost|lster))"
    r"|e(?:vacuat|x(?:tract|pel|puls)|nter)|d(?:r(?:[ae]w|op(?=(?:s|ped|ping)?\s+(?:to|by)\b))|eploy|ispatch|emand|isembark"
    r"|ock(?=(?:s|ed|ing)?\s+(?:at|in)\b)|ec(?:lin|reas)(?=\w*\s+(?:to|by)\b))"
    r"|s(?:cal|en[dt]|tation|tart|we(?:pt|ep)(?=s?\s+(?:through|into|across)\b|ing\s)|uppl(?=(?:y|ies|ied|ying)\b))"
    r"|m(?:ov|obili|arch(?=(?:es|ed|ing)?\s+into\b))|t(?:ransfer|old|ell)|a(?:rriv|ttend|sk)"
    r"|c(?:omplet|onclud|all|ross|ontribut|ut(?=(?:s|ting)?\s))|u(?:nder[gw]|rg)|f(?:inish|all(?=(?:s|en|ing)?\s+(?:to|by)\b))|vot"
    r"|l(?:e(?:av|ft)|and(?=(?:s|ed|ing)\s+(?:in|at|on)\b))|order|in(?:va[ds]|creas)"
    # Common words that are triggers only in one construction ("landed at", "headed for"): the
    # look-aheads keep the scan from stopping at every "headline", "March" or "landmark".
    r"|head(?=(?:s|ed|ing)?\s+(?:to|for|into)\b)"
)
ANCHOR_RE = re.compile(rf"[\s\"“”‘’'(\[/—–-]({ANCHOR_STEMS})")
ANCHOR_AT_START_RE = re.compile(ANCHOR_STEMS)  # a stem opening the text

# Nouns for people who move as troops (shared by the triggers and the checks below).
TROOP_NOUNS = (
    "troops?|soldiers?|personnel|forces|contingents?|servicem[ae]n|service\\s+members|"
    "servicemembers|marines|paratroopers|commandos|officers|trainees|trainers|advisers|advisors|"
    "peacekeepers|battalions?|brigades?|divisions?|regiments?|units?|army|armies|"
    "reinforcements|sailors|airmen|mercenaries|boots\\s+on\\s+the\\s+ground|"
    "(?:training|military|peacekeeping|advisory)\\s+missions?"
)

# The object of a change of level: "(the number of) (its) (American) troops", "troop strength",
# "three brigades"; nothing else may stand between ("increasing the risk to foreign personnel").
_LEVEL_OBJECT = (
    r"(?:(?:the|its|their|our|his|her)\s+)?(?:(?:number|size|strength)\s+of\s+(?:(?:its|their|our|the)\s+)?)?"
    rf"(?:[\w,-]+\s+){{0,2}}?(?:(?:{TROOP_NOUNS})\b|troop\s+(?:strength|levels?|numbers?|presence)\b)"
)

# (family, anchor stems, pattern): at an anchor the patterns listed for its stem are tried
# in order and the first match wins, so the specific ones ("send ... home" is a
# withdrawal) come before the general ones ("send" is a deployment).
_TRIGGERS = (
    # Demands that foreign troops leave: "voted to expel", "called for the withdrawal of".
    (EXPULSION, "expel expuls", r"expel(?:s|led|ling)?\b|expulsion\b"),
    (EXPULSION, "vot call demand", rf"(?:vot|call|demand)\w*\s+(?:{_W}\s+){{0,5}}?(?:the\s+)?"
                                   r"(?:withdrawal|exit|departure|removal|pull-?out)\b"),
    # "asked the US-led coalition to leave"; not "ordered its troops to withdraw" (own troops).
    (EXPULSION, "ask order told tell urg demand",
     rf"(?:ask|order|told|tell|urg|demand)\w*\s+(?!(?:its|their|our|his|her)\b)(?:{_W}\s+){{0,6}}?"
     r"to\s+(?:leave|withdraw|exit|depart|quit|pull\s+out)\b"),
    (WITHDRAWAL, "recall", r"recall(?:s|ed|ing)?\b"),
    (WITHDRAWAL, "repatriat", r"repatriat(?:e|es|ed|ing|ion)\b"),
    (WITHDRAWAL, "withdr", r"withdr(?:aw|aws|awing|awn|ew|awal|awals)\b"),
    (WITHDRAWAL, "pull", r"pull(?:s|ed|ing)?[- ]?(?:out|back)\b"),
    (WITHDRAWAL, "pull", rf"pull(?:s|ed|ing)?\s+(?:{_W}\s+){{1,8}}?(?:out|back)\b"),
    (WITHDRAWAL, "return", r"return(?:s|ed|ing)?\s+(?:home\b|of\b|them\b|to\b|(?:the|their|its|our)\s)"),
    (WITHDRAWAL, "bring brought", rf"(?:bring|brings|bringing|brought)\s+(?:{_W}\s+){{0,6}}?(?:home|back)\b"),
    (WITHDRAWAL, "send sent", rf"(?:send|sends|sending|sent)\s+(?:{_W}\s+){{0,6}}?home\b"),
    (WITHDRAWAL, "evacuat", r"evacuat(?:e|es|ed|ing|ion)\b"),
    (WITHDRAWAL, "extract", r"extract(?:s|ed|ing)?\b"),
    (WITHDRAWAL, "reduc", r"reduc(?:e|es|ed|ing|tion)\b"),
    (WITHDRAWAL, "draw drew", r"(?:draw(?:s|ing|n)?|drew)[- ]?down\b"),
    (WITHDRAWAL, "scal", r"scal(?:e|es|ed|ing)\s+back\b"),
    (WITHDRAWAL, "mov", rf"mov(?:e|es|ed|ing)\s+(?:{_W}\s+){{0,8}}?(?:out\s+of|outside)\b"),
    (WITHDRAWAL, "leav left", r"(?:leave|leaves|leaving|left)\b"),  # only "left Iraq": see COUNTRY_AFTER_STEMS
    (DEPLOYMENT, "enter", r"enter(?:s|ed|ing)?\b"),  # only "entered Syria": see COUNTRY_AFTER_STEMS
    (DEPLOYMENT, "cross", r"cross(?:es|ed|ing)?\s+(?:the\s+border\s+)?into\b"),
    # Moves whose direction decides the type (see events._resolve_relocation).
    (RELOCATION, "redeploy", r"redeploy(?:s|ed|ing|ment|ments)?\b"),
    (RELOCATION, "relocat", r"relocat(?:e|es|ed|ing|ion)\b"),
    (RELOCATION, "reposition", r"reposition(?:s|ed|ing)?\b"),
    (RELOCATION, "transfer", r"transfer(?:s|red|ring)?\b"),
    (DEPLOYMENT, "deploy", r"deploy(?:s|ed|ing|ment|ments)?\b"),
    # "station" itself only with troops as its object: "station 1,000 troops", not "radio station".
    (DEPLOYMENT, "station", rf"station(?:ed|ing)\b|station(?=\s+(?:{_W}\s+){{0,5}}?(?:{TROOP_NOUNS})\b)"),
    (DEPLOYMENT, "send sent", r"(?:send|sends|sending|sent)\b"),
    (DEPLOYMENT, "dispatch", r"dispatch(?:es|ed|ing)?\b"),
    (DEPLOYMENT, "suppl", r"suppl(?:y|ies|ied|ying)\b"),  # "troops supplied by Austria, Denmark and Turkey"
    (DEPLOYMENT, "arriv", r"arriv(?:e|es|ed|ing)\s+(?:in|at)\b|arrival\s+of\b"),
    # Mobilisation at home (disaster relief, elections, summits): troops as the object or subject.
    (DEPLOYMENT, "mobili", r"mobili[sz](?:e|es|ed|ing|ation)\b"),
    # Invasions and incursions (gold type other_move, scored as deployment): the verb implies forces.
    (DEPLOYMENT, "invad invas", r"invad(?:e|es|ed|ing)\b|invasion\s+of\b"),
    # Arrivals by sea and land, and advances into a place.
    (DEPLOYMENT, "land", r"land(?:s|ed|ing)\s+(?:in|at|on)\b"),
    (DEPLOYMENT, "disembark", r"disembark(?:s|ed|ing)?\b"),
    (DEPLOYMENT, "dock", r"dock(?:s|ed|ing)?\s+(?:at|in)\b"),
    (DEPLOYMENT, "head", r"head(?:s|ed|ing)?\s+(?:to|for|into)\b"),
    (DEPLOYMENT, "swept sweep", r"swe(?:pt|eps?|eping)\s+(?:through|into|across)\b"),
    (DEPLOYMENT, "roll", r"roll(?:s|ed|ing)?\s+(?:across|into)\b"),
    (DEPLOYMENT, "march", r"march(?:es|ed|ing)?\s+into\b"),
    (DEPLOYMENT, "mov", rf"mov(?:e|es|ed|ing)\s+(?:{_W}\s+){{0,4}}?into\b"),
    (DEPLOYMENT, "reinforc", r"reinforc(?:e|es|ed|ing)\b"),
    (DEPLOYMENT, "contribut", rf"contribut(?:e|es|ed|ing)\s+(?:{_W}\s+){{0,3}}?(?:{TROOP_NOUNS})\b"),
    # Changes of level: "increase the number of soldiers", "cut three brigades".
    (DEPLOYMENT, "increas boost bolster", rf"(?:increas|boost|bolster)\w*\s+{_LEVEL_OBJECT}"),
    (WITHDRAWAL, "cut", rf"cut(?:s|ting)?\s+{_LEVEL_OBJECT}"),
    # A level that falls: "the number is set to drop to 25,000" (see LEVEL_SUBJECT_RE).
    (WITHDRAWAL, "drop fall declin decreas", r"(?:drop|fall|declin|decreas)\w*\s+(?:to|by)\b"),
    # Trainees abroad: "completed a two-month counter-terrorism training course".
    (TRAINING, "complet attend underg underw receiv began begin start conclud finish",
     rf"(?:complet|attend|undergo|underw|receiv|began|begin|start|conclud|finish)\w*"
     rf"\s+(?:{_W}\s+){{0,4}}?(?:training|courses?)\b"),
)
# Verbs whose object must be troops when they have one: "deployed a new website", "sent a
# letter to", "recalled its ambassador" are not movements; "deployed to", "sent 200
# commandos", "relocated others" are. Noun forms ("withdrawal") are not checked.
OBJECT_CHECK_STEMS = frozenset(
    "recall repatriat withdr evacuat extract reduc redeploy relocat reposition transfer deploy station "
    "send sent dispatch expel mobili reinforc suppl".split()
)
OBJECT_MAX_WORDS = 5  # words of the object phrase examined
# Words that end an object phrase (prepositions, conjunctions, time adverbs).
OBJECT_STOP_WORDS = frozenset(
    """to into in at on for from across as with after before by since during amid over under while
    that which who because following yesterday today tonight earlier later now
    again back home there here abroad overseas immediately soon""".split()
)
# Time words that end the phrase only as its first word: "deployed last week" but "its last troops".
OBJECT_TIME_STARTERS = frozenset("last this next early late".split())
# Words that stand for troops in an object ("relocated others", "sent more", "bring them").
OBJECT_PRONOUNS = frozenset("them others some more those these all most half".split())
OBJECT_WORD_RE = re.compile(r"\s*([\w'’\-]+)")
NOUN_FORM_RE = re.compile(r"(?:al|als|ment|ments|ion|ions)$")
# "left Iraq", "leave Afghanistan": these verbs count only when a country follows at once.
COUNTRY_AFTER_STEMS = frozenset({"leav", "left", "enter"})
COUNTRY_AFTER_GAP = 5  # characters between the verb and the country ("left the Congo")

# Characters after an anchor a trigger pattern may span (its repetitions are bounded).
MATCH_WINDOW = 400
# Anchor stem (the text ANCHOR_RE matched) → its (family, pattern) list, in order.
TRIGGERS_BY_STEM: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
for _family, _stems, _pattern in _TRIGGERS:
    for _stem in _stems.split():
        TRIGGERS_BY_STEM[_stem] = (*TRIGGERS_BY_STEM.get(_stem, ()), (_family, re.compile(_pattern)))

# Participles that, right after a common noun and before a preposition, describe where
# troops are ("troops stationed in Iraq", "a letter sent to") rather than narrate a move.
PARTICIPLE_RE = re.compile(r"(?:deployed|stationed|sent|dispatched)$")
_AUX = r"(?:is|are|was|were|be|been|being|has|have|had|get|gets|got|getting)"
AUX_BEFORE_RE = re.compile(rf"\b{_AUX}\s+(?:(?:also|now|already|reportedly|then|being|[a-z]+ly)\s+)?$")
PREP_AFTER_RE = re.compile(r"\s+(?:in|to|at|on|into|across|near|from|inside|within|there)\b")
LOWER_WORD_BEFORE_RE = re.compile(r"\b[a-z][\w\-]*\s+$")
# "the army sent in reinforcements": a particle with troops as the object is an active verb.
PARTICLE_OBJECT_RE = re.compile(rf"\s+(?:in|out)\s+(?:[\w,-]+\s+){{0,2}}?(?:{TROOP_NOUNS})\b")

# --- the people that move ----------------------------------------------------------------

TROOP_RE = re.compile(rf"\b(?:{TROOP_NOUNS})\b")
TROOP_SEARCH_RE = re.compile(rf"[\s\"“”‘’'(\[/—–-](?:{TROOP_NOUNS})\b")  # separator-led: faster to scan
# Clause breaks inside a sentence: mentions, counts and cues beyond them belong to another
# clause ("France will send troops to Romania; Italy will withdraw from Lebanon").
CLAUSE_BREAKS = ("; ", ", while ", ", whereas ", ", but ", " but ")
# "asked/ordered/told X to leave" is a demand only when X is a force, not "the ambassador".
DEMAND_OBJECT_STEMS = frozenset({"ask", "order", "told", "tell", "urg"})
# Demands name the force rather than its soldiers: "asked the US-led coalition to leave".
EXPULSION_FORCE_RE = re.compile(r"\b(?:coalition|mission|bases?|presence)\b")
# A troop noun must be this close to the trigger (characters, same sentence) for the
# trigger to be about troops: "deployed a new website" has none.
TROOP_WINDOW = 90
# A country right before the troop noun owns it: "Iraqi military personnel", "Pakistan
# Armed Forces", "the Pakistan military's contingent forces".
OWNER_BEFORE_TROOPS_RE = re.compile(rf"(?:['’]s)?(?:[\s\-]+[\w'’]+){{0,2}}?[\s\-]+(?:{TROOP_NOUNS})\b")
# "the contingent", "its personnel", "them": the count/unit/date may be in the sentence before.
COREF_RE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]hese|[Tt]hose|[Tt]his|[Oo]ur)\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(?:troops|soldiers|personnel|contingent|forces|trainees|group|unit|team)\b|\bthem\b"
)
# A reporting verb right after a mention: "the Pentagon said" (the source as the actor of last resort).
SAID_AFTER_RE = re.compile(r"\s+(?:said|says|announced|confirmed|reported)\b")
# Stand-ins from the actor table (flows/extract/actors.py): the words before a capitalised
# phrase that make it a place left or entered, and how far to look.
DEST_WORDS_RE = re.compile(r"\b(?:to|into|in|at|on|through|across|toward|towards)\s+(?:[a-z][a-z\-]*\s+){0,4}$")
ORIGIN_WORDS_RE = re.compile(r"\b(?:from|out\s+of|outside)\s+(?:[a-z][a-z\-]*\s+){0,4}$")
# Between two members of a list of countries: ", ", " and ", ", and ", " as well as " (+ "the").
LIST_SEP_RE = re.compile(r"['’]?s?\s*(?:,\s*(?:and\s+|or\s+)?|\s*and\s+|\s*as\s+well\s+as\s+)(?:the\s+)?")
LIST_AND_RE = re.compile(r"['’]?s?\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+(?:the\s+)?")
# A relative clause or apposition set off by commas: ", which did not take part in the invasion,".
REL_CLAUSE_RE = re.compile(r",\s+(?:which|who|whose|whom)\s[^,;.\n]{1,150},")
HOME_RE = re.compile(r"\bhome\b")  # in or right after a withdrawal trigger
OF_WORDS_RE = re.compile(r"\bof\s+(?:the\s+)?$")  # "the invasion of (the) X"
STAND_IN_LOOKBACK = 45        # characters before a capitalised phrase examined for a direction word
STAND_IN_MAX_PHRASES = 6      # capitalised phrases examined per clause
STAND_IN_ACTOR_WINDOW = 120   # characters before the trigger searched for an institution or leader
# A non-state group as the subject of the verb: "rebels who have swept across", "Islamist
# fighters moved into" (movements of rebels, militias and guerrillas are not recorded).
NON_STATE_SUBJECT_RE = re.compile(
    r"[\s\"(](?:rebels?|militants?|insurgents?|guerrill?as?|islamists?|militias?|militiamen|gunmen|separatists"
    r"|jihadists?|fighters|mujahideen|taliban)\s+(?:(?:who|which|that|have|has|had|were|was|are|is|also|then"
    r"|reportedly|had\s+been|have\s+been)\s+){0,3}$"
)
# Presence, not a move: "are stationed in", "remain stationed".
PRESENCE_BEFORE_RE = re.compile(r"[\s\"(](?:are|is|remain|remains|remained|currently|still)\s+$")
INVASION_STEMS = frozenset({"invad", "invas"})
# Not a movement: a mandate extended ("extended the deployment of 2,800 soldiers") or command handed over.
MANDATE_BEFORE_RE = re.compile(r"[\s\"(](?:extend\w*|prolong\w*|renew\w*|extension\s+of)\s+(?:\w+\s+){0,3}$")
# Both read back from a trigger: one search instead of two per candidate.
NOT_A_MOVE_BEFORE_RE = re.compile(f"{NON_STATE_SUBJECT_RE.pattern}|{MANDATE_BEFORE_RE.pattern}")
COMMAND_AFTER_RE = re.compile(r"\s+of\s+(?:the\s+)?(?:command|authority|power|control|responsibility|sovereignty|leadership)\b")
# A falling level is a withdrawal only when its subject is the troops or their number.
LEVEL_STEMS = frozenset({"drop", "fall", "declin", "decreas"})
LEVEL_SUBJECT_RE = re.compile(
    rf"[\s\"(](?:number|numbers|level|levels|strength|presence|contingent|garrison|{TROOP_NOUNS})\b")
# A capitalised word (not the first of the sentence after a lower-case word) right before the verb.
NAME_SUBJECT_RE = re.compile(r"[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?\s+")
# Verbs whose subject may be a single person ("the envoy arrived in", "he headed to").
PERSON_SUBJECT_STEMS = frozenset("arriv land head leav left return".split())
# Troops of another country named without their owner: no home move then.
FOREIGN_TROOPS_RE = re.compile(r"[\s\"(](?:foreign|international|multinational|coalition|allied|peacekeep\w*|un|u\.n\.)\s")
# Words before a troop noun that make it no troops: "medical personnel", "police officers",
# "ex-Gurkha soldiers", "retired officers".
NON_TROOP_BEFORE_RE = re.compile(
    r"(?:medical|civilian|diplomatic|embassy|aid|relief|humanitarian|health|rescue|police|ex-[\w-]+|former|retired"
    r"|veteran|child|rebel|militia|guerrilla|islamist)\s+(?:[\w-]+\s+)?$"
)
# Count categories that describe moving troops (not casualties, hostages or civilians).
TROOP_COUNT_CATEGORIES = frozenset({"military", "security"})  # "four members of the government quit" sizes nothing

# Organisations that move troops in their own name; other organisations are actors only
# through the country in their name ("Iraqi Ministry of Defense" → IRQ).
ACTOR_ORGS = frozenset({
    "nato", "un", "united nations", "eu", "european union", "african union", "au", "ecowas",
    "sadc", "csto", "arab league", "gcc", "unifil", "monusco", "minusma", "unmiss",
})

# Non-state armed groups that act in their own name (events.actor_kind = armed_group).
ARMED_GROUPS: frozenset[str] = frozenset()

# Institutions that stand for their country when they act: "the Pentagon will deploy".
INSTITUTION_CODES = {
    "pentagon": "USA", "white house": "USA", "kremlin": "RUS", "bundeswehr": "DEU", "idf": "ISR",
    "israel defense forces": "ISR", "élysée": "FRA", "elysee": "FRA", "downing street": "GBR",
    "whitehall": "GBR", "people's liberation army": "CHN", "pla": "CHN",
}

# --- where from, where to ----------------------------------------------------------------

# The preposition right before a mention (the text before it must end so). Direction words
# make a country a place; the others mean it is not the subject ("talks with Iraq").
DIRECTION_WORDS = frozenset(
    {"from", "out of", "outside", "outside of", "inside", "within", "into", "in", "to", "at", "on", "toward", "towards", "across"}
)
# Other prepositions: a mention after them is not the subject ("talks with Iraq").
OTHER_PREPS = frozenset(
    "with against after following amid between over about under among despite than like of by".split()
)
TWO_WORD_PREPS = frozenset({"out of", "outside of", "according to"})
# Words skipped between a preposition and the mention: "into (the) (eastern) Congo".
PREP_FILLERS = frozenset(
    """the north south east west northern southern eastern western central northeastern northwestern
    southeastern southwestern""".split()
)
DIRECTION_LOOKBACK = 32  # characters examined before a mention
ORIGIN_PREPS_WITHDRAWAL = frozenset({"from", "out of", "outside", "outside of", "in", "at", "on", "inside", "within"})
DEST_PREPS_WITHDRAWAL = frozenset({"to", "into", "towards", "toward"})
DEST_PREPS_DEPLOYMENT = frozenset({"to", "into", "in", "at", "on", "towards", "toward", "inside", "within", "across"})
ORIGIN_PREPS_DEPLOYMENT = frozenset({"from"})
# Non-country destinations stated as a phrase: "redeployed to neighboring countries".
PLACE_PHRASE_RE = re.compile(
    r"\s+(?:to|into)\s+((?:the\s+)?(?:neighbou?ring|nearby|other|several|regional|safer|"
    r"allied|third|adjacent)\s+(?:countries|states|nations|bases|areas|locations|positions|camps))\b"
)
PLACE_PHRASE_WINDOW = 80  # characters after the trigger searched for that phrase
# "repositioning others within the country": a move inside one country.
WITHIN_RE = re.compile(r"\s+(?:[\w'’]+\s+){0,3}?(?:within|inside)\b")
# A destination phrase that lies outside the host country ("neighboring countries").
ABROAD_RE = re.compile(r"\b(?:countries|states|nations)\b")

# --- flags -------------------------------------------------------------------------------

# Cue words around a trigger. Each pattern starts with a separator character set, which
# lets sre skip ahead in C (much faster than a leading \b); search from one character
# before the window so its first word can match.
_SEP = r"[\s\"“”‘’'(\[/—–-]"
# A stated non-decision: "has not yet made a decision to pull troops out" (needs "decid"/"decision").
NO_DECISION_RE = re.compile(
    rf"{_SEP}(?:not\s+(?:yet\s+)?(?:made|taken|reached)\s+(?:a|any)\s+(?:final\s+)?decision"
    r"|(?:has|have|had)\s+not\s+(?:yet\s+)?decided|no\s+decision\s+(?:has|had)\s+(?:yet\s+)?been"
    r"|(?:is|are)\s+(?:still\s+)?undecided)\b"
)
NO_DECISION_WINDOW = 80  # characters before the trigger
NEGATION_RE = re.compile(
    rf"{_SEP}(?:not|never|no|without|denied|denies|deny|ruled\s+out|rules\s+out|refused|refuses|rejected"
    r"|[a-z]+n['’]t)\b"
)
NEGATION_WINDOW = 40  # characters before the trigger: "did not withdraw", "no plans to"
# Modal and planning words that make a movement a possibility, not a fact ("may" only in
# lower case in the original text: "May" is a month); "would" is handled apart.
HYPOTHETICAL_RE = re.compile(
    rf"{_SEP}(could|might|should|if|unless|plans?\s+(?:to|for)|planned|planning|considering|considers?"
    r"|proposals?|proposed|proposes|willing|ready\s+to|threat\w*|calls?\s+for|called\s+for"
    r"|urg(?:e|es|ed|ing)|possible|possibly|potential|intends?|intended|likely|may|would)\b"
)
HYPOTHETICAL_WINDOW = 80  # characters before the trigger
# After the trigger: a condition anywhere, or a modal right after a noun-like trigger
# ("sending our troops now would be like jumping into fire").
AFTER_RE = re.compile(rf"{_SEP}(would|could|might|if|unless)\b")
MODAL_AFTER_WINDOW = 40
CONDITIONS = frozenset({"if", "unless"})
# "said that 14 soldiers would also be "relocated"" is a plan told, not a conditional.
REPORTING_RE = re.compile(
    rf"{_SEP}(?:said|says|say|announced|announces|told|tells|stated|states|added|confirmed|confirms|according)\b"
)
WOULD_TAIL_RE = re.compile(r"\s+(?:also\s+)?(?:be\s+)?[\"“'‘]?")
# Someone gives the order: "issued a directive for the return of", "ordered the withdrawal".
ORDER_CUE_RE = re.compile(
    rf"{_SEP}(?:order(?:s|ed|ing)?|direct(?:s|ed|ing|ive)|instruct(?:s|ed|ing)|command(?:s|ed)"
    r"|authori[sz](?:e|es|ed)|approv(?:e|es|ed))\b"
)
# Status cues (events.status), looked for before the trigger in its clause: a demand (someone
# asks for the move: "calls for", "demanded that", "pressed ... to"), and a future or schedule
# that makes a move announced rather than done.
STATUS_WINDOW = 80
DEMAND_CUE_RE = re.compile(
    rf"{_SEP}(?:call(?:s|ed|ing)?\s+(?:for|on)|demand\w*|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?|press(?:es|ed|ing|ure)?"
    r"|appeal\w*|insist\w*|want(?:s|ed)?|seek(?:s|ing)?|sought|offer(?:s|ed|ing)?\s+to\s+(?:give|let|allow))\b"
)
FUTURE_CUE_RE = re.compile(
    rf"{_SEP}(?:will|shall|would|['’]ll|to\s+be|(?:is|are|was|were)\s+to|scheduled|set\s+to|due\s+to|going\s+to"
    r"|about\s+to|expected\s+to|announc\w*|decided|decision\s+to|agreed\s+to|preparing\s+to|prepared\s+to"
    r"|(?:committed|commits|commit|pledged|pledges|promised|promises|vowed|vows)\s+to"
    r"|next\s+(?:week|month|year))\b"
)
TEMPORARY_WORDS = ("temporar", "for now", "for the time being")
PERMANENT_WORDS = ("permanent",)
# People sent abroad to be trained make the movement a training event.
FOR_TRAINING_RE = re.compile(r"[^.]{0,60}?\b(?:for\s+(?:\w+\s+){0,2}?training|training\s+missions?)\b")

# Trainers, instructors and advisers as the object: "sending military advisers and trainers".
TRAINERS_OBJECT_RE = re.compile(
    r"\s+(?:(?:only|some|a|about|around|more|several|few|dozens?|hundreds?|\d[\d,]*|of|the|its|their)\s+){0,4}"
    r"(?:military\s+)?(?:trainers|instructors|advisers|advisors)\b"
)

# --- scoring -----------------------------------------------------------------------------

# Confidence: a trigger with troops nearby is a start; each field the text states adds.
CONF_BASE = 0.3
CONF_ACTOR = 0.2
CONF_PLACE = 0.2
CONF_SIZE = 0.15
CONF_DATE = 0.1
CONF_UNIT = 0.05
CONF_PER_EVIDENCE = 0.05  # another sentence telling the same movement
CONF_MAX_EVIDENCE = 2
CONF_TITLE = 0.1          # the title tells it too
CONF_DEMAND = 0.1  # a demand's place is the demander's own land, so it is rarely stated
CONF_HYPOTHETICAL = -0.1  # a possibility is less surely a movement than a report of one
# Events below these are dropped: in news an event needs who plus where, how many, a title
# echo or a second telling (a bare "X withdrew troops" is too thin to be a row). Reference
# pages recount decades of history in passing, so there who, where and how many/when.
MIN_CONFIDENCE = {"encyclopedia": 0.8}
MIN_CONFIDENCE_DEFAULT = 0.5

# CAMEO (Conflict and Mediation Event Observations, v1.1b3) codes:
#   deployment → 154 "Mobilize or increase armed forces" (no finer code for sending troops
#     abroad; 1661 suggested in the issue is "Expel or withdraw peacekeepers", a different act);
#   withdrawal → 0874 "Retreat or surrender militarily" (the codebook's "withdraw troops");
#   training → 062 "Cooperate militarily" (military exchanges, joint training);
#   expulsion_demand → 166 "Expel or withdraw" (parent: the troops are not always peacekeepers);
#   relocation and no_decision have no CAMEO act → None. Negated/hypothetical events → None.
CAMEO_CODES = {DEPLOYMENT: "154", WITHDRAWAL: "0874", TRAINING: "062", EXPULSION: "166"}
