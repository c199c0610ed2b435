"""Every id a record stores names a row that exists: Zou's foreign keys, across services.

A field declares what it refers to with `references="<table>"`, a table of the service's own
database: one of its collections, or its replica of another service's rows (fed by `row.<table>`
events, see shared/replicas.py), where a deleted row's tombstone does not count. The CRUD store
checks the ids of every record it writes (shared/crud/store.py), whatever command writes it: an
unknown id is Zou's 400 for a foreign key violation, and the command writes nothing.
"""
import functools
import uuid

import sqlalchemy as sa

from ..errors import FK_VIOLATION, CrudError
from ..eventstore import Record


def written_values(event):
    """The field values a Created or Updated event stores (nothing for a deletion)."""
    if isinstance(event, Record.Created):
        return event.fields
    if isinstance(event, Record.Updated):
        return event.changes
    return {}


def referenced_ids(pairs):
    """{table name: {ids}} named by the pending events of these (collection, aggregate) pairs."""
    wanted = {}
    for collection, aggregate in pairs:
        for event in aggregate.pending_events:
            for name, value in written_values(event).items():
                target = getattr(collection.fields.get(name), "references", None)
                if target is None or value in (None, "", []):
                    continue
                ids = wanted.setdefault(target, set())
                ids.update(value if isinstance(value, list) else [value])
    return wanted


@functools.lru_cache(maxsize=256)
def finding(metadata, targets):
    """One statement answering, per target table, which of the given ids a row has (built once
    per set of tables): one round trip whatever the number of references."""
    found = []
    for position, name in enumerate(targets):
        table = metadata.tables[name]
        ids = sa.bindparam(f"ids_{position}", type_=sa.ARRAY(table.c.id.type))
        where = [table.c.id == sa.any_(ids)]
        if "replica_deleted" in table.c:
            where.append(table.c.replica_deleted.is_(False))
        found.append(sa.select(sa.func.array_agg(sa.cast(table.c.id, sa.Text))).where(*where)
                     .scalar_subquery().label(f"found_{position}"))
    return sa.select(*found)


def unknown_ids(session, metadata, wanted):
    """{table name: the ids of `wanted` (same shape) that no row of the table has}."""
    if not wanted:
        return {}
    targets = tuple(sorted(wanted))
    found = session.execute(finding(metadata, targets),
                            {f"ids_{position}": sorted(wanted[name]) for position, name in enumerate(targets)}).one()
    known = {name: set(found[position] or ()) for position, name in enumerate(targets)}
    return {name: {value for value in ids if canonical(value) not in known[name]} for name, ids in wanted.items()}


def canonical(value):
    """An id as PostgreSQL writes a uuid as text."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return value


def check(session, metadata, pairs):
    """400 when a pending event stores an id that no row of its referenced table has."""
    if any(unknown_ids(session, metadata, referenced_ids(pairs)).values()):
        raise CrudError(FK_VIOLATION)


def refused(session, metadata, pairs):
    """The positions of the pairs (a batch's new records) whose pending events store an id that no
    row of its referenced table has: one query for all."""
    unknown = unknown_ids(session, metadata, referenced_ids(pairs))
    if not any(unknown.values()):
        return []
    return [position for position, pair in enumerate(pairs)
            if any(ids & unknown[name] for name, ids in referenced_ids([pair]).items())]
