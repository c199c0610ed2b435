"""Generic read model: each Record event becomes an insert, update or delete of its collection's row.

Commands apply it in the same transaction as the events; `rebuild` replays the whole log."""
import datetime
import functools

import sqlalchemy as sa

from ..eventstore import Record


def values_for_db(collection, fields):
    return {name: collection.fields[name].to_db(value)
            for name, value in fields.items() if name in collection.fields}


def timestamp(event):
    """Kept to the microsecond (stable newest-first orders); answers show seconds, as Zou."""
    return event.timestamp.replace(tzinfo=None)


@functools.cache
def statements(table):
    """Built once per table: their SQL is compiled once, the values travel as parameters (the
    SET columns of the update are the keys of its parameters)."""
    row_id = table.c.id == sa.bindparam("row_id")
    return table.insert(), table.update().where(row_id), table.delete().where(row_id)


def apply(session, collection, event):
    """Write `event`'s effect on its row; return the row's values after it (None once deleted)."""
    insert, update, delete = statements(collection.table)
    row_id = str(event.originator_id)
    if isinstance(event, Record.Created):
        row = created_row(collection, event)
        session.execute(insert, row)
        return row
    if isinstance(event, Record.Deleted):
        session.execute(delete, {"row_id": row_id})
        return None
    if not isinstance(event, Record.Updated):
        return None  # other events are projected by their service's own tables
    changes = values_for_db(collection, event.changes)
    changes["updated_at"] = timestamp(event)
    session.execute(update, {**changes, "row_id": row_id})
    return changes


def created_row(collection, event):
    created_at = event.fields.get("created_at")  # an imported row's own date
    return {"id": str(event.originator_id), "updated_at": timestamp(event),
            "created_at": datetime.datetime.fromisoformat(created_at) if created_at else timestamp(event),
            **values_for_db(collection, collection.with_defaults(event.fields))}


def insert_created(session, collection, events):
    """The rows of new records (their Created events), inserted by one statement."""
    rows = [created_row(collection, event) for event in events]
    session.execute(statements(collection.table)[0], rows)
    return rows


def rebuild(app, session, collections):
    """Recreate every collection's rows from the event log (read models are disposable)."""
    by_aggregate = {collection.aggregate: collection for collection in collections}
    for collection in collections:
        session.execute(sa.delete(collection.table))
    for notification in app.recorder.select_notifications(start=1, limit=10**9):
        event = app.mapper.to_domain_event(notification)
        for aggregate_class, collection in by_aggregate.items():
            if type(event).__qualname__.startswith(aggregate_class.__qualname__ + "."):
                apply(session, collection, event)
