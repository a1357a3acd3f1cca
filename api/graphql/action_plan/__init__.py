"""The Handlingsplan (årlig handlingsplan) in GraphQL."""
