"""The national comparison (nasjonal sammenligning) and the population figures behind it."""
