"""Media's read-only queries, a part per area."""
