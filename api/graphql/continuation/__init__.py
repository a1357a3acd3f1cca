"""Videreføring (continuation) over GraphQL."""
