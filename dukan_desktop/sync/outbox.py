"""Reading the outbox in push batches and recording what the server answered.

A batch is made of whole local transactions (a sale with the customer created for it
travels together) up to the protocol's limits: 100 records, 512 KB of body. A single
transaction bigger than that (a CSV import of thousands of products) is split.
Only `pending` rows are sent; `failed` rows are not, so one bad record never blocks
the rest. A failed row with `next_attempt_at` set failed for a reason that may go away
(the server kept failing on it, a renewed plan): it goes back to pending by itself at
that time and when the app starts (`requeue_due`). The others wait for a person.

`last_error` reads "<kind>: <code> <message>"; kinds are the server's per-record
`rejected` / `conflict`, or `server_error` / `refused` for a record that halving
pinned a 5xx / 400 / 413 on (sync/push.py); `failed_records` explains them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from dukan_protocol import MAX_BATCH_BYTES, MAX_BATCH_RECORDS, SCHEMA_VERSION

from ..ledger.uow import _db_value

# What the envelope around the records costs, with room to spare.
_ENVELOPE_BYTES = 200
_SCAN_ROWS = 400
# Refusals that may go away without anyone touching the record: retried by themselves
# (a transfer's incoming half waits for its outgoing half, pinned as failed elsewhere).
SELF_HEALING_CODES = frozenset({"subscription_inactive", "unpaired_transfer"})
AUTO_RETRY_AFTER = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class OutboxRow:
    seq: int
    record_id: str
    record_type: str
    tx_id: str
    data_json: str
    payload_hash: str

    def wire(self) -> str:
        """The record as JSON, splicing the stored data text (already canonical JSON)."""
        return (f'{{"type":"{self.record_type}","id":"{self.record_id}",'
                f'"payload_hash":"{self.payload_hash}","data":{self.data_json}}}')


@dataclass(frozen=True, slots=True)
class Batch:
    rows: list[OutboxRow]
    body: bytes


def next_batch(conn: Connection, device_id: str, *, max_records: int = MAX_BATCH_RECORDS,
               max_bytes: int = MAX_BATCH_BYTES, after_seq: int = 0) -> Batch | None:
    rows = [OutboxRow(*r) for r in conn.exec_driver_sql(
        "SELECT seq, record_id, record_type, tx_id, data_json, payload_hash FROM outbox"
        " WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, _SCAN_ROWS)).fetchall()]
    if not rows:
        return None
    groups: list[list[OutboxRow]] = []
    for row in rows:
        if groups and groups[-1][0].tx_id == row.tx_id:
            groups[-1].append(row)
        else:
            groups.append([row])
    if len(rows) == _SCAN_ROWS and len(groups) > 1:
        groups.pop()  # the last transaction may continue past what we read
    chosen: list[OutboxRow] = []
    parts: list[bytes] = []
    size = _ENVELOPE_BYTES
    for group in groups:
        encoded = [r.wire().encode("utf-8") for r in group]
        group_size = sum(len(e) + 1 for e in encoded)
        fits = len(chosen) + len(group) <= max_records and size + group_size <= max_bytes
        if fits:
            chosen.extend(group)
            parts.extend(encoded)
            size += group_size
            continue
        if not chosen:  # one transaction bigger than any batch: send it in pieces
            for row, enc in zip(group, encoded, strict=True):
                if chosen and (len(chosen) >= max_records or size + len(enc) + 1 > max_bytes):
                    break
                chosen.append(row)
                parts.append(enc)
                size += len(enc) + 1
        break
    return batch_of(chosen, device_id, parts)


def batch_of(rows: list[OutboxRow], device_id: str, parts: list[bytes] | None = None) -> Batch:
    """The push body for exactly these rows (a half of a batch being narrowed down)."""
    if parts is None:
        parts = [r.wire().encode("utf-8") for r in rows]
    body = (f'{{"device_id":"{device_id}","schema_version":{SCHEMA_VERSION},"records":['
            .encode() + b",".join(parts) + b"]}")
    return Batch(list(rows), body)


def error_text(kind: str, code: str, message: str) -> str:
    return f"{kind}: {code} {message}".strip()[:1000]


@dataclass(slots=True)
class Marked:
    synced: list[OutboxRow] = field(default_factory=list)
    refused: list[OutboxRow] = field(default_factory=list)
    missing: list[OutboxRow] = field(default_factory=list)  # no answer for them: still pending


def mark_results(conn: Connection, rows: list[OutboxRow], results: list[dict],
                 now: datetime) -> Marked:
    """Apply the server's per-record answers: created/duplicate → synced, rejected/
    conflict → failed; a row the answer does not mention stays pending."""
    by_id = {r.get("id"): r for r in results if isinstance(r, dict)}
    stamp = _db_value(now.astimezone(UTC))
    retry_at = _db_value((now + AUTO_RETRY_AFTER).astimezone(UTC))
    marked = Marked()
    synced: list[tuple] = []
    failed: list[tuple] = []
    for row in rows:
        result = by_id.get(row.record_id)
        status = result.get("status") if result else None
        if status in ("created", "duplicate"):
            synced.append((stamp, row.seq))
            marked.synced.append(row)
        elif status in ("rejected", "conflict"):
            code = str(result.get("code") or "")
            text = error_text(status, code, str(result.get("message") or ""))
            failed.append((text, retry_at if code in SELF_HEALING_CODES else None, row.seq))
            marked.refused.append(row)
        else:
            marked.missing.append(row)
    if synced:
        conn.exec_driver_sql(
            "UPDATE outbox SET status = 'synced', synced_at = ?, attempts = attempts + 1,"
            " last_error = '', next_attempt_at = NULL WHERE seq = ?", synced)
    if failed:
        conn.exec_driver_sql(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?,"
            " next_attempt_at = ? WHERE seq = ?", failed)
    if marked.missing:
        note_attempt(conn, marked.missing, "unanswered: the server's answer did not mention it")
    return marked


def mark_failed(conn: Connection, rows: list[OutboxRow], error: str,
                retry_at: datetime | None = None) -> None:
    """Rows halving pinned a server fault on; `retry_at`: when to try them again alone."""
    when = _db_value(retry_at.astimezone(UTC)) if retry_at is not None else None
    conn.exec_driver_sql(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?,"
        " next_attempt_at = ? WHERE seq = ?", [(error[:1000], when, r.seq) for r in rows])


def requeue_due(conn: Connection, now: datetime | None = None) -> int:
    """Failed rows whose automatic retry is due (all of them when `now` is None: the
    app has just started) go back to pending."""
    if now is None:
        return conn.exec_driver_sql(
            "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
            " WHERE status = 'failed' AND next_attempt_at IS NOT NULL").rowcount
    return conn.exec_driver_sql(
        "UPDATE outbox SET status = 'pending', next_attempt_at = NULL"
        " WHERE status = 'failed' AND next_attempt_at <= ?",
        (_db_value(now.astimezone(UTC)),)).rowcount


def has_due(conn: Connection, now: datetime) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM outbox WHERE status = 'failed' AND next_attempt_at <= ? LIMIT 1",
        (_db_value(now.astimezone(UTC)),)).first() is not None


def note_attempt(conn: Connection, rows: list[OutboxRow], error: str) -> None:
    """A transient failure (offline, 5xx): the rows stay pending; remember why."""
    conn.exec_driver_sql(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
        [(error[:1000], r.seq) for r in rows])


def counts(conn: Connection) -> tuple[int, int]:
    """(pending, failed)."""
    pending = failed = 0
    for status, n in conn.exec_driver_sql(
            "SELECT status, count(*) FROM outbox WHERE status IN ('pending', 'failed')"
            " GROUP BY status"):
        if status == "pending":
            pending = n
        else:
            failed = n
    return pending, failed


def pending_entity_ids(conn: Connection, record_types: tuple[str, ...]) -> set[str]:
    """Entities with a local edit not yet pushed: a pull must not overwrite them with an
    older server version (the edit goes up first, the server's version comes back)."""
    marks = ",".join("?" * len(record_types))
    return {r[0] for r in conn.exec_driver_sql(
        f"SELECT json_extract(data_json, '$.id') FROM outbox WHERE status = 'pending'"  # noqa: S608 - placeholders only
        f" AND record_type IN ({marks})", record_types)}
