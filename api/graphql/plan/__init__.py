"""GraphQL surface of the plan context."""
