"""Routes answered by the production service (the breakdown of productions)."""
from . import rows

COLLECTIONS = {
    "projects": "production",
    "project-status": "production",
    "entity-types": "production",
    "entities": "production",
    "entity-links": "production",
    "asset-instances": "production",
}

ROUTES = rows(
    "production",
)
