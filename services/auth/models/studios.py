"""Studios (/data/studios): the generic CRUD serves them as they are."""
from shared.crud import Collection
from shared.crud.fields import Boolean, String

from ..domain import Studio
from . import metadata

STUDIOS = Collection("studios", "Studio", Studio, "studio", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False),
    "archived": Boolean(default=False)})
