"""Reading the outbox in push batches and recording what the server answered.

A batch is made of whole local transactions (a sale with the customer created for it
travels together) up to the protocol's limits: 100 records, 512 KB of body. A single
transaction bigger than that (a CSV import of thousands of products) is split.
Only `pending` rows are sent; `failed` rows wait for a person to retry them, so one
bad record never blocks the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from dukan_protocol import MAX_BATCH_BYTES, MAX_BATCH_RECORDS, SCHEMA_VERSION

from ..ledger.uow import _db_value

# What the envelope around the records costs, with room to spare.
_ENVELOPE_BYTES = 200
_SCAN_ROWS = 400


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
    body = (f'{{"device_id":"{device_id}","schema_version":{SCHEMA_VERSION},"records":['
            .encode() + b",".join(parts) + b"]}")
    return Batch(chosen, body)


def mark_results(conn: Connection, rows: list[OutboxRow], results: list[dict],
                 now: datetime) -> tuple[int, int]:
    """Apply the server's per-record answers. Returns (synced, failed)."""
    by_id = {r.get("id"): r for r in results}
    stamp = _db_value(now.astimezone(UTC))
    synced: list[tuple] = []
    failed: list[tuple] = []
    for row in rows:
        result = by_id.get(row.record_id)
        if result is None:
            failed.append(("missing from the server's answer", row.seq))
        elif result["status"] in ("created", "duplicate"):
            synced.append((stamp, row.seq))
        else:
            text = f"{result['status']}: {result.get('code') or ''} {result.get('message') or ''}"
            failed.append((text.strip()[:1000], row.seq))
    if synced:
        conn.exec_driver_sql(
            "UPDATE outbox SET status = 'synced', synced_at = ?, attempts = attempts + 1,"
            " last_error = '' WHERE seq = ?", synced)
    if failed:
        conn.exec_driver_sql(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?"
            " WHERE seq = ?", failed)
    return len(synced), len(failed)


def mark_failed(conn: Connection, rows: list[OutboxRow], error: str) -> None:
    """A whole batch refused for a reason that will not go away by retrying it as is."""
    conn.exec_driver_sql(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?"
        " WHERE seq = ?", [(error[:1000], r.seq) for r in rows])


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
