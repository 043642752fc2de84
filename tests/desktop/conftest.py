import pytest

from dukan_desktop.services.testing import build_test_shop


@pytest.fixture
def test_shop(tmp_path):
    shop = build_test_shop(tmp_path / "ledger.sqlite3")
    yield shop
    shop.ledger.close()
