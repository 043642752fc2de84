"""The bundled fonts ship with their own licence, and every bundled font is one the app uses."""

from __future__ import annotations

import struct
from pathlib import Path

from dukan_desktop.resources import resource_path
from dukan_desktop.ui import i18n


def name_table(path: Path) -> dict[int, str]:
    """The font's English (Windows, en-US) name records: 0 copyright, 1 family, 13 licence."""
    data = path.read_bytes()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (offset, length)
    base, _ = tables[b"name"]
    _fmt, count, strings = struct.unpack(">HHH", data[base:base + 6])
    names = {}
    for i in range(count):
        platform, _enc, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", data[base + 6 + 12 * i:base + 18 + 12 * i])
        if platform == 3 and language == 0x409:
            start = base + strings + offset
            names[name_id] = data[start:start + length].decode("utf-16-be")
    return names


def test_licence_is_the_fonts_own_ofl():
    licence = resource_path("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in licence
    assert "GNU General Public License" not in licence and "debian/" not in licence
    fonts = sorted(resource_path("fonts").glob("*.ttf"))
    assert fonts
    for font in fonts:
        names = name_table(font)
        assert "SIL Open Font License, Version 1.1" in names[13], font.name
        assert names[0] in licence, (font.name, names[0])   # its copyright line, word for word
        assert font.name in licence


def test_every_bundled_font_is_used():
    families = {name_table(font)[1] for font in resource_path("fonts").glob("*.ttf")}
    assert families == {i18n.URDU_FAMILY}
