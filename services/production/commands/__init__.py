"""Use cases that change several models at once (a part per area)."""
