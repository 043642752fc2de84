import shutil
from dataclasses import replace

import pytest

from dukan_desktop.core.clock import FixedClock
from dukan_desktop.ledger.engine import Ledger
from dukan_desktop.services.testing import build_test_shop


@pytest.fixture(scope="session")
def _shop_template(tmp_path_factory):
    """Built once through the migrations and the services; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "ledger.sqlite3"
    shop = build_test_shop(path)
    shop.ledger.close()
    return shop


@pytest.fixture
def test_shop(_shop_template, tmp_path):
    path = tmp_path / "ledger.sqlite3"
    shutil.copyfile(_shop_template.ledger.path, path)
    clock = FixedClock(_shop_template.clock.now())
    shop = replace(_shop_template, ledger=Ledger(path, clock), clock=clock)
    yield shop
    shop.ledger.close()
