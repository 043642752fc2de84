"""CSV import: a dry run first (what would be added, changed, refused and why), then
the import itself, both in the background with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from ...services import catalog_csv
from ..display import isolate, paragraph
from .common import BackOfficeContext, JobBar, ProgressJob, StatusLine, list_table
from .list_model import ListColumn


def refusal_reason(r: catalog_csv.Refusal) -> str:
    """Why a row was refused, in the user's language. The sentence reads in the screen's
    direction even when it starts with a quoted English value (“abc” is not an amount):
    a cell takes its direction from its first letter otherwise, and the quotes came out
    mirrored in Urdu (the Urdu catalogue types the opening quote as ”, right to left)."""
    reason = QCoreApplication.translate("errors", r.template)
    rtl = QGuiApplication.isRightToLeft()
    try:
        text = reason.format(**{k: isolate(str(v)) for k, v in r.params.items()})
    except (KeyError, IndexError, ValueError):
        text = r.message
    return paragraph(text, rtl)


class ImportDialog(QDialog):
    imported = Signal(object)   # the ImportReport of the real import
    report_ready = Signal(object)

    def __init__(self, ctx: BackOfficeContext, path: Path | str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, Path(path)
        self.report: catalog_csv.ImportReport | None = None
        self.setWindowTitle(self.tr("Import products from CSV"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("File: {name}").format(name=self.path.name)))
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        # Tables over the report's own lists (a 100k-row file reports 100k rows).
        line = ListColumn(self.tr("Line"), lambda r: str(r[0]), True, key=lambda r: r[0], searchable=False)
        self.refused_view, self.refused = list_table([
            line, ListColumn(self.tr("Product"), lambda r: r[1]),
            ListColumn(self.tr("Why it was refused"), lambda r: r[2])], self, object_name="refusedList")
        self.added_view, self.added = list_table(
            [line, ListColumn(self.tr("Product"), lambda r: r[1])], self, object_name="addedList")
        self.changed_view, self.changed = list_table(
            [line, ListColumn(self.tr("Product"), lambda r: r[1])], self, object_name="changedList")
        self.tabs.addTab(self.refused_view, self.tr("Refused"))
        self.tabs.addTab(self.added_view, self.tr("Added"))
        self.tabs.addTab(self.changed_view, self.tr("Changed"))
        layout.addWidget(self.tabs, 1)
        self.jobs = JobBar()
        layout.addWidget(self.jobs)
        self.status = StatusLine()
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.job: ProgressJob | None = None

    def start_preview(self) -> ProgressJob:
        return self._run(dry_run=True)

    def run_import(self) -> ProgressJob:
        return self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> ProgressJob:
        ctx, path = self.ctx, self.path
        self.import_button.setEnabled(False)

        def work(cancelled, progress):
            with ctx.write() as uow:
                return catalog_csv.import_products(uow, ctx.actor, path, dry_run=dry_run,
                                                   progress=progress, cancelled=cancelled)

        self.job = ProgressJob(work, self, cancellable=True)  # one transaction: rolled back
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self.status.error)
        self.job.finished.connect(self._finished)
        text = self.tr("Checking the file…") if dry_run else self.tr("Importing…")
        return self.jobs.start(self.job, text)

    def _finished(self) -> None:
        self.import_button.setEnabled(self.report is not None and self.report.dry_run
                                      and bool(self.report.added or self.report.changed))

    def _done(self, report: catalog_csv.ImportReport) -> None:
        self.report = report
        self.added.set_rows(report.added, presorted=0)
        self.changed.set_rows(report.changed, presorted=0)
        self.refused.set_rows([(r.line, r.name or "—", refusal_reason(r)) for r in report.refused],
                              presorted=0)
        counts = dict(added=len(report.added), changed=len(report.changed),
                      unchanged=report.unchanged, refused=len(report.refused))
        if report.dry_run:
            self.summary.setText(self.tr(
                "Check before importing: {added} new, {changed} changed, {unchanged} unchanged, "
                "{refused} refused (refused rows are skipped).").format(**counts))
        else:
            self.summary.setText(self.tr(
                "Imported: {added} new, {changed} changed, {unchanged} unchanged, "
                "{refused} refused.").format(**counts))
            self.status.info(self.tr("The products were saved."))
            self.imported.emit(report)
        self.tabs.setCurrentIndex(0 if report.refused else 1)
        self.report_ready.emit(report)

    def reject(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()
        super().reject()
