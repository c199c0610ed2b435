"""Kept only for gateway/openapi.py, which imports `services.tasks.collections` (the lead changes
that import to `services.tasks.models`; then this module goes)."""
from .models import COLLECTIONS, metadata  # noqa: F401
