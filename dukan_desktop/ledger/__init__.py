"""The local SQLite ledger: typed models, engine with durable pragmas, unit of work."""
