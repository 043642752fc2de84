"""PIN login with lockout; workers managed by the owner."""

import pytest

from dukan_desktop.core.errors import AuthFailed, InvalidInput, LockedOut
from dukan_desktop.services import workers
from dukan_desktop.services.testing import CASHIER_PIN


def test_wrong_pins_lock_out_then_time_heals(test_shop):
    s = test_shop
    cid = s.cashier.worker_id
    for _ in range(4):
        with s.uow() as uow, pytest.raises(AuthFailed):
            workers.login(uow, cid, "0000")
    with s.uow() as uow, pytest.raises(LockedOut) as err:
        workers.login(uow, cid, "0000")
    assert "5 minutes" in err.value.message
    with s.uow() as uow, pytest.raises(LockedOut):  # even the right PIN, while locked
        workers.login(uow, cid, CASHIER_PIN)
    s.clock.advance(minutes=6)
    with s.uow() as uow:
        actor = workers.login(uow, cid, CASHIER_PIN)
    assert actor.outlet_id == s.ctx.outlet_id


def test_pins_are_hashed_and_validated(test_shop):
    s = test_shop
    with s.uow() as uow:
        for bad in ("12", "abcd", "123456789", ""):
            with pytest.raises(InvalidInput):
                workers.create_worker(uow, s.owner, name="X", pin=bad, outlet_id=s.ctx.outlet_id)
        wid = workers.create_worker(uow, s.owner, name="Sana", pin="2468", outlet_id=s.ctx.outlet_id)
        uow.commit()
    with s.uow(write=False) as uow:
        raw = uow.session.connection().exec_driver_sql(
            "SELECT pin_hash FROM workers WHERE id = ?", (wid,)).scalar()
    assert raw.startswith("$argon2id$") and "2468" not in raw
    with s.uow() as uow:
        workers.update_worker(uow, s.owner, wid, active=False)
        uow.commit()
    with s.uow(write=False) as uow:
        assert wid not in [w.id for w in workers.list_workers(uow, outlet_id=s.ctx.outlet_id)]
