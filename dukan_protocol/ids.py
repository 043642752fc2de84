"""Child ids derived from their parent, identically on both sides.

A sale's lines, tenders, stock movements and credit entry get ids derived from the
sale id, so a replayed push (or the server re-deriving them) cannot double count.
"""

from __future__ import annotations

import uuid


def derived_id(parent_id: str, kind: str, index: int = 0) -> str:
    return str(uuid.uuid5(uuid.UUID(parent_id), f"{kind}:{index}"))
