"""The engine's loop without a server: it survives anything, re-arms its timer, waits
out a backoff for automatic wake-ups, and reads its state back after a restart."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from dukan_desktop.services import settings
from dukan_desktop.sync import outbox
from dukan_desktop.sync.client import Unexpected
from dukan_desktop.sync.engine import BACKOFF_CAP_S, WAKE_USER, CycleResult, SyncEngine

DEAD_URL = "http://127.0.0.1:9"


@pytest.fixture
def engine(test_shop):
    with test_shop.uow() as uow:
        settings.put(uow, "server_url", DEAD_URL)
        uow.commit()
    engine = SyncEngine(test_shop.ledger.path, DEAD_URL, "token", events=False,
                        rng=lambda: 0.0)  # every backoff is the 0.5 s floor
    yield engine
    engine.close()


def _until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_the_loop_survives_any_exception_and_re_arms(engine):
    """A locked ledger, an answer without results, a bug, a count that fails: the
    loop logs and shows it, backs off and runs again (it used to die until restart)."""
    failures = [sqlite3.OperationalError("database is locked"),
                Unexpected("a push answer without results"), RuntimeError("a bug")]
    calls: list[float] = []

    def push_all():
        calls.append(time.monotonic())
        if failures:
            raise failures.pop(0)
        return 0

    counts_broken = [True]
    real_counts = engine.emit_counts

    def emit_counts():
        if counts_broken and counts_broken.pop():
            raise sqlite3.OperationalError("database is locked")
        return real_counts()

    engine.push_all = push_all
    engine.pull_all = lambda collections=None: 0
    engine.emit_counts = emit_counts
    seen: list[tuple[str, object]] = []
    engine.add_listener(lambda kind, value: seen.append((kind, value)))
    thread = threading.Thread(target=engine.run, daemon=True)
    thread.start()
    try:
        assert _until(lambda: len(calls) >= 4), calls
        assert thread.is_alive()
    finally:
        engine.cancel()
        thread.join(10)
    problems = [v for k, v in seen if k == "problem"]
    assert ("sync_error", "OperationalError: database is locked") in problems
    assert any(p and p[0] == "sync_error" and "a bug" in p[1] for p in problems)
    assert problems[-1] is None  # the cycle that worked cleared it
    assert ("state", "busy") in seen  # the answer without results: "server busy, retrying"
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert all(g >= 0.45 for g in gaps[:3]), gaps  # backed off each time, no tight loop


def test_a_bad_server_time_is_ignored(engine):
    engine._note_server_time("yesterday")
    engine._note_server_time("2026-13-45T99:00:00")
    assert engine.clock_skew_s is None


def _sleeper(engine, delay, result):
    out: dict = {}
    engine.wakeups.event.clear()
    thread = threading.Thread(target=lambda: out.setdefault(
        "v", engine.wakeups.sleep(delay, result.ok, result.offline)), daemon=True)
    thread.start()
    time.sleep(0.05)
    return thread, out


def test_automatic_wake_ups_wait_out_a_backoff(engine):
    # The server answered 500: sales and server events must not start cycles at once.
    thread, out = _sleeper(engine, 5.0, CycleResult(False, error="500"))
    for _ in range(20):
        engine.wake()                # a sale
        engine.wake(["products"])    # a server event
    engine.wake(network=True)        # the network is fine: the server is the problem
    time.sleep(0.3)
    assert thread.is_alive()
    engine.wake(user=True)           # "Sync now" / "Retry"
    thread.join(2)
    assert not thread.is_alive() and out["v"] is None  # a full cycle

    # Offline: the OS saying the network is back cuts the backoff short.
    thread, out = _sleeper(engine, 5.0, CycleResult(False, offline=True))
    engine.wake()
    time.sleep(0.2)
    assert thread.is_alive()
    engine.wake(network=True)
    thread.join(2)
    assert not thread.is_alive()

    # After a good cycle a server event pulls what it names, at once.
    thread, out = _sleeper(engine, 5.0, CycleResult(True))
    engine.wake(["products"])
    thread.join(2)
    assert out["v"] == {"products"}


def test_a_revoked_device_retries_every_five_minutes_whatever_is_sold(engine):
    result = CycleResult(False, problem="device_revoked")
    assert engine.next_delay(result) == BACKOFF_CAP_S
    thread, _out = _sleeper(engine, engine.next_delay(result), result)
    for _ in range(10):
        engine.wake()
    time.sleep(0.3)
    assert thread.is_alive()
    engine.cancel()
    thread.join(2)


def test_retrying_failed_records_wakes_the_engine_at_once(engine, test_shop):
    with test_shop.ledger.write_engine.begin() as conn:
        conn.exec_driver_sql("UPDATE outbox SET status = 'failed', last_error = 'rejected: x y'"
                             " WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT 2)")
    engine.wakeups.event.clear()
    assert engine.retry_failed() == 2
    assert engine.wakeups.event.is_set() and engine.wakeups.level == WAKE_USER
    with test_shop.uow(False) as uow:
        assert outbox.counts(uow.conn)[1] == 0


def test_last_sync_is_read_back_after_a_restart(engine, test_shop):
    when = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    engine._save_state("last_sync_at", when.isoformat())
    again = SyncEngine(test_shop.ledger.path, DEAD_URL, "token", events=False)
    seen = []
    again.add_listener(lambda kind, value: seen.append((kind, value)))
    again._on_start()
    again.close()
    assert ("last_sync", when) in seen


def test_records_failed_for_a_passing_reason_come_back_by_themselves(test_shop):
    now = datetime.now(UTC)
    with test_shop.ledger.write_engine.begin() as conn:
        rows = outbox.next_batch(conn, "dev", max_records=3).rows
        outbox.mark_failed(conn, rows[:1], "server_error: 500 boom", now + timedelta(hours=3))
        outbox.mark_failed(conn, rows[1:2], "rejected: wrong_outlet no")  # a person must act
        assert not outbox.has_due(conn, now)
        assert outbox.requeue_due(conn, now) == 0
        assert outbox.has_due(conn, now + timedelta(hours=4))
        assert outbox.requeue_due(conn, now + timedelta(hours=4)) == 1
        outbox.mark_failed(conn, rows[:1], "server_error: 500 boom", now + timedelta(hours=3))
        assert outbox.requeue_due(conn) == 1      # the app started: at once
        statuses = dict(conn.exec_driver_sql(
            "SELECT seq, status FROM outbox WHERE seq IN (?, ?)", (rows[0].seq, rows[1].seq)).all())
    assert statuses == {rows[0].seq: "pending", rows[1].seq: "failed"}


@pytest.mark.parametrize("code", ["subscription_inactive", "unpaired_transfer"])
def test_a_refused_answer_for_a_self_healing_code_is_retried_later(test_shop, code):
    with test_shop.ledger.write_engine.begin() as conn:
        rows = outbox.next_batch(conn, "dev", max_records=2).rows
        results = [{"id": rows[0].record_id, "status": "rejected", "code": code,
                    "message": "later"},
                   {"id": rows[1].record_id, "status": "conflict", "code": "payload_differs",
                    "message": "kept"}]
        marked = outbox.mark_results(conn, rows[:2], results, datetime.now(UTC))
        retry = dict(conn.exec_driver_sql("SELECT seq, next_attempt_at FROM outbox WHERE seq IN"
                                          " (?, ?)", (rows[0].seq, rows[1].seq)).all())
    assert len(marked.refused) == 2
    assert retry[rows[0].seq] is not None and retry[rows[1].seq] is None


def test_an_answer_that_leaves_out_a_record_keeps_it_pending(test_shop):
    with test_shop.ledger.write_engine.begin() as conn:
        rows = outbox.next_batch(conn, "dev", max_records=2).rows
        marked = outbox.mark_results(conn, rows[:2], [{"id": rows[0].record_id,
                                                       "status": "created"}], datetime.now(UTC))
        status = conn.exec_driver_sql("SELECT status, last_error FROM outbox WHERE seq = ?",
                                      (rows[1].seq,)).one()
    assert [r.seq for r in marked.missing] == [rows[1].seq]
    assert status[0] == "pending" and "unanswered" in status[1]  # it used to fail for good


def test_device_kind_event_is_kept(engine):
    engine._on_server_event("device", {"kind": "counter"})
    with engine.ledger.read_engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT value_json FROM sync_state WHERE key = 'device_kind'").scalar()
    assert json.loads(raw) == "counter"
