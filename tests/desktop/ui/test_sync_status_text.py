"""The status bar's sync line: problems and clock skew reach the cashier, translated."""

from datetime import UTC, datetime, timedelta

from dukan_desktop.ui.sync_status import SyncStatus


def test_problem_and_skew_are_shown(qapp):
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    status = SyncStatus(now=lambda: now)
    status.update(online=True, pending=0, failed=0, last_sync=now - timedelta(minutes=3))
    assert status.text() == "All synced 3 min ago" and status.severity == "ok"
    status.set_problem("device_revoked", "device revoked")
    assert "disconnected by the owner" in status.text() and status.severity == "error"
    status.set_problem("weird_code", "Something the server said")
    assert "Something the server said" in status.text()
    status.set_problem("", "")
    status.update(skew_seconds=-600)
    assert status.text().endswith("This PC's clock is 10 min off")
    status.update(skew_seconds=None)
    assert "clock" not in status.text()
