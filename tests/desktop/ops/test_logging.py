"""Logs go to a rotating file in the data dir."""

from __future__ import annotations

import logging

from dukan_desktop.ops.logging_setup import LOG_NAME, configure_logging


def test_logs_rotate_and_keep_a_fixed_number_of_files(app_paths):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        log_file = configure_logging(app_paths, max_bytes=2_000, backup_count=3, stderr=False)
        assert log_file == app_paths.logs / LOG_NAME
        log = logging.getLogger("dukan.test")
        for i in range(200):
            log.info("sale %04d saved with a line long enough to fill the file quickly", i)
        files = sorted(p.name for p in app_paths.logs.iterdir())
        assert files == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2", f"{LOG_NAME}.3"]
        assert "sale 0199" in log_file.read_text(encoding="utf-8")
        configure_logging(app_paths, stderr=False)  # again: replaces, does not duplicate
        ours = [h for h in root.handlers if getattr(h, "_dukan_handler", False)]
        assert len(ours) == 1
    finally:
        for h in root.handlers[:]:
            if getattr(h, "_dukan_handler", False):
                root.removeHandler(h)
                h.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_an_unwritable_log_folder_does_not_stop_the_app(app_paths, monkeypatch):
    import logging.handlers

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(logging.handlers, "RotatingFileHandler", refuse)
    root = logging.getLogger()
    saved = root.handlers[:]
    try:
        assert configure_logging(app_paths, stderr=False) is None
    finally:
        root.handlers[:] = saved
