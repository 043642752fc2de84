"""Random sequences of sales, returns, payments, allocations, write-offs and stock
moves keep every ledger invariant (hypothesis)."""

import shutil
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dukan_desktop.core.clock import FixedClock
from dukan_desktop.core.errors import DukanError
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.services import credit, customers, returns, sales, stock
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput

products = st.sampled_from(["milk", "rice", "soap", "eggs"])
line = st.tuples(products, st.integers(1, 5), st.integers(0, 3000))
op = st.one_of(
    st.tuples(st.just("sale"), st.lists(line, min_size=1, max_size=5), st.integers(0, 100),
              st.booleans(), st.integers(0, 2000)),
    st.tuples(st.just("return"), st.integers(0, 50), st.integers(1, 3), st.sampled_from(["auto", "cash", "credit"])),
    st.tuples(st.just("payment"), st.integers(1, 200_000), st.booleans()),
    st.tuples(st.just("writeoff"), st.integers(1, 50_000)),
    st.tuples(st.just("adjust"), st.integers(-20_000, 20_000)),
    st.tuples(st.just("stock"), products, st.integers(-5, 5)),
)


def _apply(s, action, data):
    uow_ = s.uow()
    with uow_ as uow:
        if action[0] == "sale":
            _, lines, credit_pct, with_customer, discount = action
            cart_lines = tuple(CartLine(s.products[p], q * 1000, discount_paisa=d) for p, q, d in lines)
            cart = Cart(cart_lines, customer_id=s.customer_id if with_customer else None,
                        bill_discount_paisa=discount)
            total = sales.quote(uow, cart).total_paisa
            on_credit = total * credit_pct // 100 if with_customer else 0
            tenders = [TenderInput("credit", on_credit)] if on_credit else []
            if total - on_credit:
                tenders.append(TenderInput("cash", total - on_credit + 5000))
            sales.complete_sale(uow, s.owner, cart, tenders)
        elif action[0] == "return":
            _, pick, qty, refund = action
            from sqlalchemy import select

            from dukan_desktop.ledger.models import Sale
            ids = uow.session.scalars(select(Sale.id).order_by(Sale.seq)).all()
            if not ids:
                return
            sale_id = ids[pick % len(ids)]
            lines = [ln for ln in returns.returnable_lines(uow, sale_id) if ln.remaining_milli]
            if not lines:
                return
            ln = lines[pick % len(lines)]
            returns.create_return(uow, s.owner, sale_id, [(ln.sale_line_id, min(qty * 1000, ln.remaining_milli))],
                                  refund=refund)
        elif action[0] == "payment":
            _, amount, choose = action
            allocations = None
            if choose:
                open_ = credit.open_credit_sales(uow, s.customer_id)
                allocations = [(o.sale_id, min(o.open_paisa, amount)) for o in open_[-1:]]
            credit.record_payment(uow, s.cashier, s.customer_id, amount, allocations=allocations)
        elif action[0] == "writeoff":
            credit.write_off(uow, s.owner, s.customer_id, action[1], reason="bad debt")
        elif action[0] == "adjust":
            credit.adjust(uow, s.owner, s.customer_id, action[1], reason="correction")
        elif action[0] == "stock":
            stock.adjust(uow, s.owner, s.ctx.outlet_id, s.products[action[1]], action[2] * 1000,
                         reason="recount")
        uow.commit()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=25), data=st.data())
def test_invariants_hold_for_any_sequence(_shop_template, tmp_path_factory, ops, data):
    path = tmp_path_factory.mktemp("prop") / "ledger.sqlite3"
    shutil.copyfile(_shop_template.ledger.path, path)
    clock = FixedClock(_shop_template.clock.now())
    s = replace(_shop_template, ledger=Ledger(path, clock), clock=clock)
    expected_balance = 0
    try:
        for action in ops:
            with s.uow(write=False) as uow:
                before = customers.balance_of(uow, s.customer_id)
            try:
                _apply(s, action, data)
            except DukanError:
                # Refused input must change nothing.
                with s.uow(write=False) as uow:
                    assert customers.balance_of(uow, s.customer_id) == before
            clock.advance(hours=3)
            with s.uow(write=False) as uow:
                expected_balance = customers.balance_of(uow, s.customer_id)
                assert check_ledger(uow) == []
                ag = credit.aging(uow, s.customer_id)
                if expected_balance >= 0:
                    assert ag.total == expected_balance
                open_total = sum(o.open_paisa for o in credit.open_credit_sales(uow, s.customer_id))
                assert open_total >= 0
    finally:
        s.ledger.close()
