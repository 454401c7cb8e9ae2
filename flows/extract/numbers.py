"""Cardinal numbers written in digits or words ("5,200", "1.5 million", "twenty-five", "a dozen").

Counts of people (`counts.py`) need the value of a number phrase and its exact span; the
phrases are valued by a tiny left-to-right parser. Finding them fast matters more than it
looks: a regex that starts with `\b`, a look-behind or IGNORECASE makes Python's `re` try
every position (~100 µs per 4 kB body). `trie_regex` builds alternations whose branches all
start with a literal, which lets `re` jump between candidate characters in C instead.
"""

from __future__ import annotations

import re

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


def trie_regex(words: list[str] | set[str]) -> str:
    """A factored alternation of `words` (a regex trie): one branch per first character.

    Python's `re` only fast-skips to candidate positions when every top-level branch begins
    with a literal; a flat "one|two|three" alternation also re-tests shared prefixes.
    """
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


DIGIT_STARTS = [str(i) for i in range(10)]


def parse_number(text: str) -> int | None:
    """Value of a number phrase matched by NUMBER_RE, or None if it does not parse."""
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


def iter_numbers(text: str, start: int = 0, end: int | None = None):
    """Yield (start, end, value) of number phrases in text[start:end]."""
    for m in NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        value = parse_number(m.group(0))
        if value is not None:
            yield m.start(), m.end(), value
