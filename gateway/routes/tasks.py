"""Routes answered by the tasks service (what people do on the breakdown)."""
from . import rows

COLLECTIONS = {}

ROUTES = rows(
    "tasks",
)
