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

import codecs
import errno
import hashlib
import io
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.fs as pafs

from flows.fs import Storage, is_url, open_storage
from flows.model import RawDocument, Reject
from flows.read.html_meta import read_html_meta, record_meta

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
# A document larger than this is almost certainly not one article (a dump, a log, a
# mis-scrape); reading it would blow the per-batch memory budget. Overridable by config.
MAX_DOC_BYTES = 20 * 1024 * 1024
# A JSONL file is read line by line (memory stays at one line), but all its documents land in
# one batch: past this size a file is a dump to split, not a feed. Overridable by config.
MAX_JSONL_FILE_BYTES = 256 * 1024 * 1024
# Deepest nesting of a JSONL record we parse: a news record is a flat object; deeper nesting is
# hostile or broken, and the stdlib parser recurses per level (RecursionError near ~1,000).
MAX_JSON_DEPTH = 64
# A JSONL record's `id` longer than this is hashed into its key.
MAX_KEY_CHARS = 200
# Share of control bytes (other than \t\n\r\f) above which a file is binary, not text.
BINARY_CONTROL_SHARE = 0.05
# A few NUL bytes in a text (a bad copy, a scraper's padding) are removed, counted in the
# document's repairs; above this share of the bytes the file is binary (or UTF-16/32, sniffed first).
MAX_NUL_SHARE = 0.01
MAX_STRAY_NULS = 16  # in a short text a handful of NULs is still stray, whatever the share
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
_CONTROL = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13))
# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# UTF-16/32 without a BOM: a text in one script has one dominant high byte per code unit
# (0x00 for Latin, 0x04 Cyrillic, 0x06 Arabic); random bytes spread over all 256.
WIDE_DOMINANT_SHARE = 0.3
# Lone surrogates (a JSON "\ud800" escape) cannot be stored as UTF-8: replaced with U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")

# Reason codes of inputs that are not readable files (discovery notes them; reading rejects them).
NOT_A_FILE = "not_a_file"          # a FIFO, socket or device named like an input
BROKEN_SYMLINK = "broken_symlink"  # a symlink whose target does not exist
SYMLINK_LOOP = "symlink_loop"      # a symlink that resolves to itself
UNREADABLE_FOLDER = "unreadable_folder"  # a folder discovery could not list (its files would vanish)


@dataclass(frozen=True, slots=True)
class InputFile:
    """A discovered input (cheap to build: one stat, no read). `problem` is a reason code when it
    is not a readable regular file: reading it yields one Reject with that code.

    A file on object storage (`discover("s3://bucket/prefix")`) has `source` set to the source
    root's URL and `path` to the file's own URL; its bytes are read through `open_storage(source)`
    (opened once per process and cached), so an InputFile stays a few strings and ints: cheap to
    pickle to a Dask worker on another machine, which reaches the same URL."""

    path: Path | str        # local: the file; on object storage: its URL
    rel: str                # posix path relative to the source folder: the source_uri
    size: int
    mtime_ns: int
    problem: str | None = None
    source: str | None = None  # the source root's URL when it is not a local folder

    @property
    def fmt(self) -> str:
        suffix = self.path.suffix if isinstance(self.path, Path) else PurePosixPath(self.rel).suffix
        return SUFFIXES.get(suffix.lower(), "txt")

    def read_bytes(self) -> bytes:
        """The whole file (tools and benchmarks; the pipeline reads through `read_input`)."""
        if self.source is None:
            return Path(self.path).read_bytes()
        return open_storage(self.source).read_bytes(self.rel)


def printable_path(rel: str) -> str:
    """A file name that is not valid UTF-8 (os gives it as lone surrogates) with its odd bytes
    written as \\xNN: it can be stored, hashed and shown, and names the same file every run."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(source: Path | str) -> Iterator[InputFile]:
    """Yield input files under `source` in a stable order, streaming (no full listing held).

    `source` is a local folder or a URL (`s3://bucket/prefix`, anything `flows.fs.open_storage`
    opens). Nothing that looks like an input goes unnoticed: special files, dangling symlinks,
    symlink loops and folders that cannot be listed are yielded with a `problem`, so they end as
    rejects."""
    if is_url(source):
        storage = open_storage(source)
        if not storage.is_local:
            yield from _discover_storage(storage)
            return
        source = storage.base  # file:///… is a local folder: same walk, same checks
    source = Path(source)
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(source, onerror=errors.append):
        yield from _unreadable(source, errors)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            p = Path(dirpath) / name
            rel = printable_path(p.relative_to(source).as_posix())
            try:
                st = p.stat()
            except OSError as e:
                try:
                    lst = p.lstat()
                except OSError:
                    continue  # vanished between listing and stat: it is not an input any more
                problem = (SYMLINK_LOOP if e.errno == errno.ELOOP else
                           BROKEN_SYMLINK if stat.S_ISLNK(lst.st_mode) else "io_error")
                yield InputFile(p, rel, 0, lst.st_mtime_ns, problem)
                continue
            if not stat.S_ISREG(st.st_mode):
                yield InputFile(p, rel, 0, st.st_mtime_ns, NOT_A_FILE)
                continue
            yield InputFile(p, rel, st.st_size, st.st_mtime_ns)
    yield from _unreadable(source, errors)


def _unreadable(source: Path, errors: list[OSError]) -> Iterator[InputFile]:
    while errors:
        e = errors.pop(0)
        p = Path(e.filename) if e.filename else source
        if p == source and isinstance(e, FileNotFoundError):
            continue  # the caller checks that the source exists
        rel = printable_path(p.relative_to(source).as_posix() if p != source else ".") + "/"
        yield InputFile(p, rel, 0, 0, UNREADABLE_FOLDER)


def _discover_storage(storage: Storage) -> Iterator[InputFile]:
    """`discover` on object storage: the same order and the same names as for a local copy.

    One listing per folder (prefix), as `os.walk` does: a folder's files sorted by name, then its
    sub-folders sorted by name, names starting with `.` skipped; one folder is listed at a time.
    Object stores have no special files or links, so the only problem left is a listing that
    fails (permissions): that folder is yielded as `unreadable_folder`."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            entries = storage.ls(rel_dir)
        except OSError:
            yield InputFile(storage.uri(rel_dir), printable_path(rel_dir or ".") + "/", 0, 0, UNREADABLE_FOLDER,
                            source=storage.url)
            continue
        subdirs: list[str] = []
        for info in sorted(entries, key=lambda i: i.base_name):
            name = info.base_name
            if not name or name.startswith("."):
                continue
            rel = storage.relative(info.path)
            if info.type == pafs.FileType.Directory:
                subdirs.append(rel)
            elif info.type == pafs.FileType.File and Path(name).suffix.lower() in SUFFIXES:
                yield InputFile(storage.uri(rel), printable_path(rel), int(info.size or 0), int(info.mtime_ns or 0),
                                source=storage.url)
        stack.extend(reversed(subdirs))


def doc_id_for(source_uri: str) -> str:
    return hashlib.sha256(source_uri.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def landing_date(rel: str, mtime_ns: int, fetched_at: datetime | None = None) -> date:
    m = DATE_IN_PATH.search(rel)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            pass
    if fetched_at is not None:
        return fetched_at.astimezone(UTC).date()
    try:
        return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).date()
    except (OverflowError, OSError, ValueError):  # an mtime far outside the calendar
        return date(1970, 1, 1)


_PROBLEM_MESSAGES = {
    NOT_A_FILE: "not a regular file (a FIFO, socket or device named like an input): nothing to read",
    BROKEN_SYMLINK: "a symbolic link whose target does not exist",
    SYMLINK_LOOP: "a symbolic link that loops back on itself",
    UNREADABLE_FOLDER: "a folder that could not be listed (permissions?): its files were not read",
    "io_error": "could not stat the file",
}


def read_input(f: InputFile, max_bytes: int = MAX_DOC_BYTES,
               max_file_bytes: int = MAX_JSONL_FILE_BYTES) -> Iterator[RawDocument | Reject]:
    """Read one input file into documents or rejects; never raises for bad input.

    The file is opened without blocking and checked to be a regular file on the open handle
    (a FIFO swapped in after discovery must not hang the run); at most `max_bytes` + 1 bytes
    of a document are ever read, and a JSONL file is streamed line by line. A file on object
    storage goes through the same limits, checks and reason codes (`_read_object`)."""
    mdate = landing_date(f.rel, f.mtime_ns)
    if f.problem:
        yield Reject(f.rel, "read", f.problem, _PROBLEM_MESSAGES.get(f.problem, f.problem), None, mdate)
        return
    reader = _read_object if f.source is not None else _read_local
    data = yield from reader(f, mdate, max_bytes, max_file_bytes)
    if data is None:
        return
    if len(data) > max_bytes:  # grew after the stat
        yield Reject(f.rel, "read", "too_large", f"more than {max_bytes} bytes", None, mdate)
        return
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        yield Reject(f.rel, "read", "empty_file", "no content", sha, mdate)
        return
    text, code, message, repairs = decode_document(data)
    if text is None:
        yield Reject(f.rel, "read", code, message, sha, mdate)
        return
    if f.fmt == "txt":
        if HTML_SNIFF.match(text[:SNIFF_BYTES].encode("utf-8", "replace")):
            yield Reject(f.rel, "read", "html_as_text",
                         "a .txt file holding HTML; save it as .html to have it extracted", sha, mdate)
            return
        if not text.strip():
            yield Reject(f.rel, "read", "empty_file", "no content once decoded", sha, mdate)
            return
        yield RawDocument(f.rel, sha, text.replace("\r\n", "\n").replace("\r", "\n"), "txt", mdate,
                          repairs=repairs)
        return
    doc = _html_document(f.rel, sha, text, mdate, url=None, fetched_at=None, title=None)
    if repairs and isinstance(doc, RawDocument):
        doc = replace(doc, repairs=repairs)
    yield doc


_Read = Generator[RawDocument | Reject, None, bytes | None]


def _read_local(f: InputFile, mdate: date, max_bytes: int, max_file_bytes: int) -> _Read:
    """A local file's bytes (None when it was rejected or streamed as JSONL): opened without
    blocking and checked to be a regular file on the open handle."""
    try:
        fd = os.open(f.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        yield Reject(f.rel, "read", "vanished", "file disappeared before it could be read", None, mdate)
        return None
    except OSError as e:
        code = SYMLINK_LOOP if e.errno == errno.ELOOP else "io_error"
        yield Reject(f.rel, "read", code, f"{type(e).__name__}: {e.strerror or e}", None, mdate)
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                yield Reject(f.rel, "read", NOT_A_FILE, _PROBLEM_MESSAGES[NOT_A_FILE], None, mdate)
                return None
            os.set_blocking(fd, True)
            return (yield from _read_sized(f, fh, st.st_size, mdate, max_bytes, max_file_bytes))
        except OSError as e:
            yield Reject(f.rel, "read", "io_error", f"{type(e).__name__}: {e.strerror or e}", None, mdate)
            return None


def _read_object(f: InputFile, mdate: date, max_bytes: int, max_file_bytes: int) -> _Read:
    """An object's bytes (None when it was rejected or streamed as JSONL), through the source's
    storage: the same limits and reason codes as a local file (no FIFOs or links to guard against).
    The size is asked when the object is opened, not taken from the listing: it may have changed."""
    assert f.source is not None
    try:
        nf = open_storage(f.source).open_read(f.rel)
    except FileNotFoundError:
        yield Reject(f.rel, "read", "vanished", "file disappeared before it could be read", None, mdate)
        return None
    except OSError as e:
        yield Reject(f.rel, "read", "io_error", f"{type(e).__name__}: {e}"[:300], None, mdate)
        return None
    with nf:
        try:
            fh = io.BufferedReader(_NativeRaw(nf), OBJECT_READ_BUFFER)  # gives JSONL its readline
            return (yield from _read_sized(f, fh, nf.size(), mdate, max_bytes, max_file_bytes))
        except OSError as e:
            yield Reject(f.rel, "read", "io_error", f"{type(e).__name__}: {e}"[:300], None, mdate)
            return None


def _read_sized(f: InputFile, fh: BinaryIO, size: int, mdate: date, max_bytes: int, max_file_bytes: int) -> _Read:
    """The limits every input obeys, local or not: a JSONL file over `max_file_bytes` is rejected, else
    streamed record by record; any other file over `max_bytes` is rejected, else its bytes returned."""
    if f.fmt == "jsonl":
        if size > max_file_bytes:
            yield Reject(f.rel, "read", "too_large", f"JSONL file of {size} bytes > limit "
                         f"{max_file_bytes}: split it into smaller files", None, mdate)
            return None
        yield from _read_jsonl(f, fh, mdate, max_bytes)
        return None
    if size > max_bytes:
        yield Reject(f.rel, "read", "too_large", f"{size} bytes > limit {max_bytes}", None, mdate)
        return None
    return fh.read(max_bytes + 1)


# Bytes fetched per read from object storage while streaming a JSONL file line by line.
OBJECT_READ_BUFFER = 1 << 20


class _NativeRaw(io.RawIOBase):
    """A pyarrow file as a raw stream, so `io.BufferedReader` gives it `readline` (pyarrow's own
    files do not implement it)."""

    def __init__(self, native: pa.NativeFile) -> None:
        self._native = native

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._native.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)



def record_key(rec: dict[str, Any], sha: str) -> str:
    """What names a JSONL record across edits of its file: its `id`, else its `url`, else its
    content hash (never its line number: deleting one line must not rename every later record)."""
    for field_name in ("id", "url"):
        v = rec.get(field_name)
        if isinstance(v, bool) or not isinstance(v, str | int) or not str(v).strip():
            continue
        v = _SURROGATE.sub("\ufffd", str(v).strip())
        if len(v) > MAX_KEY_CHARS or any(c in v for c in "\n\r\t#"):
            v = "sha256:" + hashlib.sha256(v.encode("utf-8")).hexdigest()[:16]
        return f"{field_name}={v}"
    return f"sha={sha[:16]}"


def _read_jsonl(f: InputFile, fh: BinaryIO, mdate: date, max_bytes: int) -> Iterator[RawDocument | Reject]:
    """One document per line, streamed (memory holds one line, never the file)."""
    keys: dict[str, int] = {}  # record key -> first line it was seen on
    any_content = False
    n = 0
    while True:
        raw_line = fh.readline(max_bytes + 1)
        if not raw_line:
            break
        n += 1
        if len(raw_line) > max_bytes and not raw_line.endswith(b"\n"):
            size = len(raw_line)
            while chunk := fh.readline(1 << 20):  # skip the rest of the overlong line
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            any_content = True
            yield Reject(f"{f.rel}#L{n}", "read", "too_large", f"line {n}: {size} bytes > limit {max_bytes}",
                         None, mdate)
            continue
        raw_line = raw_line.rstrip(b"\r\n")
        if not raw_line.strip():
            continue
        any_content = True
        sha = hashlib.sha256(raw_line).hexdigest()
        rec, error = _parse_json_line(raw_line)
        if rec is None:
            yield Reject(f"{f.rel}#sha={sha[:16]}", "read", "malformed_jsonl", f"line {n}: {error}"[:300], sha, mdate)
            continue
        key = record_key(rec, sha)
        uri = f"{f.rel}#{key}"
        if key in keys:
            yield Reject(f"{uri}#L{n}", "read", "duplicate_record",
                         f"line {n} repeats the {key.split('=', 1)[0]} of line {keys[key]}; the first is kept",
                         sha, mdate)
            continue
        keys[key] = n
        yield _jsonl_document(uri, sha, rec, f, mdate)
    if not any_content:
        yield Reject(f.rel, "read", "empty_file", "no content", hashlib.sha256(b"").hexdigest(), mdate)


def _parse_json_line(raw_line: bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        rec = json.loads(raw_line)
    except RecursionError:
        return None, f"nested deeper than {MAX_JSON_DEPTH} levels"
    except (ValueError, UnicodeDecodeError) as e:
        return None, f"not JSON: {e}"
    if not isinstance(rec, dict):
        return None, "a JSON value that is not an object"
    if _depth_exceeds(rec, MAX_JSON_DEPTH):
        return None, f"nested deeper than {MAX_JSON_DEPTH} levels"
    return rec, ""


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when containers nest deeper than `limit` (iterative: linear, no recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if d > limit:
            return True
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values() if isinstance(x, dict | list))
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v if isinstance(x, dict | list))
    return False


def _jsonl_document(uri: str, sha: str, rec: dict[str, Any], f: InputFile, mdate: date) -> RawDocument | Reject:
    fetched = _parse_ts(rec.get("fetched_at"))
    if rec.get("fetched_at") and fetched is None:
        return Reject(uri, "read", "bad_field", f"fetched_at not a timestamp: {rec.get('fetched_at')!r}"[:300], sha, mdate)
    pdate = landing_date(f.rel, f.mtime_ns, fetched)
    repairs: Counter[str] = Counter()
    url, title, text, html = (_clean_str(rec.get(k), repairs) for k in ("url", "title", "text", "html"))
    if html and html.strip() and not (text and text.strip()):
        doc = _html_document(uri, sha, html, pdate, url=url, fetched_at=fetched, title=title, fmt="jsonl")
        return replace(doc, repairs=dict(repairs)) if repairs and isinstance(doc, RawDocument) else doc
    if text is None:
        return Reject(uri, "read", "missing_text", "record has neither a 'text' nor an 'html' string", sha, pdate)
    if not text.strip():
        return Reject(uri, "read", "empty_document", "record's text is empty", sha, pdate)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(uri, sha, text, "jsonl", pdate, url=url, fetched_at=fetched, title_hint=title,
                       html_meta=record_meta(rec), repairs=dict(repairs))


def _clean_str(value: Any, repairs: Counter[str]) -> str | None:
    """A JSON string field as storable text: lone surrogates become U+FFFD, NULs go (counted)."""
    if not isinstance(value, str):
        return None
    if _SURROGATE.search(value):
        value, n = _SURROGATE.subn("\ufffd", value)
        repairs["lone_surrogates_replaced"] += n
    if "\x00" in value:
        repairs["nul_bytes_stripped"] += value.count("\x00")
        value = value.replace("\x00", "")
    return value


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


def decode_document(data: bytes) -> tuple[str | None, str, str, dict[str, int]]:
    """Decode a text file's bytes: (text, encoding, "", repairs) or (None, reason_code, message, {}).

    In order: a byte-order mark (UTF-8/16/32); NUL bytes, which mean UTF-16/32 without a BOM
    (sniffed from the code units), else stray NULs (removed and counted when few, binary when
    many); control bytes (binary); then UTF-8, else charset-normalizer's detection."""
    repairs: dict[str, int] = {}
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as e:
                return None, "undecodable", f"starts with a {codec} byte-order mark but is not {codec}: {e}"[:300], {}
            if _control_share(text[:SNIFF_BYTES]) > BINARY_CONTROL_SHARE:
                return None, "binary_file", f"control characters once decoded as {codec}: not a text", {}
            return _without_nuls(text, repairs), codec, "", repairs
    if b"\x00" in data:
        wide = _sniff_wide(data)
        if wide is not None:
            try:
                return _without_nuls(data.decode(wide), repairs), wide, "", repairs
            except UnicodeDecodeError:
                pass
        nuls = data.count(b"\x00")
        if nuls > max(MAX_STRAY_NULS, MAX_NUL_SHARE * len(data)):
            return None, "binary_file", f"{nuls} NUL bytes: not a text document", {}
        data = data.replace(b"\x00", b"")
        repairs["nul_bytes_stripped"] = nuls
    if _is_binary(data):
        return None, "binary_file", "control bytes: not a text document", {}
    decoded, how = decode_bytes(data)
    if decoded is None:
        return None, "undecodable", how, {}
    return decoded, how, "", repairs


def _without_nuls(text: str, repairs: dict[str, int]) -> str:
    if "\x00" in text:
        repairs["nul_bytes_stripped"] = text.count("\x00")
        text = text.replace("\x00", "")
    return text


def _sniff_wide(data: bytes) -> str | None:
    """UTF-32/16 (LE/BE) without a BOM, told from how the code units of the first bytes look."""
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % unit or len(data) < 2 * unit:
            continue
        head = data[:SNIFF_BYTES - SNIFF_BYTES % 4]
        try:
            sample = head.decode(codec)
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:  # not just a surrogate pair cut at the sniff boundary
                continue
            sample = head[:e.start].decode(codec)
        if not sample:
            continue
        n = len(sample)
        dominant = max(Counter(ord(c) >> 8 for c in sample).values())
        textual = sum(1 for c in sample if c.isprintable() or c in "\t\n\r\f")
        letters = sum(1 for c in sample if c.isalpha())
        spaces = sum(1 for c in sample if c.isspace())  # words: what random code units lack
        astral = sum(1 for c in sample if c > "\uffff")  # rare in text, common in bytes read as UTF-32
        if (_control_share(sample) <= MAX_NUL_SHARE and dominant >= WIDE_DOMINANT_SHARE * n
                and textual >= 0.95 * n and letters >= 0.5 * n and spaces >= 0.03 * n and astral <= 0.1 * n):
            return codec
    return None


def _control_share(text: str) -> float:
    return sum(1 for c in text if c < " " and c not in "\t\n\r\f") / max(1, len(text))


def _is_binary(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
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
        return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    except (ValueError, OverflowError):  # not a timestamp, or one outside the calendar
        return None
