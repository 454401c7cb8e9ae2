"""Plain data passed between the stages.

Every stage of newsflow is a plain function over these dataclasses, so each can be
tested on a handful of rows without Prefect, Great Expectations or a warehouse. The
record builder (`flows/store/records.py`) turns them into Arrow rows of the tables declared
in `flows/store/schemas.py`.

Offsets (`start_char`, `end_char`) are always Python string indices into the
document's cleaned body (`CleanedDoc.body`), end exclusive, so that
`body[start_char:end_char] == text` for every extracted row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# --- line labels and reasons (shared by clean, metadata extraction and the lines table)

LABEL_TITLE = "title"
LABEL_BODY = "body"
LABEL_METADATA = "metadata"
LABEL_BOILERPLATE = "boilerplate"
LABEL_BLANK = "blank"
LINE_LABELS = (LABEL_TITLE, LABEL_BODY, LABEL_METADATA, LABEL_BOILERPLATE, LABEL_BLANK)

# The cleaner's precision/recall knob (`clean_text(favor=...)`, `newsflow ... --favor`).
CLEAN_FAVORS = ("balanced", "precision", "recall")

# Paragraph kinds of body lines.
PARAGRAPH_KINDS = ("standfirst", "heading", "paragraph", "list_item", "code", "table_row")

# Reason codes for non-body lines. Metadata reasons are lines that carry facts about the
# document (they feed `flows/extract/metadata.py`); boilerplate reasons are page furniture.
METADATA_REASONS = (
    "byline",          # "By Kamaran Aziz", a lone author name next to the date
    "date_line",       # "January 7, 2020", "Thu Sep 11 2025"
    "reading_time",    # "May. 10, 2025 • 2 min read" (a date line with reading time is date_line)
    "author_box",      # "Author Gashtyar Akram", "Profile picture of ..."
    "section_label",   # "News", "World", a lone section name above the title
    "agency_signoff",  # "rs/msh (dpa, Reuters, AFP)", "(Reporting by ...; editing by ...)"
)
BOILERPLATE_REASONS = (
    "skip_link",         # "Skip to content", "Skip next section ..."
    "navigation",        # menus, "Go to homepage", runs of short link-like lines, breadcrumbs
    "share_widget",      # "icon-facebook icon-twitter", "Share", "Follow us on ..."
    "advertisement",     # "Advertisement", "Sponsored", "Fly Erbil Advertisment"
    "image_caption",     # captions and alt texts ("Image of ...", "(Photo: AP)")
    "photo_credit",      # "Image: picture-alliance/dpa", "Photo: Reuters"
    "author_bio",        # "X is an Erbil-based journalist covering ..."
    "newsletter_prompt", # newsletter / subscribe / sign-up prompts
    "cookie_consent",    # cookie and consent banners
    "related_stories",   # "Related", "More stories", "Top story" and their teaser headlines
    "tags",              # "Tags: ...", topic lists
    "comments",          # comment sections and prompts
    "footer",            # copyright, legal, contact lines
    "infobox",           # wiki infobox lines
    "see_also",          # wiki "See also", "References", "External links" lists
    "duplicate_line",    # the same line earlier in the document (a repeated caption)
    "site_boilerplate",  # a line that recurs across many documents of the same source
    "title_repeat",      # the <title> element / page title line above the headline
    "short_fragment",    # a short line that is not part of any body run
    "low_content",       # link-like or non-prose line with no other specific reason
    "comment_policy",    # "Comments are moderated ...", "Your email address will not be published"
    "disclosure",        # "Disclosure: ...", affiliate-link and sponsorship notices
    "license",           # "Licensed under Creative Commons ...", "Some rights reserved"
    "widget",            # gallery, poll and rating counters: "23 Photos", "View the Full Gallery »", "5 votes"
)
LINE_REASONS = METADATA_REASONS + BOILERPLATE_REASONS + ("title",)

MENTION_KINDS = ("country", "person", "organization", "military_unit", "place")
COUNT_CATEGORIES = ("military", "security", "civilian", "casualties", "hostages", "staff", "other", "armed_group", "jobs")
DATE_GRANULARITIES = ("day", "month", "year", "decade")
DOC_TYPES = ("news", "encyclopedia", "other")
# Provenance of the metadata fields (documents.title_source / authors_source / date_source):
# structured HTML metadata (JSON-LD, <meta> tags incl. OpenGraph and article:*, <time>),
# the JSONL record's own field, the page's lines (headline line; the first line, which is the
# <title> element in naive page text, site name removed; byline line; a name after
# "by" on a date line; a date line near the headline), the URL path, or trafilatura's
# reading of an HTML page's text (html_text).
TITLE_SOURCES = ("jsonld", "meta", "jsonl", "headline_line", "first_line", "html_text")
AUTHORS_SOURCES = ("jsonld", "meta", "jsonl", "byline_line", "date_line")
DATE_SOURCES = ("jsonld", "meta", "time", "jsonl", "date_line", "url")
EVENT_TYPES = ("deployment", "withdrawal", "relocation", "training", "expulsion_demand", "no_decision")
# Where a movement stands as the text tells it (events.status): done or under way; announced or
# scheduled; demanded (by someone other than the mover); considered (proposed, conditional,
# pending); denied (denied, refused, ruled out, did not happen).
EVENT_STATUSES = ("done", "announced", "demanded", "considered", "denied")
# Who moves (events.actor_kind): a state, an intergovernmental organisation, a non-state armed group.
ACTOR_KINDS = ("country", "organization", "armed_group")


# --- read -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One decoded input document (a .txt/.html file or one JSONL line)."""

    source_uri: str              # path of the file, plus "#id=…", "#url=…" or "#sha=…" for JSONL records
    content_sha256: str          # sha256 of the raw bytes of this document
    text: str                    # decoded text; for HTML the text trafilatura extracted
    fmt: str                     # "txt" | "html" | "jsonl"
    partition_date: date         # landing date (see flows/read/inputs.py)
    url: str | None = None
    fetched_at: datetime | None = None
    title_hint: str | None = None  # title given by JSONL or HTML metadata
    # Structured metadata of the input: trafilatura's (title, author, date, sitename…) and the
    # markup's (jsonld_*, og_title, meta_*, time_date) for HTML; jsonl_author / jsonl_date for
    # a JSONL record's own fields (flows/read/html_meta.py).
    html_meta: dict[str, Any] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)    # what reading fixed (nul_bytes_stripped: 3)


@dataclass(frozen=True, slots=True)
class Reject:
    """Something that could not be processed; becomes a row of the rejects table."""

    source_uri: str
    stage: str          # read | clean | extract | validate | write
    reason_code: str    # e.g. empty_file, binary_file, undecodable, malformed_jsonl, vanished
    message: str
    content_sha256: str | None = None
    partition_date: date | None = None
    table: str | None = None        # for row-level validation rejects
    expectation: str | None = None  # the expectation that failed
    row_key: str | None = None      # id of the offending row


# --- clean ------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One raw line with the cleaner's decision."""

    line_no: int              # 1-based position in the raw text split on "\n"
    text: str                 # the raw line, unchanged
    label: str                # one of LINE_LABELS
    reason: str | None = None  # one of LINE_REASONS for non-body, non-blank lines
    kind: str | None = None    # for body lines: one of PARAGRAPH_KINDS


@dataclass(slots=True)
class Paragraph:
    """One body paragraph; body[start_char:end_char] == text."""

    para_no: int
    kind: str                 # one of PARAGRAPH_KINDS
    text: str
    start_char: int
    end_char: int
    line_no: int              # the raw line it came from
    section: str | None = None  # text of the nearest heading above, if any


@dataclass(slots=True)
class CleanedDoc:
    """The cleaner's output: the article body and why every other line was dropped."""

    title: str | None
    body: str                 # paragraphs joined by "\n\n"
    lines: list[Line]
    paragraphs: list[Paragraph]

    @property
    def boilerplate_ratio(self) -> float:
        """Share of non-blank raw characters that did not make it into the body or title."""
        total = sum(len(x.text.strip()) for x in self.lines if x.label != LABEL_BLANK)
        kept = sum(len(x.text.strip()) for x in self.lines if x.label in (LABEL_BODY, LABEL_TITLE))
        return 0.0 if total == 0 else round(1.0 - kept / total, 6)


# --- extract ----------------------------------------------------------------------------


@dataclass(slots=True)
class DocMeta:
    title: str | None = None
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    published_date: date | None = None
    # Which evidence gave title, authors and date (one of TITLE_SOURCES / AUTHORS_SOURCES /
    # DATE_SOURCES; None when the field is None/empty), so users can filter and audit.
    title_source: str | None = None
    authors_source: str | None = None
    date_source: str | None = None
    dateline: str | None = None         # place, title case ("Erbil")
    dateline_agency: str | None = None  # "Kurdistan24" in "ERBIL (Kurdistan24) —"
    agencies: list[str] = field(default_factory=list)  # credited outside the body: "(dpa, Reuters, AFP)"
    publisher: str | None = None
    section: str | None = None
    doc_type: str = "other"             # one of DOC_TYPES
    language: str | None = None         # ISO 639-1
    n_words: int = 0
    n_paragraphs: int = 0


@dataclass(slots=True)
class Mention:
    kind: str                 # one of MENTION_KINDS
    text: str                 # body[start_char:end_char]
    start_char: int
    end_char: int
    canonical: str | None = None  # one name per entity per document
    code: str | None = None       # ISO 3166-1 alpha-3 for countries
    role: str | None = None       # person's role or title ("Prime Minister")


@dataclass(slots=True)
class CountMention:
    text: str                 # body[start_char:end_char], e.g. "around 500 troops"
    start_char: int
    end_char: int
    number: int | None        # None for vague quantities ("hundreds of troops")
    noun: str                 # "troops", "officers and enlisted soldiers"
    category: str             # one of COUNT_CATEGORIES
    total: int | None = None  # 130 in "30 out of the 130 personnel"
    approximate: bool = False
    qualifier: str | None = None  # "around", "at least", ...
    vague: bool = False
    actor_code: str | None = None  # ISO3 of the country the people belong to
    in_title: bool = False    # found in the headline: offsets index DocMeta.title, not the body


@dataclass(slots=True)
class DateMention:
    text: str
    start_char: int
    end_char: int
    value: str | None         # ISO prefix by granularity: "2025-05-10", "2025-03", "2025", "1970s"
    granularity: str          # one of DATE_GRANULARITIES
    relative: bool = False    # resolved against the publication date

    @property
    def value_date(self) -> date | None:
        """First day of the period, for a date32 column (decades: first year)."""
        if not self.value:
            return None
        v = self.value.rstrip("s")
        parts = [int(p) for p in v.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(parts[0], parts[1], parts[2])


@dataclass(slots=True)
class Quote:
    text: str                 # the quoted words without the quote marks
    start_char: int
    end_char: int
    speaker: str | None = None


@dataclass(slots=True)
class Event:
    event_type: str           # one of EVENT_TYPES
    trigger: str
    sentence: str             # body[start_char:end_char]
    start_char: int
    end_char: int
    confidence: float
    actor_code: str | None = None      # ISO3 or organisation name (NATO)
    ordered_by: str | None = None
    origin_code: str | None = None
    destination: str | None = None     # ISO3 or place text
    size: int | None = None
    count_index: int | None = None     # index into Extraction.counts
    unit: str | None = None
    unit_index: int | None = None      # index into Extraction.mentions
    date_value: str | None = None
    date_index: int | None = None      # index into Extraction.dates
    temporary: bool | None = None
    negated: bool = False
    hypothetical: bool = False
    cameo_code: str | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)  # other sentences telling it
    status: str = "done"               # one of EVENT_STATUSES
    actor_kind: str | None = None      # one of ACTOR_KINDS (None without an actor)
    origin_text: str | None = None     # the place left, as written ("Okinawa")
    destination_text: str | None = None  # the place entered, as written ("the port of Vlore")


@dataclass(slots=True)
class Extraction:
    meta: DocMeta
    mentions: list[Mention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    field_errors: dict[str, int] = field(default_factory=dict)  # per-field parse failures
