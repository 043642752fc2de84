"""The billing screen: scan field, cart, customer, tender."""
