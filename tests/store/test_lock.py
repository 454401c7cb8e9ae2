"""The warehouse lock: flock on a local folder, a lease object with conditional writes on S3.

The S3 cases run against the session's local S3 server (moto): a second writer is refused and
told who holds the lock; a waiting writer gets the lock once it is released; an expired lease (a
dead holder) is taken over, and by one taker only; a live holder's heartbeat keeps its lease and
notices when the lock was taken from it.
"""

from __future__ import annotations

import json
import logging
import threading
import time

import pytest

from flows.store.lock import LOCK_NAME, WarehouseLocked, WarehouseLockLost, warehouse_lock


def test_local_second_writer_gets_the_same_clear_error(tmp_path) -> None:
    with warehouse_lock(tmp_path) as held:
        assert held.kind == "flock" and not held.lost
        assert (tmp_path / ".lock").read_text() == str(__import__("os").getpid())
        with pytest.raises(WarehouseLocked, match=r"another newsflow run \(pid \d+\) is writing to .*--wait SECONDS"):
            with warehouse_lock(tmp_path, wait_seconds=0.6):
                pass
    with warehouse_lock(str(tmp_path / "new")) as held:  # released; a str path; the folder is created
        held.ensure_held()
    assert (tmp_path / "new" / ".lock").is_file()


def test_local_waiter_gets_the_lock_once_released(tmp_path) -> None:
    first = warehouse_lock(tmp_path)
    first.__enter__()
    threading.Timer(0.3, first.__exit__, (None, None, None)).start()
    t0 = time.monotonic()
    with warehouse_lock(tmp_path, wait_seconds=10):
        assert time.monotonic() - t0 >= 0.25


@pytest.fixture
def wh(s3_server) -> str:
    return f"s3://{s3_server.bucket('lock')}/warehouse"


def _lock_object(s3_server, url: str) -> dict:
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    return json.loads(s3_server.client().get_object(Bucket=bucket, Key=f"{prefix}/{LOCK_NAME}")["Body"].read())


def _lock_exists(s3_server, url: str) -> bool:
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    return s3_server.client().list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/{LOCK_NAME}").get("KeyCount", 0) > 0


def test_s3_second_writer_is_refused_and_told_who_holds_it(s3_server, wh) -> None:
    with warehouse_lock(wh, run_id="run-A") as held:
        assert held.kind == "s3" and not held.lost and held.location == f"{wh}/.lock"
        body = _lock_object(s3_server, wh)
        assert body["owner"]["run"] == "run-A" and body["lease_seconds"] == 300 and body["expires"]
        t0 = time.monotonic()
        with pytest.raises(WarehouseLocked, match=rf"another newsflow run \(run run-A, pid \d+, host .*\) is writing "
                                                  rf"to {wh}; its lease runs until .*--wait SECONDS"):
            with warehouse_lock(wh, wait_seconds=0.6, run_id="run-B"):
                pass
        assert time.monotonic() - t0 >= 0.5
    assert not _lock_exists(s3_server, wh)  # released: the object is gone
    with warehouse_lock(wh, run_id="run-C"):
        assert _lock_object(s3_server, wh)["owner"]["run"] == "run-C"


def test_s3_waiter_gets_the_lock_after_release(s3_server, wh) -> None:
    first = warehouse_lock(wh, run_id="first")
    first.__enter__()
    threading.Timer(0.8, first.__exit__, (None, None, None)).start()
    t0 = time.monotonic()
    with warehouse_lock(wh, wait_seconds=20, run_id="second") as held:
        assert time.monotonic() - t0 >= 0.7 and not held.lost
        assert _lock_object(s3_server, wh)["owner"]["run"] == "second"


def test_s3_expired_lease_is_taken_over_by_one_taker_and_the_old_holder_learns_it(s3_server, wh, caplog) -> None:
    # A holder whose lease is 1 s and whose heartbeat never runs (it hung): after the lease the
    # lock may be taken; of two takers racing for it, exactly one wins.
    stale = warehouse_lock(wh, lease_seconds=1, run_id="stale")
    held = stale.__enter__()
    beat = next(t for t in threading.enumerate() if t.name.startswith("newsflow-lock-heartbeat"))
    beat._stop_event.set()  # type: ignore[attr-defined]  # simulate a hung process: no more renewals
    beat.join()
    with pytest.raises(WarehouseLocked):
        with warehouse_lock(wh, run_id="early"):
            pass
    time.sleep(2.2)  # the lease (1 s) has run out on the server's clock (1-s resolution)
    results: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def take(name: str) -> None:
        barrier.wait()
        try:
            with warehouse_lock(wh, lease_seconds=300, run_id=name):
                results[name] = "won"
                time.sleep(1.0)  # hold it while the other taker tries
        except WarehouseLocked as e:
            results[name] = e

    with caplog.at_level(logging.WARNING, logger="flows.store.lock"):
        takers = [threading.Thread(target=take, args=(n,)) for n in ("t1", "t2")]
        for t in takers:
            t.start()
        for t in takers:
            t.join()
    assert sorted(v == "won" for v in results.values()) == [False, True], results
    assert "took over the lock" in caplog.text and "run stale" in caplog.text
    # The old holder comes back: its renewal fails (the ETag changed), so it knows not to commit,
    # and leaving does not delete the (now released) lock of someone else.
    beat.renew()
    assert held.lost
    with pytest.raises(WarehouseLockLost, match="taken over"):
        held.ensure_held()
    stale.__exit__(None, None, None)


def test_s3_heartbeat_keeps_a_live_lease(s3_server, wh) -> None:
    with warehouse_lock(wh, lease_seconds=1.5, run_id="alive") as held:
        first = _lock_object(s3_server, wh)["renewed"]
        time.sleep(3.5)  # more than twice the lease: only renewals keep it
        assert not held.lost
        assert _lock_object(s3_server, wh)["renewed"] > first
        with pytest.raises(WarehouseLocked, match="run alive"):
            with warehouse_lock(wh, run_id="intruder"):
                pass
    assert not _lock_exists(s3_server, wh)


def test_a_store_without_conditional_writes_is_not_locked_but_warned_about(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="flows.store.lock"):
        with warehouse_lock("memory://newsflow-lock-test/wh") as held:
            assert held.kind == "none" and not held.lost
    assert "only one newsflow run writes to this warehouse" in caplog.text
