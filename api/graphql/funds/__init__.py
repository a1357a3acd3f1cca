"""Restructuring funds (omstillingsmidler) in GraphQL."""
