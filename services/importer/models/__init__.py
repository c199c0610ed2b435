"""The importer's read model: its import errors (a collection, event-sourced like any other) and
its map of foreign ids (ShotGrid's, another Kitsu's) to ours."""
from .foreign_ids import FOREIGN_IDS  # noqa: F401  (the table belongs to the metadata)
from .import_errors import IMPORT_ERRORS
from .schema import metadata  # noqa: F401

COLLECTIONS = (IMPORT_ERRORS,)
