"""Population figures (folkemengde) per municipality and year: national reference data,
imported from a file with its source, kept with every import's history."""
