"""Settings are checked by key before anything is saved; a bad stored value never
breaks the billing path."""

import json

import pytest
from sqlalchemy import select

from dukan_desktop.core.errors import InvalidInput
from dukan_desktop.ledger.models import Setting
from dukan_desktop.services import sales, setting_rules, settings
from dukan_desktop.services.sales import Cart, CartLine, TenderInput


def _stored(shop) -> dict:
    with shop.uow(write=False) as uow:
        return {k: v for k, v in uow.session.execute(select(Setting.key, Setting.value_json))}


def _sell(shop):
    with shop.uow() as uow:
        r = sales.complete_sale(uow, shop.cashier, Cart((CartLine(shop.products["milk"], 1000),)),
                                [TenderInput("cash", 22000)])
        uow.commit()
    return r


@pytest.mark.parametrize("changes", [
    {"round_off": "bogus"},
    {"cashier_discount_limit_bp": "abc"},
    {"cashier_discount_limit_bp": 10_001},
    {"cashier_discount_limit_bp": True},
    {"default_credit_limit_paisa": -1},
    {"default_tax_rate_bp": 18.0},
    {"default_tax_mode": "sometimes"},
    {"language": "fr"},
    {"money_grouping": "yes"},
    {"pin_max_failures": 0},
    {"pin_lockout_minutes": None},
    {"backup_keep": 0},
    {"embedded_barcode_layout": {"weight_prefixes": ["25"], "price_prefixes": ["25"]}},
    {"embedded_barcode_layout": {"weight_prefixes": ["13"]}},
    {"embedded_barcode_layout": "20-29"},
    {"printer.paper_mm": 100},
    {"printer.kind": "bluetooth"},
    {"server_url": "ftp://example.com"},
    {"receipt_footer": "x" * 501},
    {"no_such_setting": 1},
    {"device_id": "another-pc"},
    {"round_off": "nearest_rupee", "cashier_discount_limit_bp": "abc"},  # one bad: none saved
])
def test_a_bad_value_is_refused_and_nothing_changes(test_shop, changes):
    s = test_shop
    before = _stored(s)
    with s.uow() as uow, pytest.raises(InvalidInput) as err:
        settings.update_settings(uow, s.owner, changes)
        uow.commit()
    assert err.value.message and "{key}" not in err.value.message  # placeholders filled
    assert _stored(s) == before
    assert _sell(s).total_paisa == 22000  # and selling goes on


def test_good_values_are_saved(test_shop):
    s = test_shop
    good = {"round_off": "nearest_rupee", "cashier_discount_limit_bp": 1000, "language": "ur",
            "embedded_barcode_layout": {"weight_prefixes": ["28", "29"], "price_prefixes": ["20"],
                                        "item_digits": 5, "price_paisa_per_unit": 100},
            "printer.paper_mm": 58, "printer.drawer_pin": None, "printer.timeout_s": 2.5,
            "server_url": "https://dukan.example.pk", "default_credit_limit_paisa": 100_000}
    with s.uow() as uow:
        settings.update_settings(uow, s.owner, good)
        uow.commit()
    with s.uow(write=False) as uow:
        for key, value in good.items():
            assert settings.get(uow, key) == value


def test_every_default_passes_its_own_rule():
    for key, value in settings.DEFAULTS.items():
        if key in setting_rules.RULES:
            assert setting_rules.valid(key, value), key


def test_a_bad_value_saved_by_an_older_version_reads_as_the_default(test_shop):
    s = test_shop
    with s.uow() as uow:
        for key, value in (("round_off", "bogus"), ("cashier_discount_limit_bp", "abc")):
            settings.put(uow, key, value)  # no checks: as the old settings screen did
        uow.commit()
    s.ledger.cache.clear()
    with s.uow(write=False) as uow:
        assert settings.get(uow, "round_off") == "none"
        assert settings.get(uow, "cashier_discount_limit_bp") == 500
    assert _sell(s).total_paisa == 22000
    assert json.loads(_stored(s)["round_off"]) == "bogus"  # left for the owner to set again
