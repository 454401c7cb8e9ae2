"""Document metadata: gold fields on the seeds plus our own bylines, dates and datelines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from flows.clean.assemble import assemble
from flows.extract.metadata import extract_metadata, find_dateline, parse_date, signoff_agencies
from flows.model import (
    LABEL_BLANK,
    LABEL_BODY,
    LABEL_BOILERPLATE,
    LABEL_METADATA,
    LABEL_TITLE,
    CleanedDoc,
    Line,
    RawDocument,
)
from tests.goldutil import gold_cleaned, gold_docs

SEED_FILES = [d["file"] for d in gold_docs()]


def _raw(fmt: str = "txt", url: str | None = None, fetched_at: datetime | None = None,
         html_meta: dict | None = None, title_hint: str | None = None) -> RawDocument:
    return RawDocument(source_uri="x", content_sha256="0" * 64, text="", fmt=fmt,
                       partition_date=date(2025, 11, 1), url=url, fetched_at=fetched_at,
                       html_meta=html_meta or {}, title_hint=title_hint)


def _doc(*rows: tuple[str, str, str | None]) -> CleanedDoc:
    """rows: (label, text, reason); blank lines are added between rows."""
    lines: list[Line] = []
    for label, text, reason in rows:
        lines.append(Line(len(lines) + 1, text, label, reason))
        lines.append(Line(len(lines) + 1, "", LABEL_BLANK))
    return assemble(lines)


PROSE = ("The ministry said the soldiers would return home within a week, and that the decision "
         "had been taken after talks with the host government about their safety at the base.")


@pytest.mark.parametrize("file", SEED_FILES)
def test_seed_fields_match_gold(file: str) -> None:
    gold = next(d for d in gold_docs() if d["file"] == file)["fields"]
    meta = extract_metadata(_raw(), gold_cleaned(file))
    for key, want in gold.items():
        got = getattr(meta, key)
        if isinstance(got, date):
            got = got.isoformat()
        assert got == want, f"{file}: {key} = {got!r}, gold {want!r}"


def test_seed_signoff_agencies_are_listed() -> None:
    assert signoff_agencies(gold_cleaned("003_60a27b4003576553.txt")) == ["dpa", "Reuters", "AFP"]


@pytest.mark.parametrize(("opening", "place", "agency"), [
    ("WASHINGTON (Reuters) - The Pentagon said on Friday it would send more troops.", "Washington", "Reuters"),
    ("KYIV, Ukraine — Ukrainian forces pushed back Russian units near the border.", "Kyiv", None),
    ("ABU DHABI: The UAE announced a new defence pact with France on Monday.", "Abu Dhabi", None),
    ("NEW YORK, May 3 (AP) -- Diplomats met behind closed doors at the UN.", "New York", "AP"),
    ("Kabul (Pajhwok) – Afghan officials confirmed the talks had resumed.", "Kabul", "Pajhwok"),
    ("UPDATE: The ministry corrected an earlier statement about the convoy.", None, None),
    ("NATO - the alliance said it would keep its advisers in the country.", None, None),
    ("GAZA CITY — Residents fled south as the strikes continued.", "Gaza City", None),
    ("Troops from Chad arrived in the north of the country on Sunday.", None, None),
])
def test_dateline_variants(opening: str, place: str | None, agency: str | None) -> None:
    doc = _doc((LABEL_TITLE, "A headline", "title"), (LABEL_BODY, opening, None))
    assert find_dateline(doc) == (place, agency)


@pytest.mark.parametrize(("text", "want"), [
    ("Nov 18, 2019 11:03 PM", date(2019, 11, 18)),
    ("Published 2024-03-02T08:00:00Z", date(2024, 3, 2)),
    ("Updated: 3 June 2023", date(2023, 6, 3)),
    ("Tue Feb 4 2025", date(2025, 2, 4)),
    ("Sept. 21, 2022 • 4 min read", date(2022, 9, 21)),
    ("3 min read", None),
    ("February 30, 2024", None),
])
def test_parse_date_formats(text: str, want: date | None) -> None:
    assert parse_date(text) == want


def test_published_date_comes_from_metadata_lines_and_never_the_future() -> None:
    doc = _doc((LABEL_TITLE, "Danish frigate joins Red Sea mission", "title"),
               (LABEL_METADATA, "March 4, 2031", "date_line"),
               (LABEL_METADATA, "Posted on 12 January 2024", "byline"),
               (LABEL_BODY, "On 1 February 2024 the frigate left Copenhagen. " + PROSE, None))
    fetched = datetime(2024, 1, 20, tzinfo=UTC)
    assert extract_metadata(_raw(fetched_at=fetched), doc).published_date == date(2024, 1, 12)


def test_body_dates_are_not_publication_dates() -> None:
    doc = _doc((LABEL_TITLE, "Dutch troops end Mali mission", "title"),
               (LABEL_BODY, "On 10 February 2023 the last Dutch soldiers left Gao. " + PROSE, None))
    assert extract_metadata(_raw(), doc).published_date is None


def test_authors_from_the_first_byline_not_author_boxes_or_other_bylines() -> None:
    doc = _doc((LABEL_TITLE, "Polish brigade moves east", "title"),
               (LABEL_METADATA, "By Anna Kowalska and Tomasz Nowak | 5 min read", "byline"),
               (LABEL_METADATA, "Share", "byline"),
               (LABEL_METADATA, "Profile picture of Anna Kowalska", "author_box"),
               (LABEL_METADATA, "Author Piotr van der Berg", "author_box"),
               (LABEL_BODY, PROSE, None))
    meta = extract_metadata(_raw(), doc)
    assert meta.authors == ["Anna Kowalska", "Tomasz Nowak"]
    assert meta.authors_source == "byline_line"


def test_structured_html_authors_come_before_the_text_byline() -> None:
    doc = _doc((LABEL_TITLE, "Polish brigade moves east", "title"),
               (LABEL_METADATA, "By Anna Kowalska", "byline"),
               (LABEL_BODY, PROSE, None))
    meta = extract_metadata(_raw(fmt="html", html_meta={"author": "Maria Lopez; Tomasz Nowak"}), doc)
    assert meta.authors == ["Maria Lopez", "Tomasz Nowak"]
    assert meta.authors_source == "meta"
    meta = extract_metadata(_raw(fmt="html", html_meta={"jsonld_author": ["Ewa Zielinska"],
                                                        "author": "Maria Lopez"}), doc)
    assert (meta.authors, meta.authors_source) == (["Ewa Zielinska"], "jsonld")


def test_html_metadata_date_and_url_publisher() -> None:
    doc = _doc((LABEL_TITLE, "Japan sends destroyer to the Philippines", "title"), (LABEL_BODY, PROSE, None))
    raw = _raw(fmt="html", url="https://www.bbc.co.uk/news/world-123", html_meta={"date": "2025-02-14"})
    meta = extract_metadata(raw, doc)
    assert meta.published_date == date(2025, 2, 14)
    assert meta.publisher == "BBC"
    assert meta.doc_type == "news"
    unknown = extract_metadata(_raw(fmt="jsonl", url="https://news.example-times.com.au/a/1"), doc)
    assert unknown.publisher == "example-times.com.au"


def test_publisher_from_recurring_furniture_brand() -> None:
    doc = _doc((LABEL_BOILERPLATE, "Skip to EuroWire homepage", "skip_link"),
               (LABEL_TITLE, "Greek troops reinforce Evros border", "title"),
               (LABEL_BODY, PROSE, None),
               (LABEL_BOILERPLATE, "More from EuroWire", "related_stories"),
               (LABEL_BOILERPLATE, "Follow us on X", "share_widget"))
    assert extract_metadata(_raw(), doc).publisher == "EuroWire"


def test_wire_agency_in_dateline_does_not_override_the_site() -> None:
    doc = _doc((LABEL_TITLE, "US to keep troops in Syria", "title"),
               (LABEL_BODY, "WASHINGTON (Reuters) - " + PROSE, None))
    raw = _raw(fmt="html", url="https://www.aljazeera.com/news/2025/1/1/x")
    assert extract_metadata(raw, doc).publisher == "Al Jazeera"
    assert extract_metadata(_raw(), doc).publisher == "Reuters"


def test_doc_type_other_without_news_or_wiki_signals() -> None:
    doc = _doc((LABEL_TITLE, "About the project", "title"), (LABEL_BODY, PROSE, None))
    meta = extract_metadata(_raw(title_hint="x"), doc)
    assert meta.doc_type == "other"
    assert meta.language == "en"
    assert meta.n_paragraphs == 1 and meta.n_words == len(PROSE.split())


def test_language_of_non_english_body() -> None:
    text = ("Die Bundeswehr zieht einen Teil ihrer Soldaten aus dem Irak ab. Das teilte das "
            "Verteidigungsministerium am Dienstag in Berlin mit. Die Soldaten werden nach "
            "Jordanien und Kuwait verlegt, hieß es aus Regierungskreisen.")
    doc = _doc((LABEL_TITLE, "Bundeswehr verlegt Soldaten", "title"), (LABEL_BODY, text, None))
    assert extract_metadata(_raw(), doc).language == "de"


def test_furniture_brand_ties_break_by_first_line_and_count_once_per_line() -> None:
    doc = _doc((LABEL_BOILERPLATE, "Skip to ZetaWire homepage", "skip_link"),
               (LABEL_BOILERPLATE, "KXN KXN KXN live", "navigation"),  # three times on one line: counts once
               (LABEL_BOILERPLATE, "AlphaPost newsletter", "newsletter_prompt"),
               (LABEL_TITLE, "Greek troops reinforce Evros border", "title"),
               (LABEL_BODY, PROSE, None),
               (LABEL_BOILERPLATE, "More from AlphaPost and ZetaWire", "related_stories"))
    for _ in range(3):  # the same answer every run (no set order involved)
        assert extract_metadata(_raw(), doc).publisher == "ZetaWire"
    doc.lines.append(Line(len(doc.lines) + 1, "Read KXN's privacy policy", LABEL_BOILERPLATE, "footer"))
    assert extract_metadata(_raw(), doc).publisher == "ZetaWire"  # a three-way tie at two lines each
    doc.lines.append(Line(len(doc.lines) + 1, "About KXN's editors", LABEL_BOILERPLATE, "footer"))
    assert extract_metadata(_raw(), doc).publisher == "KXN"
