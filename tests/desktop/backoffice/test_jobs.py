"""Long jobs: Cancel really cancels, or is disabled for work that cannot stop; the
outcome is always shown; counted work shows real progress."""

import threading

from dukan_desktop.ui.backoffice.common import JobBar, ProgressJob
from dukan_desktop.ui.backoffice.products import ProductsPage

from .test_services import GOOD_AND_BAD


def _slow(release: threading.Event, seen: list):
    def work(cancelled, progress):
        progress(0, 2)
        release.wait(5)
        seen.append(cancelled.is_set())
        progress(2, 2)
        return "done"
    return work


def test_work_that_cannot_stop_has_no_cancel_and_shows_its_result(qtbot):
    bar = JobBar()
    qtbot.addWidget(bar)
    release, seen, results = threading.Event(), [], []
    job = ProgressJob(_slow(release, seen))  # a backup or a restore: not cancellable
    job.succeeded.connect(results.append)
    bar.start(job, "Backing up…")
    assert bar.isVisible() or not bar.isHidden()
    assert not bar.cancel_button.isEnabled()
    bar.cancel()  # (the button is disabled; even a direct call changes nothing)
    assert not job.cancel()
    release.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert results == ["done"] and seen == [False] and bar.isHidden()


def test_cancel_that_comes_too_late_still_shows_the_result(qtbot):
    bar = JobBar()
    qtbot.addWidget(bar)
    release, seen, results = threading.Event(), [], []
    job = ProgressJob(_slow(release, seen), cancellable=True)
    job.succeeded.connect(results.append)
    bar.start(job, "Exporting…")
    assert bar.cancel_button.isEnabled()
    bar.cancel()
    assert "Cancelling" in bar.label.text() and not bar.cancel_button.isEnabled()
    release.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen == [True] and results == ["done"]  # it saw the request, finished anyway: shown


def test_csv_export_progress_and_import_cancel(qtbot, ctx, tmp_path):
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    steps = []
    job = page.export_to(tmp_path / "out.csv")
    job.progress.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert steps and steps[-1] == (4, 4) and page.jobs.bar.maximum() == 4
    path = tmp_path / "in.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    dialog = page.import_from(path)
    with qtbot.waitSignal(dialog.report_ready, timeout=10_000):
        pass
    job = dialog.run_import()
    job.cancel()  # before the first row: the import rolls back and says so
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    if dialog.report.dry_run:  # cancelled in time (the usual case)
        assert "cancelled" in dialog.status.text().lower() and dialog.import_button.isEnabled()
        with ctx.read() as uow:
            from dukan_desktop.services import catalog_admin

            assert len(catalog_admin.product_rows(uow, ctx.actor)) == 4
    else:  # it finished first: the result is shown all the same
        assert "saved" in dialog.status.text()
