"""Pure domain: money, quantities, tax, rounding, permissions, errors. No Qt, no SQL."""
