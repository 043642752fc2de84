"""`dukan check`: SQLite integrity plus every ledger invariant, as SQL.

Each check is a query returning the ids that break it; an empty result is a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from ..ledger.models import APPEND_ONLY_TABLES
from ..ledger.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Violation:
    check: str
    detail: str


# name -> (what it means, SQL returning offending rows)
INVARIANTS: dict[str, tuple[str, str]] = {
    "sale_total": ("total = subtotal − discount + round-off", """
        SELECT receipt_no FROM sales
        WHERE total_paisa <> subtotal_paisa - discount_paisa + round_off_paisa"""),
    "sale_lines_sum": ("subtotal, discount and tax equal the sums of the lines", """
        SELECT s.receipt_no FROM sales s JOIN (
            SELECT sale_id, SUM(total_paisa) t, SUM(bill_discount_paisa) d, SUM(tax_paisa) x,
                   COUNT(*) n
            FROM sale_lines GROUP BY sale_id) l ON l.sale_id = s.id
        WHERE l.t <> s.subtotal_paisa OR l.d <> s.discount_paisa OR l.x <> s.tax_paisa
        UNION ALL
        SELECT receipt_no FROM sales WHERE id NOT IN (SELECT sale_id FROM sale_lines)"""),
    "paid_plus_credit": ("paid + credit = total; tenders add up to the total", """
        SELECT s.receipt_no FROM sales s LEFT JOIN (
            SELECT sale_id, SUM(amount_paisa) a,
                   SUM(CASE WHEN method = 'credit' THEN amount_paisa ELSE 0 END) c,
                   SUM(tendered_paisa - amount_paisa) ch
            FROM sale_tenders GROUP BY sale_id) t ON t.sale_id = s.id
        WHERE s.paid_paisa + s.credit_paisa <> s.total_paisa
           OR COALESCE(t.a, 0) <> s.total_paisa
           OR COALESCE(t.c, 0) <> s.credit_paisa
           OR COALESCE(t.ch, 0) <> s.change_paisa"""),
    "change_from_cash": ("change is given from cash only", """
        SELECT sale_id FROM sale_tenders WHERE method <> 'cash' AND tendered_paisa <> amount_paisa"""),
    "credit_needs_customer": ("credit needs a customer and a matching udhaar entry", """
        SELECT s.receipt_no FROM sales s
        LEFT JOIN credit_entries e ON e.sale_id = s.id AND e.kind = 'sale'
        WHERE s.credit_paisa > 0 AND (s.customer_id IS NULL OR e.id IS NULL
              OR e.amount_paisa <> s.credit_paisa OR e.customer_id <> s.customer_id)
        UNION ALL
        SELECT s.receipt_no FROM sales s JOIN credit_entries e ON e.sale_id = s.id AND e.kind = 'sale'
        WHERE s.credit_paisa = 0"""),
    "sale_stock": ("every sale line moved stock out exactly once", """
        SELECT l.id FROM sale_lines l
        LEFT JOIN (SELECT ref_id, product_id, SUM(qty_milli) q, COUNT(*) n FROM stock_movements
                   WHERE kind = 'sale' GROUP BY ref_id, product_id) m
               ON m.ref_id = l.sale_id AND m.product_id = l.product_id
        GROUP BY l.sale_id, l.product_id
        HAVING COALESCE(MAX(m.q), 0) <> -SUM(l.qty_milli)"""),
    "allocation_vs_entry": ("allocations never exceed the payment, return or write-off", """
        SELECT e.id FROM credit_entries e JOIN credit_allocations a ON a.entry_id = e.id
        GROUP BY e.id HAVING SUM(a.amount_paisa) > -MIN(e.amount_paisa)"""),
    "allocation_vs_sale": ("allocations never exceed a sale's credit", """
        SELECT a.sale_id FROM credit_allocations a
        LEFT JOIN credit_entries e ON e.sale_id = a.sale_id AND e.kind = 'sale'
        GROUP BY a.sale_id HAVING SUM(a.amount_paisa) > COALESCE(MAX(e.amount_paisa), 0)"""),
    "payment_entry": ("every customer payment has its udhaar entry", """
        SELECT p.id FROM customer_payments p
        LEFT JOIN credit_entries e ON e.payment_id = p.id AND e.kind = 'payment'
        WHERE e.id IS NULL OR e.amount_paisa <> -p.amount_paisa OR e.customer_id <> p.customer_id"""),
    "return_sums": ("a return's lines and refunds add up to its total", """
        SELECT r.receipt_no FROM returns r
        LEFT JOIN (SELECT return_id, SUM(amount_paisa) a FROM return_lines GROUP BY return_id) l
               ON l.return_id = r.id
        LEFT JOIN (SELECT return_id, SUM(amount_paisa) a FROM return_refunds GROUP BY return_id) f
               ON f.return_id = r.id
        WHERE COALESCE(l.a, 0) <> r.total_paisa OR COALESCE(f.a, 0) <> r.total_paisa"""),
    "refund_vs_paid": ("returns never refund more than the sale's total", """
        SELECT s.receipt_no FROM sales s JOIN returns r ON r.sale_id = s.id
        GROUP BY s.id HAVING SUM(r.total_paisa) > MAX(s.total_paisa)"""),
    "approval_single_use": ("an approval is spent on one document, by the worker it was for", """
        SELECT a.id FROM approval_uses u JOIN approvals a ON a.id = u.approval_id
        WHERE a.requested_by <> u.worker_id OR a.subject IS NULL"""),
    "return_qty": ("never more returned than sold", """
        SELECT l.id FROM sale_lines l JOIN return_lines r ON r.sale_line_id = l.id
        GROUP BY l.id HAVING SUM(r.qty_milli) > MAX(l.qty_milli)"""),
    "outbox_documents": ("every document waits in (or went through) the outbox", """
        SELECT receipt_no FROM sales WHERE id NOT IN (SELECT record_id FROM outbox WHERE record_type = 'sale')
        UNION ALL
        SELECT receipt_no FROM returns WHERE id NOT IN (SELECT record_id FROM outbox WHERE record_type = 'return')
        UNION ALL
        SELECT id FROM customer_payments WHERE outlet_id = (SELECT json_extract(value_json, '$') FROM settings WHERE key = 'outlet_id')
           AND id NOT IN (SELECT record_id FROM outbox WHERE record_type = 'customer_payment')"""),
    "receipt_sequence": ("receipt numbers per device have no duplicates", """
        SELECT device_id FROM sales GROUP BY device_id HAVING COUNT(*) <> COUNT(DISTINCT seq)"""),
}


def check_ledger(uow: UnitOfWork) -> list[Violation]:
    conn = uow.session.connection()
    problems: list[Violation] = []
    result = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if result != ["ok"]:
        problems += [Violation("sqlite_integrity", r) for r in result[:20]]
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()[:20]:
        problems.append(Violation("foreign_keys", f"{row[0]} row {row[1]} → {row[2]}"))
    # Documents are append-only because the ledger's triggers say so: a dropped trigger
    # would let anything edit history without a trace.
    triggers = {name for name, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()
        if "RAISE(ABORT" in (sql or "").upper()}
    for table in APPEND_ONLY_TABLES:
        for name in (f"{table}_no_update", f"{table}_no_delete"):
            if name not in triggers:
                problems.append(Violation("append_only", f"the trigger {name} is missing: "
                                                         f"{table} can be edited"))
    for name, (meaning, sql) in INVARIANTS.items():
        bad = conn.execute(text(sql)).scalars().all()
        for item in bad[:20]:
            problems.append(Violation(name, f"{meaning}: {item}"))
        if len(bad) > 20:
            problems.append(Violation(name, f"… and {len(bad) - 20} more"))
    return problems
