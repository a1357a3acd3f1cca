"""Projects (tiltak) in GraphQL."""
