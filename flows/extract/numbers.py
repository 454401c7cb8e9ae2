"""Cardinal numbers written in digits or words ("5,200", "1.5 million", "twenty-five", "a dozen").

Counts of people (`counts.py`) need the value of a number phrase and its exact span; the
phrases are valued by a tiny left-to-right parser. Finding them fast matters more than it
looks: a regex that starts with `\b`, a look-behind or IGNORECASE makes Python's `re` try
every position (~100 µs per 4 kB body). `trie_regex` builds alternations whose branches all
start with a literal, which lets `re` jump between candidate characters in C instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Multipliers: "hundred" multiplies the running group, the others close a group.
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
DOZEN = 12  # "a dozen", "two dozen"
PARSE_CACHE = 4096  # distinct number phrases remembered by `parse_number`

_WORD_ALT = "|".join(sorted([*UNITS, *SCALES, "dozen"], key=len, reverse=True))
# A number in digits: grouped thousands ("40,000") or plain ("500", "1.5"), optionally with a
# scale word ("1.5 million"). The look-arounds keep "G7", "F-16", "66th" and "1,500.5" out.
_DIGITS = r"(?<![\w$€£.,/-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%]|[.,]\d)" \
          r"(?:\s+(?:hundred|thousand|million|billion)\b)?"
# A number in words: "fourteen", "twenty-five", "two hundred and fifty", "a dozen", "a hundred".
# Each repetition consumes a separator plus a whole word, so matching stays linear.
_WORDS = rf"(?<![\w-])(?:an?\s+(?:dozen|hundred|thousand|million)|(?:{_WORD_ALT}))" \
         rf"(?:(?:-|\s+|\s+and\s+)(?:{_WORD_ALT}))*(?![\w-])"
NUMBER_RE = re.compile(rf"{_DIGITS}|{_WORDS}", re.IGNORECASE)  # used with .match at anchors only
_DIGITS_RE = re.compile(_DIGITS)  # the same without the word branch: most anchors are digits


def trie_regex(words: list[str] | set[str], digit_runs: bool = False) -> str:
    """A factored alternation of `words` (a regex trie): one branch per first character.

    Python's `re` only fast-skips to candidate positions when every top-level branch begins
    with a literal; a flat "one|two|three" alternation also re-tests shared prefixes. With
    `digit_runs`, the words "0".."9" match whole digit runs ("2025") and stay literal-led.
    """
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, root: bool = False) -> str:
        alts = [re.escape(ch) + ("[0-9]*" if root and digit_runs and ch.isdigit() else emit(node[ch]))
                for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
        return group + "?" if "" in node else group

    return emit(tree, root=True)


DIGIT_STARTS = [str(i) for i in range(10)]

# Approximating words before a number; counts.py makes every one of them approximate.
QUALIFIERS = (
    "an estimated", "estimated", "approximately", "around", "about", "some", "nearly", "almost",
    "at least", "more than", "over", "up to", "roughly", "fewer than", "less than", "as many as",
    "close to", "at most", "just over", "just under", "well over", "upwards of", "almost all",
)
_QUALIFIER_RE = re.compile(
    r"\b(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
QUALIFIER_LOOKBACK = 20  # characters searched for a qualifier before the number
# Vague quantities ("hundreds of", "a few dozen"): a count with no number.
_VAGUE_RE = re.compile(
    r"(?:(?:tens|hundreds)\s+of\s+thousands|dozens|hundreds|thousands|millions|scores)\s+of\s+"
    r"|(?:several|a\s+few)\s+(?:dozen|hundred|thousand)\s+",
    re.IGNORECASE,
)
VAGUE_STARTS = frozenset("tens hundreds dozens thousands millions scores several few".split())
# Where a quantity can start: a digit or a number/vague word after a space, bracket or opening
# quote. "$135" and "F-16" never anchor (no space before them).
_ANCHOR_WORDS = [*UNITS, *SCALES, "dozen", *VAGUE_STARTS]
_COUNT_ANCHOR_RE = re.compile(
    r"[\s(\[“\"](" + trie_regex([*_ANCHOR_WORDS, *(w.capitalize() for w in _ANCHOR_WORDS), *DIGIT_STARTS])
    + r")"
)
_FIRST_WORD = re.compile(r"\w+")
_ARTICLE_BEFORE = re.compile(r"\b[Aa]n?\s+$")


@lru_cache(maxsize=PARSE_CACHE)
def parse_number(text: str) -> int | None:
    """Value of a number phrase matched by NUMBER_RE, or None if it does not parse.

    Cached: the same few phrases ("two", "1,000") recur across documents."""
    t = text.lower().replace(",", "").strip()
    parts = t.split()
    if not parts:
        return None
    head = parts[0]
    if head[0].isdigit():
        try:
            value = float(head)
        except ValueError:
            return None
        for word in parts[1:]:
            value *= SCALES.get(word, 1)
        return int(round(value))
    if parts[0] in SCALES:
        return None  # a bare "million" is the tail of "$135 million", not a count
    total = 0
    group = 0
    seen = False
    for word in re.split(r"[-\s]+", t):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            group = group or 1
            continue
        if word in UNITS:
            group += UNITS[word]
        elif word == "dozen":
            group = (group or 1) * DOZEN
        elif word == "hundred":
            group = (group or 1) * 100
        elif word in SCALES:
            total += (group or 1) * SCALES[word]
            group = 0
        else:
            return None
        seen = True
    return total + group if seen else None


def iter_quantities(body: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, vague) of number phrases ("5,200", "a dozen", "two hundred") and vague
    quantities ("hundreds of ", "a few dozen "), in body order.

    One trie-regex scan finds the anchors; the phrase is then matched at each anchor.
    """
    anchors = _COUNT_ANCHOR_RE.finditer(body)
    first = _FIRST_WORD.match(body)
    last_end = 0
    for p, word in ([(0, first.group(0))] if first else []) + [(m.start(1), m.group(1)) for m in anchors]:
        if p < last_end:
            continue  # words inside a phrase already found ("two hundred")
        low = word.lower()
        if low in SCALES or low in ("dozen", "few"):  # "a dozen", "a hundred", "a few"
            art = _ARTICLE_BEFORE.search(body, max(0, p - 3), p)
            p = art.start() if art else p
        if low in VAGUE_STARTS:
            v = _VAGUE_RE.match(body, p)
            if v is not None:
                last_end = v.end()
                yield p, v.end(), True
            continue
        m = (_DIGITS_RE if word[0].isdigit() else NUMBER_RE).match(body, p)
        if m is not None:
            last_end = m.end()
            yield p, m.end(), False


def qualifier_before(body: str, start: int) -> tuple[int, str] | None:
    """(start, lower-cased qualifier) of an approximating word right before `start`."""
    q = _QUALIFIER_RE.search(body, max(0, start - QUALIFIER_LOOKBACK), start)
    return (q.start(1), q.group(1).lower()) if q else None
