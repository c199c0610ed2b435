"""Auth's read-only queries: the user context, presence logs, the API event log."""
