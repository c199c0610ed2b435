"""What the models share: writing one stored record through its aggregate (its event recorded and
its read-model row saved in the command's transaction), and the admins-only collection base."""
import uuid

import sqlalchemy as sa

from shared.crud import Collection


def update_record(platform, collection, record_id, changes, actor_id):
    """The record's changed fields (as crud.save answers them; {} when nothing changed)."""
    aggregate = platform.app.repository.get(uuid.UUID(str(record_id)))
    aggregate.update(changes, actor_id)
    return platform.crud.save(collection, aggregate) or {}


def delete_record(platform, collection, record_id, actor_id):
    aggregate = platform.app.repository.get(uuid.UUID(str(record_id)))
    aggregate.delete(actor_id)
    platform.crud.save(collection, aggregate)


class AdminCollection(Collection):
    """Zou's CRUD default for the time and social models: admins only, reads included (API.md §3.7)."""
    read_rule = "admin"


def delete_where(platform, session, collection, condition, actor_id):
    """Every record of `collection` matching `condition` (what a removed task or moved comment
    takes along)."""
    table = collection.table
    for record_id in session.execute(sa.select(table.c.id).where(condition)).scalars().all():
        delete_record(platform, collection, record_id, actor_id)
