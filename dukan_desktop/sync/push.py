"""Pushing the outbox in batches, and pinning a server fault on the one record causing it.

Who may fail a record:
- our server, per record: `rejected` or `conflict` in a 200 answer;
- halving: a batch answered 400/413 (at once) or a 5xx other than 503 (after STRIKES
  answers on the same batch, in successive cycles) is split in halves until one record
  alone gets that answer. That record fails only if another push in the same cycle was
  answered normally: a server that fails everything is down, not choking on a record.
  It is retried by itself later (outbox.AUTO_RETRY_AFTER, and when the app starts).

Anything else — no answer, 429, 503, a proxy's 404/408, an answer without results —
leaves the rows pending, notes the attempt and ends the cycle, which backs off.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dukan_protocol import MAX_BATCH_RECORDS

from . import outbox
from .client import ApiError, AuthError, ServerBusy, SyncError, Unexpected
from .pull import COLLECTION_OF, settle_upserts

if TYPE_CHECKING:
    from .engine import SyncEngine

STRIKES = 3                # 5xx answers on one batch before it is searched for a bad record
HALVING_STATUSES = (400, 413)
NOT_A_RECORD_FAULT = (429, 503)  # overload or maintenance: never blamed on a record
COUNTS_EVERY_S = 1.0       # pending counts shown while a long backlog uploads
MAX_CULPRITS = 10          # records pinned in one cycle


@dataclass(slots=True)
class _Suspect:
    """Rows holding the record the server fails on. `tested`: this very set was sent
    and failed; otherwise it is what remains after a half that went through."""

    rows: list[outbox.OutboxRow]
    error: SyncError
    tested: bool


def _results(response) -> list[dict]:
    results = response.get("results") if isinstance(response, dict) else None
    if not isinstance(results, list):
        raise Unexpected("a push answer without results")
    return results


def _blamable(exc: SyncError) -> bool:
    if isinstance(exc, ServerBusy):
        return exc.status >= 500 and exc.status not in NOT_A_RECORD_FAULT
    return (isinstance(exc, ApiError) and not isinstance(exc, AuthError)
            and exc.status in HALVING_STATUSES)


class Pusher:
    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine
        self._strike_key: int | None = None
        self._strikes = 0

    def _strike(self, batch: outbox.Batch) -> bool:
        """Count a 5xx against this batch; True once it has had STRIKES of them. A batch
        is known by its first row: sales made meanwhile may lengthen it."""
        key = batch.rows[0].seq
        if key != self._strike_key:
            self._strike_key, self._strikes = key, 0
        self._strikes += 1
        return self._strikes >= STRIKES

    def push_all(self) -> int:
        e = self.engine
        with e.ledger.read_engine.connect() as conn:
            total = outbox.counts(conn)[0]
        show = total > MAX_BATCH_RECORDS  # a backlog: show how far the upload is
        pushed = done = answered = 0
        after_seq = 0   # culprits found in this cycle are behind it
        suspect: _Suspect | None = None
        culprits: list[tuple[outbox.OutboxRow, SyncError]] = []
        last_counts = time.monotonic()
        while not e._cancel.is_set():
            if suspect is not None and suspect.tested and len(suspect.rows) == 1:
                culprits.append((suspect.rows[0], suspect.error))
                after_seq = max(after_seq, suspect.rows[0].seq)
                suspect = None
                if len(culprits) >= MAX_CULPRITS:
                    break  # the rest next cycle: a search costs a few requests each
                continue
            if suspect is not None:
                half = suspect.rows[:max(1, len(suspect.rows) // 2)]
                batch = outbox.batch_of(half, e.device_id)
            else:
                with e.ledger.read_engine.connect() as conn:
                    batch = outbox.next_batch(conn, e.device_id, after_seq=after_seq)
                if batch is None:
                    break
            try:
                response = e.client.push(e.device_id, body=batch.body)
                results = _results(response)
            except SyncError as exc:
                e._write(lambda conn, b=batch, x=exc: outbox.note_attempt(conn, b.rows, str(x)))
                if not _blamable(exc) or (culprits and not answered):
                    raise  # a second bad batch before anything went through: the server
                if suspect is None and isinstance(exc, ServerBusy) and not self._strike(batch):
                    raise
                suspect = _Suspect(batch.rows, exc, tested=True)
                continue
            answered += 1
            self._strike_key = None
            e._set_state("online")
            e._note_server_time(response.get("server_time"))
            now = datetime.now(UTC)

            def record(conn, b=batch, r=results, n=now):
                marked = outbox.mark_results(conn, b.rows, r, n)
                if any(row.record_type in COLLECTION_OF for row in b.rows):
                    settle_upserts(conn, marked.synced, marked.refused)
                return marked
            marked = e._write(record)
            pushed += len(marked.synced)
            done += len(batch.rows) - len(marked.missing)
            if suspect is not None:  # that half went through: the record is in the rest
                rest = suspect.rows[len(batch.rows):]
                suspect = _Suspect(rest, suspect.error, tested=False) if rest else None
            elif marked.missing:
                after_seq = max(after_seq, batch.rows[-1].seq)  # not again in this cycle
            if show:
                e._emit("progress", ("push", done, max(total, done)))
                if time.monotonic() - last_counts >= COUNTS_EVERY_S:
                    last_counts = time.monotonic()
                    e.emit_counts()
        if culprits:
            if not answered:
                # Nothing went through: the server is failing, not this record.
                self._strike_key = None
                raise culprits[-1][1]
            retry_at = datetime.now(UTC) + outbox.AUTO_RETRY_AFTER
            e._write(lambda conn: [outbox.mark_failed(conn, [row], _error_text(exc), retry_at)
                                   for row, exc in culprits])
        return pushed


def _error_text(exc: SyncError) -> str:
    """last_error of a record halving pinned a fault on (see outbox's docstring)."""
    if isinstance(exc, ServerBusy):
        return outbox.error_text("server_error", str(exc.status), str(exc))
    assert isinstance(exc, ApiError)
    return outbox.error_text("refused", exc.code, f"{exc.status} {exc.message}")
