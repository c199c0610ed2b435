"""Event-sourced applications on eventsourcing + eventsourcing-sqlalchemy (psycopg2, eventlet-safe).

Aggregates follow the eventsourcing examples: small classes whose events only change state.
`Record` is the aggregate behind every generic CRUD collection; richer aggregates subclass it.
"""
import functools
import random
import time
import uuid

import sqlalchemy as sa
from eventsourcing.application import Application, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from sqlalchemy import exc as sa_exc

from .db import current_session, transaction


class Record(Aggregate):
    """A row of a collection whose state is its field values. `public_name` names its Zou events."""

    public_name = "record"

    class Created(Aggregate.Created):
        fields: dict
        actor_id: str | None

    class Updated(Aggregate.Event):
        changes: dict
        actor_id: str | None
        project_id: str | None  # carried so subscribers can route by project without a lookup

        def apply(self, aggregate):
            aggregate.fields.update(self.changes)

    class Deleted(Aggregate.Event):
        actor_id: str | None
        project_id: str | None

        def apply(self, aggregate):
            aggregate.deleted = True

    def __init__(self, fields, actor_id=None):
        self.fields = dict(fields)
        self.deleted = False

    @classmethod
    def create(cls, fields, actor_id=None, id=None):
        return cls._create(cls.Created, id=uuid.UUID(str(id)) if id else uuid.uuid4(),
                           fields=fields, actor_id=actor_id)

    def update(self, changes, actor_id=None):
        changes = {k: v for k, v in changes.items() if self.fields.get(k) != v}
        if changes:
            self.trigger_event(self.Updated, changes=changes, actor_id=actor_id,
                               project_id=self.project_id)
        return changes

    def delete(self, actor_id=None):
        self.trigger_event(self.Deleted, actor_id=actor_id, project_id=self.project_id)

    @property
    def project_id(self):
        return self.fields.get("project_id")

    # What subscribers see: Zou's event names and payloads, derived from the stored event.
    @classmethod
    def publish(cls, event):
        action = {"Created": "new", "Updated": "update", "Deleted": "delete"}.get(type(event).__name__)
        if action is None:
            return []
        key = cls.public_name.replace("-", "_") + "_id"
        return [(f"{cls.public_name}:{action}", {key: str(event.originator_id)})]


class LockingRepository(Repository):
    """Inside a command, loading an aggregate takes a transaction lock on its id: concurrent
    writers of one aggregate (a project's team, a shot's casting) wait for each other instead of
    failing on a version conflict and retrying."""

    def get(self, aggregate_id, *args, **kwargs):
        session = current_session()
        if session.info.get("in_command"):
            session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"),
                            {"id": str(aggregate_id)})
        return super().get(aggregate_id, *args, **kwargs)


class EventStore(Application):
    """Base of each service's application; tables `<classname>_events` in the service's database."""

    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_SCOPED_SESSION_TOPIC": "shared.db:current_session",
        "CREATE_TABLE": "y",
        "IS_SNAPSHOTTING_ENABLED": "y",
    }

    def construct_repository(self):
        return LockingRepository(event_store=self.events, snapshot_store=self.snapshots)


DEADLOCK = "40P01"  # two commands locked the same aggregates in opposite orders: retry one


def command(function, attempts=8):
    """Run a write in one transaction; retry when another writer saved the same aggregate first.
    A command called from another command joins the caller's transaction."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        session = current_session()
        if session.info.get("in_command"):
            return function(*args, **kwargs)
        for attempt in range(attempts):
            session.info["in_command"] = True
            try:
                with transaction(session):
                    return function(*args, **kwargs)
            except (IntegrityError, sa_exc.OperationalError) as error:
                retry = isinstance(error, IntegrityError) or getattr(error.orig, "pgcode", "") == DEADLOCK
                if not retry or attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0.001, 0.01) * (attempt + 1))
            finally:
                session.info["in_command"] = False
    return wrapper
