"""Event-sourced applications on eventsourcing + eventsourcing-sqlalchemy (psycopg2, eventlet-safe).

Aggregates follow the eventsourcing examples: small classes whose events only change state.
`Record` is the aggregate behind every generic CRUD collection; richer aggregates subclass it.
"""
import functools
import random
import time
import uuid

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from .db import current_session, exclusive, transaction


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


class EventStore(Application):
    """Base of each service's application; tables `<classname>_events` in the service's database."""

    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_SCOPED_SESSION_TOPIC": "shared.db:current_session",
        "CREATE_TABLE": "y",
        "IS_SNAPSHOTTING_ENABLED": "y",
    }


# Commands run at REPEATABLE READ: a command that decided from a row another writer has changed
# since fails (instead of overwriting that writer's change) and runs again on fresh data.
COMMAND_ISOLATION = "REPEATABLE READ"
RETRY_CODES = ("40001", "40P01")  # serialization failure, deadlock


def is_conflict(error):
    """An optimistic-concurrency loss: a version conflict in the event store or a serialization
    failure / deadlock anywhere in the transaction."""
    while error is not None:
        if isinstance(error, IntegrityError):  # eventsourcing's: raised by the event store only
            return True
        if getattr(getattr(error, "orig", None), "pgcode", None) in RETRY_CODES:
            return True
        error = error.__cause__
    return False


def command(function, attempts=30):
    """Run a write in one transaction; run it again when it lost a race with another writer.
    A command called from another command joins the caller's transaction."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        session = current_session()
        if session.info.get("in_command"):
            return function(*args, **kwargs)
        for attempt in range(attempts):
            session.info["in_command"] = True
            try:
                with transaction(session, COMMAND_ISOLATION):
                    return function(*args, **kwargs)
            except Exception as error:
                if not is_conflict(error) or attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0.001, 0.005) * min(attempt + 1, 10))
            finally:
                session.info["in_command"] = False
    return wrapper


def exclusive_command(name):
    """A command that no other process runs at the same time (e.g. a fresh service's bootstrap)."""
    def decorator(function):
        run = command(function)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with exclusive(name):
                return run(*args, **kwargs)
        return wrapper
    return decorator
