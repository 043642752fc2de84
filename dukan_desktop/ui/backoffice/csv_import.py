"""CSV import: a dry run first (what would be added, changed, refused and why), then
the import itself, both in the background with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from ...services import catalog_csv
from .common import BackOfficeContext, JobBar, ProgressJob, StatusLine


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
        self.added, self.changed, self.refused = QListWidget(), QListWidget(), QListWidget()
        self.refused.setObjectName("refusedList")
        self.tabs.addTab(self.refused, self.tr("Refused"))
        self.tabs.addTab(self.added, self.tr("Added"))
        self.tabs.addTab(self.changed, self.tr("Changed"))
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

        self.job = ProgressJob(work, self)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self.status.error)
        self.job.finished.connect(self._finished)
        text = self.tr("Checking the file…") if dry_run else self.tr("Importing…")
        return self.jobs.start(self.job, text)

    def _finished(self) -> None:
        if self.job is not None and self.job.job.cancelled.is_set():
            self.status.error(self.tr("Cancelled. Nothing was changed."))

    def _done(self, report: catalog_csv.ImportReport) -> None:
        self.report = report
        self.added.clear()
        self.changed.clear()
        self.refused.clear()
        for line, name in report.added:
            self.added.addItem(self.tr("Line {line}: {name}").format(line=line, name=name))
        for line, name in report.changed:
            self.changed.addItem(self.tr("Line {line}: {name}").format(line=line, name=name))
        for r in report.refused:
            reason = QCoreApplication.translate("errors", r.template)
            try:
                reason = reason.format(**r.params)
            except (KeyError, IndexError, ValueError):
                reason = r.message
            self.refused.addItem(self.tr("Line {line} ({name}): {reason}").format(
                line=r.line, name=r.name or "—", reason=reason))
        counts = dict(added=len(report.added), changed=len(report.changed),
                      unchanged=report.unchanged, refused=len(report.refused))
        if report.dry_run:
            self.summary.setText(self.tr(
                "Check before importing: {added} new, {changed} changed, {unchanged} unchanged, "
                "{refused} refused (refused rows are skipped).").format(**counts))
            self.import_button.setEnabled(bool(report.added or report.changed))
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
