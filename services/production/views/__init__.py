"""Read-only queries (a part per area)."""
