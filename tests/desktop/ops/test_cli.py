"""The `dukan` CLI: version, self-test, data-dir handling, backup and restore."""

from __future__ import annotations

import sqlite3

import pytest

from dukan_desktop import __version__
from dukan_desktop.cli import main
from dukan_desktop.ops.restore import list_backups, restore_backup
from dukan_desktop.services.backup import backup_to

from .conftest import count_sales, sell


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"Dukan POS {__version__}"


def test_self_test_passes_from_source(capsys, app_paths):
    before = sorted(p.name for p in app_paths.data_dir.iterdir())
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("PASS")
    for check in ("ledger and sale", "receipt", "translations", "fonts", "raster receipt"):
        assert f"ok   {check}" in out
    assert sorted(p.name for p in app_paths.data_dir.iterdir()) == before  # touched nothing


@pytest.mark.parametrize("before_command", [True, False])
def test_data_dir_before_or_after_the_command(tmp_path, capsys, before_command):
    data = tmp_path / "elsewhere"
    args = ["--data-dir", str(data), "check"] if before_command else ["check", "--data-dir", str(data)]
    assert main(args) == 2
    assert str(data) in capsys.readouterr().err
    assert (data / "logs" / "dukan.log").exists()


def test_backup_then_restore_from_the_cli(shop_paths, tmp_path, capsys):
    paths, shop, receipts = shop_paths
    backup = tmp_path / "copy.sqlite3"
    assert main(["backup", str(backup)]) == 0
    # More sales after the backup; the restore brings the ledger back to the copy.
    shop.ledger = type(shop.ledger).open(paths.ledger, clock=shop.clock)
    sell(shop)
    shop.ledger.close()
    assert count_sales(paths.ledger) == len(receipts) + 1

    assert main(["restore", str(backup)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert count_sales(paths.ledger) == len(receipts)
    assert count_sales(paths.data_dir / "ledger.sqlite3.before-restore") == len(receipts) + 1
    assert main(["check"]) == 0


def test_restore_refuses_a_damaged_file(shop_paths, tmp_path, capsys):
    paths, _, receipts = shop_paths
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    assert main(["restore", str(junk)]) == 1
    assert "not a Dukan POS ledger" in capsys.readouterr().err
    assert count_sales(paths.ledger) == len(receipts)


def test_restore_refuses_a_backup_from_a_newer_version(shop_paths, tmp_path, capsys):
    paths, _, receipts = shop_paths
    backup = backup_to(paths.ledger, tmp_path / "new.sqlite3").path
    conn = sqlite3.connect(backup)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'beyond'")
    conn.close()
    assert main(["restore", str(backup)]) == 1
    assert "newer version" in capsys.readouterr().err
    assert not (paths.data_dir / "ledger.sqlite3.before-restore").exists()


def test_restore_for_the_ui_lists_backups_newest_first(shop_paths):
    from dukan_desktop.ops.autobackup import backup_on_close

    paths, _, receipts = shop_paths
    backup_on_close(paths)
    entries = list_backups(paths)
    assert [e.kind for e in entries] == ["close"]
    info = restore_backup(paths, entries[0].path)
    assert info.sales == len(receipts)
