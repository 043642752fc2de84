"""Products to and from CSV, with a validation report of what was added, changed, refused.

A CSV import is one transaction: each row gets a savepoint (a bad row is refused and
reported, the rest go in); cancelling rolls everything back. A row matches an
existing product by SKU; a row without SKU matches by any of its barcodes; otherwise
it is new (and a barcode another product has is refused).
Columns (header names, any order; only name_en and price are required):
sku, barcodes, name_en, name_ur, unit, price, cost, tax_percent, tax_mode, supplier,
reorder_level, active. Money is in rupees ("150.50"), barcodes are separated by
spaces or semicolons, tax_percent like "18", active "yes"/"no".
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core.errors import DukanError, InvalidInput
from ..core.i18n import QT_TRANSLATE_NOOP
from ..core.money import format_plain, parse_rupees
from ..core.permissions import Action, Actor, require
from ..core.quantity import parse_quantity
from ..ledger.uow import UnitOfWork
from . import catalog, settings
from .catalog_admin import ProductRow, product_rows, supplier_choices

COLUMNS = ("sku", "barcodes", "name_en", "name_ur", "unit", "price", "cost", "tax_percent",
           "tax_mode", "supplier", "reorder_level", "active")
Progress = Callable[[int, int], None]


class ImportCancelled(DukanError):
    code = "cancelled"
    template = QT_TRANSLATE_NOOP("errors", "The import was cancelled. Nothing was changed.")


@dataclass(frozen=True, slots=True)
class Refusal:
    line: int          # line number in the file (the header is line 1)
    name: str
    template: str      # English, translate in the "errors" context
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return self.template


@dataclass
class ImportReport:
    added: list[tuple[int, str]] = field(default_factory=list)     # (line, name)
    changed: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged + len(self.refused)


def _percent_to_bp(text: str) -> int:
    cleaned = text.strip().rstrip("%").strip()
    try:  # Decimal, not float: "17.5" must be exactly 1750 basis points
        value = int((Decimal(cleaned) * 100).to_integral_value(ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "“{text}” is not a tax rate like 18 or 17.5."),
                           text=text) from None
    return value


def _flag(text: str) -> bool:
    t = text.strip().casefold()
    if t in ("", "1", "yes", "y", "true", "active", "ہاں"):
        return True
    if t in ("0", "no", "n", "false", "inactive", "نہیں"):
        return False
    raise InvalidInput(QT_TRANSLATE_NOOP("errors", "“{text}” should be yes or no."), text=text)


def _level(text: str, unit: str, base: ProductRow | None) -> int:
    if not text:
        return base.reorder_level_milli if base else 0
    return 0 if text.strip() in ("0", "0.0") else parse_quantity(text, unit)


def _plain_qty(milli: int) -> str:
    whole, frac = divmod(milli, 1000)
    return str(whole) if not frac else f"{whole}.{frac:03d}".rstrip("0")


def _split_codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in text.replace(";", " ").replace(",", " ").split() if c)


def _input_from(row: dict[str, str], existing: ProductRow | None,
                suppliers: dict[str, str], tax_default: tuple[int, str] = (1800, "inclusive"),
                ) -> catalog.ProductInput:
    """A CSV row over the existing product (blank cells keep what is there; a new
    product's blank tax cells take the shop's default tax rate and mode)."""
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    base = existing
    name_en = cell("name_en") or (base.name_en if base else "")
    price = parse_rupees(cell("price")) if cell("price") else (base.price_paisa if base else None)
    if price is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("errors", "Enter a price."))
    unit = cell("unit") or (base.unit if base else "pc")
    mode = cell("tax_mode").lower() or (base.tax_mode if base else tax_default[1])
    supplier_id = base.supplier_id if base else None
    if cell("supplier"):
        supplier_id = suppliers.get(cell("supplier").casefold())
        if supplier_id is None:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "No supplier is called “{name}”."),
                               name=cell("supplier"))
    return catalog.ProductInput(
        name_en=name_en, price_paisa=price,
        name_ur=cell("name_ur") or (base.name_ur if base else ""),
        sku=cell("sku") or (base.sku if base else None) or None,
        unit=unit,
        cost_paisa=parse_rupees(cell("cost")) if cell("cost") else (base.cost_paisa if base else 0),
        tax_rate_bp=_percent_to_bp(cell("tax_percent")) if cell("tax_percent")
        else (base.tax_rate_bp if base else 0 if mode == "exempt" else tax_default[0]),
        tax_mode=mode,
        supplier_id=supplier_id,
        reorder_level_milli=_level(cell("reorder_level"), unit, base),
        active=_flag(cell("active")) if cell("active") else (base.active if base else True),
        barcodes=_split_codes(cell("barcodes")) if cell("barcodes")
        else (_split_codes(base.barcodes) if base else ()))


def _same(data: catalog.ProductInput, row: ProductRow) -> bool:
    return (data.name_en, data.name_ur, data.sku or "", data.unit, data.price_paisa,
            data.cost_paisa, data.tax_rate_bp, data.tax_mode, data.supplier_id,
            data.reorder_level_milli, data.active, sorted(data.barcodes)) == (
        row.name_en, row.name_ur, row.sku, row.unit, row.price_paisa, row.cost_paisa,
        row.tax_rate_bp, row.tax_mode, row.supplier_id, row.reorder_level_milli, row.active,
        sorted(_split_codes(row.barcodes)))


def read_rows(path: Path | str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "name_en" not in [f.strip() for f in reader.fieldnames]:
            raise InvalidInput(QT_TRANSLATE_NOOP(
                "errors", "This file has no name_en column. Export the products once to see the format."))
        return [{(k or "").strip(): (v or "") for k, v in r.items()} for r in reader]


def import_products(uow: UnitOfWork, actor: Actor, path: Path | str, *, dry_run: bool = False,
                    progress: Progress | None = None,
                    cancelled: threading.Event | None = None) -> ImportReport:
    """Add and change products from a CSV. Commits unless `dry_run` (then only reports)."""
    require(actor, Action.MANAGE_CATALOG)
    rows = read_rows(path)
    existing = product_rows(uow, actor)
    by_sku = {r.sku: r for r in existing if r.sku}
    by_code = {c: r for r in existing for c in _split_codes(r.barcodes)}
    suppliers = {name.casefold(): sid for sid, name in supplier_choices(uow, actor)}
    tax_default = (int(settings.get(uow, "default_tax_rate_bp")), settings.get(uow, "default_tax_mode"))
    report = ImportReport(dry_run=dry_run)
    for n, row in enumerate(rows):
        if cancelled is not None and cancelled.is_set():
            raise ImportCancelled()
        line = n + 2
        name = (row.get("name_en") or "").strip() or (row.get("sku") or "").strip()
        sku = (row.get("sku") or "").strip()
        match = by_sku.get(sku) if sku else None
        if not sku:  # with an SKU the row is that product or a new one; else match a barcode
            match = next((by_code[c] for c in _split_codes(row.get("barcodes") or "") if c in by_code), None)
        savepoint = uow.session.begin_nested()
        try:
            data = _input_from(row, match, suppliers, tax_default)
            if match is None:
                catalog.create_product(uow, actor, data, audit=False)
                report.added.append((line, data.name_en))
            elif _same(data, match):
                report.unchanged += 1
            else:
                catalog.update_product(uow, actor, match.id, data)
                report.changed.append((line, data.name_en))
            savepoint.commit()
        except DukanError as err:
            savepoint.rollback()
            report.refused.append(Refusal(line, name, err.template, dict(err.params)))
        if progress is not None and (n % 50 == 0 or n == len(rows) - 1):
            progress(n + 1, len(rows))
    if not dry_run:
        uow.audit(business_id=catalog.settings.get(uow, "business_id"), worker_id=actor.worker_id,
                  action="product.import", entity="product", entity_id=None,
                  added=len(report.added), changed=len(report.changed),
                  refused=len(report.refused))
        uow.commit()
    return report


def export_products(uow: UnitOfWork, actor: Actor, path: Path | str, *,
                    progress: Progress | None = None,
                    cancelled: threading.Event | None = None) -> int:
    """Every product to CSV (UTF-8 with BOM, so Excel shows Urdu). Returns the row count."""
    require(actor, Action.MANAGE_CATALOG)
    rows = product_rows(uow, actor)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for n, r in enumerate(rows):
            if cancelled is not None and cancelled.is_set():
                fh.close()
                tmp.unlink(missing_ok=True)
                raise ImportCancelled(QT_TRANSLATE_NOOP("errors", "The export was cancelled."))
            out.writerow((r.sku, r.barcodes, r.name_en, r.name_ur, r.unit,
                          format_plain(r.price_paisa), format_plain(r.cost_paisa),
                          f"{r.tax_rate_bp / 100:g}", r.tax_mode, r.supplier_name,
                          _plain_qty(r.reorder_level_milli),
                          "yes" if r.active else "no"))
            if progress is not None and n % 2000 == 0:
                progress(n, len(rows))
    tmp.replace(path)
    if progress is not None:
        progress(len(rows), len(rows))
    return len(rows)


def write_table(path: Path | str, header: list[str], rows: list[list[Any]]) -> None:
    """A report table as CSV (what the screen shows, already formatted)."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
