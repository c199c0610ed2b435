"""Read-only answers over the read model and the replicas (a part per area)."""
