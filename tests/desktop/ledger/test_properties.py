"""Random sequences of sales, returns, payments, allocations, write-offs, adjustments
and stock moves, by the owner and by a cashier (with and without the owner's PIN),
with and without round-off, keep every ledger invariant (hypothesis).

The test keeps its own model of what the ledger must hold (the customer's balance,
what is open on each credit sale, stock per product, what each sale was paid and has
refunded) from the inputs it chose, and compares the ledger with it after every step.
It also predicts which payments, allocations, write-offs and adjustments must be
refused, and checks that a refused operation left the whole ledger unchanged.
"""

import shutil
from dataclasses import dataclass, field, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dukan_desktop.core.clock import FixedClock
from dukan_desktop.core.errors import ApprovalRequired, DukanError
from dukan_desktop.core.permissions import Action
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.services import credit, customers, returns, sales, stock, workers
from dukan_desktop.services import settings as shop_settings
from dukan_desktop.services.integrity import check_ledger
from dukan_desktop.services.sales import Cart, CartLine, TenderInput
from dukan_desktop.services.testing import OWNER_PIN, ledger_snapshot

PRODUCTS = ["milk", "rice", "soap", "eggs"]
products = st.sampled_from(PRODUCTS)
who = st.sampled_from(["owner", "cashier"])
line = st.tuples(products, st.integers(1, 5), st.integers(0, 3000))
op = st.one_of(
    # (.., credit %, with a customer, bill discount % of the bill, the owner gives the PIN)
    st.tuples(st.just("sale"), who, st.lists(line, min_size=1, max_size=5), st.integers(0, 100),
              st.booleans(), st.integers(0, 12), st.booleans()),
    st.tuples(st.just("return"), who, st.integers(0, 50), st.integers(1, 3),
              st.sampled_from(["auto", "cash", "credit"]), st.booleans()),
    # Payments and write-offs as a percentage of the balance: above 100 % must be refused.
    st.tuples(st.just("payment"), who, st.integers(1, 120),
              st.sampled_from(["oldest", "oldest", "newest", "too_much", "unknown_sale"])),
    st.tuples(st.just("writeoff"), st.integers(1, 120)),
    st.tuples(st.just("adjust"), st.integers(-20_000, 20_000)),
    st.tuples(st.just("stock"), products, st.integers(-5, 5)),
)


@dataclass
class Model:
    """What the ledger must say, kept from the test's own inputs."""

    balance: int = 0
    open: dict[str, int] = field(default_factory=dict)       # credit sale -> still owed, oldest first
    stock: dict[str, int] = field(default_factory=dict)      # product id -> milli-units here
    paid: dict[str, int] = field(default_factory=dict)       # sale -> its total
    refunded: dict[str, int] = field(default_factory=dict)   # sale -> refunded so far
    left: dict[str, dict[str, int]] = field(default_factory=dict)  # sale -> line -> qty not returned
    sales_count: int = 0

    def allocate_oldest(self, amount: int) -> None:
        for sale_id in list(self.open):
            take = min(amount, self.open[sale_id])
            self.open[sale_id] -= take
            amount -= take
        self.open = {k: v for k, v in self.open.items() if v > 0}


class Refused(Exception):
    """The model says the ledger must refuse this operation."""


def _actor(s, name):
    return s.owner if name == "owner" else s.cashier


def _with_owner_pin(s, run, give_pin: bool):
    """Run; if the owner's approval is needed, check nothing changed, then (maybe) get it
    and run again; the same approval must not work a second time."""
    before = ledger_snapshot(s.ledger)
    try:
        return run(None)
    except ApprovalRequired as err:
        assert ledger_snapshot(s.ledger) == before, "an operation waiting for approval wrote something"
        if not give_pin:
            raise Refused() from None
        with s.uow() as uow:
            approval = workers.approve(uow, s.cashier, Action(err.action), OWNER_PIN, subject=err.subject)
        approvals = [approval]
        while True:
            try:
                result = run(approvals)
                break
            except ApprovalRequired as more:  # a bill can need two (price and credit limit)
                assert more.action not in [a.action for a in approvals]
                with s.uow() as uow:
                    approvals.append(workers.approve(uow, s.cashier, Action(more.action), OWNER_PIN,
                                                     subject=more.subject))
        reused = ledger_snapshot(s.ledger)
        try:
            run(approvals)
            raise AssertionError("an approval was used twice")
        except ApprovalRequired:
            assert ledger_snapshot(s.ledger) == reused
        except DukanError:
            assert ledger_snapshot(s.ledger) == reused
        return result


def _sale(s, m, actor_name, lines, credit_pct, with_customer, discount_pct, give_pin):
    actor = _actor(s, actor_name)
    cart = Cart(tuple(CartLine(s.products[p], q * 1000, discount_paisa=d) for p, q, d in lines),
                customer_id=s.customer_id if with_customer else None)
    with s.uow(write=False) as uow:  # above 5 % a cashier needs the owner's PIN
        cart = replace(cart, bill_discount_paisa=sales.quote(uow, cart).amounts.subtotal_paisa * discount_pct // 100)
        total = sales.quote(uow, cart).total_paisa
    on_credit = total * credit_pct // 100 if with_customer else 0
    tenders = [TenderInput("credit", on_credit)] if on_credit else []
    if total - on_credit:
        tenders.append(TenderInput("cash", total - on_credit + 5000))

    def run(approval):
        with s.uow() as uow:
            r = sales.complete_sale(uow, actor, cart, tenders, approval=approval)
            uow.commit()
        return r

    r = _with_owner_pin(s, run, give_pin)
    assert (r.total_paisa, r.credit_paisa, r.paid_paisa + r.credit_paisa) == (total, on_credit, total)
    m.sales_count += 1
    m.paid[r.sale_id], m.refunded[r.sale_id] = total, 0
    if on_credit:
        m.balance += on_credit
        m.open[r.sale_id] = on_credit
    for p, q, _ in lines:
        m.stock[s.products[p]] -= q * 1000
    with s.uow(write=False) as uow:
        m.left[r.sale_id] = {ln["id"]: ln["qty_milli"] for ln in sales.get_sale(uow, sale_id=r.sale_id).lines}


def _return(s, m, actor_name, pick, qty, refund, give_pin):
    candidates = [sid for sid, lines in m.left.items() if any(lines.values())]
    if not candidates:
        return
    sale_id = candidates[pick % len(candidates)]
    with s.uow(write=False) as uow:
        sale = sales.get_sale(uow, sale_id=sale_id)
    open_lines = [lid for lid, left in m.left[sale_id].items() if left]
    lid = open_lines[pick % len(open_lines)]
    take = min(qty * 1000, m.left[sale_id][lid])
    if refund == "credit" and sale.customer_id is None:  # nothing to put back on udhaar
        with s.uow() as uow:
            try:
                returns.create_return(uow, s.owner, sale_id, [(lid, take)], refund="credit")
            except DukanError:
                raise Refused() from None
        raise AssertionError("a refund to udhaar for a sale without a customer")

    def run(approval):
        with s.uow() as uow:
            r = returns.create_return(uow, _actor(s, actor_name), sale_id, [(lid, take)],
                                      refund=refund, approval=approval)
            uow.commit()
        return r

    r = _with_owner_pin(s, run, give_pin)
    m.left[sale_id][lid] -= take
    m.refunded[sale_id] += r.total_paisa
    assert r.refund_cash_paisa + r.refund_credit_paisa == r.total_paisa >= 0
    assert m.refunded[sale_id] <= m.paid[sale_id]  # never more back than was paid
    if not any(m.left[sale_id].values()):
        assert m.refunded[sale_id] == m.paid[sale_id]  # all back: exactly what was paid
    open_before = m.open.get(sale_id, 0)
    expected_credit = {"cash": 0, "credit": r.total_paisa, "auto": min(r.total_paisa, open_before)}[refund]
    assert r.refund_credit_paisa == expected_credit
    if r.refund_credit_paisa:
        m.balance -= r.refund_credit_paisa
        if open_before:
            m.open[sale_id] = open_before - min(r.refund_credit_paisa, open_before)
            m.open = {k: v for k, v in m.open.items() if v > 0}
    product = next(ln["product_id"] for ln in sale.lines if ln["id"] == lid)
    m.stock[product] += take


def _percent_of_balance(m, pct):
    return max(1, m.balance * pct // 100)


def _payment(s, m, actor_name, pct, how):
    amount = _percent_of_balance(m, pct)
    chosen, ok = None, 0 < amount <= m.balance
    sales_open = list(m.open)
    if how == "newest" and sales_open:
        chosen = [(sales_open[-1], min(amount, m.open[sales_open[-1]]))]
    elif how == "too_much" and sales_open:
        chosen = [(sales_open[0], m.open[sales_open[0]] + 1)]
        ok = False
    elif how == "unknown_sale":
        chosen = [("01a2d6b0-0000-7000-8000-000000000000", 1)]
        ok = False
    if not ok:
        with s.uow() as uow:
            try:
                credit.record_payment(uow, _actor(s, actor_name), s.customer_id, amount, allocations=chosen)
            except DukanError:
                raise Refused() from None
        raise AssertionError(f"payment {amount} / {how} should be refused (balance {m.balance})")
    with s.uow() as uow:
        paid = credit.record_payment(uow, _actor(s, actor_name), s.customer_id, amount, allocations=chosen)
        uow.commit()
    m.balance -= amount
    if chosen is None:
        m.allocate_oldest(amount)
    else:
        for sale_id, paisa in chosen:
            m.open[sale_id] -= paisa
        m.open = {k: v for k, v in m.open.items() if v > 0}
    assert sum(p for _, p in paid.allocations) + paid.unallocated_paisa == amount


def _owner_credit(s, m, kind, amount):
    if kind == "writeoff" and not 0 < amount <= m.balance:
        ok = False
    elif kind == "adjust" and (amount == 0 or (amount < 0 and -amount > m.balance)):
        ok = False
    else:
        ok = True
    with s.uow() as uow:
        try:
            if kind == "writeoff":
                credit.write_off(uow, s.owner, s.customer_id, amount, reason="bad debt")
            else:
                credit.adjust(uow, s.owner, s.customer_id, amount, reason="correction")
        except DukanError:
            if ok:
                raise
            raise Refused() from None
        assert ok, f"{kind} {amount} should be refused (balance {m.balance})"
        uow.commit()
    reduce = amount if kind == "writeoff" else -amount
    m.balance -= reduce
    if reduce > 0:
        m.allocate_oldest(reduce)


def _apply(s, m, action):
    kind = action[0]
    if kind == "sale":
        _sale(s, m, *action[1:])
    elif kind == "return":
        _return(s, m, *action[1:])
    elif kind == "payment":
        _payment(s, m, *action[1:])
    elif kind == "writeoff":
        _owner_credit(s, m, kind, _percent_of_balance(m, action[1]))
    elif kind == "adjust":
        _owner_credit(s, m, kind, action[1])
    elif kind == "stock":
        pid, delta = s.products[action[1]], action[2] * 1000
        with s.uow() as uow:
            try:
                stock.adjust(uow, s.owner, s.ctx.outlet_id, pid, delta, reason="recount")
            except DukanError:
                if delta:
                    raise
                raise Refused() from None
            assert delta, "a zero stock adjustment should be refused"
            uow.commit()
        m.stock[pid] += delta


def _compare(s, m):
    with s.uow(write=False) as uow:
        assert check_ledger(uow) == []
        assert customers.balance_of(uow, s.customer_id) == m.balance
        open_sales = credit.open_credit_sales(uow, s.customer_id)
        assert {o.sale_id: o.open_paisa for o in open_sales} == m.open
        if m.balance >= 0:
            assert credit.aging(uow, s.customer_id).total == m.balance
        for pid, qty in m.stock.items():
            assert stock.level(uow, s.ctx.outlet_id, pid) == qty
        refunded = dict(uow.sql("SELECT sale_id, SUM(total_paisa) FROM returns GROUP BY sale_id"))
        assert {k: v for k, v in m.refunded.items() if v} == {k: v for k, v in refunded.items() if v}
        assert uow.sql("SELECT COUNT(*) FROM sales")[0][0] == m.sales_count


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=25), round_off=st.booleans())
def test_invariants_hold_for_any_sequence(_shop_template, tmp_path_factory, ops, round_off):
    path = tmp_path_factory.mktemp("prop") / "ledger.sqlite3"
    shutil.copyfile(_shop_template.ledger.path, path)
    clock = FixedClock(_shop_template.clock.now())
    s = replace(_shop_template, ledger=Ledger(path, clock), clock=clock)
    try:
        with s.uow() as uow:
            shop_settings.put(uow, "round_off", "nearest_rupee" if round_off else "none")
            uow.commit()
        with s.uow(write=False) as uow:
            m = Model(balance=customers.balance_of(uow, s.customer_id),
                      stock={pid: stock.level(uow, s.ctx.outlet_id, pid) for pid in s.products.values()})
        for action in ops:
            before = ledger_snapshot(s.ledger)
            try:
                _apply(s, m, action)  # a DukanError here is a refusal the model did not expect
            except Refused:
                assert ledger_snapshot(s.ledger) == before, f"refused {action} changed the ledger"
            clock.advance(hours=3)
            _compare(s, m)
    finally:
        s.ledger.close()
