"""The sync wire format, defined once and imported by the desktop and the server."""

from .canonical import canonical_json, payload_hash
from .ids import derived_id

SCHEMA_VERSION = 1
MAX_BATCH_RECORDS = 100
MAX_BATCH_BYTES = 512 * 1024

__all__ = [
    "MAX_BATCH_BYTES", "MAX_BATCH_RECORDS", "SCHEMA_VERSION",
    "canonical_json", "derived_id", "payload_hash",
]
