"""Report functions behind /v1/reports/*. SECURITY INVOKER: RLS applies inside them.

Days are shop days in Asia/Karachi; money stays integer paisa (bigint sums).

Revision ID: 0003
Revises: 0002
"""

from alembic import context, op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FUNCTIONS = """
CREATE FUNCTION report_sales_daily(p_from date, p_to date)
RETURNS TABLE (day date, outlet_id uuid, outlet_code text, sales_count bigint,
               gross_paisa bigint, discount_paisa bigint, tax_paisa bigint,
               total_paisa bigint, credit_paisa bigint, returns_paisa bigint, net_paisa bigint)
LANGUAGE sql STABLE AS $$
  WITH s AS (
    SELECT (created_at AT TIME ZONE 'Asia/Karachi')::date AS day, outlet_id,
           count(*) AS n, sum(subtotal_paisa) AS gross, sum(discount_paisa) AS disc,
           sum(tax_paisa) AS tax, sum(total_paisa) AS total, sum(credit_paisa) AS credit
      FROM sales WHERE business_id = app_business_id()
       AND created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
       AND created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
     GROUP BY 1, 2),
  r AS (
    SELECT (created_at AT TIME ZONE 'Asia/Karachi')::date AS day, outlet_id,
           sum(total_paisa) AS returned
      FROM returns WHERE business_id = app_business_id()
       AND created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
       AND created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
     GROUP BY 1, 2)
  SELECT coalesce(s.day, r.day), coalesce(s.outlet_id, r.outlet_id), o.code,
         coalesce(s.n, 0), coalesce(s.gross, 0)::bigint, coalesce(s.disc, 0)::bigint,
         coalesce(s.tax, 0)::bigint, coalesce(s.total, 0)::bigint, coalesce(s.credit, 0)::bigint,
         coalesce(r.returned, 0)::bigint,
         (coalesce(s.total, 0) - coalesce(r.returned, 0))::bigint
    FROM s FULL JOIN r ON r.day = s.day AND r.outlet_id = s.outlet_id
    JOIN outlets o ON o.business_id = app_business_id() AND o.id = coalesce(s.outlet_id, r.outlet_id)
   ORDER BY 1, 3
$$;

CREATE FUNCTION report_top_products(p_from date, p_to date, p_limit integer)
RETURNS TABLE (product_id uuid, name_en text, qty_milli bigint, revenue_paisa bigint,
               sales_count bigint)
LANGUAGE sql STABLE AS $$
  SELECT l.product_id, max(l.name_en), sum(l.qty_milli)::bigint, sum(l.total_paisa)::bigint,
         count(DISTINCT l.sale_id)
    FROM sale_lines l JOIN sales s ON s.business_id = l.business_id AND s.id = l.sale_id
   WHERE l.business_id = app_business_id()
     AND s.created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
     AND s.created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
   GROUP BY l.product_id ORDER BY 4 DESC, 1 LIMIT p_limit
$$;

CREATE FUNCTION report_payment_mix(p_from date, p_to date)
RETURNS TABLE (source text, method text, count bigint, amount_paisa bigint)
LANGUAGE sql STABLE AS $$
  SELECT 'sale', t.method, count(*), sum(t.amount_paisa)::bigint
    FROM sale_tenders t JOIN sales s ON s.business_id = t.business_id AND s.id = t.sale_id
   WHERE t.business_id = app_business_id()
     AND s.created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
     AND s.created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
   GROUP BY t.method
  UNION ALL
  SELECT 'credit_payment', p.method, count(*), sum(p.amount_paisa)::bigint
    FROM customer_payments p
   WHERE p.business_id = app_business_id()
     AND p.created_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
     AND p.created_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
   GROUP BY p.method
  ORDER BY 1, 4 DESC
$$;

-- Balance is Σ entries (all outlets). Aging buckets the still-unallocated credit of
-- each credit sale by its age; unallocated payments are shown as `unapplied_paisa`.
CREATE FUNCTION report_credit_outstanding(p_as_of date)
RETURNS TABLE (customer_id uuid, name text, phone text, balance_paisa bigint,
               age_0_30_paisa bigint, age_31_60_paisa bigint, age_61_90_paisa bigint,
               age_over_90_paisa bigint, unapplied_paisa bigint, outlets integer,
               last_activity timestamptz)
LANGUAGE sql STABLE AS $$
  WITH e AS (
    SELECT * FROM credit_entries WHERE business_id = app_business_id()
       AND created_at < ((p_as_of + 1)::timestamp AT TIME ZONE 'Asia/Karachi')),
  open_sales AS (
    SELECT e.customer_id, e.created_at,
           e.amount_paisa - coalesce((SELECT sum(a.amount_paisa) FROM credit_allocations a
              WHERE a.business_id = e.business_id AND a.sale_id = e.sale_id), 0) AS open
      FROM e WHERE e.kind = 'sale'),
  aging AS (
    SELECT customer_id,
      sum(open) FILTER (WHERE age <= 30) AS a30, sum(open) FILTER (WHERE age BETWEEN 31 AND 60) AS a60,
      sum(open) FILTER (WHERE age BETWEEN 61 AND 90) AS a90, sum(open) FILTER (WHERE age > 90) AS a91,
      sum(open) AS open_total
    FROM (SELECT customer_id, greatest(open, 0) AS open,
                 p_as_of - (created_at AT TIME ZONE 'Asia/Karachi')::date AS age
            FROM open_sales) x GROUP BY customer_id),
  bal AS (
    SELECT customer_id, sum(amount_paisa) AS balance, count(DISTINCT outlet_id) AS outlets,
           max(created_at) AS last_activity FROM e GROUP BY customer_id)
  SELECT b.customer_id, coalesce(c.name, '?'), coalesce(c.phone, ''), b.balance::bigint,
         coalesce(a.a30, 0)::bigint, coalesce(a.a60, 0)::bigint, coalesce(a.a90, 0)::bigint,
         coalesce(a.a91, 0)::bigint, (coalesce(a.open_total, 0) - b.balance)::bigint,
         b.outlets::integer, b.last_activity
    FROM bal b LEFT JOIN aging a USING (customer_id)
    LEFT JOIN customers c ON c.business_id = app_business_id() AND c.id = b.customer_id
   WHERE b.balance <> 0
   ORDER BY b.balance DESC, 1
$$;

CREATE FUNCTION report_cash_by_shift(p_from date, p_to date)
RETURNS TABLE (outlet_id uuid, outlet_code text, shift_id uuid, device_id uuid,
               worker_id uuid, opened_at timestamptz, closed_at timestamptz,
               opening_float_paisa bigint, cash_sales_paisa bigint, cash_refunds_paisa bigint,
               cash_payments_paisa bigint, cash_in_paisa bigint, cash_out_paisa bigint,
               expected_cash_paisa bigint, counted_cash_paisa bigint, difference_paisa bigint)
LANGUAGE sql STABLE AS $$
  SELECT sh.outlet_id, o.code, sh.id, sh.device_id, sh.worker_id, sh.opened_at, sc.closed_at,
    sh.opening_float_paisa, x.sales, x.refunds, x.payments, x.cin, x.cout,
    (sh.opening_float_paisa + x.sales - x.refunds + x.payments + x.cin - x.cout)::bigint,
    sc.counted_cash_paisa,
    (sc.counted_cash_paisa - (sh.opening_float_paisa + x.sales - x.refunds + x.payments
                              + x.cin - x.cout))::bigint
  FROM shifts sh
  JOIN outlets o ON o.business_id = sh.business_id AND o.id = sh.outlet_id
  LEFT JOIN shift_closes sc ON sc.business_id = sh.business_id AND sc.shift_id = sh.id
  CROSS JOIN LATERAL (SELECT
    coalesce((SELECT sum(t.amount_paisa) FROM sale_tenders t JOIN sales s
      ON s.business_id = t.business_id AND s.id = t.sale_id
      WHERE s.business_id = sh.business_id AND s.shift_id = sh.id AND t.method = 'cash'), 0)::bigint AS sales,
    coalesce((SELECT sum(f.amount_paisa) FROM return_refunds f JOIN returns r
      ON r.business_id = f.business_id AND r.id = f.return_id
      WHERE r.business_id = sh.business_id AND r.shift_id = sh.id AND f.method = 'cash'), 0)::bigint AS refunds,
    coalesce((SELECT sum(p.amount_paisa) FROM customer_payments p
      WHERE p.business_id = sh.business_id AND p.shift_id = sh.id AND p.method = 'cash'), 0)::bigint AS payments,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id AND m.kind = 'in'), 0)::bigint AS cin,
    coalesce((SELECT sum(m.amount_paisa) FROM cash_movements m
      WHERE m.business_id = sh.business_id AND m.shift_id = sh.id AND m.kind = 'out'), 0)::bigint AS cout
  ) x
  WHERE sh.business_id = app_business_id()
    AND sh.opened_at >= (p_from::timestamp AT TIME ZONE 'Asia/Karachi')
    AND sh.opened_at < ((p_to + 1)::timestamp AT TIME ZONE 'Asia/Karachi')
  ORDER BY o.code, sh.opened_at
$$;
CREATE INDEX ix_sales_shift ON sales (business_id, shift_id);
"""


def upgrade() -> None:
    op.execute(FUNCTIONS)
    role = context.config.attributes.get("app_role", "dukan_app")
    op.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


def downgrade() -> None:
    op.execute("DROP FUNCTION report_sales_daily, report_top_products, report_payment_mix,"
               " report_credit_outstanding, report_cash_by_shift; DROP INDEX ix_sales_shift;")
