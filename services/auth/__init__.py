"""The auth service (service.py)."""
