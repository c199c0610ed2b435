"""Entity types: asset types (Character, Prop…) and the types of the temporal kinds (Shot,
Sequence…), whose ids are derived from their names so that concurrent first uses agree."""
import uuid

import sqlalchemy as sa

from shared import db
from shared.crud import Collection
from shared.crud.fields import Boolean, String, UuidList
from shared.errors import FK_VIOLATION, CrudError, WrongParameter

from ..domain import EntityType
from ..replicas import metadata

TYPE_IDS = uuid.UUID("6f1c1a52-8c2e-4f8e-9a47-0d1c6f3b2a10")  # namespace of deterministic type ids


class EntityTypeCollection(Collection):
    """Names are unique whatever their case; deleting one still used by entities is refused."""

    def validate(self, session, data, row=None):
        name = data.get("name")
        if name is None:
            return
        query = sa.select(self.table.c.id).where(sa.func.lower(self.table.c.name) == name.lower())
        if row is not None:
            query = query.where(self.table.c.id != row["id"])
        if session.execute(query.limit(1)).first():
            raise WrongParameter("Entity type with this name already exists")

    def check_delete(self, actor, row):
        from .entities import ENTITIES  # that model imports this one
        super().check_delete(actor, row)
        used = sa.select(ENTITIES.table.c.id).where(ENTITIES.table.c.entity_type_id == row["id"])
        if db.current_session().execute(used.limit(1)).first():
            raise CrudError(FK_VIOLATION)


ENTITY_TYPES = EntityTypeCollection("entity-types", "EntityType", EntityType, "entity_type", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String(), "description": String(),
    "task_types": UuidList(references="task_type_replica"), "archived": Boolean(default=False)},
    replicated=True)


def kind_type_id(crud, kind, actor_id=None):
    """The id of the entity type named `kind`, created on first use (deterministic id, so two
    concurrent creators collide in the event store and the retry finds the winner's row)."""
    table = ENTITY_TYPES.table
    found = crud.session.execute(sa.select(table.c.id).where(table.c.name == kind)).scalar()
    if found:
        return found
    fields = ENTITY_TYPES.with_defaults({"name": kind})
    crud.save(ENTITY_TYPES, EntityType.create(fields, actor_id, id=uuid.uuid5(TYPE_IDS, kind)))
    return str(uuid.uuid5(TYPE_IDS, kind))
