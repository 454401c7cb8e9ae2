"""Bad-input corpus: one input per kind of trouble a scraper's folder holds, with what must become of it.

`make_corpus(folder)` writes every kind (written from scratch here: no third-party text) and
returns {kind: (relative paths, accepted outcomes)}; an outcome is "doc" (a documents row) or a
reject reason code. `check_corpus(folder, warehouse)` runs the real pipeline and write path over
it (devtools/localrun.py, no Prefect) and returns the violations: an input that ended neither as
a document nor as a reject, or as an outcome not accepted for its kind, and the accounting.
Sizes are scaled down by the limits in LIMITS so the corpus stays small (a few MB).

Used by tests/store/test_badinputs.py and `python -m devtools.reliability corpus`.
"""

from __future__ import annotations

import codecs
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Reading limits for the corpus run (the defaults are 20 MiB a document, 256 MiB a JSONL file).
LIMITS = {"max_doc_bytes": 1 << 20, "max_file_bytes": 2 << 20}

ARTICLE = ("Troops begin withdrawal from northern base\n\n"
           "Around 400 soldiers left the Qayyarah airfield on Monday, the defence ministry said in a statement.\n\n"
           "A further 150 troops will follow by the end of May, officials said, adding that the handover to "
           "local forces had been agreed in March.\n\n"
           "\"The base remains under our protection,\" said General Amir Saleh, the regional commander.\n")

Kind = tuple[Callable[[Path, random.Random], list[str]], set[str]]
# Size factor of the kinds whose cost grows with their length (the long run uses 10: 60,000
# words on one line, 3,000 unclosed quotes); a list so that make_corpus can set it.
SCALE = [1.0]


def _w(folder: Path, rel: str, data: bytes | str) -> list[str]:
    p = folder / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return [rel]


def _jsonl(folder: Path, rel: str, lines: list[Any]) -> list[str]:
    return _w(folder, rel, "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")


def _words(rng: random.Random, n: int) -> str:
    vocab = ("troops soldiers base withdrawal minister said officials army forces border deployed the of "
             "and in on to from by Monday March 300 1,200 Iraq Syria NATO brigade convoy").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


def _fifo(folder: Path, rel: str) -> list[str]:
    os.mkfifo(folder / rel)
    return [rel]


def _symlink(folder: Path, rel: str, target: str) -> list[str]:
    os.symlink(target, folder / rel)
    return [rel]


def _odd_name(folder: Path, rng: random.Random) -> list[str]:
    name = b"rapport-\xe9t\xe9-\xff.txt".decode("utf-8", "surrogateescape")
    (folder / name).write_text(ARTICLE, encoding="utf-8")
    return ["rapport-\\xe9t\\xe9-\\xff.txt"]


def _old_mtime(folder: Path, rng: random.Random) -> list[str]:
    rel = _w(folder, "ancient.txt", ARTICLE.replace("400", "410"))
    os.utime(folder / "ancient.txt", ns=(0, -(10 ** 18)))  # 1938: before the epoch
    return rel


DOC = {"doc"}
KINDS: dict[str, Kind] = {
    "empty_file": (lambda f, r: _w(f, "empty.txt", b""), {"empty_file"}),
    "whitespace_only": (lambda f, r: _w(f, "blank.txt", " \n\t\n  \r\n"), {"empty_file"}),
    "binary_image": (lambda f, r: _w(f, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(r.randrange(256) for _ in range(4000))),
                     {"binary_file"}),
    "random_bytes": (lambda f, r: _w(f, "noise.html", bytes(r.randrange(256) for _ in range(3000))),
                     {"binary_file", "undecodable"}),
    "latin1": (lambda f, r: _w(f, "latin1.txt", ("Les soldats français quittent la base. " * 20).encode("latin-1")), DOC),
    "undecodable": (lambda f, r: _w(f, "mojibake.txt", b"Troops left. " * 20 + bytes(r.randrange(0x80, 0x100)
                                                                                    for _ in range(400))),
                    {"undecodable"}),
    "utf8_bom": (lambda f, r: _w(f, "bom8.txt", codecs.BOM_UTF8 + ARTICLE.encode()), DOC),
    "utf16_bom": (lambda f, r: _w(f, "bom16.txt", ARTICLE.encode("utf-16")), DOC),
    "utf16le_no_bom": (lambda f, r: _w(f, "u16le.txt", ARTICLE.encode("utf-16-le")), DOC),
    "utf16be_no_bom": (lambda f, r: _w(f, "u16be.txt", ARTICLE.encode("utf-16-be")), DOC),
    "utf32_bom": (lambda f, r: _w(f, "bom32.txt", ARTICLE.encode("utf-32")), DOC),
    "utf32le_no_bom": (lambda f, r: _w(f, "u32le.txt", ARTICLE.encode("utf-32-le")), DOC),
    "utf16_cyrillic": (lambda f, r: _w(f, "ru16.txt", ("Войска покидают базу. Около 400 солдат покинули "
                                                       "аэродром в понедельник.\n\n" * 5).encode("utf-16-le")), DOC),
    "stray_nuls": (lambda f, r: _w(f, "nuls.txt", ARTICLE.encode()[:50] + b"\x00" + ARTICLE.encode()[50:200]
                                   + b"\x00\x00" + ARTICLE.encode()[200:]), DOC),
    "control_chars": (lambda f, r: _w(f, "ansi.txt", ARTICLE.replace("Monday", "\x1b[1mMonday\x1b[0m")), DOC),
    "cr_only_newlines": (lambda f, r: _w(f, "mac.txt", ARTICLE.replace("\n", "\r")), DOC),
    "zero_width_and_rtl": (lambda f, r: _w(f, "zw.txt", ARTICLE.replace(" ", " \u200b").replace("Monday",
                                                                                               "\u202eMonday\u202c")), DOC),
    "html_as_txt": (lambda f, r: _w(f, "page.txt", "<!DOCTYPE html><html><body><p>" + ARTICLE + "</p></body></html>"),
                    {"html_as_text"}),
    "html_no_text": (lambda f, r: _w(f, "script.html", "<html><body><script>var x = 1;</script></body></html>"),
                     {"html_no_text"}),
    "html_broken": (lambda f, r: _w(f, "broken.html", "<html><body><div><p>" + ARTICLE.replace("\n\n", "<p><b>")
                                    + "<table><tr><td>" * 50), DOC | {"html_no_text", "html_parse_error"}),
    "html_deep_nesting": (lambda f, r: _w(f, "deep.html", "<html><body>" + "<div>" * 20000 + "<p>" + ARTICLE
                                          + "</p>" + "</div>" * 20000 + "</body></html>"),
                          DOC | {"html_no_text", "html_parse_error"}),
    "too_large_txt": (lambda f, r: _w(f, "dump.txt", (ARTICLE * 8000)[: LIMITS["max_doc_bytes"] + 10]), {"too_large"}),
    "one_long_line": (lambda f, r: _w(f, "oneline.txt", _words(r, int(6000 * SCALE[0]))), DOC),
    "unclosed_quotes": (lambda f, r: _w(f, "quotes.txt", "Troops leave\n\n" + " ".join(
        '"' + _words(r, 10) for _ in range(int(300 * SCALE[0])))), DOC),
    "huge_numbers": (lambda f, r: _w(f, "numbers.txt", "Troops\n\nAround 1" + "0" * 40 + " soldiers left on Monday, "
                                     "and 99999999999999999999 more will follow, officials said.\n"),
                     DOC | {"processing_error"}),
    "punctuation_only": (lambda f, r: _w(f, "punct.txt", "!!! ??? ... --- *** ///\n" * 40), DOC | {"empty_document"}),
    "jsonl_deep_nesting": (lambda f, r: _jsonl(f, "feeds/deep.jsonl", ["[" * 100_000 + "]" * 100_000]),
                           {"malformed_jsonl"}),
    "jsonl_not_json": (lambda f, r: _jsonl(f, "feeds/garbage.jsonl", ["{'text': 'single quotes'}"]), {"malformed_jsonl"}),
    "jsonl_not_object": (lambda f, r: _jsonl(f, "feeds/array.jsonl", [[1, 2, 3]]), {"malformed_jsonl"}),
    "jsonl_missing_text": (lambda f, r: _jsonl(f, "feeds/notext.jsonl", [{"url": "https://x.example/1"}]),
                           {"missing_text"}),
    "jsonl_empty_text": (lambda f, r: _jsonl(f, "feeds/emptytext.jsonl", [{"id": "e", "text": "   "}]),
                         {"empty_document"}),
    "jsonl_bad_fetched_at": (lambda f, r: _jsonl(f, "feeds/baddate.jsonl", [{"text": ARTICLE, "fetched_at": "yesterday"}]),
                             {"bad_field"}),
    "jsonl_far_dates": (lambda f, r: _jsonl(f, "feeds/fardate.jsonl", [{"text": ARTICLE, "fetched_at": "9999-12-31T23:59:59-12:00"}]),
                        DOC | {"bad_field"}),
    "jsonl_lone_surrogate": (lambda f, r: _jsonl(f, "feeds/surrogate.jsonl",
                                                 ['{"id": "s1", "text": "Troops\\ud800 left \\u0000 the base on Monday."}']),
                             DOC),
    "jsonl_duplicate_id": (lambda f, r: _jsonl(f, "feeds/dup.jsonl", [{"id": 7, "text": ARTICLE}, {"id": 7, "text": "x"}]),
                           DOC | {"duplicate_record"}),
    "jsonl_overlong_line": (lambda f, r: _jsonl(f, "feeds/longline.jsonl", [{"text": "y" * (LIMITS["max_doc_bytes"] + 5)},
                                                                           {"id": "ok", "text": ARTICLE}]),
                            DOC | {"too_large"}),
    "jsonl_too_large_file": (lambda f, r: _jsonl(f, "feeds/huge.jsonl", [{"text": ARTICLE + str(i)} for i in
                                                                         range(LIMITS["max_file_bytes"] // 300)]),
                             {"too_large"}),
    "jsonl_crlf_blank_lines": (lambda f, r: _w(f, "feeds/crlf.jsonl", "\r\n\r\n" + json.dumps({"text": ARTICLE})
                                               + "\r\n   \r\n"), DOC),
    "jsonl_html_record": (lambda f, r: _jsonl(f, "feeds/html.jsonl", [{"url": "https://news.example/a", "html":
                                                                      "<html><body><article><p>" + ARTICLE
                                                                      + "</p></article></body></html>"}]), DOC),
    "non_utf8_file_name": (_odd_name, DOC),
    "fifo": (lambda f, r: _fifo(f, "pipe.txt"), {"not_a_file"}),
    "device_symlink": (lambda f, r: _symlink(f, "zeros.txt", "/dev/zero"), {"not_a_file"}),
    "dangling_symlink": (lambda f, r: _symlink(f, "dangling.txt", "does-not-exist.txt"), {"broken_symlink"}),
    "symlink_loop": (lambda f, r: _symlink(f, "loop.txt", "loop.txt"), {"symlink_loop"}),
    "working_symlink": (lambda f, r: _w(f, "target/real.txt", ARTICLE.replace("400", "420"))
                        + _symlink(f, "alias.txt", "target/real.txt"), DOC),
    "mtime_before_epoch": (_old_mtime, DOC),
    "dated_folder_bad_date": (lambda f, r: _w(f, "2025-13-45/odd-date.txt", ARTICLE.replace("400", "430")), DOC),
}


def make_corpus(folder: Path, seed: int = 0, scale: float = 1.0) -> dict[str, tuple[list[str], set[str]]]:
    """Write every kind into `folder`; return {kind: (relative paths, accepted outcomes)}."""
    SCALE[0] = scale
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    return {kind: (make(folder, rng), accepted) for kind, (make, accepted) in KINDS.items()}


def check_corpus(folder: Path, warehouse: Path, kinds: dict[str, tuple[list[str], set[str]]],
                 run_id: str = "corpus") -> dict[str, Any]:
    """Run the pipeline over the corpus; return the summary, every input's outcomes, and violations."""
    from devtools import localrun

    summary = localrun.run(folder, warehouse, run_id, **LIMITS)
    outcomes: dict[str, list[str]] = {}
    for (uri,) in localrun.rows(warehouse, "documents", "source_uri"):
        outcomes.setdefault(uri.split("#", 1)[0], []).append("doc")
    for uri, code in localrun.rows(warehouse, "rejects", "source_uri, reason_code"):
        outcomes.setdefault(uri.split("#", 1)[0], []).append(code)
    violations = []
    for kind, (rels, accepted) in kinds.items():
        for rel in rels:
            got = outcomes.get(rel, [])
            if not got:
                violations.append(f"{kind}: {rel} vanished (neither a document nor a reject)")
            elif not set(got) <= accepted:
                violations.append(f"{kind}: {rel} ended as {sorted(set(got))}, expected one of {sorted(accepted)}")
    s = summary
    if s["docs_seen"] != s["docs_written"] + s["docs_unchanged"] + s["docs_rejected"]:
        violations.append(f"accounting: seen {s['docs_seen']} != written + unchanged + rejected")
    orphans = localrun.orphans(warehouse)
    if orphans:
        violations.append(f"child rows without their document: {orphans}")
    return {"summary": summary, "outcomes": outcomes, "violations": violations}
