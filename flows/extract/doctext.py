"""One document's body as the extractors read it, with its sentence spans split once and shared.

Counts, quotes and events each need "the sentence around this position", and each used to run
the splitter (`sentences.split_sentences`) on the paragraph or line it was looking at, so a
paragraph holding a quote, a count and a trigger was split three times. `extract_all` builds
one `DocText` per document and hands it to every extractor that reads sentences; a range is
split on first use and the spans are kept, so each range costs one split per document.

The split stays lazy and per range on purpose: events split only the paragraphs holding a
trigger (and the one before), quotes only the lines holding a quote, so a document without
either never pays for a whole-body split. A range is keyed by its exact (start, end), so each
extractor gets exactly the spans it computed on its own before (quotes split lines, events
paragraphs: the same spans wherever a paragraph is one line, which is how the cleaner joins them).
"""

from __future__ import annotations

from flows.extract.sentences import split_sentences

Span = tuple[int, int]


class DocText:
    """The cleaned body and its sentence spans by range, filled in on first use."""

    __slots__ = ("body", "_low", "_spans")

    def __init__(self, body: str) -> None:
        self.body = body
        self._low: str | None = None
        self._spans: dict[Span, list[Span]] = {}

    def sentences(self, start: int, end: int) -> list[Span]:
        """Sentence spans of `body[start:end]` in body offsets (`split_sentences` on that slice).

        The list is shared with later callers: read it, do not change it.
        """
        spans = self._spans.get((start, end))
        if spans is None:
            spans = [(start + a, start + b) for a, b in split_sentences(self.body[start:end])]
            self._spans[(start, end)] = spans
        return spans

    def line_sentences(self, pos: int) -> tuple[int, int, list[Span]]:
        """(start, end, sentence spans) of the line (text between newlines) holding `pos`."""
        body = self.body
        start = body.rfind("\n", 0, pos) + 1
        end = body.find("\n", pos)
        if end == -1:
            end = len(body)
        return start, end, self.sentences(start, end)

    @property
    def low(self) -> str:
        """The body lower-cased with its offsets kept (see `lower_same_offsets`), made once."""
        if self._low is None:
            self._low = lower_same_offsets(self.body)
        return self._low


def lower_same_offsets(text: str) -> str:
    """`text.lower()`, except that a character lowering to two ("İ") is kept, so offsets align."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low
