"""Input changes leave exactly one row per current document, and every run accounts for every
input (seen = written + unchanged + rejected). Real reading, cleaning, extraction and write
path; no Prefect (devtools/localrun.py).

Covers failures 2, 5 (the guard's side), 6, 8, 10 of issue 14 and the per-input guard.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

from devtools import localrun
from tests.conftest import write_files

ART = ("Troops leave the northern base\n\nAround {n} German soldiers withdrew from Iraq on Monday, the defence ministry "
       "said in a statement.\n\nThe withdrawal of the {n} troops began in March and officials said it would be "
       "complete by the end of the year.\n")


def art(n: int) -> str:
    return ART.format(n=n)


def run(src, wh, i: int, **kw) -> dict:
    r = localrun.run(src, wh, f"r{i}", **kw)
    assert r["docs_seen"] == r["docs_written"] + r["docs_unchanged"] + r["docs_rejected"], r
    assert localrun.orphans(wh) == {} and localrun.duplicate_ids(wh) == {}
    return r


def docs(wh) -> Counter:
    return Counter(r[0] for r in localrun.rows(wh, "documents", "source_uri"))


def bodies(wh) -> Counter:
    return Counter(r[0] for r in localrun.rows(wh, "documents", "body"))


def test_a_document_that_becomes_a_reject_loses_its_rows_everywhere(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"2025/05/01/a.txt": art(300), "2025/05/01/b.txt": art(120)})
    run(src, wh, 1)
    write_files(src, {"2025/05/01/a.txt": b"\x00\x01\x02\x03" * 500})  # now binary
    r = run(src, wh, 2)
    assert r["docs_rejected"] == 1 and r["docs_rejected_now"] == 1
    assert docs(wh) == Counter({"2025/05/01/b.txt": 1})
    assert {x[0] for x in localrun.rows(wh, "counts", "doc_id")} == {x[0] for x in localrun.rows(wh, "documents", "doc_id")}
    assert [x[0] for x in localrun.rows(wh, "runs", "docs_rejected_now")] == [0, 1]


def test_deleting_a_jsonl_line_shifts_nothing_and_the_vanished_record_is_reported(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    recs = [{"text": art(100 + i)} for i in range(3)] + [{"id": "x9", "text": art(900)}]
    write_files(src, {"feed/2025-05-02.jsonl": "\n".join(json.dumps(r) for r in recs)})
    r1 = run(src, wh, 1)
    assert r1["docs_written"] == 4
    write_files(src, {"feed/2025-05-02.jsonl": "\n".join(json.dumps(r) for r in recs[1:])})
    r2 = run(src, wh, 2)
    assert r2["docs_written"] == 0 and r2["docs_unchanged"] == 3 and r2["docs_deleted"] == 1, r2
    assert sorted(bodies(wh).values()) == [1, 1, 1] and len(docs(wh)) == 3
    # an edited record without an id replaces its old version (no body twice, no stale version)
    recs[1] = {"text": art(555)}
    write_files(src, {"feed/2025-05-02.jsonl": "\n".join(json.dumps(r) for r in recs[1:])})
    r3 = run(src, wh, 3)
    assert r3["docs_new"] == 1 and r3["docs_deleted"] == 1 and len(docs(wh)) == 3
    assert not any("101 soldiers" in b for b in bodies(wh))


def test_a_renamed_or_moved_file_does_not_duplicate_its_content(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"2025/05/01/a.txt": art(300), "2025/05/01/b.txt": art(120)})
    run(src, wh, 1)
    os.makedirs(src / "archive/2025/05/01")
    os.rename(src / "2025/05/01/a.txt", src / "archive/2025/05/01/a-renamed.txt")
    r = run(src, wh, 2)
    assert r["docs_moved"] == 1 and r["docs_deleted"] == 1 and r["docs_new"] == 1, r
    assert docs(wh) == Counter({"archive/2025/05/01/a-renamed.txt": 1, "2025/05/01/b.txt": 1})
    assert max(bodies(wh).values()) == 1


def test_deleted_inputs_are_counted_once_and_a_returning_one_is_restored(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"2025/05/01/a.txt": art(300), "2025/05/01/b.txt": art(120)})
    run(src, wh, 1)
    saved = (src / "2025/05/01/a.txt").read_bytes()
    st = os.stat(src / "2025/05/01/a.txt")
    os.remove(src / "2025/05/01/a.txt")
    assert run(src, wh, 2)["docs_deleted"] == 1
    assert run(src, wh, 3)["docs_deleted"] == 0  # not again
    assert len(docs(wh)) == 2  # rows of a deleted file are kept
    (src / "2025/05/01/a.txt").write_bytes(saved)
    os.utime(src / "2025/05/01/a.txt", ns=(st.st_atime_ns, st.st_mtime_ns))
    r = run(src, wh, 4)
    assert r["docs_unchanged"] == 2 and r["docs_deleted"] == 0 and len(docs(wh)) == 2
    os.remove(src / "2025/05/01/a.txt")
    assert run(src, wh, 5)["docs_deleted"] == 1  # gone again: reported again, once


def test_odd_inputs_end_as_rejects_or_documents_and_the_run_completes(tmp_path):
    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"ok.txt": art(300), "feed.jsonl": "[" * 50_000 + "]" * 50_000 + "\n",
                      "huge.txt": "Troops\n\nAround 10000000000000000000000000000 soldiers left the base on Monday, "
                                  "officials said, and 99999999999999999999 more will follow.\n",
                      "u16.txt": art(77).encode("utf-16-le")})
    (src / b"caf\xe9.txt".decode("utf-8", "surrogateescape")).write_text(art(5))
    os.mkfifo(src / "pipe.txt")
    os.symlink(src / "nowhere.txt", src / "dangling.txt")
    r = run(src, wh, 1)
    assert r["docs_seen"] == 7, r
    assert r["rejects_by_reason"] == {"malformed_jsonl": 1, "not_a_file": 1, "broken_symlink": 1,
                                      "processing_error": 1}
    assert set(docs(wh)) == {"ok.txt", "caf\\xe9.txt", "u16.txt"}
    # a count no int64 column can hold costs its document only, not the batch's Arrow conversion
    (msg,) = [m for u, m in localrun.rows(wh, "rejects", "source_uri, message") if u == "huge.txt"]
    assert "outside its column's range" in msg


def test_any_exception_in_reading_becomes_a_reject_of_that_input(tmp_path, monkeypatch):
    import flows.orchestrate.pipeline as pl

    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"a.txt": art(1), "b.txt": art(2), "c.jsonl": json.dumps({"id": 1, "text": art(3)})})
    real = pl.read_input

    def flaky(f, *a, **k):
        if f.rel == "b.txt":
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        if f.rel == "c.jsonl":
            yield from real(f, *a, **k)
            raise RecursionError("maximum recursion depth exceeded")
        yield from real(f, *a, **k)

    monkeypatch.setattr(pl, "read_input", flaky)
    r = run(src, wh, 1)
    assert r["docs_written"] == 2 and r["docs_rejected"] == 2, r
    rej = {x[0]: x[1] for x in localrun.rows(wh, "rejects", "source_uri, message")}
    assert rej["b.txt"].startswith("UnicodeEncodeError") and rej["c.jsonl"].startswith("RecursionError")


@pytest.mark.parametrize("where", ["clean", "extract", "rows"])
def test_a_failure_on_one_document_costs_only_that_document(tmp_path, monkeypatch, where):
    import flows.orchestrate.pipeline as pl

    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"a.txt": art(1), "bad.txt": art(2) + "POISON\n", "c.txt": art(3)})
    target = {"clean": "clean_text", "extract": "extract_all", "rows": "add_document"}[where]
    real = getattr(pl, target)

    def poisoned(*a, **k):
        out = real(*a, **k)
        if any("POISON" in str(getattr(x, "text", x)) for x in a):
            raise MemoryError("boom")
        return out

    monkeypatch.setattr(pl, target, poisoned)
    r = run(src, wh, 1)
    assert r["docs_written"] == 2 and r["rejects_by_reason"] == {"processing_error": 1}, r
    assert set(docs(wh)) == {"a.txt", "c.txt"}


def test_extractor_timeouts_and_repairs_reach_the_summary_and_the_runs_table(tmp_path, monkeypatch):
    import flows.orchestrate.pipeline as pl

    real = pl.extract_all

    def with_timeout(raw, cleaned, **kw):  # what the extraction budget reports (flows/extract)
        ex = real(raw, cleaned, **kw)
        ex.field_errors["extract_timeout"] = ex.field_errors.get("extract_timeout", 0) + 1
        return ex

    monkeypatch.setattr(pl, "extract_all", with_timeout)
    src, wh = tmp_path / "src", tmp_path / "wh"
    write_files(src, {"a.txt": art(1).encode()[:30] + b"\x00\x00" + art(1).encode()[30:]})
    r = run(src, wh, 1)
    assert r["field_errors"] == {"extract_timeout": 1} and r["repairs"] == {"nul_bytes_stripped": 2}
    assert r["slowest_doc"] == "a.txt" and r["slowest_doc_s"] >= 0
    (row,) = localrun.rows(wh, "runs", "field_errors, repairs")
    assert row == ([{"name": "extract_timeout", "value": 1}], [{"name": "nul_bytes_stripped", "value": 2}])
