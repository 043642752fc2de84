"""A realistic demo shop: two outlets, a few hundred products with Urdu names,
suppliers, cashiers, and sixty days of sales with udhaar history."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from ..core.clock import SHOP_TZ, FixedClock, to_local
from ..core.permissions import Actor, Role
from ..ledger.engine import Ledger
from ..ledger.uow import UnitOfWork
from . import catalog, credit, customers, sales, shifts, shop, stock, workers

OWNER_PIN, CASHIER_PIN = "1234", "0000"

# (English, Urdu, unit, price in rupees, tax mode)
ITEMS = [
    ("Basmati Rice", "باسمتی چاول", "kg", 380, "inclusive"),
    ("Sella Rice", "سیلا چاول", "kg", 320, "inclusive"),
    ("Sugar", "چینی", "kg", 150, "inclusive"),
    ("Atta Flour", "آٹا", "kg", 120, "exempt"),
    ("Daal Masoor", "دال مسور", "kg", 290, "exempt"),
    ("Daal Chana", "دال چنا", "kg", 260, "exempt"),
    ("Daal Moong", "دال مونگ", "kg", 310, "exempt"),
    ("Cooking Oil", "کوکنگ آئل", "pc", 560, "inclusive"),
    ("Desi Ghee", "دیسی گھی", "pc", 1450, "inclusive"),
    ("Milk Pack", "دودھ", "pc", 220, "inclusive"),
    ("Yogurt", "دہی", "pc", 160, "exempt"),
    ("Tea Leaves", "چائے کی پتی", "pc", 450, "inclusive"),
    ("Red Chilli Powder", "لال مرچ", "pc", 180, "inclusive"),
    ("Turmeric Powder", "ہلدی", "pc", 140, "inclusive"),
    ("Salt", "نمک", "pc", 60, "exempt"),
    ("Biscuits", "بسکٹ", "pc", 50, "inclusive"),
    ("Soap", "صابن", "pc", 150, "exclusive"),
    ("Shampoo", "شیمپو", "pc", 420, "exclusive"),
    ("Washing Powder", "سرف", "pc", 390, "exclusive"),
    ("Toothpaste", "ٹوتھ پیسٹ", "pc", 260, "exclusive"),
    ("Eggs", "انڈے", "dozen", 360, "exempt"),
    ("Bread", "ڈبل روٹی", "pc", 170, "exempt"),
    ("Juice", "جوس", "pc", 120, "inclusive"),
    ("Soft Drink", "کولڈ ڈرنک", "pc", 150, "inclusive"),
    ("Mineral Water", "منرل واٹر", "pc", 90, "inclusive"),
    ("Matchbox", "ماچس", "pc", 10, "inclusive"),
    ("Candles", "موم بتی", "pack", 80, "inclusive"),
    ("Chickpeas", "چنے", "kg", 280, "exempt"),
    ("Vermicelli", "سویاں", "pc", 90, "inclusive"),
    ("Noodles", "نوڈلز", "pc", 70, "inclusive"),
]
BRANDS = ["National", "Shan", "Mehran", "Dalda", "Tapal", "Olpers", "Nestle", "Sufi", "Habib",
          "Kisan"]
SIZES = ["Small", "Regular", "Large", "Family"]
CUSTOMERS = ["Rashid Khan", "Shazia Bibi", "Imran Ali", "Nasreen Akhtar", "Tariq Mehmood",
             "Farhan Qureshi", "Ayesha Siddiqui", "Bilal Ahmed", "Zubair Hussain", "Saima Noor",
             "Kashif Javed", "Rubina Kausar", "Usman Ghani", "Nadia Parveen", "Hamid Raza",
             "Sadia Malik", "Waqar Younis", "Asma Jahangir", "Junaid Iqbal", "Fozia Shaheen"]


def build_demo(path: Path, *, seed: int = 7, days: int = 60, products: int = 300) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    clock = FixedClock(now - timedelta(days=days + 1))
    ledger = Ledger.open(path, clock=clock)
    try:
        _populate(ledger, clock, rng, days, products, now)
    finally:
        ledger.close()


def _day_hours(day: date, now: datetime) -> tuple[datetime, datetime]:
    """When the demo shop sells on a local day: 9:00 to 21:00, and today only until now
    (so the dashboard's "today" and the trend's last day have sales, none in the future)."""
    opens = datetime.combine(day, time(9), SHOP_TZ).astimezone(UTC)
    closes = opens + timedelta(hours=12)
    if closes >= now:
        closes = now - timedelta(minutes=1)
        midnight = datetime.combine(day, time(0, 1), SHOP_TZ).astimezone(UTC)
        opens = max(midnight, min(opens, closes - timedelta(hours=4)))
    return opens, closes


def _populate(ledger: Ledger, clock: FixedClock, rng: random.Random, days: int, n_products: int,
              now: datetime) -> None:
    with UnitOfWork(ledger) as uow:
        ctx, owner_id = shop.setup_shop(
            uow, shop_name="Madina General Store", outlet_name="Gulberg", outlet_code="GUL",
            owner_name="Haji Aslam", owner_pin=OWNER_PIN, address="Main Boulevard, Gulberg III, Lahore",
            phone="042-35761234")
        owner = Actor(owner_id, Role.OWNER, None, "Haji Aslam")
        second = shop.create_outlet(uow, owner, name="Model Town", code="MTN",
                                    address="Link Road, Model Town, Lahore")
        cashier_id = workers.create_worker(uow, owner, name="Bilal", pin=CASHIER_PIN, outlet_id=ctx.outlet_id)
        workers.create_worker(uow, owner, name="Kamran", pin=CASHIER_PIN, outlet_id=second)
        suppliers = [catalog.save_supplier(uow, owner, name=name, phone=phone, payment_terms_days=terms,
                                           contact_person=person)
                     for name, phone, person, terms in (
                         ("Al-Noor Traders", "03214567890", "Noor Ahmed", 15),
                         ("Punjab Wholesale", "03337654321", "Sajid Butt", 30))]
        product_ids = []
        for i in range(n_products):
            name, urdu, unit, rupees, tax = ITEMS[i % len(ITEMS)]
            brand = BRANDS[(i // len(ITEMS)) % len(BRANDS)]
            size = SIZES[(i // (len(ITEMS) * len(BRANDS))) % len(SIZES)]
            price = rupees * 100 + rng.choice((0, 0, 500, 1000, -500))
            pid = catalog.create_product(uow, owner, catalog.ProductInput(
                name_en=f"{brand} {name}" + (f" {size}" if size != "Small" else ""),
                name_ur=f"{urdu} ({brand})", unit=unit, price_paisa=max(price, 500),
                cost_paisa=max(price, 500) * 85 // 100, tax_mode=tax,
                tax_rate_bp=0 if tax == "exempt" else 1800, sku=f"SKU{i + 1:05d}",
                supplier_id=suppliers[i % 2], reorder_level_milli=10_000,
                barcodes=(f"8964{i + 1:08d}",)), audit=False)
            product_ids.append((pid, unit))
        for outlet in (ctx.outlet_id, second):
            stock.receive(uow, owner, outlet, [(pid, 60_000, None) for pid, _ in product_ids],
                          supplier_id=suppliers[0], reference="Opening stock")
        customer_ids = [customers.save_customer(
            uow, owner, name=name, phone=f"0300{rng.randrange(1000000, 9999999)}",
            credit_limit_paisa=rng.choice((None, 2_000_000, 5_000_000)))
            for name in CUSTOMERS]
        uow.commit()
    cashier = Actor(cashier_id, Role.CASHIER, ctx.outlet_id, "Bilal")
    today = to_local(now).date()
    for day in range(days):
        opens, closes = _day_hours(today - timedelta(days=days - 1 - day), now)
        clock._now = opens  # noqa: SLF001 - the demo's clock is set, not only advanced
        n_sales = rng.randrange(15, 30)
        gap = max(1, min(25, int((closes - opens).total_seconds() // 60 // n_sales)))
        with UnitOfWork(ledger) as uow:
            shift_id = shifts.open_shift(uow, cashier, 500_000)
            for _ in range(n_sales):
                clock.advance(minutes=rng.randrange(1, gap + 1) if gap < 5 else rng.randrange(5, gap + 1))
                if clock.now() >= closes:
                    break
                lines = []
                for pid, unit in rng.sample(product_ids, rng.randrange(1, 6)):
                    qty = rng.choice((500, 1000, 1500, 2000)) if unit == "kg" else rng.randrange(1, 4) * 1000
                    lines.append(sales.CartLine(pid, qty))
                cart = sales.Cart(tuple(lines))
                total = sales.quote(uow, cart).total_paisa
                if rng.random() < 0.25:
                    customer = rng.choice(customer_ids)
                    cart = sales.Cart(tuple(lines), customer_id=customer)
                    paid = rng.choice((0, total // 2))
                    tenders = [sales.TenderInput("credit", total - paid)]
                    if paid:
                        tenders.append(sales.TenderInput("cash", paid))
                    try:
                        sales.complete_sale(uow, owner, cart, tenders, shift_id=shift_id)
                    except Exception:  # noqa: BLE001 - a rare limit clash just skips this demo sale
                        continue
                else:
                    method = rng.choice(("cash", "cash", "cash", "card", "jazzcash", "easypaisa"))
                    ref = "" if method in ("cash", "card") else f"TX{rng.randrange(10**8, 10**9)}"
                    given = total if method != "cash" else -(-total // 50_000) * 50_000
                    sales.complete_sale(uow, cashier, cart, [sales.TenderInput(method, given, ref)],
                                        shift_id=shift_id)
            if day % 3 == 0:
                for customer in rng.sample(customer_ids, 3):
                    balance = customers.balance_of(uow, customer)
                    if balance > 10_000:
                        credit.record_payment(uow, cashier, customer, balance // 2, method="cash",
                                              shift_id=shift_id)
            clock._now = min(clock.now() + timedelta(hours=1), now)  # noqa: SLF001
            z = shifts.z_report(uow, cashier, shift_id)
            shifts.close_shift(uow, cashier, shift_id, z.expected_cash_paisa)
            uow.commit()
