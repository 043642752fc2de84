"""Failed records as the shop sees them, and a refused local edit that must not leave
the PC on its own version of an entity for good."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dukan_desktop.services import catalog
from dukan_desktop.sync import apply, failed_records, outbox, pull

from .test_sync_units import _mark_setup_synced, _product_change


def _fail(shop, record_type: str, error: str) -> int:
    with shop.ledger.write_engine.begin() as conn:
        seq = conn.exec_driver_sql("SELECT max(seq) FROM outbox WHERE record_type = ?",
                                   (record_type,)).scalar()
        conn.exec_driver_sql("UPDATE outbox SET status = 'failed', last_error = ? WHERE seq = ?",
                             (error, seq))
    return seq


def test_the_list_explains_and_a_cashier_sees_no_server_detail(test_shop):
    seq = _fail(test_shop, "product", "rejected: owner_device_required cost_paisa 12000 may not")
    with test_shop.uow(False) as uow:
        [as_owner] = failed_records.failed_records(uow, test_shop.owner)
        [as_cashier] = failed_records.failed_records(uow, test_shop.cashier)
    assert as_owner.seq == seq and as_owner.reason == "owner_device_required"
    assert "owner's PC" in as_owner.explanation and as_owner.type_label == "Product"
    assert as_owner.reference and "12000" in as_owner.detail
    assert as_cashier.detail == "" and as_cashier.reason == "owner_device_required"
    assert "12000" not in " ".join(str(v) for v in (as_cashier.reference, as_cashier.explanation))


def test_reasons_for_every_kind_of_failure(test_shop):
    _fail(test_shop, "product", "server_error: 500 server answered 500: boom")
    _fail(test_shop, "customer", "refused: invalid_body 400 records must be a list")
    _fail(test_shop, "worker", "rejected: something_new the server's words")
    with test_shop.uow(False) as uow:
        reasons = {r.record_type: (r.reason, r.code) for r in
                   failed_records.failed_records(uow, test_shop.owner)}
    assert reasons == {"product": ("server_error", ""), "customer": ("refused", "invalid_body"),
                       "worker": ("other", "something_new")}
    assert "{code}" in failed_records.EXPLANATIONS["other"]


def test_retry_is_for_anyone_who_sells_and_only_re_sends(test_shop):
    seq = _fail(test_shop, "product", "rejected: wrong_outlet x")
    with test_shop.uow() as uow:
        assert failed_records.retry_failed(uow, test_shop.cashier, [seq]) == 1
        uow.commit()
    with test_shop.uow(False) as uow:
        assert outbox.counts(uow.conn)[1] == 0
        status = uow.conn.exec_driver_sql("SELECT status, data_json FROM outbox WHERE seq = ?",
                                          (seq,)).one()
    assert status[0] == "pending" and json.loads(status[1])["id"]  # the record is unchanged


def test_a_refused_edit_rewinds_to_the_page_its_server_version_was_skipped_on(test_shop):
    """A pulled change is skipped while a local edit is pending; if the server then
    refuses the edit, the skipped version comes back (the PC used to keep its own)."""
    _mark_setup_synced(test_shop)
    pid = test_shop.products["soap"]
    with test_shop.uow() as uow:  # the local edit, waiting in the outbox
        p = catalog.get_product(uow, test_shop.owner, pid)
        catalog.update_product(uow, test_shop.owner, pid, catalog.ProductInput(
            name_en=p.name_en, price_paisa=11_100, barcodes=p.barcodes))
        uow.commit()
    bid, now = test_shop.ctx.business_id, datetime.now(UTC)
    server_version = _product_change(pid, "SOAP", 15_500, ["8964000000024"])
    with test_shop.ledger.write_engine.begin() as conn:
        apply.save_checkpoint(conn, "products", "cp-before", now)
        skip = outbox.pending_entity_ids(conn, ("product",)) & {pid}
        pull.remember_skipped(conn, "products", skip, "cp-before")
        apply.apply_page(conn, "products", [server_version], "cp-after", business_id=bid,
                         now=now, skip_ids=skip)
        [row] = [r for r in outbox.next_batch(conn, "dev").rows if r.record_type == "product"]
        marked = outbox.mark_results(conn, [row], [{"id": row.record_id, "status": "rejected",
                                                    "code": "owner_device_required"}], now)
        pull.settle_upserts(conn, marked.synced, marked.refused)
        assert apply.load_checkpoints(conn)["products"] == "cp-before"
        assert conn.exec_driver_sql("SELECT value_json FROM sync_state WHERE key ="
                                    " 'skipped:products'").scalar() is None
        # The next pull from there brings the server's version back over the local edit.
        apply.apply_page(conn, "products", [server_version], "cp-after", business_id=bid,
                         now=now, skip_ids=outbox.pending_entity_ids(conn, ("product",)))
        price = conn.exec_driver_sql("SELECT price_paisa FROM products WHERE id = ?",
                                     (pid,)).scalar()
    assert price == 15_500


def test_a_refused_edit_of_an_entity_pulled_earlier_pulls_its_collection_again(test_shop):
    _mark_setup_synced(test_shop)
    now = datetime.now(UTC)
    with test_shop.uow() as uow:
        catalog.create_product(uow, test_shop.owner, catalog.ProductInput(name_en="Local only",
                                                                           price_paisa=100))
        uow.commit()
    with test_shop.ledger.write_engine.begin() as conn:
        apply.save_checkpoint(conn, "products", "cp-late", now)
        apply.save_checkpoint(conn, "customers", "cp-c", now)
        rows = outbox.next_batch(conn, "dev").rows
        marked = outbox.mark_results(conn, rows, [
            {"id": r.record_id, "status": "rejected", "code": "owner_device_required"}
            for r in rows], now)
        pull.settle_upserts(conn, marked.synced, marked.refused)
        checkpoints = apply.load_checkpoints(conn)
    assert "products" not in checkpoints and checkpoints["customers"] == "cp-c"


def test_an_accepted_edit_forgets_its_skip(test_shop):
    _mark_setup_synced(test_shop)
    pid = test_shop.products["milk"]
    with test_shop.uow() as uow:
        p = catalog.get_product(uow, test_shop.owner, pid)
        catalog.update_product(uow, test_shop.owner, pid, catalog.ProductInput(
            name_en=p.name_en, price_paisa=p.price_paisa + 1, barcodes=p.barcodes))
        uow.commit()
    now = datetime.now(UTC)
    with test_shop.ledger.write_engine.begin() as conn:
        pull.remember_skipped(conn, "products", {pid}, None)
        rows = [r for r in outbox.next_batch(conn, "dev").rows if r.record_type == "product"]
        marked = outbox.mark_results(conn, rows, [{"id": r.record_id, "status": "created"}
                                                  for r in rows], now)
        pull.settle_upserts(conn, marked.synced, marked.refused)
        left = conn.exec_driver_sql("SELECT value_json FROM sync_state WHERE key ="
                                    " 'skipped:products'").scalar()
    assert left is None or pid not in json.loads(left)


def test_refused_edits_skipped_and_not_skipped_rewind_to_the_start(test_shop):
    _mark_setup_synced(test_shop)
    soap, eggs = test_shop.products["soap"], test_shop.products["eggs"]
    for pid in (soap, eggs):
        with test_shop.uow() as uow:
            p = catalog.get_product(uow, test_shop.owner, pid)
            catalog.update_product(uow, test_shop.owner, pid, catalog.ProductInput(
                name_en=p.name_en, price_paisa=p.price_paisa + 1, barcodes=p.barcodes))
            uow.commit()
    now = datetime.now(UTC)
    with test_shop.ledger.write_engine.begin() as conn:
        apply.save_checkpoint(conn, "products", "cp-late", now)
        pull.remember_skipped(conn, "products", {soap}, "cp-soap")  # eggs was never skipped
        rows = [r for r in outbox.next_batch(conn, "dev").rows if r.record_type == "product"]
        marked = outbox.mark_results(conn, rows, [
            {"id": r.record_id, "status": "rejected", "code": "owner_device_required"}
            for r in rows], now)
        pull.settle_upserts(conn, marked.synced, marked.refused)
        assert "products" not in apply.load_checkpoints(conn)
