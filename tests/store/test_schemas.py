"""One schema per table: the suites, the data dictionary and the writer agree with it."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from flows.model import LINE_REASONS, METADATA_REASONS
from flows.store.records import TableBuffer
from flows.store.schemas import TABLES, data_dictionary_markdown, description
from flows.validate.checkpoint import LINKS_CHECK_COLUMN, MEMBERS_CHECK_COLUMN, SPAN_CHECK_COLUMN

ROOT = Path(__file__).resolve().parents[2]
DERIVED = {SPAN_CHECK_COLUMN, LINKS_CHECK_COLUMN, MEMBERS_CHECK_COLUMN}


def test_every_table_has_a_suite_whose_columns_match_the_schema():
    for name, spec in TABLES.items():
        suite = json.loads((ROOT / "expectations" / f"{name}.json").read_text())
        assert suite["name"] == name
        cols = {f.name for f in spec.schema}
        exps = suite["expectations"]
        match = [e for e in exps if e["type"] == "expect_table_columns_to_match_set"]
        assert len(match) == 1 and match[0]["meta"]["on_failure"] == "stop"
        assert set(match[0]["kwargs"]["column_set"]) - DERIVED == cols
        for e in exps:  # every column an expectation names exists
            for key in ("column", "column_A", "column_B"):
                if key in e["kwargs"]:
                    assert e["kwargs"][key] in cols | DERIVED, (name, e)
        stops = {(e["type"], e["kwargs"].get("column")) for e in exps if e["meta"].get("on_failure") == "stop"}
        assert ("expect_column_values_to_be_unique", spec.id_column) in stops
        assert ("expect_column_values_to_not_be_null", spec.id_column) in stops


def test_every_column_is_documented():
    for spec in TABLES.values():
        for f in spec.schema:
            assert description(f), f"{spec.name}.{f.name} has no description"


def test_data_dictionary_is_generated_from_the_schemas():
    assert (ROOT / "docs" / "DATA_DICTIONARY.md").read_text() == data_dictionary_markdown() + "\n", (
        "docs/DATA_DICTIONARY.md is stale: run `newsflow dictionary > docs/DATA_DICTIONARY.md`")


def test_writer_builds_exactly_the_schema():
    buf = TableBuffer()
    for name, spec in TABLES.items():
        t = buf.to_arrow(name)
        assert t.schema.equals(spec.schema, check_metadata=False)
        assert isinstance(t, pa.Table)


def test_line_reasons_include_metadata_reasons():
    assert set(METADATA_REASONS) <= set(LINE_REASONS)
