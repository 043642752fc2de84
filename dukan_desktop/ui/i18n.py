"""Languages the Qt way: one app translator + Qt's own, layout direction set once.

`.ts` sources live in resources/translations; `.qm` files are built by
scripts/build_translations.py — and on the fly here when missing and lrelease is
available, so a fresh checkout runs in Urdu. Switching language installs the new
translator and flips the layout direction; the app then rebuilds its windows.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

from ..core.errors import DukanError
from ..resources import resource_path

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ur": "اردو"}
RTL_LANGUAGES = {"ur"}
URDU_FAMILY = "Noto Naskh Arabic"
_installed: list[QTranslator] = []
_fonts_loaded: list[str] = []


def translations_dir() -> Path:
    return resource_path("translations")


def ts_file(language: str) -> Path:
    return translations_dir() / f"dukan_{language}.ts"


def qm_file(language: str) -> Path:
    return translations_dir() / f"dukan_{language}.qm"


def qt_tool(name: str) -> Path | None:
    """lupdate / lrelease shipped inside the PySide6 wheel, else on PATH."""
    import PySide6

    exe = name + (".exe" if sys.platform == "win32" else "")
    bundled = Path(PySide6.__file__).parent / exe
    if bundled.exists():
        return bundled
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    return Path(found) if found else None


def ensure_qm(language: str) -> Path | None:
    """The compiled catalogue, built from the .ts when missing or stale."""
    qm, ts = qm_file(language), ts_file(language)
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    lrelease = qt_tool("lrelease")
    if ts.exists() and lrelease is not None:
        try:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True,
                           capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("could not build %s: %s", qm, exc)
    return qm if qm.exists() else None


def load_fonts() -> list[str]:
    """Register the bundled OFL fonts so Urdu looks the same on every PC."""
    if not _fonts_loaded:
        for path in sorted(resource_path("fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _fonts_loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(dict.fromkeys(_fonts_loaded))


def latin_family() -> str:
    """A real installed family for Latin text.

    The system font is often a generic alias ("Sans Serif" on Linux) that is listed among
    the families yet matches nothing in a family list: Qt then skipped to the Naskh
    fallback, which has digits and punctuation, so ":" and "." in English were drawn thin
    in Naskh. QFontInfo resolves the alias to the family really used.
    """
    available = set(QFontDatabase.families())
    system = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)).family()
    for family in (system, "Segoe UI", "DejaVu Sans", "Noto Sans", "Arial", "Liberation Sans"):
        if family in available and family != URDU_FAMILY:
            return family
    return system


def urdu_font(point_size: float | None = None) -> QFont:
    """Naskh first (Latin letters fall back to the UI font): for Urdu text on an English screen."""
    font = QFont(QGuiApplication.font())
    font.setFamilies([URDU_FAMILY, latin_family()])
    if point_size:
        font.setPointSizeF(point_size)
    return font


def ui_font(language: str, point_size: float | None = None) -> QFont:
    """English: the UI font first (Latin letters, digits, punctuation), Naskh after it.
    Urdu: Naskh first, so Urdu text never falls to a system font's Arabic glyphs."""
    font = QFont(QGuiApplication.font())
    base = [latin_family()]
    font.setFamilies([URDU_FAMILY, *base] if language in RTL_LANGUAGES else [*base, URDU_FAMILY])
    if point_size:
        font.setPointSizeF(point_size)
    return font


def install_language(app: QCoreApplication, language: str) -> str:
    """Install the translators for `language` and set the layout direction. Returns it."""
    language = language if language in LANGUAGES else "en"
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if language != "en":
        qm = ensure_qm(language)
        ours = QTranslator(app)
        if qm is not None and ours.load(str(qm)):
            app.installTranslator(ours)
            _installed.append(ours)
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    QLocale.setDefault(QLocale(QLocale.Language.Urdu, QLocale.Country.Pakistan)
                       if language == "ur" else QLocale(QLocale.Language.English, QLocale.Country.Pakistan))
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language in RTL_LANGUAGES
                               else Qt.LayoutDirection.LeftToRight)
        load_fonts()
        app.setFont(ui_font(language, 12 if language in RTL_LANGUAGES else 11))
    return language


def tr_error(err: BaseException) -> str:
    """A domain error in the user's language: translate the template, then fill it in."""
    if isinstance(err, DukanError):
        from .display import method_name  # a payment method key reads as its name ("JazzCash")

        params = {k: (method_name(v) if k == "method" else QCoreApplication.translate("errors", v))
                  if isinstance(v, str) else v for k, v in err.params.items()}
        text = QCoreApplication.translate("errors", err.template)
        try:
            return _in_screen_direction(text.format(**params))
        except (KeyError, IndexError, ValueError):
            return err.message
    log.exception("unexpected error", exc_info=err)
    return QCoreApplication.translate("errors", "Something went wrong.") + f" ({type(err).__name__})"


def _in_screen_direction(text: str) -> str:
    """On a right-to-left screen a message starts right to left even when it opens with what
    the cashier typed (“abc” is not an amount…): else Qt aligned and ordered it as English."""
    if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return "\u200f" + text.replace("\n", "\n\u200f")
    return text
