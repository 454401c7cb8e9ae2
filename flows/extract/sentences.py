"""Sentence spans over the cleaned body, shared by every extractor.

A rule-based splitter (no model downloads): a sentence ends at ., ! or ? (optionally
followed by closing quotes/brackets) before whitespace and an upper-case letter, digit or
opening quote, or at a paragraph break. Common abbreviations ("U.S.", "Lt.", "Dr.", "May.")
do not end a sentence.

A "sentence" longer than `MAX_SENTENCE` characters (a page whose full stops are missing, or an
unclosed quote running for pages) is cut at the last clause break or space before the limit.
Every extractor reads a sentence (or clause) around each of its cues, so an unbounded sentence
made their cost grow with the square of the text (a 208 KB page without a sentence end took
over 20 s); with the cap each cue costs at most a few sentence lengths and the total stays
linear. Real news sentences are far shorter (the longest in the news dev set is under 700).
"""

from __future__ import annotations

import re

# Abbreviations that end in a period but rarely end a sentence in news text.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt cmdr adm brig rev st sen rep gov pres
    jan feb mar apr jun jul aug sep sept oct nov dec may no vs etc inc corp ltd co jr sr
    u.s u.k u.n e.g i.e a.m p.m fig""".split()
)
_PARA_BREAK = re.compile(r"\n\s*\n")
_LAST_WORD = re.compile(r"([\w.]+)$")
# Characters looked back from a full stop for the word it ends (an abbreviation is short);
# scanning the whole sentence so far made splitting quadratic in sentence length.
LOOKBACK = 40
MAX_SENTENCE = 1000
_END = re.compile(r"[.!?]['\"’”)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(body: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of sentences in `body`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in [*_PARA_BREAK.finditer(body), None]:
        end = para.start() if para else len(body)
        _split_block(body, pos, end, spans)
        pos = para.end() if para else len(body)
    return spans


def _split_block(body: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    cur = start
    for m in _END.finditer(body, start, end):
        dot = m.start()
        word = _LAST_WORD.search(body, max(cur, dot - LOOKBACK), dot)
        if word and body[dot] == "." and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            continue
        if word and body[dot] == "." and len(word.group(1)) == 1 and word.group(1).isupper():
            continue  # an initial: "George W. Bush"
        _push(body, cur, m.end(), out)
        cur = m.end()
    _push(body, cur, end, out)


def _push(body: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and body[a].isspace():
        a += 1
    while b > a and body[b - 1].isspace():
        b -= 1
    while b - a > MAX_SENTENCE:  # cut at a clause break in the last half of the window, else a space
        lo, hi = a + MAX_SENTENCE // 2, a + MAX_SENTENCE
        k = max(body.rfind("; ", lo, hi), body.rfind(", ", lo, hi))
        if k < 0:
            k = body.rfind(" ", lo, hi)
        cut = hi if k < 0 else k + 1
        _push(body, a, cut, out)
        a = cut
        while a < b and body[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
