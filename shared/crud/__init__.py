"""Generic `/data/<collection>` CRUD: one mechanism, each collection only registers itself."""
from .collection import Actor, Collection
from .store import CrudStore

__all__ = ["Actor", "Collection", "CrudStore"]
