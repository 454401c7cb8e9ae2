"""Where inputs and the warehouse live: a local folder, or any URL pyarrow or fsspec can open.

A `Storage` is a root (`/data/warehouse`, `s3://bucket/newsflow`, `gs://…`, `memory://…`) plus the
pyarrow filesystem that reaches it. Every stage that touches files (reading inputs, staging,
publishing, the state files, the reader) goes through one, with paths relative to the root written
with `/`, so the same code runs on a laptop folder and on object storage a whole Dask cluster can
reach.

Why pyarrow's filesystems first: pyarrow already writes and reads every Parquet file here, its S3
client needs no extra package, and it reads the usual AWS settings from the environment
(`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` for an
S3-compatible server), so workers on other machines need only the same environment. A scheme
pyarrow does not know is opened with fsspec (when its package is installed) behind pyarrow's
`FSSpecHandler`.

What differs between the two kinds of storage, and is handled here rather than by callers:
- `replace(src, dst)`: `os.replace` on a local disk (atomic); on an object store a server-side copy
  then a delete. A reader sees the old object or the new one, never a mix: an object appears whole
  when its upload completes.
- `write_atomic(rel, data)`: a small file (a manifest) written whole or not at all: temporary file,
  fsync and rename locally; a single PUT on an object store.
- folders: created on demand locally; object stores have none (a prefix exists while a key under it
  does), so `mkdir` is a no-op there.

Storages are opened by URL with `open_storage`, cached per process: a Dask worker that processes
many batches opens its S3 client once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs

LOCAL_DIR_ENV = "NEWSFLOW_LOCAL_DIR"
# Schemes pyarrow's FileSystem.from_uri opens natively.
_PYARROW_SCHEMES = ("s3", "gs", "gcs", "hdfs", "viewfs", "abfs", "abfss", "file")


def is_url(location: str | os.PathLike[str]) -> bool:
    """A location with a scheme (`s3://…`) rather than a local path."""
    return "://" in str(location)


@dataclass(frozen=True)
class Storage:
    """A root folder on some filesystem; every path argument is relative to it (`a/b.parquet`)."""

    url: str                 # as the user gave it, normalised (a local path is made absolute)
    fs: pafs.FileSystem
    base: str                # the root's path inside `fs` (no trailing slash)

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, pafs.LocalFileSystem)

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0] if is_url(self.url) else "file"

    def path(self, rel: str = "") -> str:
        """The full path of `rel` inside the filesystem (what pyarrow calls a path)."""
        rel = rel.strip("/")
        return f"{self.base}/{rel}" if rel else self.base

    def uri(self, rel: str = "") -> str:
        """`rel` as a location a user (or another tool) can open: a local path or a URL."""
        rel = rel.strip("/")
        if not rel:
            return self.url
        return f"{self.url.rstrip('/')}/{rel}" if is_url(self.url) else str(Path(self.url) / rel)

    def local_path(self, rel: str = "") -> Path:
        """The local path of `rel`; only for a local storage (a report, a lock file, Data Docs)."""
        if not self.is_local:
            raise ValueError(f"{self.url} is not a local folder")
        return Path(self.path(rel))

    def child(self, rel: str) -> Storage:
        """The storage rooted at `rel` below this one."""
        return Storage(self.uri(rel), self.fs, self.path(rel))

    def relative(self, full_path: str) -> str:
        """The inverse of `path`: a filesystem path below the root, relative to it."""
        prefix = self.base.rstrip("/") + "/"
        if not full_path.startswith(prefix):
            raise ValueError(f"{full_path} is not below {self.base}")
        return full_path[len(prefix):]

    def local_dir(self) -> Path:
        """Where what only makes sense on a disk lives for this storage (Data Docs, run reports):
        the folder itself when local; for object storage `$NEWSFLOW_LOCAL_DIR/<scheme>/<bucket/prefix>`
        (default `./newsflow-local/...`), on the machine that runs the flow."""
        if self.is_local:
            return Path(self.base)
        root = Path(os.environ.get(LOCAL_DIR_ENV, "newsflow-local")).expanduser()
        return root / self.scheme / self.base.strip("/")

    # --- looking ---------------------------------------------------------------------------------
    def info(self, rel: str = "") -> pafs.FileInfo:
        return self.fs.get_file_info(self.path(rel))

    def exists(self, rel: str = "") -> bool:
        return self.info(rel).type != pafs.FileType.NotFound

    def is_file(self, rel: str) -> bool:
        return self.info(rel).type == pafs.FileType.File

    def is_dir(self, rel: str = "") -> bool:
        """A folder locally; on an object store, a prefix with at least one object below it."""
        t = self.info(rel).type
        if t == pafs.FileType.Directory:
            return True
        if t == pafs.FileType.NotFound and not self.is_local:
            return bool(self.ls(rel))
        return False

    def ls(self, rel: str = "") -> list[pafs.FileInfo]:
        """Direct children of `rel` (files and folders); empty when it does not exist."""
        sel = pafs.FileSelector(self.path(rel), allow_not_found=True, recursive=False)
        return sorted(self.fs.get_file_info(sel), key=lambda i: i.path)

    def walk(self, rel: str = "") -> Iterator[pafs.FileInfo]:
        """Every file below `rel`, recursively (folders are not listed)."""
        sel = pafs.FileSelector(self.path(rel), allow_not_found=True, recursive=True)
        for i in self.fs.get_file_info(sel):
            if i.type == pafs.FileType.File:
                yield i

    # --- reading and writing ----------------------------------------------------------------------
    def open_read(self, rel: str) -> pa.NativeFile:
        """A random-access file (what `pq.ParquetFile` needs)."""
        return self.fs.open_input_file(self.path(rel))

    def open_write(self, rel: str) -> pa.NativeFile:
        """A new file (replacing any); its parent folder is created locally."""
        self.mkdir(rel.rpartition("/")[0])
        return self.fs.open_output_stream(self.path(rel))

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open_input_stream(self.path(rel)) as fh:
            return fh.read()

    def read_text(self, rel: str) -> str:
        return self.read_bytes(rel).decode("utf-8")

    def write_bytes(self, rel: str, data: bytes) -> None:
        with self.open_write(rel) as fh:
            fh.write(data)

    def write_atomic(self, rel: str, data: bytes) -> None:
        """Write `rel` whole or not at all (the commit point of a run: its manifest)."""
        if not self.is_local:
            self.write_bytes(rel, data)  # one PUT: the object exists whole, or not at all
            return
        path = self.local_path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise

    def replace(self, src: str, dst: str) -> None:
        """Move `src` over `dst`: atomic locally; a copy (which lands whole) then a delete on object stores."""
        if self.is_local:
            self.mkdir(dst.rpartition("/")[0])
            os.replace(self.path(src), self.path(dst))
            return
        self.fs.copy_file(self.path(src), self.path(dst))
        self.fs.delete_file(self.path(src))

    def mkdir(self, rel: str = "") -> None:
        if self.is_local:
            os.makedirs(self.path(rel), exist_ok=True)  # (os-level: the fault-injection kit sees it)

    def delete(self, rel: str) -> None:
        """Delete a file; no error when it is already gone."""
        with suppress(FileNotFoundError):
            self.fs.delete_file(self.path(rel))

    def delete_dir(self, rel: str) -> None:
        """Delete a folder (prefix) and everything below it; no error when it is already gone."""
        with suppress(FileNotFoundError):
            self.fs.delete_dir(self.path(rel))

    def remove_empty_dir(self, rel: str) -> None:
        """Remove a local folder if empty (object stores have no empty folders)."""
        if self.is_local:
            with suppress(OSError):
                os.rmdir(self.path(rel))


def open_storage(location: str | os.PathLike[str] | Storage) -> Storage:
    """The storage at a local path or URL (`s3://bucket/prefix`, `gs://…`, `file:///…`, `memory://…`)."""
    if isinstance(location, Storage):
        return location
    loc = str(location)
    if not is_url(loc):
        loc = str(Path(loc).expanduser().resolve())
    return _open(loc)


@lru_cache(maxsize=64)
def _open(loc: str) -> Storage:
    if not is_url(loc):
        return Storage(loc, pafs.LocalFileSystem(), loc.rstrip("/") or "/")
    scheme = loc.split("://", 1)[0].lower()
    if scheme in _PYARROW_SCHEMES:
        fs, path = pafs.FileSystem.from_uri(loc)
        if isinstance(fs, pafs.LocalFileSystem):
            return Storage(path, fs, path.rstrip("/") or "/")
        return Storage(loc.rstrip("/"), fs, path.rstrip("/"))
    try:
        import fsspec
    except ImportError as e:  # pragma: no cover - fsspec comes with the Dask extra
        raise ValueError(f"cannot open {loc}: pyarrow does not know {scheme}:// and fsspec is not installed") from e
    try:
        ffs, path = fsspec.core.url_to_fs(loc)
    except (ImportError, ValueError) as e:
        raise ValueError(f"cannot open {loc}: {e}") from e
    return Storage(loc.rstrip("/"), pafs.PyFileSystem(pafs.FSSpecHandler(ffs)), str(path).rstrip("/"))
