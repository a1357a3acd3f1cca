"""Restructuring funds: the county grants and pays out, the municipality allocates, spends and accounts."""
