"""The bad-input corpus (devtools/badinputs.py, 47 kinds): every input ends as a document or a
reject with the reason its kind calls for, nothing vanishes, nothing hangs, the accounting holds,
and a second run over the same folder writes nothing. Real pipeline and write path, no Prefect;
tests/orchestrate/test_badinputs_flow.py runs the same corpus through the Prefect flow and the
Great Expectations suites.

Covers failures 2, 3, 4, 7, 8 and 9 of issue 14 end to end (each has a unit test in tests/read).
"""

from __future__ import annotations

import pytest

from devtools import localrun
from devtools.badinputs import KINDS, check_corpus, make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    kinds = make_corpus(root / "src", seed=14)
    return root, kinds, check_corpus(root / "src", root / "wh", kinds)


def test_the_corpus_has_at_least_thirty_kinds_including_every_case_of_the_issue():
    assert len(KINDS) >= 30
    for k in ("non_utf8_file_name", "jsonl_deep_nesting", "fifo", "unclosed_quotes", "utf16_bom", "utf16le_no_bom",
              "stray_nuls", "dangling_symlink", "symlink_loop", "jsonl_too_large_file"):
        assert k in KINDS


def test_every_bad_input_ends_as_a_document_or_the_reject_its_kind_calls_for(corpus):
    _, _, report = corpus
    assert report["violations"] == []
    s = report["summary"]
    assert s["docs_rejected"] >= 20 and s["docs_written"] >= 20
    assert s["repairs"]["nul_bytes_stripped"] >= 3 and s["repairs"]["lone_surrogates_replaced"] == 1


def test_a_second_run_over_the_corpus_writes_nothing_and_reports_nothing_deleted(corpus):
    root, _, first = corpus
    r = localrun.run(root / "src", root / "wh", "corpus-2", **{"max_doc_bytes": 1 << 20, "max_file_bytes": 2 << 20})
    assert r["docs_written"] == 0 and r["docs_rejected"] == 0 and r["docs_deleted"] == 0, r
    assert r["docs_unchanged"] == first["summary"]["docs_seen"]
