"""Shared test setup: Qt offscreen before anything imports Qt; artifacts folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DUKAN_KEYRING_BACKEND", "memory")
