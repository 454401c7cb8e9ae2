"""The one declaration of every table: Arrow schema, key, partitioning, column meanings.

The writer casts every batch to these schemas, the expectation suites in `expectations/`
are tested against them (column sets and id columns), and `docs/DATA_DICTIONARY.md` is
generated from them (`newsflow dictionary`). Change a table here and nowhere else.

Every table is Hive-partitioned by the document's landing date: `<table>/key=YYYY-MM-DD/`.
The partition column `key` lives in the path only (readers add it with
`hive_partitioning=true`), so it is not part of the file schemas below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

PARTITION_COLUMN = "key"
UTC_TS = pa.timestamp("us", tz="UTC")


def _f(name: str, typ: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, typ, nullable=nullable, metadata={"description": doc})


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    id_column: str        # unique, non-null row id
    doc: str              # one row per …
    sort_by: tuple[str, ...] = ()


_RUN = _f("run_id", pa.string(), "Id of the newsflow run that wrote the row.", False)
_DOC = _f("doc_id", pa.string(), "Stable id of the document: 16 hex of sha256(source_uri).", False)
_START = _f("start_char", pa.int32(), "Start offset (Python str index) into documents.body.", False)
_END = _f("end_char", pa.int32(), "End offset (exclusive); body[start_char:end_char] == text.", False)

DOCUMENTS = TableSpec(
    "documents",
    pa.schema([
        _DOC,
        _f("source_uri", pa.string(), "Input path relative to the source folder; for a JSONL record + '#id=<id>', '#url=<url>' or "
           "'#sha=<content hash>' (its key: never its line number).", False),
        _f("url", pa.string(), "Original URL when the input gives one (JSONL/HTML)."),
        _f("content_sha256", pa.string(), "sha256 of the document's raw bytes; a new value is a new version.", False),
        _f("format", pa.string(), "Input format: txt, html or jsonl.", False),
        _f("title", pa.string(), "Headline."),
        _f("standfirst", pa.string(), "Lead/summary paragraph set apart from the article, if any."),
        _f("authors", pa.list_(pa.string()), "Author names from bylines and author boxes.", False),
        _f("published_date", pa.date32(), "Publication date stated by the page; null when it does not say."),
        _f("title_source", pa.string(), "Evidence for title: jsonld, meta (<meta>/<title>/trafilatura on HTML), "
           "jsonl (the record's title field), headline_line (the page's headline line), first_line (the "
           "text's first line, the <title> element in naive page text; site name removed), html_text; "
           "null with title."),
        _f("authors_source", pa.string(), "Evidence for authors: jsonld, meta (author <meta>), jsonl (the "
           "record's author field), byline_line "
           "(a 'By NAME' or vouched name line by the headline), date_line ('... by NAME' on a date line); "
           "null when no person is credited (staff and desk credits give none)."),
        _f("date_source", pa.string(), "Evidence for published_date: jsonld, meta, time (<time datetime>), "
           "jsonl (the record's date field), "
           "date_line (a date line by the headline), url (the page date that the URL path's date picked "
           "among several); null with the date."),
        _f("dateline", pa.string(), "Dateline place, title case ('Erbil')."),
        _f("dateline_agency", pa.string(), "Agency/outlet named in the dateline ('Kurdistan24')."),
        _f("agencies", pa.list_(pa.string()), "News agencies credited outside the body (sign-off line).", False),
        _f("publisher", pa.string(), "Publishing outlet, when known."),
        _f("section", pa.string(), "Site section label ('News')."),
        _f("doc_type", pa.string(), "news, encyclopedia or other.", False),
        _f("language", pa.string(), "ISO 639-1 code of the body's language."),
        _f("body", pa.string(), "Cleaned article text: paragraphs joined by a blank line.", False),
        _f("n_words", pa.int32(), "Words in the body.", False),
        _f("n_paragraphs", pa.int32(), "Paragraphs in the body.", False),
        _f("n_lines", pa.int32(), "Raw lines in the input document.", False),
        _f("boilerplate_ratio", pa.float64(), "Share of non-blank raw characters dropped by cleaning.", False),
        _f("fetched_at", UTC_TS, "When the page was fetched (JSONL fetched_at), UTC."),
        _f("processed_at", UTC_TS, "When newsflow processed this version, UTC.", False),
        _RUN,
        _f("pipeline_version", pa.string(), "newsflow version that produced the row.", False),
        _f("duplicate_of", pa.string(), "doc_id of the first document the warehouse saw with the same body (exact: "
           "same text up to case and spacing) or nearly the same body (MinHash of 5-word shingles, estimated "
           "Jaccard >= 0.8, across runs and partitions); null for that first document and for unique ones. "
           "Nothing is dropped: filter on it."),
        _f("near_duplicate_score", pa.float64(), "Estimated Jaccard similarity of the body's shingles with "
           "duplicate_of's (1.0 for an exact copy); null with duplicate_of."),
    ]),
    "doc_id",
    "document version (the latest one of each input)",
)

LINES = TableSpec(
    "lines",
    pa.schema([
        _f("line_id", pa.string(), "doc_id:line_no.", False),
        _DOC,
        _f("line_no", pa.int32(), "1-based line number in the raw text.", False),
        _f("text", pa.string(), "The raw line as it was.", False),
        _f("label", pa.string(), "title, body, metadata, boilerplate or blank.", False),
        _f("reason", pa.string(), "Why a non-body line was dropped (reason code; see README)."),
        _f("kind", pa.string(), "For body lines: standfirst, heading, paragraph, list_item, code or table_row."),
        _RUN,
    ]),
    "line_id",
    "raw line",
)

PARAGRAPHS = TableSpec(
    "paragraphs",
    pa.schema([
        _f("paragraph_id", pa.string(), "doc_id:para_no.", False),
        _DOC,
        _f("para_no", pa.int32(), "1-based paragraph number in the body.", False),
        _f("kind", pa.string(), "standfirst, heading, paragraph, list_item, code or table_row.", False),
        _f("section", pa.string(), "Text of the nearest heading above."),
        _f("text", pa.string(), "Paragraph text (== body[start_char:end_char]).", False),
        _f("line_no", pa.int32(), "Raw line the paragraph came from.", False),
        _START,
        _END,
        _RUN,
    ]),
    "paragraph_id",
    "body paragraph",
)

MENTIONS = TableSpec(
    "mentions",
    pa.schema([
        _f("mention_id", pa.string(), "doc_id:m<n>.", False),
        _DOC,
        _f("kind", pa.string(), "country, person, organization, military_unit or place.", False),
        _f("text", pa.string(), "Mention as written.", False),
        _f("canonical", pa.string(), "One name per entity per document."),
        _f("code", pa.string(), "ISO 3166-1 alpha-3 for countries and places."),
        _f("role", pa.string(), "A person's role or title ('Prime Minister')."),
        _START,
        _END,
        _RUN,
    ]),
    "mention_id",
    "entity mention",
)

COUNTS = TableSpec(
    "counts",
    pa.schema([
        _f("count_id", pa.string(), "doc_id:c<n>.", False),
        _DOC,
        _f("number", pa.int64(), "How many people; null for vague quantities ('hundreds of troops')."),
        _f("total", pa.int64(), "The whole in part-of forms ('30 out of the 130 personnel' -> 130)."),
        _f("approximate", pa.bool_(), "A qualifier such as 'around' or 'at least' applies.", False),
        _f("qualifier", pa.string(), "The qualifier word(s)."),
        _f("vague", pa.bool_(), "A vague quantity without a number ('dozens').", False),
        _f("noun", pa.string(), "Noun phrase naming the people ('officers and enlisted soldiers'); for an elliptical "
           "count the noun the text implies ('wounded more than 80' -> people, 'drop to 25,000' -> troops).", False),
        _f("category", pa.string(), "military, security (police, guards), civilian, casualties, hostages, staff, "
           "armed_group (rebels, militants, guerrillas), jobs or other.", False),
        _f("actor_code", pa.string(), "ISO3 of the country the people belong to, where the text says."),
        _f("in_title", pa.bool_(), "Found in the headline: offsets index documents.title, not the body.", False),
        _f("text", pa.string(), "The count as written.", False),
        _START,
        _END,
        _RUN,
    ]),
    "count_id",
    "count of people",
)

DATES = TableSpec(
    "dates",
    pa.schema([
        _f("date_id", pa.string(), "doc_id:d<n>.", False),
        _DOC,
        _f("text", pa.string(), "The date as written ('December last year').", False),
        _f("value", pa.string(), "ISO value at its granularity: 2025-05-10, 2025-03, 2025 or 1970s."),
        _f("value_date", pa.date32(), "First day of the period, for sorting and range filters."),
        _f("granularity", pa.string(), "day, month, year or decade.", False),
        _f("relative", pa.bool_(), "Resolved against the publication date ('on Saturday').", False),
        _START,
        _END,
        _RUN,
    ]),
    "date_id",
    "date mention",
)

QUOTES = TableSpec(
    "quotes",
    pa.schema([
        _f("quote_id", pa.string(), "doc_id:q<n>.", False),
        _DOC,
        _f("text", pa.string(), "Quoted words without the quote marks.", False),
        _f("speaker", pa.string(), "Who the sentence attributes the quote to."),
        _START,
        _END,
        _RUN,
    ]),
    "quote_id",
    "quote",
)

EVENTS = TableSpec(
    "events",
    pa.schema([
        _f("event_id", pa.string(), "doc_id:e<n>.", False),
        _DOC,
        _f("event_type", pa.string(), "deployment, withdrawal, relocation, training, expulsion_demand or no_decision.", False),
        _f("status", pa.string(), "Where the move stands as told: done (done or under way), announced (announced or "
           "scheduled), demanded, considered (proposed, conditional, pending) or denied (denied, refused, ruled out).",
           False),
        _f("trigger", pa.string(), "Trigger word(s) ('repatriating').", False),
        _f("actor_code", pa.string(), "Who moves: ISO3 for a country, the organisation's short name (NATO, UN, AU) or "
           "the armed group's name; join on it with actor_kind."),
        _f("actor_kind", pa.string(), "country, organization or armed_group (null when actor_code is null)."),
        _f("ordered_by", pa.string(), "Person who ordered it, where stated."),
        _f("origin_code", pa.string(), "Country left: ISO3, or null when no country is stated (see origin_text)."),
        _f("origin_text", pa.string(), "The place left as the text names it ('Okinawa', 'the southern province')."),
        _f("destination_code", pa.string(), "Country entered: ISO3, or null when no country is stated (see destination_text)."),
        _f("destination_text", pa.string(), "The place entered as the text names it ('Vlore', 'neighboring countries')."),
        _f("size", pa.int64(), "How many people (from the linked count)."),
        _f("count_id", pa.string(), "Linked counts row."),
        _f("unit", pa.string(), "Military unit, where stated."),
        _f("unit_mention_id", pa.string(), "Linked mentions row of the unit."),
        _f("event_date", pa.date32(), "When: first day of the stated period (from the linked dates row)."),
        _f("event_date_granularity", pa.string(), "day, month, year or decade: how precise event_date is."),
        _f("date_id", pa.string(), "Linked dates row."),
        _f("temporary", pa.bool_(), "True when stated as temporary, False when stated as permanent."),
        _f("negated", pa.bool_(), "The text says it did not or will not happen, or it was denied or refused "
           "(status denied).", False),
        _f("hypothetical", pa.bool_(), "Demanded, proposed, considered or conditional (status demanded or considered); "
           "an announced or scheduled move is not.", False),
        _f("cameo_code", pa.string(), "Nearest CAMEO code, for joins with GDELT (done or announced moves only)."),
        _f("sentence", pa.string(), "Evidence sentence (== body[start_char:end_char]).", False),
        _START,
        _END,
        _f("n_evidence", pa.int32(), "Sentences in the document telling this same movement.", False),
        _f("confidence", pa.float64(), "Rule confidence in [0, 1].", False),
        _RUN,
        _f("story_id", pa.string(), "The stories row of the real-world movement this event tells (one story "
           "gathers the events of every document telling it)."),
    ]),
    "event_id",
    "troop movement",
)

STORIES = TableSpec(
    "stories",
    pa.schema([
        _f("story_id", pa.string(), "'s' + 16 hex of sha256(founding event_id): stable while the story has members.",
           False),
        _f("event_type", pa.string(), "Type shared by every member event.", False),
        _f("actor_code", pa.string(), "Actor shared by every member event (null: none stated; such events join only "
           "on an agreeing country)."),
        _f("actor_kind", pa.string(), "country, organization or armed_group."),
        _f("status", pa.string(), "The status told by the most members (ties: done, announced, considered, "
           "demanded, denied)."),
        _f("statuses", pa.list_(pa.string()), "Every status the members tell: a later denial stays visible.", False),
        _f("n_denied", pa.int32(), "Member events with status denied.", False),
        _f("origin_code", pa.string(), "Country left, as most members state it (members never disagree: they "
           "state the same code or none)."),
        _f("destination_code", pa.string(), "Country entered, as most members state it."),
        _f("size", pa.int64(), "Best-supported size: the reported size most other reported sizes agree with "
           "(within 25%), then the most often told."),
        _f("size_min", pa.int64(), "Smallest size reported by a member."),
        _f("size_max", pa.int64(), "Largest size reported by a member."),
        _f("n_sizes", pa.int32(), "Distinct sizes reported (> 1: the reports differ; see size_min/size_max).",
           False),
        _f("event_date", pa.date32(), "Earliest event date a member states (first day of its period)."),
        _f("event_date_granularity", pa.string(), "Granularity of event_date."),
        _f("first_reported", pa.date32(), "Earliest report: a member document's published_date, else its landing "
           "date.", False),
        _f("last_reported", pa.date32(), "Latest report (same rule).", False),
        _f("n_events", pa.int32(), "Member events (rows of events with this story_id).", False),
        _f("n_documents", pa.int32(), "Distinct documents of the member events.", False),
        _f("n_sources", pa.int32(), "Distinct publishers of those documents (publisher, else URL host; a "
           "document with neither counts as its own source).", False),
        _f("event_ids", pa.list_(pa.string()), "Member event ids, earliest reported first.", False),
        _f("doc_ids", pa.list_(pa.string()), "Member document ids, sorted.", False),
        _f("run_id", pa.string(), "Id of the newsflow run that last changed the story.", False),
    ]),
    "story_id",
    "real-world troop movement told by one or more documents (partition: the founding event's document's)",
)

REJECTS = TableSpec(
    "rejects",
    pa.schema([
        _f("reject_id", pa.string(), "Unique id of the reject row.", False),
        _f("source_uri", pa.string(), "Input that was rejected (or whose row was).", False),
        _f("stage", pa.string(), "read, clean, extract, validate or write.", False),
        _f("reason_code", pa.string(), "Machine-readable reason (empty_file, binary_file, undecodable, ...).", False),
        _f("message", pa.string(), "Human-readable detail.", False),
        _f("content_sha256", pa.string(), "sha256 of the rejected bytes, when known."),
        _f("table_name", pa.string(), "For validation rejects: the table of the failing row."),
        _f("expectation", pa.string(), "For validation rejects: the expectation that failed."),
        _f("row_key", pa.string(), "For validation rejects: id of the failing row."),
        _f("row_json", pa.string(), "For validation rejects: the quarantined row, as JSON (nothing lost)."),
        _RUN,
        _f("rejected_at", UTC_TS, "When, UTC.", False),
    ]),
    "reject_id",
    "rejected input or row",
)

_KV = pa.struct([pa.field("name", pa.string()), pa.field("value", pa.int64())])

RUNS = TableSpec(
    "runs",
    pa.schema([
        _RUN,
        _f("mode", pa.string(), "scheduled, manual or backfill.", False),
        _f("flow_run_id", pa.string(), "Prefect flow run id."),
        _f("source", pa.string(), "Source folder.", False),
        _f("since", pa.date32(), "Backfill: first landing date."),
        _f("until", pa.date32(), "Backfill: last landing date."),
        _f("dry_run", pa.bool_(), "Backfill dry run: nothing written but this row.", False),
        _f("started_at", UTC_TS, "Start, UTC.", False),
        _f("finished_at", UTC_TS, "End, UTC.", False),
        _f("docs_seen", pa.int64(), "Documents found in the selection.", False),
        _f("docs_new", pa.int64(), "New documents written.", False),
        _f("docs_changed", pa.int64(), "Changed documents rewritten.", False),
        _f("docs_unchanged", pa.int64(), "Documents skipped as unchanged.", False),
        _f("docs_rejected", pa.int64(), "Documents that ended in rejects.", False),
        _f("docs_written", pa.int64(), "docs_new + docs_changed (+ backfilled).", False),
        _f("docs_deleted", pa.int64(), "Known documents whose input is gone, counted by the first run that "
           "finds it gone (rows of whole files kept; of records gone from a file, and of moved files, dropped).",
           False),
        _f("docs_rejected_now", pa.int64(), "Documents written before that are rejects now (their rows dropped).",
           False),
        _f("rows", pa.list_(_KV), "Rows written per table.", False),
        _f("field_errors", pa.list_(_KV), "Per-field extraction failures and timeouts (extract_timeout): field "
           "nulled, doc kept.", False),
        _f("repairs", pa.list_(_KV), "What reading fixed instead of rejecting (nul_bytes_stripped, "
           "lone_surrogates_replaced).", False),
        _f("rows_quarantined", pa.int64(), "Rows that failed an expectation and went to rejects.", False),
        _f("validation_success", pa.bool_(), "Every batch passed its table-level expectations.", False),
        _f("pipeline_version", pa.string(), "newsflow version.", False),
    ]),
    "run_id",
    "flow run",
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (DOCUMENTS, LINES, PARAGRAPHS, MENTIONS, COUNTS, DATES, QUOTES, EVENTS, STORIES, REJECTS, RUNS)
}
# Tables whose rows belong to a document (replaced when the document is reprocessed).
DOC_TABLES = ("documents", "lines", "paragraphs", "mentions", "counts", "dates", "quotes", "events")
# Tables whose rows are replaced by their id when a run writes them again (not per document).
KEYED_TABLES = {"stories": "story_id"}


def description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


def data_dictionary_markdown() -> str:
    """The data dictionary, generated from the schemas (docs/DATA_DICTIONARY.md)."""
    out = [
        "# Data dictionary",
        "",
        "Generated from `flows/store/schemas.py` by `newsflow dictionary`; a test keeps it in sync.",
        f"Every table is Hive-partitioned by `{PARTITION_COLUMN}=YYYY-MM-DD` (the document's landing date;",
        "for `runs`, the run's start date). Read with",
        "`read_parquet('warehouse/<table>/**/*.parquet', hive_partitioning=true)`.",
        "",
    ]
    for spec in TABLES.values():
        out += [f"## {spec.name}", "", f"One row per {spec.doc}. Id column: `{spec.id_column}`.", "",
                "| column | type | null | meaning |", "|---|---|---|---|"]
        for fld in spec.schema:
            out.append(f"| `{fld.name}` | `{fld.type}` | {'yes' if fld.nullable else 'no'} | {description(fld)} |")
        out.append("")
    return "\n".join(out)
