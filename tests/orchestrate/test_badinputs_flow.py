"""The bad-input corpus through the real Prefect flow and Great Expectations suites: the run
completes, and every input ends as a document or a reject (failures 2-4, 7-9 of issue 14)."""

from __future__ import annotations

import pytest

from devtools import localrun
from devtools.badinputs import LIMITS, make_corpus

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def test_the_flow_turns_every_bad_input_into_a_document_or_a_reject(tmp_path):
    from flows.orchestrate.flow import newsflow_run

    kinds = make_corpus(tmp_path / "src", seed=3)
    r = newsflow_run(source=str(tmp_path / "src"), warehouse=str(tmp_path / "wh"), batch_size=10, **LIMITS)
    assert r["docs_seen"] == r["docs_written"] + r["docs_unchanged"] + r["docs_rejected"], r
    ended = {u.split("#", 1)[0] for (u,) in localrun.rows(tmp_path / "wh", "documents", "source_uri")}
    ended |= {u.split("#", 1)[0] for (u,) in localrun.rows(tmp_path / "wh", "rejects", "source_uri")}
    missing = [rel for rels, _ in kinds.values() for rel in rels if rel not in ended]
    assert missing == []
    assert localrun.orphans(tmp_path / "wh") == {}
