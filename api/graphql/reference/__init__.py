"""GraphQL surface of the reference context."""
