"""Quotes and their speakers: `"...," Iraq's Defense Ministry has stated` -> that ministry.

Quotation marks in news mark both speech and scare quotes ("relocated", "modern
facilities"). We keep a quote as speech when it has at least MIN_SPEECH_WORDS words, or when
a speech verb or a colon introduces it or follows it. The speaker is found in the quote's
sentence, in this order: the attribution right after the quote (`," X said`, `," said X`,
`," read a statement by X`), "according to X", then the subject of the last speech verb
before the quote (`X said that "..."`). A person mention inside that phrase wins (a person
is the most specific speaker); otherwise the phrase itself is the speaker, so
"Iraq's Defense Ministry" keeps its country. Pronoun speakers ("it said") take the previous
quote's speaker, else stay empty. A quote that is a whole sentence is speech however short,
and with no attribution of its own it inherits the speaker of the previous quote in the
same paragraph. Quotes never cross a paragraph break: an unclosed quote ends at the end of
its paragraph (the news convention for multi-paragraph quotes).
"""

from __future__ import annotations

import bisect
import re

from flows.extract.budget import check
from flows.extract.doctext import DocText
from flows.extract.numbers import trie_regex
from flows.model import Mention, Quote

MIN_SPEECH_WORDS = 4  # shorter quotes are scare quotes or titles unless a speech verb is adjacent
MAX_SPEAKER_WORDS = 10  # attribution phrases longer than this are clauses, not speakers
SPEECH_VERBS = (
    "said|says|say|stated|told|tells|added|adds|noted|declared|announced|"
    "explained|stressed|warned|claimed|insisted|argued|wrote|writes|asked|replied|responded|"
    "confirmed|emphasized|emphasised|underlined|remarked|concluded|commented|tweeted|"
    "saying|noting|adding|stating|telling|warning|insisting|declaring"
)
# Inverted attribution ('," said the minister') uses finite forms only: '," adding that ...'
# continues the previous clause and names no speaker.
INVERTED_VERBS = "|".join(v for v in SPEECH_VERBS.split("|") if not v.endswith("ing"))
PRONOUNS = frozenset("it he she they we i you this".split())
# One alternation per mark type; each inner part excludes its own closing mark and newlines,
# so a scan is linear. An unclosed mark runs to the end of the line (paragraph).
# Every branch starts with its literal mark (no look-behind), so `re` jumps from mark to mark.
QUOTE_RE = re.compile(
    r"“(?P<c>[^“”\n]+)(?:”|(?=\n|$))"
    r"|\"(?P<s>[^\"\n]+)(?:\"|(?=\n|$))"
    r"|‘(?P<q>[^‘\n]+?)’(?!\w)"
)
QUOTE_MARKS = ('"', "“", "‘")
_LABEL_BEFORE = re.compile(r"\b(?:as|so-called|called|dubbed|termed|marked|labelled|labeled)\s*$")
_VERB_AFTER = re.compile(
    rf"\s*[,.!?…—–-]?\s*(?:according\s+to\s+(?P<acc>[^,;:\"“”]+)"
    rf"|(?P<inv>{INVERTED_VERBS})\s+(?P<inv_np>[^,;:\"“”]+)"
    rf"|(?P<np>[^,;:\"“”]+?)\s+(?:has\s+|have\s+|had\s+|also\s+)?(?:{SPEECH_VERBS})\b"
    r"|read\s+(?:a|the)\s+statement\s+(?:by|from)\s+(?P<stmt>[^,;:\"“”]+))"
)
# A regex trie (literal-led branches) so the scan over a sentence jumps between candidates;
# the left word boundary is checked in Python.
_VERB_BEFORE = re.compile(trie_regex(SPEECH_VERBS.split("|")) + r"\b(?!\s+to\b)")
_ACCORDING = re.compile(r"[Aa]ccording\s+to\s+(?P<np>[^,;:\"“”]+)")
_INTRO_BEFORE = re.compile(rf"(?:(?:{SPEECH_VERBS})\b[^\"“”.]{{0,40}}|:)\s*$")
_CLAUSE_BREAK = re.compile(r"(?:[,;:()—–]|\b(?:and|but|while|as|that|which|who|when|where|after|because|with)\b)\s*")
# Words that end a speaker phrase that runs on after the name ("... ministry on Saturday").
_NP_STOP = re.compile(
    r"\s+(?:on|in|at|after|before|during|who|which|when|while|that|last|this|"
    r"earlier|later|recently|also|has|have|had)\b.*$", re.IGNORECASE | re.DOTALL
)


def extract_quotes(body: str, mentions: list[Mention], text: DocText | None = None) -> list[Quote]:
    """Quoted speech in `body` with the attributed speaker where the sentence names one.

    `text` is the document's shared sentence splits (`doctext.DocText` of `body`), made here if not given.
    """
    people = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start_char)
    p_starts = [m.start_char for m in people]
    out: list[Quote] = []
    if not any(mark in body for mark in QUOTE_MARKS):
        return out
    shared = DocText(body) if text is None else text
    previous: str | None = None
    previous_para = -2
    for m in QUOTE_RE.finditer(body):
        check()  # the time budget (flows/extract/budget.py)
        group = m.lastgroup or "c"
        if group == "q" and m.start() and body[m.start() - 1].isalnum():
            continue  # ‘ inside a word is an apostrophe
        s, e = m.span(group)
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        sent = (_sentence_of(shared, s)[0], _sentence_of(shared, m.end() - 1)[1])
        # A quote that is a whole sentence ('"We will respond."') is speech however short.
        whole = m.start() == sent[0] and body[e - 1] in ".!?…"
        if not whole and not _is_speech(body, m, body[s:e], max(sent[1], m.end())):
            continue
        para = body.rfind("\n", 0, s)
        speaker = _speaker(body, m, sent, people, p_starts)
        if speaker is not None and speaker.lower() in PRONOUNS:
            speaker = previous
        elif speaker is None and whole and para == previous_para:
            speaker = previous  # a follow-on quote sentence in the speaker's paragraph
        previous = speaker or previous
        previous_para = para
        out.append(Quote(body[s:e], s, e, speaker))
    return out


def _is_speech(body: str, m: re.Match[str], inner: str, sent_end: int) -> bool:
    if len(inner.split()) >= MIN_SPEECH_WORDS:
        return True
    if _INTRO_BEFORE.search(body, max(0, m.start() - 60), m.start()):
        return not _LABEL_BEFORE.search(body, max(0, m.start() - 20), m.start())
    if inner.rstrip()[-1:] in ",!?":
        v = _VERB_AFTER.match(body, m.end(), sent_end)
        return v is not None and len((v.group("np") or "").split()) <= MAX_SPEAKER_WORDS
    return False


def _sentence_of(text: DocText, pos: int) -> tuple[int, int]:
    """Sentence span holding `pos`; the shared splitter runs once per paragraph (line) per document."""
    ps, pe, spans = text.line_sentences(pos)
    if not spans:
        return ps, pe
    i = bisect.bisect_right(spans, (pos, len(text.body) + 1)) - 1
    return spans[max(i, 0)]


def _speaker(
    body: str, m: re.Match[str], sent: tuple[int, int], people: list[Mention], p_starts: list[int]
) -> str | None:
    """Speaker phrase for quote `m` in sentence `sent` (see module docstring for the order)."""
    s_start, s_end = sent
    span: tuple[int, int] | None = None
    v = _VERB_AFTER.match(body, m.end(), max(s_end, m.end()))
    if v:
        for g in ("acc", "inv_np", "np", "stmt"):
            if v.group(g) and len(v.group(g).split()) <= MAX_SPEAKER_WORDS:
                span = v.span(g)
                break
    if span is None:
        a = _ACCORDING.search(body, s_start, max(s_end, m.end()))
        if a:
            span = a.span("np")
    if span is None:
        span = _subject_before(body, s_start, m.start())
    if span is None:
        return None
    a_, b_ = _trim(body, span[0], span[1], s_end)
    if b_ <= a_:
        return None
    i = bisect.bisect_left(p_starts, a_)
    if i < len(people) and people[i].end_char <= b_:
        return people[i].text
    return body[a_:b_]


def _subject_before(body: str, s_start: int, q_start: int) -> tuple[int, int] | None:
    """Subject of the last speech verb between sentence start and the quote."""
    last = None
    for v in _VERB_BEFORE.finditer(body, s_start, q_start):
        if v.start() == 0 or not body[v.start() - 1].isalnum():
            last = v
    if last is None:
        return None
    start = s_start
    for c in _CLAUSE_BREAK.finditer(body, s_start, last.start()):
        start = c.end()
    if len(body[start:last.start()].split()) > MAX_SPEAKER_WORDS:
        return None
    return start, last.start()


def _trim(body: str, a: int, b: int, sent_end: int) -> tuple[int, int]:
    """Cut trailing adverbials ("... ministry on Saturday"), spaces, and the sentence's full stop."""
    stop = _NP_STOP.search(body, a, b)
    if stop and stop.start() > a:
        b = stop.start()
    while a < b and body[a].isspace():
        a += 1
    while b > a and body[b - 1] in " \t\n,":
        b -= 1
    if b == sent_end and b > a and body[b - 1] in ".!?":
        b -= 1
    return a, b
