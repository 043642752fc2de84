"""Dukan POS hosted backend: FastAPI over PostgreSQL with row-level security."""
