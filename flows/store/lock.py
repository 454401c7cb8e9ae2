"""One writer per warehouse: a lock that works on a local folder and on S3.

A local warehouse is locked with `flock` on `<warehouse>/.lock`: the OS releases it when the
process dies, so a killed run never leaves a stale lock.

Object storage has no flock and a dead writer cannot release anything, so on S3 the lock is an
object, `<warehouse>/.lock`, holding a *lease*:

- taking it is a conditional PUT (`If-None-Match: *`): S3 creates the object only if no object has
  that key, so of two runs starting together exactly one succeeds;
- the holder renews the lease from a daemon thread (every third of the lease) with a PUT
  conditional on the ETag it last wrote (`If-Match`): if anyone else has replaced the object in
  between, the renewal fails and the holder knows it has lost the lock (`lost`): the commit checks
  it and refuses to publish;
- a lock whose lease has run out (its holder died or hung) may be taken over, again with a PUT
  conditional on the ETag the taker read, so two runs that both see an expired lease cannot both
  win: the second PUT fails on the first one's new ETag;
- expiry is judged on the server's clock (the object's Last-Modified against the Date of the same
  response), never by comparing two machines' clocks;
- releasing deletes the object only if it is still ours (a DELETE conditional on our ETag).

The lease (`lease_seconds`, default 300 s) bounds how long a crashed writer blocks the warehouse;
a live writer keeps it as long as it runs. A writer that cannot reach S3 for a whole lease is
treated as having lost the lock, as others may by then have taken it over.

Other object stores (gs://, abfs://, …) are not locked: a warning says that keeping a single
writer is then the user's job, and the run proceeds.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from flows.fs import Storage, open_storage

log = logging.getLogger(__name__)

LOCK_NAME = ".lock"
DEFAULT_LEASE_SECONDS = 300.0
# How often a waiting run looks at the lock again.
POLL_SECONDS = 0.5


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse lock."""


class WarehouseLockLost(WarehouseLocked):
    """This run held the lock, but another run has taken it over (the lease ran out)."""


@dataclass
class HeldLock:
    """What `warehouse_lock` yields: who holds it, and whether it has been lost since."""

    kind: str                     # "flock" (local), "s3" (lease object) or "none" (not lockable)
    location: str                 # the lock file or object
    owner: dict[str, Any] = field(default_factory=dict)
    _lost: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def lost(self) -> bool:
        """True once the heartbeat found the lock taken (or could not renew it for a whole lease)."""
        return self._lost.is_set()

    def ensure_held(self) -> None:
        """Raise `WarehouseLockLost` if the lock was lost: call it just before committing."""
        if self.lost:
            raise WarehouseLockLost(
                f"the lock {self.location} was taken over by another run (this run's lease ran out "
                "without renewal): nothing was published; run again")


@contextmanager
def warehouse_lock(storage_or_path: Storage | str | os.PathLike[str], wait_seconds: float = 0.0, *,
                   lease_seconds: float = DEFAULT_LEASE_SECONDS, run_id: str | None = None) -> Iterator[HeldLock]:
    """Hold the exclusive lock on a warehouse (local folder or URL) for the `with` block.

    Waits up to `wait_seconds` for another run to finish, then raises `WarehouseLocked` naming the
    holder. On S3 the lease is `lease_seconds`, renewed in the background; check `.lost` (or call
    `.ensure_held()`) before committing."""
    storage = open_storage(storage_or_path)
    if storage.is_local:
        with _flock(storage.local_path(), wait_seconds) as held:
            yield held
        return
    if storage.scheme == "s3":
        with _s3_lock(storage, wait_seconds, lease_seconds, run_id) as held:
            yield held
        return
    log.warning("no lock on %s: %s:// has no conditional writes newsflow can use; make sure only one "
                "newsflow run writes to this warehouse at a time", storage.url, storage.scheme)
    yield HeldLock("none", storage.uri(LOCK_NAME))


# --- local: flock ---------------------------------------------------------------------------------

@contextmanager
def _flock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[HeldLock]:
    """Exclusive lock on the warehouse (flock: released by the OS if the process dies)."""
    warehouse = Path(warehouse)
    warehouse.mkdir(parents=True, exist_ok=True)
    fh = open(warehouse / ".lock", "a+")  # noqa: SIM115 - held for the duration
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "unknown"
                    raise WarehouseLocked(
                        f"another newsflow run (pid {holder}) is writing to {warehouse}; "
                        "wait for it to finish or pass --wait SECONDS") from None
                time.sleep(0.5)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield HeldLock("flock", str(warehouse / ".lock"), {"pid": os.getpid(), "host": socket.gethostname()})
    finally:
        try:
            fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            fh.close()


# --- S3: a lease object written with conditional PUTs ----------------------------------------------

def s3_client() -> Any:
    """A boto3 S3 client from the standard environment (credentials, region, `AWS_ENDPOINT_URL`)."""
    import boto3

    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or None
    return boto3.client("s3", endpoint_url=endpoint)


def _bucket_key(storage: Storage) -> tuple[str, str]:
    bucket, _, prefix = storage.base.partition("/")
    return bucket, f"{prefix}/{LOCK_NAME}" if prefix else LOCK_NAME


def _code(e: Exception) -> str:
    resp = getattr(e, "response", None) or {}
    return str(resp.get("Error", {}).get("Code", "")) or str(resp.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


# A conditional write lost to another writer (412), or raced with one (409: S3 answers this when
# two conditional writes to one key overlap), or the object is gone (404 on If-Match).
_LOST_RACE = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409", "NoSuchKey", "404"}


def _lease_body(owner: dict[str, Any], lease_seconds: float) -> bytes:
    now = datetime.now(UTC)
    return json.dumps({"owner": owner, "acquired": owner["acquired"], "renewed": now.isoformat(timespec="seconds"),
                       "expires": (now + timedelta(seconds=lease_seconds)).isoformat(timespec="seconds"),
                       "lease_seconds": lease_seconds}).encode("utf-8")


@contextmanager
def _s3_lock(storage: Storage, wait_seconds: float, lease_seconds: float, run_id: str | None) -> Iterator[HeldLock]:
    client = s3_client()
    bucket, key = _bucket_key(storage)
    owner = {"run": run_id, "pid": os.getpid(), "host": socket.gethostname(),
             "acquired": datetime.now(UTC).isoformat(timespec="seconds")}
    etag = _acquire(client, bucket, key, owner, storage.uri(LOCK_NAME), wait_seconds, lease_seconds)
    held = HeldLock("s3", storage.uri(LOCK_NAME), owner)
    beat = _Heartbeat(client, bucket, key, owner, lease_seconds, etag, held._lost)
    beat.start()
    try:
        yield held
    finally:
        beat.stop()
        if not held.lost:
            _release(client, bucket, key, beat.etag)


def _acquire(client: Any, bucket: str, key: str, owner: dict[str, Any], where: str, wait_seconds: float,
             lease_seconds: float) -> str:
    """Create the lock object, or take over an expired one; wait up to `wait_seconds`; the new ETag."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return str(client.put_object(Bucket=bucket, Key=key, Body=_lease_body(owner, lease_seconds),
                                         IfNoneMatch="*", ContentType="application/json")["ETag"])
        except Exception as e:
            if _code(e) not in _LOST_RACE:
                raise
        current = _read_lock(client, bucket, key)
        if current is None:
            continue  # released between our PUT and our GET: try again at once
        their_etag, holder, expired = current
        if expired:
            try:
                new = str(client.put_object(Bucket=bucket, Key=key, Body=_lease_body(owner, lease_seconds),
                                            IfMatch=their_etag, ContentType="application/json")["ETag"])
            except Exception as e:
                if _code(e) not in _LOST_RACE:
                    raise
                continue  # someone else took it over first (or it was released): look again
            log.warning("took over the lock %s: the lease of %s had expired (that run died or hung)",
                        where, _describe(holder))
            return new
        if time.monotonic() >= deadline:
            raise WarehouseLocked(
                f"another newsflow run ({_describe(holder)}) is writing to {where.rpartition('/')[0]}; "
                f"its lease runs until {holder.get('expires', '?')}; wait for it to finish or pass --wait SECONDS")
        time.sleep(min(POLL_SECONDS, max(0.01, deadline - time.monotonic())))


def _read_lock(client: Any, bucket: str, key: str) -> tuple[str, dict[str, Any], bool] | None:
    """The lock object's (ETag, content, expired?), or None when there is none.

    Expired is judged on the server's clock: the response's Date against the object's
    Last-Modified (when it was written or last renewed), plus the lease the holder asked for."""
    try:
        resp = client.get_object(Bucket=bucket, Key=key)
    except Exception as e:
        if _code(e) in ("NoSuchKey", "404"):
            return None
        raise
    raw = resp["Body"].read()
    try:
        holder = json.loads(raw)
        if not isinstance(holder, dict):
            raise ValueError("not an object")
        lease = float(holder.get("lease_seconds", DEFAULT_LEASE_SECONDS))
    except (ValueError, TypeError):
        holder, lease = {"owner": {"unreadable lock": raw[:200].decode("utf-8", "replace")}}, DEFAULT_LEASE_SECONDS
    date_header = resp.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("date")
    try:
        server_now = parsedate_to_datetime(date_header) if date_header else datetime.now(UTC)
    except (TypeError, ValueError):
        server_now = datetime.now(UTC)
    age = (server_now - resp["LastModified"]).total_seconds()
    return str(resp["ETag"]), holder, age > lease


def _describe(holder: dict[str, Any]) -> str:
    owner = holder.get("owner") or {}
    if not isinstance(owner, dict):
        return str(owner)[:200]
    parts = [f"{k} {owner[k]}" for k in ("run", "pid", "host") if owner.get(k) is not None]
    parts += [f"{k}: {v}" for k, v in owner.items() if k not in ("run", "pid", "host", "acquired")]
    return ", ".join(parts) or "unknown"


def _release(client: Any, bucket: str, key: str, etag: str) -> None:
    """Delete the lock object if it is still ours (a DELETE conditional on our ETag)."""
    try:
        client.delete_object(Bucket=bucket, Key=key, IfMatch=etag)
    except Exception as e:
        if _code(e) in _LOST_RACE:
            log.warning("the lock s3://%s/%s was no longer ours when releasing it; left in place", bucket, key)
            return
        log.warning("could not release the lock s3://%s/%s (%s); it expires with its lease", bucket, key, e)


class _Heartbeat(threading.Thread):
    """Renews the lease every third of it; sets `lost` when the lock was taken over, or when no
    renewal succeeded for a whole lease (others may have taken it over meanwhile)."""

    def __init__(self, client: Any, bucket: str, key: str, owner: dict[str, Any], lease_seconds: float,
                 etag: str, lost: threading.Event) -> None:
        super().__init__(name=f"newsflow-lock-heartbeat:{key}", daemon=True)
        self.client, self.bucket, self.key, self.owner = client, bucket, key, owner
        self.lease_seconds, self.etag, self.lost = lease_seconds, etag, lost
        self.interval = max(0.05, lease_seconds / 3)
        self._stop_event = threading.Event()
        self.last_renewed = time.monotonic()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.renew()
            if self.lost.is_set():
                return

    def renew(self) -> None:
        try:
            resp = self.client.put_object(Bucket=self.bucket, Key=self.key, IfMatch=self.etag,
                                          Body=_lease_body(self.owner, self.lease_seconds),
                                          ContentType="application/json")
        except Exception as e:
            if _code(e) in _LOST_RACE:
                log.error("lost the lock s3://%s/%s: another run took it over", self.bucket, self.key)
                self.lost.set()
            elif time.monotonic() - self.last_renewed > self.lease_seconds:
                log.error("could not renew the lock s3://%s/%s for a whole lease (%s): treating it as lost",
                          self.bucket, self.key, e)
                self.lost.set()
            else:
                log.warning("could not renew the lock s3://%s/%s (%s); retrying", self.bucket, self.key, e)
            return
        self.etag = str(resp["ETag"])
        self.last_renewed = time.monotonic()
