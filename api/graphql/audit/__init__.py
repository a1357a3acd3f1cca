"""GraphQL surface of the audit context."""
