"""Read raw inputs into RawDocuments, or Rejects that say why not.

One document per `.txt` / `.html` / `.htm` file, one per line of a `.jsonl` file. Nothing
here raises for bad input: every failure becomes a `Reject` with a reason code, so a run
always accounts for every input (seen = written + unchanged + rejected).

Landing date (the partition key of every table), first that applies:
1. a `YYYY-MM-DD` or `YYYY/MM/DD` segment in the path below the source folder;
2. the JSONL record's `fetched_at`;
3. the file's modification time, as a UTC date.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flows.model import RawDocument, Reject
from flows.read.html_meta import read_html_meta, record_meta

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
# A document larger than this is almost certainly not one article (a dump, a log, a
# mis-scrape); reading it would blow the per-batch memory budget. Overridable by config.
MAX_DOC_BYTES = 20 * 1024 * 1024
# Share of control bytes (other than \t\n\r\f) above which a file is binary, not text.
BINARY_CONTROL_SHARE = 0.05
# Bytes sniffed for the binary and HTML checks.
SNIFF_BYTES = 4096
# charset-normalizer's chaos score above which we call a decoding a guess too far.
MAX_DECODE_CHAOS = 0.3
# A .txt whose start looks like this is HTML that a scraper saved with the wrong suffix.
HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
DATE_IN_PATH = re.compile(r"(?<!\d)((?:19|20)\d\d)([-/])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
# Share of ASCII bytes above which a text cannot be in a CJK multi-byte encoding.
MOSTLY_ASCII = 0.9
CJK_CODECS = ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "big5", "big5hkscs", "cp950", "gb2312", "gb18030",
              "gbk", "hz", "cp949", "euc_kr", "iso2022_kr", "johab"]
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass(frozen=True, slots=True)
class InputFile:
    """A discovered input file (cheap to build: one stat, no read)."""

    path: Path
    rel: str                # posix path relative to the source folder: the source_uri
    size: int
    mtime_ns: int

    @property
    def fmt(self) -> str:
        return SUFFIXES[self.path.suffix.lower()]


def discover(source: Path) -> Iterator[InputFile]:
    """Yield input files under `source` in a stable order, streaming (no full listing held)."""
    source = Path(source)
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            p = Path(dirpath) / name
            try:
                st = p.stat()
            except OSError:
                continue  # vanished between listing and stat: it is not an input any more
            yield InputFile(p, p.relative_to(source).as_posix(), st.st_size, st.st_mtime_ns)


def doc_id_for(source_uri: str) -> str:
    return hashlib.sha256(source_uri.encode("utf-8")).hexdigest()[:16]


def landing_date(rel: str, mtime_ns: int, fetched_at: datetime | None = None) -> date:
    m = DATE_IN_PATH.search(rel)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            pass
    if fetched_at is not None:
        return fetched_at.astimezone(UTC).date()
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).date()


def read_input(f: InputFile, max_bytes: int = MAX_DOC_BYTES) -> Iterator[RawDocument | Reject]:
    """Read one input file into documents or rejects; never raises for bad input."""
    mdate = landing_date(f.rel, f.mtime_ns)
    try:
        if f.size > max_bytes and f.fmt != "jsonl":
            yield Reject(f.rel, "read", "too_large", f"{f.size} bytes > limit {max_bytes}", None, mdate)
            return
        data = f.path.read_bytes()
    except FileNotFoundError:
        yield Reject(f.rel, "read", "vanished", "file disappeared before it could be read", None, mdate)
        return
    except OSError as e:
        yield Reject(f.rel, "read", "io_error", f"{type(e).__name__}: {e}", None, mdate)
        return
    if f.fmt == "jsonl":
        yield from _read_jsonl(f, data, mdate, max_bytes)
        return
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        yield Reject(f.rel, "read", "empty_file", "no content", sha, mdate)
        return
    if _is_binary(data):
        yield Reject(f.rel, "read", "binary_file", "control bytes: not a text document", sha, mdate)
        return
    text, why = decode_bytes(data)
    if text is None:
        yield Reject(f.rel, "read", "undecodable", why, sha, mdate)
        return
    if f.fmt == "txt":
        if HTML_SNIFF.match(data[:SNIFF_BYTES]):
            yield Reject(f.rel, "read", "html_as_text",
                         "a .txt file holding HTML; save it as .html to have it extracted", sha, mdate)
            return
        yield RawDocument(f.rel, sha, text.replace("\r\n", "\n").replace("\r", "\n"), "txt", mdate)
        return
    yield _html_document(f.rel, sha, text, mdate, url=None, fetched_at=None, title=None)


def _read_jsonl(f: InputFile, data: bytes, mdate: date, max_bytes: int) -> Iterator[RawDocument | Reject]:
    if not data.strip():
        yield Reject(f.rel, "read", "empty_file", "no content", hashlib.sha256(data).hexdigest(), mdate)
        return
    for n, raw_line in enumerate(data.split(b"\n"), start=1):
        if not raw_line.strip():
            continue
        uri = f"{f.rel}#L{n}"
        sha = hashlib.sha256(raw_line).hexdigest()
        if len(raw_line) > max_bytes:
            yield Reject(uri, "read", "too_large", f"{len(raw_line)} bytes > limit {max_bytes}", sha, mdate)
            continue
        try:
            rec = json.loads(raw_line)
        except (ValueError, UnicodeDecodeError) as e:
            yield Reject(uri, "read", "malformed_jsonl", f"not JSON: {e}"[:300], sha, mdate)
            continue
        if not isinstance(rec, dict):
            yield Reject(uri, "read", "malformed_jsonl", "a JSON value that is not an object", sha, mdate)
            continue
        yield _jsonl_document(uri, sha, rec, f, mdate)


def _jsonl_document(uri: str, sha: str, rec: dict[str, Any], f: InputFile, mdate: date) -> RawDocument | Reject:
    fetched = _parse_ts(rec.get("fetched_at"))
    if rec.get("fetched_at") and fetched is None:
        return Reject(uri, "read", "bad_field", f"fetched_at not a timestamp: {rec.get('fetched_at')!r}"[:300], sha, mdate)
    pdate = landing_date(f.rel, f.mtime_ns, fetched)
    url = rec.get("url") if isinstance(rec.get("url"), str) else None
    title = rec.get("title") if isinstance(rec.get("title"), str) else None
    text, html = rec.get("text"), rec.get("html")
    if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()):
        return _html_document(uri, sha, html, pdate, url=url, fetched_at=fetched, title=title, fmt="jsonl")
    if not isinstance(text, str):
        return Reject(uri, "read", "missing_text", "record has neither a 'text' nor an 'html' string", sha, pdate)
    if not text.strip():
        return Reject(uri, "read", "empty_document", "record's text is empty", sha, pdate)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(uri, sha, text, "jsonl", pdate, url=url, fetched_at=fetched, title_hint=title,
                       html_meta=record_meta(rec))


def _html_document(uri: str, sha: str, html: str, pdate: date, *, url: str | None,
                   fetched_at: datetime | None, title: str | None, fmt: str = "html") -> RawDocument | Reject:
    """Main text and metadata of an HTML page, by trafilatura (made for exactly this)."""
    import trafilatura  # lazy: keeps `import flows.read.inputs` light for text-only runs

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True)
    except Exception as e:  # trafilatura/lxml raise many types on hostile markup
        return Reject(uri, "read", "html_parse_error", f"{type(e).__name__}: {e}"[:300], sha, pdate)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = meta.get("text") or ""
    if not text.strip():
        return Reject(uri, "read", "html_no_text", "trafilatura found no main text", sha, pdate)
    keep = {k: meta.get(k) for k in ("title", "author", "date", "sitename", "hostname", "url", "description")}
    keep.update(read_html_meta(html))  # JSON-LD, <meta>, <time> with their provenance (flows/read/html_meta.py)
    return RawDocument(uri, sha, text, fmt, pdate, url=url or meta.get("url"), fetched_at=fetched_at,
                       title_hint=title or meta.get("title"), html_meta={k: v for k, v in keep.items() if v})


def _is_binary(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    ctrl = sum(head.count(bytes([c])) for c in _CONTROL)
    return ctrl / max(1, len(head)) > BINARY_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """UTF-8 first (the common case, cheap); else detect with charset-normalizer."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        first_error = str(e)
    from charset_normalizer import from_bytes

    # Mostly-ASCII bytes are a Western text with a few accented letters: CJK multi-byte
    # codecs "decode" those too (as nonsense ideographs) and would win on short texts.
    ascii_share = sum(1 for b in data[:65536] if b < 0x80) / max(1, min(len(data), 65536))
    exclude = CJK_CODECS if ascii_share >= MOSTLY_ASCII else None
    best = from_bytes(data, cp_exclusion=exclude).best()
    if best is None or best.chaos > MAX_DECODE_CHAOS:
        return None, f"not UTF-8 ({first_error}) and no confident encoding detected"
    return str(best), best.encoding


def _parse_ts(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        ts = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
