"""Child ids derived from their parent, identically on both sides.

A sale's lines, tenders, stock movements and credit entry get ids derived from the
sale id, so a replayed push (or the server re-deriving them) cannot double count.
The derivation is RFC 9562 UUIDv5: SHA-1 of the parent's 16 bytes and `kind:index`.
"""

from __future__ import annotations

import hashlib
import uuid


class Derived:
    """`derived_id` with the parent parsed once: a sale needs a dozen of them, and
    uuid.uuid5 (two UUID objects per call) dominated both the sale commit and the push."""

    __slots__ = ("_prefix",)

    def __init__(self, parent_id: str) -> None:
        self._prefix = uuid.UUID(parent_id).bytes

    def __call__(self, kind: str, index: int = 0) -> str:
        h = bytearray(hashlib.sha1(self._prefix + f"{kind}:{index}".encode()).digest()[:16])
        h[6] = (h[6] & 0x0F) | 0x50  # version 5
        h[8] = (h[8] & 0x3F) | 0x80  # RFC variant
        x = h.hex()
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def derived_id(parent_id: str, kind: str, index: int = 0) -> str:
    return Derived(parent_id)(kind, index)
