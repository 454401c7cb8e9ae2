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
    by_line = {int(d.message.split(":")[0].removeprefix("line ")) if isinstance(d, Reject) and
               d.message.startswith("line") else i: d for i, d in enumerate(docs, 1)}
    assert len(docs) == 5
    good = docs[0]
    assert isinstance(good, RawDocument) and good.url == "https://example.org/a"
    assert good.source_uri == "batch.jsonl#url=https://example.org/a"  # keyed by its url, not its line
    assert good.partition_date == date(2025, 5, 10) and good.fetched_at == datetime(2025, 5, 10, 8, tzinfo=UTC)
    assert by_line[2].reason_code == "malformed_jsonl" and by_line[2].source_uri.startswith("batch.jsonl#sha=")
    assert by_line[3].reason_code == "malformed_jsonl"
    assert docs[3].reason_code == "missing_text" and docs[3].source_uri == "batch.jsonl#url=https://example.org/b"
    html = docs[4]
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


# --- issue 14: nothing lost, nothing stuck (failures 2, 3, 4, 7, 8, 9 of the issue) ---------


def test_a_file_name_that_is_not_utf8_is_read_under_a_printable_name(tmp_path):  # failure 2
    name = b"caf\xe9-report.txt".decode("utf-8", "surrogateescape")
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    (d,) = read_all(tmp_path)
    assert isinstance(d, RawDocument) and d.source_uri == "caf\\xe9-report.txt"
    from flows.read.inputs import doc_id_for

    assert len(doc_id_for(d.source_uri)) == 16 and len(doc_id_for(name)) == 16  # neither raises


def test_deeply_nested_json_is_a_reject_not_a_crash(tmp_path):  # failure 3
    deep = "[" * 100_000 + "]" * 100_000
    nested = json.dumps({"text": ARTICLE, "extra": json.loads("[" * 100 + "]" * 100)})
    write_files(tmp_path, {"feed.jsonl": deep + "\n" + nested + "\n" + json.dumps({"text": ARTICLE}) + "\n"})
    docs = read_all(tmp_path)
    assert [getattr(d, "reason_code", "doc") for d in docs] == ["malformed_jsonl", "malformed_jsonl", "doc"]
    assert "nested deeper" in docs[0].message and "line 1" in docs[0].message


def test_special_files_and_unfollowable_symlinks_become_rejects(tmp_path):  # failures 4 and 8
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    write_files(tmp_path, {"real.txt": ARTICLE})
    os.symlink(tmp_path / "real.txt", tmp_path / "alias.txt")  # a working symlink is read
    got = {d.source_uri: getattr(d, "reason_code", "doc") for d in read_all(tmp_path)}  # returns: no hang
    assert got == {"pipe.txt": "not_a_file", "dangling.txt": "broken_symlink", "loop.txt": "symlink_loop",
                   "real.txt": "doc", "alias.txt": "doc"}


def test_a_fifo_swapped_in_after_discovery_does_not_block(tmp_path):  # failure 4, the race
    write_files(tmp_path, {"a.txt": ARTICLE})
    (f,) = list(discover(tmp_path))
    os.remove(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "a.txt")
    (r,) = list(read_input(f))
    assert r.reason_code == "not_a_file"


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):  # failure 8: nothing vanishes untraced
    write_files(tmp_path, {"locked/a.txt": ARTICLE, "b.txt": ARTICLE})
    real = os.scandir

    def scandir(path):  # what a folder without read permission does (tests may run as root)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = {d.source_uri: getattr(d, "reason_code", "doc") for d in read_all(tmp_path)}
    assert got == {"b.txt": "doc", "locked/": "unreadable_folder"}


def test_utf16_and_utf32_with_and_without_bom_are_decoded(tmp_path):  # failure 7
    ru = "Войска покидают базу\n\nОколо 300 солдат покинули базу в понедельник, сообщили военные.\n"
    for i, (text, codec) in enumerate([(ARTICLE, "utf-16"), (ARTICLE, "utf-16-le"), (ARTICLE, "utf-16-be"),
                                       (ARTICLE, "utf-32"), (ARTICLE, "utf-32-le"), (ARTICLE, "utf-32-be"),
                                       (ru, "utf-16-le"), (ru, "utf-16")]):
        d = one(tmp_path / str(i), "a.txt", text.encode(codec))
        assert isinstance(d, RawDocument), (codec, d)
        assert d.text == text, codec


def test_stray_nul_bytes_are_stripped_and_counted(tmp_path):  # failure 7
    data = ARTICLE.encode() * 20
    data = data[:100] + b"\x00" + data[100:900] + b"\x00\x00" + data[900:]
    d = one(tmp_path, "n.txt", data)
    assert isinstance(d, RawDocument) and d.repairs == {"nul_bytes_stripped": 3} and "\x00" not in d.text
    assert one(tmp_path / "j", "n.jsonl", json.dumps({"text": "Troops\u0000 left \ud800 today"})).repairs == {
        "nul_bytes_stripped": 1, "lone_surrogates_replaced": 1}
    # many NULs are still a binary file
    assert one(tmp_path / "b", "b.txt", b"\x00\x01\x02\x00" * 2000).reason_code == "binary_file"


def test_jsonl_files_are_capped_and_streamed(tmp_path):  # failure 9
    rec = json.dumps({"text": ARTICLE}) + "\n"
    write_files(tmp_path, {"big.jsonl": rec * 200})
    (r,) = read_all(tmp_path, max_file_bytes=len(rec) * 100)
    assert r.reason_code == "too_large" and "split it" in r.message
    # an overlong line is skipped without reading it whole; the next lines still count
    write_files(tmp_path / "l", {"l.jsonl": json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"id": 1, "text": ARTICLE})})
    docs = read_all(tmp_path / "l", max_bytes=1000)
    assert [getattr(d, "reason_code", "doc") for d in docs] == ["too_large", "doc"]


def test_jsonl_identity_survives_line_edits(tmp_path):  # failure 6 (reading side)
    recs = [json.dumps({"id": "a1", "text": ARTICLE}), json.dumps({"url": "https://x.example/b", "text": ARTICLE}),
            json.dumps({"text": ARTICLE + "c"})]
    write_files(tmp_path, {"f.jsonl": "\n".join(recs)})
    before = [d.source_uri for d in read_all(tmp_path)]
    write_files(tmp_path, {"f.jsonl": "\n".join(recs[1:] + [recs[0]])})  # first line moved to the end
    assert sorted(d.source_uri for d in read_all(tmp_path)) == sorted(before)
    assert before[0] == "f.jsonl#id=a1" and before[1] == "f.jsonl#url=https://x.example/b"
    write_files(tmp_path, {"f.jsonl": "\n".join([recs[0], recs[0]])})
    assert [getattr(d, "reason_code", "doc") for d in read_all(tmp_path)] == ["doc", "duplicate_record"]
