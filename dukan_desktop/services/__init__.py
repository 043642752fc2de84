"""Use-cases over the ledger. Headless and Qt-free: each takes a unit of work and an
actor, enforces the permission matrix, and returns plain data."""
