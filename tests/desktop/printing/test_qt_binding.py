"""Guard: the Qt binding must not drop references to None.

PySide6 6.12.0 on CPython 3.11 returns None from void methods without a reference
(found while benchmarking the raster renderer): each QFont.setBold / QPainter.setPen
call takes one reference off None, and the process aborts with "none_dealloc" after a
few thousand calls — minutes into a shift. 6.11.3 is fine; CPython >= 3.12 makes None
immortal, which hides it. Pin the binding (or the interpreter) until this passes.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont


def test_void_qt_calls_keep_none_alive():
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(500):
        font.setBold(True)
    lost = before - sys.getrefcount(None)
    # Restore what was taken so this test itself cannot crash the run.
    for _ in range(max(lost, 0)):
        sys.modules[__name__].__dict__.setdefault("_keep", []).append(None)
    assert lost < 50, f"{lost} references to None lost in 500 void Qt calls (PySide6 refcount bug)"
