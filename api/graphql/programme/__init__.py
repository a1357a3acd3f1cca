"""GraphQL surface of the programme context."""
