"""Reading: every kind of bad input becomes a Reject with a reason code, never an exception."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, date, datetime
from pathlib import Path

from flows.model import RawDocument, Reject
from flows.read.inputs import InputFile, discover, landing_date, read_input
from tests.conftest import write_files

ARTICLE = "Troops leave base\n\nAround 300 soldiers left the base on Monday, officials said.\n"


def read_all(folder: Path, **kw) -> list[RawDocument | Reject]:
    return [d for f in discover(folder) for d in read_input(f, **kw)]


def one(folder: Path, name: str, content: bytes | str, **kw) -> RawDocument | Reject:
    write_files(folder, {name: content})
    docs = [d for f in discover(folder) if f.rel == name for d in read_input(f, **kw)]
    assert len(docs) == 1, docs
    return docs[0]


def test_reads_utf8_text(tmp_path):
    d = one(tmp_path, "a.txt", ARTICLE)
    assert isinstance(d, RawDocument) and d.fmt == "txt" and d.text.startswith("Troops leave base")
    assert len(d.content_sha256) == 64


def test_empty_file_is_rejected(tmp_path):
    assert one(tmp_path, "e.txt", b"").reason_code == "empty_file"
    assert one(tmp_path, "w.txt", b"  \n\n \t").reason_code == "empty_file"


def test_binary_file_is_rejected(tmp_path):
    r = one(tmp_path, "b.txt", bytes(range(256)) * 40)
    assert isinstance(r, Reject) and r.reason_code == "binary_file" and r.content_sha256


def test_latin1_text_is_detected_and_decoded(tmp_path):
    text = "Die Bundeswehr zieht Soldaten aus dem Irak ab. Das Ministerium äußerte sich am Montag dazu, " * 3
    d = one(tmp_path, "de.txt", text.encode("latin-1"))
    assert isinstance(d, RawDocument) and "äußerte" in d.text


def test_undecodable_bytes_are_rejected(tmp_path):
    # text, then a run of high bytes that no charset makes sense of
    rnd = random.Random(1)
    data = b"Troops left. " * 20 + bytes(rnd.randrange(0x80, 0x100) for _ in range(300))
    r = one(tmp_path, "u.txt", data)
    assert isinstance(r, Reject) and r.reason_code == "undecodable" and "UTF-8" in r.message


def test_html_in_a_txt_file_is_rejected_with_a_hint(tmp_path):
    r = one(tmp_path, "h.txt", "<!DOCTYPE html><html><body><p>hi</p></body></html>")
    assert isinstance(r, Reject) and r.reason_code == "html_as_text" and ".html" in r.message


def test_too_large_file_is_rejected_without_reading(tmp_path):
    r = one(tmp_path, "big.txt", "x" * 5000, max_bytes=1000)
    assert r.reason_code == "too_large"


def test_vanished_file_is_rejected(tmp_path):
    f = InputFile(tmp_path / "gone.txt", "gone.txt", 10, 0)
    (r,) = list(read_input(f))
    assert r.reason_code == "vanished"


def test_jsonl_good_and_malformed_lines(tmp_path):
    lines = [
        json.dumps({"url": "https://example.org/a", "text": ARTICLE, "fetched_at": "2025-05-10T08:00:00Z"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://example.org/b"}),
        "",
        json.dumps({"html": "<html><body><article><h1>Troops</h1><p>" + "Soldiers moved north today. " * 20
                    + "</p></article></body></html>", "url": "https://news.example.com/x"}),
    ]
    write_files(tmp_path, {"batch.jsonl": "\n".join(lines)})
    docs = read_all(tmp_path)
    by_uri = {d.source_uri: d for d in docs}
    assert set(by_uri) == {"batch.jsonl#L1", "batch.jsonl#L2", "batch.jsonl#L3", "batch.jsonl#L4", "batch.jsonl#L6"}
    good = by_uri["batch.jsonl#L1"]
    assert isinstance(good, RawDocument) and good.url == "https://example.org/a"
    assert good.partition_date == date(2025, 5, 10) and good.fetched_at == datetime(2025, 5, 10, 8, tzinfo=UTC)
    assert by_uri["batch.jsonl#L2"].reason_code == "malformed_jsonl"
    assert by_uri["batch.jsonl#L3"].reason_code == "malformed_jsonl"
    assert by_uri["batch.jsonl#L4"].reason_code == "missing_text"
    html = by_uri["batch.jsonl#L6"]
    assert isinstance(html, RawDocument) and "Soldiers moved north" in html.text


def test_html_goes_through_trafilatura(tmp_path):
    page = ("<html><head><title>Troops leave | Example News</title></head><body><nav>Home News Sport</nav>"
            "<article><h1>Troops leave</h1><p>" + "Around 200 soldiers left the base on Monday. " * 8
            + "</p></article><footer>Copyright 2025 Example</footer></body></html>")
    d = one(tmp_path, "p.html", page)
    assert isinstance(d, RawDocument) and d.fmt == "html"
    assert "Around 200 soldiers" in d.text and "Copyright" not in d.text
    assert d.title_hint == "Troops leave"


def test_html_without_text_is_rejected(tmp_path):
    assert one(tmp_path, "n.html", "<html><body><script>x=1</script></body></html>").reason_code == "html_no_text"


def test_landing_date_rule():
    mtime = int(datetime(2024, 1, 2, 23, 30, tzinfo=UTC).timestamp() * 1e9)
    assert landing_date("2025-05-10/a.txt", mtime) == date(2025, 5, 10)
    assert landing_date("site/2025/05/11/a.txt", mtime) == date(2025, 5, 11)
    assert landing_date("a.txt", mtime, datetime(2025, 1, 1, tzinfo=UTC)) == date(2025, 1, 1)
    assert landing_date("a.txt", mtime) == date(2024, 1, 2)
    assert landing_date("v2025-13-40/a.txt", mtime) == date(2024, 1, 2)


def test_discover_skips_hidden_and_other_suffixes(tmp_path):
    write_files(tmp_path, {"a.txt": "x", ".hidden.txt": "x", "b.pdf": "x", ".git/c.txt": "x", "d/e.HTML": "x"})
    assert [f.rel for f in discover(tmp_path)] == ["a.txt", "d/e.HTML"]
    os.remove(tmp_path / "a.txt")
