"""`dukan demo`, `check`, `backup`, `restore` as an installer or owner would run them."""

import sqlite3
import subprocess
import sys

import pytest

from dukan_desktop.cli import main


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--data-dir", str(d), "--days", "5"]) == 0
    return d


def test_demo_shop_is_realistic_and_passes_check(demo_dir, capsys):
    conn = sqlite3.connect(demo_dir / "ledger.sqlite3")
    outlets = conn.execute("SELECT COUNT(*) FROM outlets").fetchone()[0]
    urdu = conn.execute("SELECT COUNT(*) FROM products WHERE name_ur <> ''").fetchone()[0]
    owing = conn.execute("SELECT COUNT(*) FROM (SELECT customer_id FROM credit_entries "
                         "GROUP BY customer_id HAVING SUM(amount_paisa) > 0)").fetchone()[0]
    suppliers = conn.execute("SELECT COUNT(*) FROM suppliers").fetchone()[0]
    conn.close()
    assert outlets == 2 and urdu >= 200 and owing >= 3 and suppliers >= 1
    assert main(["check", "--data-dir", str(demo_dir)]) == 0
    assert "passes" in capsys.readouterr().out


def test_check_reports_a_broken_invariant(demo_dir, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--data-dir", str(demo_dir)]) == 0
    broken = tmp_path / "broken"
    assert main(["restore", str(tmp_path / "b.sqlite3"), "--data-dir", str(broken)]) == 0
    conn = sqlite3.connect(broken / "ledger.sqlite3")
    conn.execute("DROP TRIGGER sales_no_update")  # what a hand edit would have to do
    conn.execute("UPDATE sales SET total_paisa = total_paisa + 100, subtotal_paisa = subtotal_paisa + 100, "
                 "paid_paisa = paid_paisa + 100 "
                 "WHERE seq = 3")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["check", "--data-dir", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "[sale_lines_sum]" in out and "[paid_plus_credit]" in out
    assert "[append_only]" in out and "sales_no_update" in out  # the dropped trigger itself


def test_check_reports_a_refund_above_what_was_paid(demo_dir, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--data-dir", str(demo_dir)]) == 0
    broken = tmp_path / "broken"
    assert main(["restore", str(tmp_path / "b.sqlite3"), "--data-dir", str(broken)]) == 0
    conn = sqlite3.connect(broken / "ledger.sqlite3")
    # The whole sale "returned" twice, written past the service (appending is allowed).
    sale_id, receipt = conn.execute("SELECT id, receipt_no FROM sales ORDER BY seq LIMIT 1").fetchone()
    for n in (1, 2):
        conn.execute(
            "INSERT INTO returns (id, business_id, outlet_id, device_id, sale_id, worker_id, kind,"
            " receipt_no, total_paisa, tax_paisa, reason, created_at)"
            " SELECT ?, business_id, outlet_id, device_id, id, worker_id, 'return', ?, total_paisa,"
            " 0, '', created_at FROM sales WHERE id = ?", (f"{sale_id[:-1]}{n}", f"{receipt}-X{n}", sale_id))
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["check", "--data-dir", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "[refund_vs_paid]" in out and receipt in out


def test_restore_refuses_a_file_that_is_not_a_ledger(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["restore", str(junk), "--data-dir", str(tmp_path / "d")]) == 1
    assert "not a Dukan POS ledger" in capsys.readouterr().err


def test_console_script_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "dukan_desktop", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("Dukan POS ")
