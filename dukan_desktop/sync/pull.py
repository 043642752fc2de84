"""Pulling every collection page by page, each page applied with its checkpoint.

A pulled upsert is not applied over a local edit still waiting in the outbox (that edit
goes up first; the server's version of it comes back afterwards). If the server then
refuses the edit, the version we skipped must still come back: the checkpoint before
the skipped page is remembered (`sync_state` "skipped:<collection>") and the
collection is rewound to it (`refetch`). A refused edit of an entity whose server
version was pulled before the edit was made rewinds the collection to the start; the
upserts rewrite only rows that differ, so that costs a re-read, not a rewrite.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from dukan_protocol.sync import PULL_COLLECTIONS

from ..ledger.uow import _db_value
from . import apply, outbox
from .client import ApiError, GenerationChanged, Unexpected

if TYPE_CHECKING:
    from .engine import SyncEngine

log = logging.getLogger("dukan.sync")

COLLECTION_OF = {rtype: collection for collection, rtype in apply.UPSERT_RECORD_TYPES.items()}


def _skip_key(collection: str) -> str:
    return f"skipped:{collection}"


def _load_skipped(conn: Connection, collection: str) -> dict[str, str | None]:
    raw = conn.exec_driver_sql("SELECT value_json FROM sync_state WHERE key = ?",
                               (_skip_key(collection),)).scalar()
    return json.loads(raw) if raw else {}


def _save_skipped(conn: Connection, collection: str, skipped: dict[str, str | None]) -> None:
    if not skipped:
        conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (_skip_key(collection),))
        return
    conn.exec_driver_sql(
        "INSERT INTO sync_state (key, value_json, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
        " updated_at = excluded.updated_at",
        (_skip_key(collection), json.dumps(skipped), _db_value(datetime.now(UTC))))


def remember_skipped(conn: Connection, collection: str, ids: Iterable[str],
                     checkpoint_before: str | None) -> None:
    """Pulled changes not applied over a pending local edit, and where to re-read them."""
    skipped = _load_skipped(conn, collection)
    for entity_id in ids:
        skipped.setdefault(entity_id, checkpoint_before)  # the earliest page wins
    _save_skipped(conn, collection, skipped)


def settle_upserts(conn: Connection, synced: list[outbox.OutboxRow],
                   refused: list[outbox.OutboxRow]) -> None:
    """After a push answer (same transaction): forget skips for edits the server took,
    and rewind the collection of an edit it refused so its own version comes back."""
    by_collection: dict[str, tuple[list[str], list[str]]] = {}
    for rows, slot in ((synced, 0), (refused, 1)):
        for row in rows:
            collection = COLLECTION_OF.get(row.record_type)
            if collection is not None:
                entity_id = json.loads(row.data_json).get("id")
                by_collection.setdefault(collection, ([], []))[slot].append(entity_id)
    for collection, (took, refused_ids) in by_collection.items():
        skipped = _load_skipped(conn, collection)
        for entity_id in took:
            skipped.pop(entity_id, None)
        if refused_ids:
            if all(e in skipped for e in refused_ids):
                order = list(skipped)  # the earliest skipped page covers them all
                checkpoint = skipped[min(refused_ids, key=order.index)]
            else:
                checkpoint = None  # pulled before the edit was made: read it all again
            for entity_id in refused_ids:
                skipped.pop(entity_id, None)
            _rewind(conn, collection, checkpoint)
            log.info("a refused %s edit: %s pulled again from %s", collection,
                     len(refused_ids), "its skipped page" if checkpoint else "the start")
        _save_skipped(conn, collection, skipped)


def _rewind(conn: Connection, collection: str, checkpoint: str | None) -> None:
    if checkpoint is None:
        conn.exec_driver_sql("DELETE FROM sync_checkpoints WHERE collection = ?", (collection,))
    else:
        conn.exec_driver_sql("UPDATE sync_checkpoints SET checkpoint = ? WHERE collection = ?",
                             (checkpoint, collection))


class Puller:
    """engine.pull_all(): every collection in PULL_COLLECTIONS order (parents first)."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine
        self._resume_from: str | None = None

    def pull_all(self, collections: Iterable[str] | None = None) -> int:
        e = self.engine
        wanted = set(collections) if collections else set(PULL_COLLECTIONS)
        order = [c for c in PULL_COLLECTIONS if c in wanted]
        if self._resume_from in order:
            # On a flaky line, carry on where the last cycle broke off instead of
            # starting over: each collection's progress is kept by its checkpoint.
            k = order.index(self._resume_from)
            order = order[k:] + order[:k]
        pulled = 0
        restarted = False
        with e.ledger.read_engine.connect() as conn:
            checkpoints = apply.load_checkpoints(conn)
        i = 0
        while i < len(order) and not e._cancel.is_set():
            collection = order[i]
            try:
                pulled += self._pull_collection(collection, checkpoints)
            except GenerationChanged:
                if restarted:
                    raise
                # The server was rebuilt: pull everything again; the outbox is untouched.
                restarted = True
                e._write(apply.clear_checkpoints)
                checkpoints, order, i = {}, list(PULL_COLLECTIONS), 0
                continue
            except ApiError as exc:
                if exc.code != "invalid_checkpoint" or collection not in checkpoints:
                    raise
                # A checkpoint this server does not know (restored from another
                # server's backup...): that collection from the start.
                e._write(lambda conn, c=collection: _rewind(conn, c, None))
                checkpoints.pop(collection)
                continue
            i += 1
        self._resume_from = None
        return pulled

    def _pull_collection(self, collection: str, checkpoints: dict[str, str]) -> int:
        e = self.engine
        checkpoint = checkpoints.get(collection)
        received = 0
        ahead = None
        show = False
        try:
            while not e._cancel.is_set():
                self._resume_from = collection
                page = ahead.result() if ahead else e.client.pull(collection, checkpoint,
                                                                  e.page_limit)
                ahead = None
                if not isinstance(page, dict) or not isinstance(page.get("changes"), list):
                    raise Unexpected(f"a pull answer without changes for {collection}")
                e._set_state("online")
                e._note_server_time(page.get("server_time"))
                if page["has_more"]:
                    # Fetch the next page while this one is applied (pages are still
                    # applied strictly in order, each with its own checkpoint).
                    ahead = e._fetcher.submit(e.client.pull, collection, page["checkpoint"],
                                              e.page_limit)
                    show = True  # more than one page: worth a progress line
                if page["changes"] or page["checkpoint"] != checkpoint:
                    self._apply(collection, page, checkpoint)
                    received += len(page["changes"])
                checkpoint = checkpoints[collection] = page["checkpoint"]
                if show:
                    remaining = page.get("remaining")
                    total = received + remaining if isinstance(remaining, int) else 0
                    e._emit("progress", (f"pull:{collection}", received, total))
                if not page["has_more"]:
                    break
        finally:
            if ahead is not None:
                ahead.cancel()
        return received

    def _apply(self, collection: str, page: dict, checkpoint_before: str | None) -> None:
        e = self.engine
        now = datetime.now(UTC)

        def work(conn) -> None:
            skip: set[str] = set()
            record_type = apply.UPSERT_RECORD_TYPES.get(collection)
            if record_type and page["changes"]:
                pending = outbox.pending_entity_ids(conn, (record_type,))
                if pending:
                    skip = pending & {c["id"] for c in page["changes"]}
                    if skip:
                        remember_skipped(conn, collection, skip, checkpoint_before)
            apply.apply_page(conn, collection, page["changes"], page["checkpoint"],
                             business_id=e.business_id, now=now, skip_ids=skip)
        e._write(work)
