"""The `dukan` CLI: version, self-test, data-dir handling, backup and restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


def test_version_has_one_source():
    """pyproject takes its version from dukan_desktop.__version__ (dynamic): the installed
    package's metadata, `dukan --version` and the app can never disagree."""
    import importlib.metadata
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "dukan_desktop", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"Dukan POS {importlib.metadata.version('dukan-pos')}"
    assert importlib.metadata.version("dukan-pos") == __version__
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[tool")[0]


@pytest.mark.parametrize("flag", ["--version", "--self-test"])
def test_the_windowed_exe_shows_version_and_self_test_in_a_message_box(monkeypatch, flag):
    """`dukan.exe` (no console: sys.stdout is None) would print into the void."""
    import sys

    from dukan_desktop.ui import no_console

    shown = []
    monkeypatch.setattr(no_console, "show_text", lambda text, warning=False: shown.append(text))
    monkeypatch.setattr(sys, "stdout", None)
    assert main([flag]) == 0
    assert len(shown) == 1
    assert shown[0].startswith(f"Dukan POS {__version__}")
    if flag == "--self-test":
        assert shown[0].rstrip().endswith("PASS")


def test_check_on_a_ledger_from_a_newer_version_says_so(shop_paths, capsys):
    paths, _, _ = shop_paths
    conn = sqlite3.connect(paths.ledger)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    conn.close()
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "written by a newer version of Dukan POS" in err and "Install the newer version" in err
    assert "start the app" not in err  # the app refuses this ledger: that advice was wrong


def test_self_test_names_the_active_keyring_backend(capsys, app_paths):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "keyring backends" in x)
    assert "active backend " in line and ("usable" in line)
    assert any("usb printer library" in x for x in out.splitlines())


def test_open_data_folder_opens_this_users_folder(app_paths, monkeypatch, capsys):
    """The installer's "Shop data and backups" shortcut runs this, so it opens the folder
    of whoever clicks it (an all-users install's Start menu is shared)."""
    from dukan_desktop import cli

    opened = []
    monkeypatch.setattr(cli, "open_folder", opened.append)
    assert main(["--open-data-folder"]) == 0
    assert opened == [app_paths.data_dir]
    assert capsys.readouterr().out.strip() == str(app_paths.data_dir)
