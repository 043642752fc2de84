"""The Qt half of `dukan --self-test`: translations and bundled fonts really load."""

from __future__ import annotations

import sys


def qt_app():
    # A QApplication, as the app makes: a bare QGuiApplication would rule out widgets
    # for the rest of the process.
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "dukan"])


def check_translations() -> str:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from .i18n import LANGUAGES, ensure_qm

    app = qt_app()
    loaded = []
    for language in sorted(set(LANGUAGES) - {"en"}):
        qm = ensure_qm(language)
        translator = QTranslator()
        if qm is None or not translator.load(str(qm)) or translator.isEmpty():
            raise AssertionError(f"the {language} translation (dukan_{language}.qm) did not load")
        app.installTranslator(translator)
        if QCoreApplication.translate("errors", "Wrong PIN.") == "Wrong PIN.":
            raise AssertionError(f"the {language} translation has no text for a known message")
        app.removeTranslator(translator)
        loaded.append(language)
    return "loaded: " + ", ".join(loaded)


def check_fonts() -> str:
    from PySide6.QtGui import QFontDatabase

    from ..resources import resource_path

    qt_app()
    files = sorted(resource_path("fonts").glob("*.ttf"))
    if not files:
        raise AssertionError(f"no fonts in {resource_path('fonts')}")
    families = set()
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise AssertionError(f"Qt could not load {path.name}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return f"{len(files)} fonts: " + ", ".join(sorted(families))
