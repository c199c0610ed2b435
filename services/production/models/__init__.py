"""Until production moves to the layout of the other services: its collections."""
from ..collections import COLLECTIONS  # noqa: F401
