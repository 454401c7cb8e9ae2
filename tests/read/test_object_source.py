"""Inputs on object storage read exactly like the same files in a local folder.

The same small folder (.txt, .html, .jsonl, bad inputs among them) is read locally and, uploaded to
the local S3 server, through `s3://bucket/prefix`: discovery yields the same names in the same
order with the same sizes, reading yields the same RawDocuments and Rejects (same source_uri,
hence the same doc ids and the same tables). Every file sits in a dated folder, so the landing date
never falls back to the modification time (which differs: an object's is its upload time).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from flows.read.inputs import InputFile, discover, doc_id_for, read_input
from tests.conftest import write_files

ARTICLE = "Troops leave base\n\nAround 300 soldiers left the base on Monday, officials said.\n"
PAGE = ("<html><head><title>Flood waters rise</title></head><body><article><h1>Flood waters rise</h1>"
        + "<p>Hundreds of families left their homes on Tuesday as the river rose, officials said.</p>" * 4
        + "</article></body></html>")
FEED = "\n".join([
    json.dumps({"id": "r1", "url": "https://example.org/a", "text": ARTICLE, "fetched_at": "2025-05-10T08:00:00Z"}),
    "{not json",
    json.dumps({"id": "r1", "text": "a repeat of r1"}),
    json.dumps({"id": "r2", "html": PAGE}),
    json.dumps({"id": "r3", "text": "x" * 3000}),  # longer than the max_bytes used below
    json.dumps({"id": "r4", "url": "https://example.org/b"}),
]) + "\n"

FILES: dict[str, bytes | str] = {
    "2025-05-10/a.txt": ARTICLE,
    "2025-05-10/café.txt": ARTICLE.replace("300", "400"),
    "2025-05-10/sub/page.html": PAGE,
    "2025-05-10/sub/page2.HTM": PAGE.replace("Tuesday", "Wednesday"),
    "2025-05-11/feed.jsonl": FEED,
    "2025-05-11/empty.txt": b"",
    "2025-05-11/binary.txt": bytes(range(256)) * 4,
    "2025-05-11/latin1.txt": ("Die Bundeswehr zieht Soldaten ab. Das Ministerium äußerte sich am Montag. " * 3)
    .encode("latin-1"),
    "2025-05-11/html.txt": "<!DOCTYPE html><html><body><p>hi</p></body></html>",
    "2025-05-12/big.txt": "y" * 5000,
    "2025-05-12/z.txt": ARTICLE.replace("Monday", "Friday"),
    "2025-05-12/a/b.txt": ARTICLE.replace("Monday", "Sunday"),
    "2025-05-12/a-b/c.txt": ARTICLE.replace("Monday", "Saturday"),
    "2025-05-12/notes.md": "not an input",
    "2025-05-12/.hidden.txt": "skipped",
    ".cache/2025-05-12/x.txt": "skipped",
}
LIMITS = {"max_bytes": 2000, "max_file_bytes": 100_000}


def upload(server, folder: Path, bucket: str, prefix: str) -> str:
    client = server.client()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            client.put_object(Bucket=bucket, Key=f"{prefix}/{p.relative_to(folder).as_posix()}", Body=p.read_bytes())
    return f"s3://{bucket}/{prefix}"


def read_all(source, **kw) -> list:
    return [d for f in discover(source) for d in read_input(f, **kw)]


@pytest.fixture
def both(s3_server, tmp_path) -> tuple[Path, str]:
    local = write_files(tmp_path / "src", FILES)
    return local, upload(s3_server, local, s3_server.bucket("inputs"), "feeds/news")


def test_discovery_lists_the_same_files_in_the_same_order(both) -> None:
    local, url = both
    here, there = list(discover(local)), list(discover(url))
    assert [f.rel for f in there] == [f.rel for f in here]
    assert [(f.size, f.fmt, f.problem) for f in there] == [(f.size, f.fmt, f.problem) for f in here]
    assert [f.rel for f in here][:4] == ["2025-05-10/a.txt", "2025-05-10/café.txt", "2025-05-10/sub/page.html",
                                         "2025-05-10/sub/page2.HTM"]
    assert not any(".hidden" in f.rel or ".cache" in f.rel or f.rel.endswith(".md") for f in there)
    f = there[0]
    assert f.source == url and f.path == f"{url}/2025-05-10/a.txt" and f.mtime_ns > 0
    assert pickle.loads(pickle.dumps(f)) == f
    assert f.read_bytes() == (local / f.rel).read_bytes()


def test_reading_gives_the_same_documents_and_rejects(both) -> None:
    local, url = both
    here, there = read_all(local, **LIMITS), read_all(url, **LIMITS)
    assert there == here
    codes = sorted(d.reason_code for d in there if hasattr(d, "reason_code"))
    assert codes == sorted(["malformed_jsonl", "duplicate_record", "too_large", "missing_text", "empty_file",
                            "binary_file", "html_as_text", "too_large"])
    uris = [d.source_uri for d in there if not hasattr(d, "reason_code")]
    assert "2025-05-11/feed.jsonl#id=r2" in uris and "2025-05-10/café.txt" in uris
    assert {doc_id_for(u) for u in uris} == {doc_id_for(d.source_uri) for d in here if not hasattr(d, "reason_code")}


def test_a_jsonl_file_over_the_file_limit_is_rejected(both) -> None:
    _, url = both
    (f,) = [f for f in discover(url) if f.rel.endswith("feed.jsonl")]
    (r,) = list(read_input(f, max_file_bytes=100))
    assert r.reason_code == "too_large" and "split it" in r.message


def test_an_object_deleted_after_discovery_is_rejected_as_vanished(s3_server) -> None:
    bucket = s3_server.bucket("vanish")
    s3_server.client().put_object(Bucket=bucket, Key="in/2025-05-10/a.txt", Body=ARTICLE.encode())
    (f,) = list(discover(f"s3://{bucket}/in"))
    s3_server.client().delete_object(Bucket=bucket, Key="in/2025-05-10/a.txt")
    (r,) = list(read_input(f))
    assert r.reason_code == "vanished"


def test_an_empty_or_missing_prefix_has_no_inputs(s3_server) -> None:
    bucket = s3_server.bucket("empty")
    assert list(discover(f"s3://{bucket}/nothing-here")) == []


def test_local_sources_may_be_given_as_str_or_file_url(tmp_path) -> None:
    local = write_files(tmp_path / "src", {"2025-05-10/a.txt": ARTICLE, "b.txt": ARTICLE})
    as_path = list(discover(local))
    assert list(discover(str(local))) == as_path
    assert [(f.rel, f.size) for f in discover(f"file://{local}")] == [(f.rel, f.size) for f in as_path]
    assert all(isinstance(f.path, Path) and f.source is None for f in as_path)
    assert InputFile(local / "b.txt", "b.txt", 1, 0).read_bytes() == ARTICLE.encode()
