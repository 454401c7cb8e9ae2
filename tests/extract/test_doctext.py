"""The shared per-document text: its sentence spans are the splitter's, split once per range,
and handing one `DocText` to every extractor changes nothing in what they find."""

from __future__ import annotations

from flows.extract import extract_all
from flows.extract.counts import extract_counts
from flows.extract.doctext import DocText, lower_same_offsets
from flows.extract.entities import extract_mentions
from flows.extract.events import extract_events
from flows.extract.quotes import extract_quotes
from flows.extract.sentences import split_sentences
from flows.model import DocMeta
from tests.goldutil import gold_cleaned, gold_docs

BODY = ('Iraq recalled 500 soldiers from Pakistan. "We will bring them home," the ministry said.\n\n'
        'Lt. Gen. Smith said the U.S. would not follow.\nA second line? Yes.')


def test_sentences_are_the_splitter_spans_in_body_offsets() -> None:
    text = DocText(BODY)
    for start, end in [(0, len(BODY)), (0, BODY.index("\n\n")), (BODY.index("Lt."), BODY.rindex("\n"))]:
        want = [(start + a, start + b) for a, b in split_sentences(BODY[start:end])]
        assert text.sentences(start, end) == want


def test_a_range_is_split_once() -> None:
    text = DocText(BODY)
    assert text.sentences(0, 40) is text.sentences(0, 40)


def test_line_sentences_cover_the_line_holding_the_position() -> None:
    text = DocText(BODY)
    pos = BODY.index("second")
    start, end, spans = text.line_sentences(pos)
    assert BODY[start:end] == "A second line? Yes."
    assert [BODY[a:b] for a, b in spans] == ["A second line?", "Yes."]
    assert text.line_sentences(BODY.index("\n\n") + 1)[2] == []  # the blank line between paragraphs


def test_low_keeps_offsets() -> None:
    assert DocText("İstanbul TROOPS").low == lower_same_offsets("İstanbul TROOPS") == "İstanbul troops"


def test_shared_text_changes_no_extractor_output() -> None:
    for d in gold_docs():
        body = gold_cleaned(d["file"]).body
        meta = DocMeta()
        mentions = extract_mentions(body, meta)
        shared = DocText(body)
        counts = extract_counts(body, mentions)
        assert extract_counts(body, mentions, shared) == counts
        assert extract_quotes(body, mentions, shared) == extract_quotes(body, mentions)
        assert extract_events(body, meta, mentions, counts, [], text=shared) == extract_events(
            body, meta, mentions, counts, [])


def test_title_counts_only_where_the_title_holds_a_number() -> None:
    from datetime import date

    from flows.clean.cleaner import clean_text
    from flows.model import RawDocument

    def title_counts(title: str) -> list[str]:
        text = title + "\n\nNATO said on Monday that 300 troops would leave Iraq."
        ex = extract_all(RawDocument("t", "", text, "txt", date(2026, 1, 1)), clean_text(text))
        return [c.text for c in ex.counts if c.in_title]

    assert title_counts("NATO pulls troops out of Iraq") == []
    assert title_counts("Iraq recalls 500 soldiers from Pakistan") == ["500 soldiers"]
