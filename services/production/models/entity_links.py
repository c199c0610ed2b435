"""Entity links: the casting (an asset cast in a shot, an episode or another asset, how many
times, under which label). Each link is its own record; the entities' rows keep its ends in their
casting arrays (derived data, rebuilt from the same events)."""
import functools

import sqlalchemy as sa

from shared.crud import Collection
from shared.crud.fields import Integer, Json, String, Uuid
from shared.eventstore import Record

from ..domain import EntityLink
from ..replicas import metadata


@functools.cache
def casting_arrays(entities, links):
    """Statements that keep an entity row's casting arrays in step with one link added or removed
    (built once: compiled once)."""
    def change(column, add):
        function = sa.func.array_append if add else sa.func.array_remove
        return function(sa.func.coalesce(column, sa.text("'{}'::uuid[]")), sa.bindparam("other_id"))

    def update(add):
        row = entities.c.id == sa.bindparam("row_id")
        return (sa.update(entities).where(row).values(
                    entities_out=change(entities.c.entities_out, add),
                    nb_entities_out=sa.func.coalesce(entities.c.nb_entities_out, 0) + (1 if add else -1)),
                sa.update(entities).where(row).values(entities_in=change(entities.c.entities_in, add)))

    ends = sa.select(links.c.entity_in_id, links.c.entity_out_id).where(links.c.id == sa.bindparam("row_id"))
    return {True: update(True), False: update(False), "ends": ends}


class EntityLinkCollection(Collection):
    """Listed by admins (a project's own routes list its links to its team); each link added or
    removed also changes the casting arrays of both entities' rows."""
    read_rule = "admin"  # Zou's CRUD default (reads included)

    def project(self, session, event):
        from .entities import ENTITIES  # that model imports this one
        statements = casting_arrays(ENTITIES.table, self.table)
        before = None
        if isinstance(event, Record.Deleted):
            before = session.execute(statements["ends"], {"row_id": str(event.originator_id)}).first()
        row = super().project(session, event)
        if isinstance(event, Record.Created):
            in_id, out_id, add = row["entity_in_id"], row["entity_out_id"], True
        elif before is not None:
            (in_id, out_id), add = before, False
        else:
            return row
        update_out, update_in = statements[add]
        session.execute(update_out, {"row_id": in_id, "other_id": out_id})
        session.execute(update_in, {"row_id": out_id, "other_id": in_id})
        return row

    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        out["created_at"] = row["created_at"].replace(microsecond=0).isoformat()
        return out


ENTITY_LINKS = EntityLinkCollection("entity-links", "EntityLink", EntityLink, "entity_link", metadata, {
    "entity_in_id": Uuid(nullable=False, index=True, references="entity"),
    "entity_out_id": Uuid(nullable=False, index=True, references="entity"),
    "nb_occurences": Integer(default=1), "label": String(default=""), "data": Json()},
    unique_together=[("entity_in_id", "entity_out_id")])
