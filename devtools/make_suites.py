"""Regenerate expectations/*.json from the schemas and the vocabularies in flows/model.py.

The JSON files are what runs load (edit them by hand for one-off tweaks); this script is how
they were made, so that a new column or a new allowed value lands in every suite the same way.
Usage: .venv/bin/python -m devtools.make_suites
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from flows import model as M  # noqa: E402
from flows.store.schemas import TABLES  # noqa: E402

STOP = {"on_failure": "stop"}
Q = {"on_failure": "quarantine"}


def e(t, meta=Q, **kw):
    return {"type": t, "kwargs": kw, "meta": meta}


SPAN = {"paragraphs", "mentions", "counts", "dates", "quotes", "events"}


def common(name, spec):
    cols = [f.name for f in spec.schema]
    if name in SPAN:
        cols.append("_span_ok")
    if name == "events":
        cols.append("_links_ok")
    if name == "stories":
        cols.append("_members_ok")
    out=[e("expect_table_columns_to_match_set", STOP, column_set=cols, exact_match=True),
         e("expect_column_values_to_not_be_null", STOP, column=spec.id_column),
         e("expect_column_values_to_be_unique", STOP, column=spec.id_column)]
    if "doc_id" in cols and spec.id_column!="doc_id":
        out.append(e("expect_column_values_to_not_be_null", STOP, column="doc_id"))
    if name in SPAN:
        out += [e("expect_column_values_to_be_in_set", column="_span_ok", value_set=[True]),
                e("expect_column_values_to_be_between", column="start_char", min_value=0),
                e("expect_column_pair_values_a_to_be_greater_than_b", column_A="end_char", column_B="start_char")]
    return out
S={}
S["documents"]=[
 e("expect_column_values_to_match_regex", STOP, column="doc_id", regex="^[0-9a-f]{16}$"),
 e("expect_column_values_to_match_regex", column="content_sha256", regex="^[0-9a-f]{64}$"),
 e("expect_column_values_to_be_in_set", column="format", value_set=["txt","html","jsonl"]),
 e("expect_column_values_to_be_in_set", column="doc_type", value_set=list(M.DOC_TYPES)),
 e("expect_column_values_to_match_regex", column="language", regex="^[a-z]{2,3}$"),
 e("expect_column_values_to_be_between", column="n_words", min_value=1),
 e("expect_column_values_to_be_between", column="boilerplate_ratio", min_value=0, max_value=1),
 e("expect_column_values_to_be_between", column="published_date", max_value={"$PARAMETER":"today"}),
 e("expect_column_value_lengths_to_be_between", column="title", min_value=1, max_value=1000),
 e("expect_column_values_to_be_in_set", column="title_source", value_set=list(M.TITLE_SOURCES)),
 e("expect_column_values_to_be_in_set", column="authors_source", value_set=list(M.AUTHORS_SOURCES)),
 e("expect_column_values_to_be_in_set", column="date_source", value_set=list(M.DATE_SOURCES)),
 e("expect_column_values_to_be_between", column="near_duplicate_score", min_value=0, max_value=1),
]
S["lines"]=[
 e("expect_column_values_to_be_in_set", column="label", value_set=list(M.LINE_LABELS)),
 e("expect_column_values_to_be_in_set", column="reason", value_set=list(M.LINE_REASONS)),
 e("expect_column_values_to_be_in_set", column="kind", value_set=list(M.PARAGRAPH_KINDS)),
 e("expect_column_values_to_be_between", column="line_no", min_value=1),
]
S["paragraphs"]=[
 e("expect_column_values_to_be_in_set", column="kind", value_set=list(M.PARAGRAPH_KINDS)),
 e("expect_column_values_to_be_between", column="para_no", min_value=1),
]
S["mentions"]=[
 e("expect_column_values_to_be_in_set", column="kind", value_set=list(M.MENTION_KINDS)),
 e("expect_column_values_to_match_regex", column="code", regex="^[A-Z]{3}$"),
]
S["counts"]=[
 e("expect_column_values_to_be_in_set", column="category", value_set=list(M.COUNT_CATEGORIES)),
 e("expect_column_values_to_be_between", column="number", min_value=1),
 e("expect_column_values_to_be_between", column="total", min_value=1),
 e("expect_column_values_to_match_regex", column="actor_code", regex="^[A-Z]{3}$"),
]
S["dates"]=[
 e("expect_column_values_to_be_in_set", column="granularity", value_set=list(M.DATE_GRANULARITIES)),
 e("expect_column_values_to_match_regex", column="value", regex=r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{3}0s)$"),
 e("expect_column_values_to_be_between", column="value_date", min_value="1000-01-01T00:00:00", max_value={"$PARAMETER":"today"}, row_condition='relative==True', condition_parser="pandas"),
]
S["quotes"]=[
 e("expect_column_value_lengths_to_be_between", column="text", min_value=1),
]
# What an event and a story (a group of events) both state about a movement.
MOVEMENT = lambda: [  # noqa: E731 - a fresh list per suite
 e("expect_column_values_to_be_in_set", column="event_type", value_set=list(M.EVENT_TYPES)),
 e("expect_column_values_to_be_in_set", column="status", value_set=list(M.EVENT_STATUSES)),
 e("expect_column_values_to_be_in_set", column="actor_kind", value_set=list(M.ACTOR_KINDS)),
 e("expect_column_values_to_match_regex", column="origin_code", regex="^[A-Z]{3}$"),
 e("expect_column_values_to_match_regex", column="destination_code", regex="^[A-Z]{3}$"),
 e("expect_column_values_to_be_in_set", column="event_date_granularity", value_set=list(M.DATE_GRANULARITIES)),
]
S["events"]=[
 *MOVEMENT(),
 e("expect_column_values_to_be_between", column="size", min_value=1),
 e("expect_column_values_to_be_between", column="confidence", min_value=0, max_value=1),
 e("expect_column_values_to_be_in_set", column="_links_ok", value_set=[True]),
]
S["stories"]=[
 e("expect_column_values_to_match_regex", STOP, column="story_id", regex="^s[0-9a-f]{16}$"),
 *MOVEMENT(),
 e("expect_column_values_to_be_between", column="n_events", min_value=1),
 e("expect_column_values_to_be_between", column="n_documents", min_value=1),
 e("expect_column_values_to_be_between", column="n_sources", min_value=1),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="n_documents", column_B="n_sources", or_equal=True),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="n_events", column_B="n_documents", or_equal=True),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="last_reported", column_B="first_reported", or_equal=True),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="size_max", column_B="size_min", or_equal=True),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="size", column_B="size_min", or_equal=True),
 e("expect_column_pair_values_a_to_be_greater_than_b", column_A="size_max", column_B="size", or_equal=True),
 e("expect_column_values_to_be_between", column="size_min", min_value=1),
 e("expect_column_values_to_be_in_set", column="_members_ok", value_set=[True]),
]
S["rejects"]=[
 e("expect_column_values_to_be_in_set", column="stage", value_set=["read","clean","extract","validate","write"]),
 e("expect_column_values_to_not_be_null", STOP, column="reason_code"),
]
S["runs"]=[
 e("expect_column_values_to_be_in_set", STOP, column="mode", value_set=["scheduled","manual","backfill"]),
 e("expect_column_values_to_be_between", STOP, column="docs_seen", min_value=0),
]
for name, spec in TABLES.items():
    suite={"name": name, "expectations": common(name, spec)+S[name],
           "meta": {"table": name, "notes": f"Suite for the {name} table; columns must match flows/store/schemas.py. meta.on_failure: stop = table broken (not written, run fails); quarantine = failing rows go to rejects."}}
    (ROOT / "expectations" / f"{name}.json").write_text(json.dumps(suite, indent=2) + "\n")
print("ok")
