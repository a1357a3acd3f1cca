"""Indicators and results (indikatorer og resultater) over GraphQL."""
