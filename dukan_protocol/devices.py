"""What a device is, and which records only the owner's PC may push.

Plain constants (no pydantic): the desktop's unit of work checks them on every owner-only
write, and the server's push rules refuse the same records from a counter.
"""

from __future__ import annotations

from typing import Literal

# What a device is (`POST /v1/devices` `kind`): the owner's PC (back office) or a counter.
DeviceKind = Literal["owner", "counter"]
DEVICE_KINDS = ("owner", "counter")
# Upserts only an owner device may push; from a counter they are `rejected` with
# OWNER_DEVICE_REQUIRED. A counter may push customers, but the server keeps the credit
# limit it has for an existing customer (result `created`, code CREDIT_LIMIT_KEPT when
# the pushed limit differed).
OWNER_DEVICE_TYPES = ("product", "supplier", "outlet", "worker")
# Documents only an owner device may push (the owner's actions on the desktop: stock
# receive/adjust/transfer are `stock_movement`, udhaar write-offs and adjustments, also
# a settlement's write-off, are `credit_entry`); from a counter also OWNER_DEVICE_REQUIRED.
# A counter's sales, returns and customer payments carry their own stock movements and
# credit entries, which the server derives.
OWNER_DEVICE_DOCUMENT_TYPES = ("stock_movement", "credit_entry")
OWNER_ONLY_RECORD_TYPES = frozenset(OWNER_DEVICE_TYPES + OWNER_DEVICE_DOCUMENT_TYPES)
OWNER_DEVICE_REQUIRED = "owner_device_required"
CREDIT_LIMIT_KEPT = "credit_limit_kept"
