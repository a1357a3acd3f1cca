"""GraphQL of the programme status assessment (programstatusvurdering)."""
