"""Event-sourced applications on eventsourcing + eventsourcing-sqlalchemy (psycopg2, eventlet-safe).

Aggregates follow the eventsourcing examples: small classes whose events only change state.
`Record` is the aggregate behind every generic CRUD collection; richer aggregates subclass it.
"""
import contextlib
import copy
import functools
import logging
import random
import time
import uuid

import cachetools
import sqlalchemy as sa
from eventsourcing.application import AggregateNotFoundError, Application, Repository, project_aggregate
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyAggregateRecorder, SQLAlchemyApplicationRecorder

from .db import PLATFORM, current_session, exclusive, is_unavailable, transaction
from .errors import ApiError, WrongParameter
from .permissions import changes_rights
from .tokens import ACCESS_EVENTS

log = logging.getLogger(__name__)
REPLICATED = {}  # aggregate class -> collection whose rows other services replicate (shared.crud)

# The events of a silent request (Zou's `?silent=true` of the Kitsu imports), as ranges of log
# positions: stored and delivered to the services like any other, but never shown to clients
# (socket.io, the API event log). `session.info["silent"]` is set from the request's meta.
SILENT = sa.Table("silent_events", PLATFORM,
                  sa.Column("last_position", sa.BigInteger, primary_key=True),
                  sa.Column("count", sa.Integer, nullable=False))


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

    def update(self, changes, actor_id=None, event_class=None):
        """Record what differs (with what it implies), as `event_class` or else the event
        `change_event` names: the two hooks of every model."""
        changes = self.implied({k: v for k, v in changes.items() if self.fields.get(k) != v})
        if changes:
            event_class, extras = (event_class, {}) if event_class else self.change_event(changes)
            self.trigger_event(event_class, changes=changes, actor_id=actor_id,
                               project_id=self.project_id, **extras)
        return changes

    def implied(self, changes):
        """The changes with what they bring along (none by default)."""
        return changes

    def change_event(self, changes):
        """(event class, its extra attributes) for these changes: `Updated` by default; a model
        names what happened where a rule hangs on it (its class subclasses `Updated`)."""
        return self.Updated, {}

    def delete(self, actor_id=None):
        event_class, extras = self.delete_event()
        self.trigger_event(event_class, actor_id=actor_id, project_id=self.project_id, **extras)

    def delete_event(self):
        """(event class, its extra attributes) of the record's deletion: `Deleted` by default."""
        return self.Deleted, {}

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


class CoreReads:
    """An aggregate's stored events (or snapshots) by one Core select (the recorders' own reads
    go through the ORM), with the events of the current command that are not written yet."""

    def select_events(self, originator_id, gt=None, lte=None, desc=False, limit=None):
        table = self.events_record_cls.__table__
        version = table.c.originator_version
        statement = sa.select(table.c.originator_id, version, table.c.topic, table.c.state).where(
            table.c.originator_id == originator_id).order_by(version.desc() if desc else version)
        if gt is not None:
            statement = statement.where(version > gt)
        if lte is not None:
            statement = statement.where(version <= lte)
        if limit is not None:
            statement = statement.limit(limit)
        session = current_session()
        stored = [StoredEvent(*row) for row in session.execute(statement)]
        pending = (session.info.get("pending_events") or {}).get(self, ())
        stored += [event for event in pending if event.originator_id == originator_id
                   and (gt is None or event.originator_version > gt)
                   and (lte is None or event.originator_version <= lte)]
        stored.sort(key=lambda event: event.originator_version, reverse=desc)
        return stored[:limit] if limit is not None else stored


class CommandRecorder(CoreReads, SQLAlchemyApplicationRecorder):
    """Writes a command's events when the command ends, in the statement that commits it: the
    event table's lock (which keeps the log in commit order for the outbox relay) is then held
    by the server for that one statement, whatever the process does meanwhile. This is the only
    way events are written: a green thread can never hold the lock while others run (a process
    waiting for a lock that one of its own green threads holds would wait forever). Reads within
    the command see its events."""

    def insert_events(self, stored_events, **kwargs):
        pending = current_session().info.get("pending_events")
        if pending is None:
            raise RuntimeError("events are written by commands only (shared.eventstore.command)")
        if stored_events:
            pending.setdefault(self, []).extend(stored_events)
        return []  # notification ids are only known at the commit (nothing here uses them)

    def insert_statement(self, stored_events):
        """The lock and the insert of a command's events, as SQL text and its parameters."""
        table = self.events_record_cls.__table__.name
        values = ", ".join(["(%s, %s, %s, %s)"] * len(stored_events))
        statement = (f"LOCK TABLE {table} IN EXCLUSIVE MODE; INSERT INTO {table} "
                     f"(originator_id, originator_version, topic, state) VALUES {values}")
        return statement, [value for event in stored_events for value in (
            str(event.originator_id), event.originator_version, event.topic, event.state)]


def commit_with_events(session):
    """End a command: lock the event table, write the command's events and commit, in one
    statement; then remember the committed states of its aggregates (see CommittedStates), the
    position of its last event in the service's log and the access changes it made (the RPC
    reply carries both: see shared/rpc.py)."""
    pending, saved = session.info["pending_events"], session.info["saved_aggregates"]
    if not pending:
        return
    statements, params = [], []
    for recorder, stored_events in pending.items():
        statement, values = recorder.insert_statement(stored_events)
        statements.append(statement)
        params += values
        if session.info.get("silent"):  # the insert's positions: consecutive (the table is locked)
            statements.append(f"INSERT INTO {SILENT.name} (last_position, count) VALUES (lastval(), %s)")
            params.append(len(stored_events))
    # the last value of the event table's id sequence in this connection: our last event
    statements += ["COMMIT", "SELECT lastval()"]
    session.info["commit_sent"] = True  # from here on, a lost connection leaves the outcome unknown
    try:
        position = session.connection().exec_driver_sql("; ".join(statements), tuple(params)).scalar()
    except sa.exc.IntegrityError as error:  # an aggregate's version taken meanwhile
        raise IntegrityError(error) from error
    session.info["transaction_open"] = False  # committed (see shared.db.transaction)
    written = session.info.setdefault("written", {"position": 0, "access": [], "rights": False})
    written["position"] = max(written["position"], position)
    written["access"] += session.info["pending_access"]
    written["rights"] |= session.info["pending_rights"]
    for repository, aggregates in saved.items():
        repository.remember(aggregates)


class CommittedStates(Repository):
    """The repository, remembering the last committed state of the aggregates this process's
    commands saved: a command gets one again without reading the store, not even the events
    stored since (see `get`). Only committed states are kept, and each get works on a copy."""

    maxsize = 20000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.committed = cachetools.LRUCache(maxsize=self.maxsize)

    def get(self, aggregate_id, *, version=None, projector_func=project_aggregate, **kwargs):
        known = self.committed.get(aggregate_id)
        if known is None or version is not None or projector_func is not project_aggregate:
            return super().get(aggregate_id, version=version, projector_func=projector_func, **kwargs)
        session = current_session()
        if session is not None and session.info.get("in_command"):
            # Trusted as is: if another process has stored events since, the command's own
            # events clash with them, and the command runs again without this state (`forget`).
            return copy.deepcopy(known)
        aggregate = project_aggregate(copy.deepcopy(known),
                                      self.event_store.get(aggregate_id, gt=known.version))
        if aggregate is None:
            raise AggregateNotFoundError(aggregate_id)
        return aggregate

    def remember(self, aggregates):
        for aggregate in aggregates:
            if not aggregate.pending_events:  # else it holds changes that were not saved
                self.committed[aggregate.id] = copy.deepcopy(aggregate)

    def forget(self, aggregates):
        for aggregate in aggregates:
            self.committed.pop(aggregate.id, None)


class SnapshotRecorder(CoreReads, SQLAlchemyAggregateRecorder):
    pass


class Factory(SQLAlchemyFactory):
    application_recorder_class = CommandRecorder
    aggregate_recorder_class = SnapshotRecorder


def changed_fields(event):
    """The names of the fields an event sets (those set to something, for a creation), or None
    for a deletion."""
    if isinstance(event, Record.Created):
        return {name for name, value in event.fields.items() if value not in (None, [], {}, "")}
    return None if isinstance(event, Record.Deleted) else set(getattr(event, "changes", ()))


class EventStore(Application):
    """Base of each service's application; tables `<classname>_events` in the service's database."""

    env = {
        "PERSISTENCE_MODULE": "shared.eventstore:Factory",
        "SQLALCHEMY_SCOPED_SESSION_TOPIC": "shared.db:current_session",
        "CREATE_TABLE": "y",
        "IS_SNAPSHOTTING_ENABLED": "y",
    }

    def construct_repository(self):
        return CommittedStates(event_store=self.events, snapshot_store=self.snapshots)

    def save(self, *objs, **kwargs):
        aggregates = [o for o in objs if isinstance(o, Aggregate)]
        info = current_session().info
        for aggregate in aggregates:
            replicated = REPLICATED.get(type(aggregate))
            for event in aggregate.pending_events:
                info["pending_access"] += [{"name": name, "data": data} for name, data
                                           in type(aggregate).publish(event) if name in ACCESS_EVENTS]
                if replicated and changes_rights(replicated.table.name, changed_fields(event)):
                    info["pending_rights"] = True
        recordings = super().save(*objs, **kwargs)
        info["saved_aggregates"].setdefault(self.repository, []).extend(aggregates)  # remembered once committed
        return recordings


# Commands run at REPEATABLE READ: a command that decided from a row another writer has changed
# since fails (instead of overwriting that writer's change) and runs again on fresh data.
COMMAND_ISOLATION = "REPEATABLE READ"
RETRY_CODES = ("40001", "40P01")  # serialization failure, deadlock


def is_conflict(error):
    """An optimistic-concurrency loss: a version conflict in the event store (or seen while
    reading an aggregate: a command at READ COMMITTED may see another's event of the version its
    own pending event has) or a serialization failure / deadlock anywhere in the transaction."""
    while error is not None:
        if isinstance(error, (IntegrityError, OriginatorVersionError)):  # eventsourcing's
            return True
        if getattr(getattr(error, "orig", None), "pgcode", None) in RETRY_CODES:
            return True
        error = error.__cause__
    return False


def command(function=None, *, isolation=COMMAND_ISOLATION, attempts=30):
    """Run a write in one transaction; run it again when it lost a race with another writer, or
    once when the database connection was lost before the commit was sent (its transaction is
    then rolled back). A command called from another command joins the caller's transaction.
    `@command` or `@command(isolation=…)`."""
    if function is None:
        return functools.partial(command, isolation=isolation, attempts=attempts)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return run_command(function, args, kwargs, isolation, attempts)
    return wrapper


def run_command(function, args=(), kwargs=None, isolation=COMMAND_ISOLATION, attempts=30):
    session = current_session()
    if session.info.get("in_command"):
        return function(*args, **(kwargs or {}))
    conflicts, reconnected = 0, False
    while True:
        saved = {}
        committed = []
        session.info.update(in_command=True, pending_events={}, saved_aggregates=saved,
                            pending_access=[], pending_rights=False, commit_sent=False, committed=committed)
        try:
            with transaction(session, isolation):
                result = function(*args, **(kwargs or {}))
                commit_with_events(session)
        except Exception as error:
            for repository, aggregates in saved.items():
                repository.forget(aggregates)  # perhaps changed from a stale state
            if is_conflict(error) and conflicts < attempts - 1:
                conflicts += 1
                time.sleep(random.uniform(0.001, 0.005) * min(conflicts, 10))
            elif is_unavailable(error) and not reconnected and not session.info["commit_sent"]:
                reconnected = True  # the pool hands out a new connection (the old ones are recycled)
            else:
                raise
        else:
            for action in committed:
                run_after_commit(action)
            return result
        finally:
            session.info.update(in_command=False, pending_events=None, saved_aggregates=None,
                                pending_access=None, pending_rights=None, committed=None)


def after_commit(action):
    """Run `action()` once the running command has committed, never if it does not: what lies
    outside the database (a stored file) goes only once the row's deletion is durable."""
    current_session().info["committed"].append(action)


def run_after_commit(action):
    try:
        action()
    except Exception:  # the command is done: a leftover file is not worth failing it
        log.exception("after the commit: %r", action)


@contextlib.contextmanager
def record_savepoint(session):
    """A record's writes within the running command, undone entirely when it is refused (an
    ApiError below 500): its SQL back to the savepoint, its events and saved aggregates dropped.
    Anything else (a lost race, the database) ends the whole command as usual."""
    info, connection = session.info, session.connection()
    marks = {key: {owner: len(items) for owner, items in info[key].items()}
             for key in ("pending_events", "saved_aggregates")}
    access, rights = len(info["pending_access"]), info["pending_rights"]
    connection.exec_driver_sql("SAVEPOINT batch_record")
    try:
        yield
    except ApiError as error:
        if int(error.args[0]) >= 500:
            raise
        connection.exec_driver_sql("ROLLBACK TO SAVEPOINT batch_record")
        for key, lengths in marks.items():
            for owner, items in info[key].items():
                del items[lengths.get(owner, 0):]
        del info["pending_access"][access:]
        info["pending_rights"] = rights
        raise
    connection.exec_driver_sql("RELEASE SAVEPOINT batch_record")


def write_each(session, records, write):
    """A page of records written in one command (the importer's batches): `write(record)` for
    each, in a savepoint of its own → {rows: [its answer, or None when refused], refused:
    [{index, status, body}]}, the refused records leaving nothing behind."""
    if not isinstance(records, list):
        raise WrongParameter("The request body must be a JSON array of records.")
    rows, refused = [], []
    for index, record in enumerate(records):
        try:
            with record_savepoint(session):
                rows.append(write(record))
        except ApiError as error:
            rows.append(None)
            refused.append({"index": index, "status": int(error.args[0]), "body": error.body})
    return {"rows": rows, "refused": refused}


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
