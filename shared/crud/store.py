"""The generic CRUD behaviour of Zou's `/data/<collection>` routes (API.md §3), once for all
collections: list with filters and pagination, get, create, update, delete."""
import datetime
import functools
import math
import uuid

import orjson
import sqlalchemy as sa
from eventsourcing.persistence import IntegrityError
from sqlalchemy import exc as sa_exc

from .. import answers, config, db
from ..errors import (BAD_FORMAT, FK_VIOLATION, MALFORMED_ID, NOT_NULL_VIOLATION,
                      UNIQUE_VIOLATION, ApiError, CrudError, NotFound, WrongParameter)
from ..eventstore import command, is_conflict, record_savepoint
from . import references
from .collection import Actor
from .fields import TRUE

PROTECTED = {"id", "created_at", "updated_at", "project_id", "type"}
LIST_OPTIONS = {"page", "limit", "relations", "fields"}
DB_ERRORS = {"23505": UNIQUE_VIOLATION, "23503": FK_VIOLATION, "23502": NOT_NULL_VIOLATION}


def refusal(error):
    """A batch's record refused by `error`: a client error; anything else ends the command."""
    if int(error.args[0]) >= 500:
        raise error
    return error


def parse_id(value):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise WrongParameter(MALFORMED_ID)


def kept_date(value):
    """An imported row's creation date (ISO-8601, any offset) as naive UTC text, as stored."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise WrongParameter("Invalid date format for 'created_at'. Expected ISO-8601.") from None
    if moment.tzinfo:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


def as_object(body):
    """A JSON body as an object: any other JSON value reads as an empty one (its fields missing)."""
    return body if isinstance(body, dict) else {}


def flag(query, name, default=False):
    value = query.get(name)
    return default if value is None else str(value).lower() in TRUE


INTEGER_RANGE = 2**31  # a page, limit or count beyond PostgreSQL's integer is a mistake


def integer(query, name, default, minimum=None):
    """An integer of the query string; 400 when it is none, is out of range or below `minimum`."""
    try:
        value = int(query.get(name, default))
    except (TypeError, ValueError):
        raise WrongParameter(f"{name} must be an integer.")
    if not -INTEGER_RANGE < value < INTEGER_RANGE:
        raise WrongParameter(f"{name} is out of range.")
    if minimum is not None and value < minimum:
        raise WrongParameter(f"{name} must be a positive integer.")
    return value


@functools.cache
def row_by_id(table):
    """The select of one row, built once per table (compiled once)."""
    return sa.select(table).where(table.c.id == sa.bindparam("row_id"))


class CrudStore:
    def __init__(self, application, collections):
        self.application = application  # callable returning the service's EventStore
        self.collections = {collection.name: collection for collection in collections}

    def collection(self, name):
        if name not in self.collections:
            raise NotFound()
        return self.collections[name]

    @property
    def session(self):
        return db.current_session()

    def row(self, collection, instance_id):
        row = self.session.execute(row_by_id(collection.table),
                                   {"row_id": parse_id(instance_id)}).mappings().first()
        if row is None:
            raise NotFound()
        return dict(row)

    # -- queries ------------------------------------------------------------------------------
    def list(self, name, actor, query):
        collection, actor = self.collection(name), Actor(actor)
        collection.check_list(actor, query)
        table = collection.table
        statement = collection.scope(actor, sa.select(table))
        for key, value in query.items():
            if key in LIST_OPTIONS or collection.filter_field(key) is None:
                continue  # unknown keys belong to the route, as in Zou
            statement = statement.where(self.filter(collection, actor, key, value))
        relations = flag(query, "relations")
        page = integer(query, "page", -1)
        limit = integer(query, "limit", 0, minimum=0) or config.NB_RECORDS_PER_PAGE
        fields = set(query["fields"].split(",")) | {"id", "type"} if query.get("fields") else None
        if page > -1:
            return self.page(collection, actor, statement, page, limit, relations, fields)
        def build(session, statement):
            rows = session.execute(statement).mappings().all()
            return [self.output(collection, actor, row, relations, fields) for row in rows]
        # the rows' output depends on who asks (hidden fields), not on the token used
        asker = tuple(sorted((key, repr(value)) for key, value in actor.items() if key != "jti"))
        return answers.kept(self.session, statement, build, "list", collection.name, asker, relations,
                            tuple(sorted(fields or ())))

    def filter(self, collection, actor, key, value):
        field, column = collection.filter_field(key), collection.table.c[key]
        if key not in collection.filterable(actor):
            raise WrongParameter(f"Filtering on {key} is not allowed.")
        values = value if isinstance(value, list) else [value]
        if len(values) == 1 and values[0].startswith("["):
            try:
                values = [str(item) for item in orjson.loads(values[0])]
            except (orjson.JSONDecodeError, TypeError):
                raise WrongParameter("One of the value of the filter has not the proper format")
        parsed = [field.to_db(field.parse_filter(item)) for item in values]
        if field.relation:
            return sa.or_(*[column.any(item) for item in parsed])
        if key == "name":
            return sa.or_(*[column.ilike(item) for item in parsed])
        return column.in_(parsed) if len(parsed) > 1 else column == parsed[0]

    def page(self, collection, actor, statement, page, limit, relations, fields):
        table = collection.table
        total = self.session.execute(sa.select(sa.func.count()).select_from(statement.subquery())).scalar()
        offset = (page - 1) * limit
        rows = []
        if page >= 1 and offset < total:
            ordered = statement.order_by(table.c.updated_at.desc(), table.c.created_at.desc(), table.c.id)
            rows = self.session.execute(ordered.offset(offset).limit(limit)).mappings().all()
        return {"data": [self.output(collection, actor, row, relations, fields) for row in rows],
                "total": total, "nb_pages": math.ceil(total / limit), "limit": limit,
                "offset": offset, "page": page}

    def output(self, collection, actor, row, relations, fields):
        out = collection.serialize(row, actor, relations)
        return {k: v for k, v in out.items() if k in fields} if fields else out

    def get(self, name, actor, instance_id, query):
        collection, actor = self.collection(name), Actor(actor)
        row = self.row(collection, instance_id)
        collection.check_get(actor, row)
        return collection.serialize(row, actor, flag(query, "relations", default=True))

    # -- commands -----------------------------------------------------------------------------
    def create(self, name, actor, body, aggregate_id=None):
        collection, actor = self.collection(name), Actor(actor)
        return self.save_new(collection, actor, self.draft(name, actor, body), aggregate_id)

    def draft(self, name, actor, body):
        """A new record's fields, as the body gives them, checked before anything is read or
        written: the caller's right to create, the fields known and well formed, none missing."""
        collection, actor = self.collection(name), Actor(actor)
        body = self.require_body(body)
        collection.check_create(actor, body)
        fields = {}
        for key, value in body.items():
            if key == "created_at" and self.session.info.get("keeps_dates"):
                if value:
                    fields[key] = kept_date(value)  # an imported row keeps its date
                continue
            if key in PROTECTED - {"project_id"}:
                continue
            if key not in collection.fields:
                raise CrudError(f"'{key}' is an invalid keyword argument for {collection.model}")
            fields[key] = collection.fields[key].parse(value)
        fields = collection.with_defaults(fields)
        for key, field in collection.fields.items():
            if fields[key] is None and not field.nullable:
                raise CrudError(NOT_NULL_VIOLATION)
        return fields

    @command
    def save_new(self, collection, actor, fields, aggregate_id=None):
        """Validate and store a new record; answer it as Zou does after a create."""
        fields = collection.with_defaults(fields)  # the Created event holds the whole initial state
        collection.validate(self.session, fields)
        aggregate = collection.aggregate.create(fields, actor.id, id=aggregate_id)
        row = self.save(collection, aggregate)
        return collection.serialize(row, actor, relations=True)

    @command
    def create_many(self, name, actor, bodies, draft):
        """A page of new records in one command (the importer's batches), each checked as its
        single creation checks it (`draft(body)` -> its fields, then the collection's validation
        and references), then all written at once: one insert of their rows, one write of their
        events, each record's events those of its single creation. {rows: [its answer, or None
        when refused], refused: [{index, status, body}]}: a refused record writes nothing, the
        others are written. Should the database refuse the insert (a race on a unique key, a
        value out of its column's range), each record is written alone, in a savepoint."""
        collection, actor = self.collection(name), Actor(actor)
        if not isinstance(bodies, list):
            raise WrongParameter("The request body must be a JSON array of records.")
        drafts, refused = {}, {}
        for index, body in enumerate(bodies):
            try:
                drafts[index] = collection.with_defaults(draft(body))
            except ApiError as error:
                refused[index] = refusal(error)
        for index, error in zip(list(drafts), collection.validate_many(self.session, list(drafts.values()))):
            if error is not None:
                refused[index] = refusal(error)
                del drafts[index]
        created = {index: collection.aggregate.create(fields, actor.id) for index, fields in drafts.items()}
        indexes = list(created)
        for position in references.refused(self.session, collection.table.metadata,
                                           [(collection, created[index]) for index in indexes]):
            refused[indexes[position]] = refusal(CrudError(FK_VIOLATION))
            del created[indexes[position]]
        answered = self.insert_new(collection, actor, list(created.values()))
        if answered is None:
            answered = self.save_each(collection, actor, {index: drafts[index] for index in created}, refused)
        written = dict(zip(created, answered))
        return {"rows": [written.get(index) for index in range(len(bodies))],
                "refused": [{"index": index, "status": int(error.args[0]), "body": error.body}
                            for index, error in sorted(refused.items())]}

    def insert_new(self, collection, actor, aggregates):
        """New aggregates' rows inserted by one statement, their events stored (as `save` does for
        one): their answers, as `save_new`'s; None when the database refused the insert (then
        nothing is written)."""
        if not aggregates:
            return []
        connection = self.session.connection()
        connection.exec_driver_sql("SAVEPOINT new_rows")
        try:
            rows = collection.project_new(self.session, [aggregate.pending_events[0] for aggregate in aggregates])
        except sa_exc.StatementError as error:  # IntegrityError and DataError are StatementErrors
            if is_conflict(error) or db.is_unavailable(error):
                raise
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT new_rows")
            return None
        connection.exec_driver_sql("RELEASE SAVEPOINT new_rows")
        self.application().save(*aggregates)
        return [collection.serialize(row, actor, relations=True) for row in rows]

    def save_each(self, collection, actor, drafts, refused):
        """[the answer to each of the {index: fields} drafts, or None when refused (then in
        `refused`)], each saved alone in a savepoint, as its single creation."""
        written = []
        for index, fields in drafts.items():
            try:
                with record_savepoint(self.session):
                    written.append(self.save_new(collection, actor, fields))
            except ApiError as error:
                refused[index] = refusal(error)
                written.append(None)
        return written

    def update(self, name, actor, instance_id, body):
        collection, actor = self.collection(name), Actor(actor)
        body = self.require_body(body)
        return self.save_changes(collection, actor, instance_id, body)

    @command
    def save_changes(self, collection, actor, instance_id, body, row=None):
        """`row`: the instance's row when the caller has just read it (in this command)."""
        row = dict(row) if row else self.row(collection, instance_id)
        collection.check_update(actor, row, body)
        changes = {key: collection.fields[key].parse(value) for key, value in body.items()
                   if key in collection.fields and key not in PROTECTED
                   and not collection.fields[key].protected}
        for key, value in changes.items():
            if value is None and not collection.fields[key].nullable:
                raise CrudError(NOT_NULL_VIOLATION)
        collection.validate(self.session, changes, row)
        aggregate = self.application().repository.get(uuid.UUID(row["id"]))
        aggregate.update(changes, actor.id)
        row.update(self.save(collection, aggregate) or {})
        return collection.serialize(row, actor, relations=False)

    @command
    def delete(self, name, actor, instance_id, query=None):
        collection, actor = self.collection(name), Actor(actor)
        row = self.row(collection, instance_id)
        collection.check_delete(actor, row)
        aggregate = self.application().repository.get(uuid.UUID(row["id"]))
        aggregate.delete(actor.id)
        self.save(collection, aggregate)
        return None

    def save(self, collection, aggregate):
        """Apply the aggregate's new events to the read model, then store them (same transaction).
        The events are written when the command commits (shared.eventstore.CommandRecorder)."""
        row = None
        try:
            for event in aggregate.pending_events:
                row = collection.project(self.session, event)
        except sa_exc.IntegrityError as error:
            raise CrudError(DB_ERRORS.get(getattr(error.orig, "pgcode", ""), BAD_FORMAT))
        except (sa_exc.DataError, sa_exc.StatementError) as error:
            if is_conflict(error) or db.is_unavailable(error):
                raise  # lost a race with another writer (the command runs again), or the database
            raise CrudError(BAD_FORMAT)
        references.check(self.session, collection.table.metadata, [(collection, aggregate)])
        self.application().save(aggregate)  # snapshots per the application's snapshotting_intervals
        return row

    def save_many(self, pairs):
        """Several (collection, aggregate) pairs in one write: their events applied to the read
        model in order, then stored with one write to the event store (as `save`).
        Two commands racing on the same rows (e.g. the same shot's casting) surface as a unique
        violation: re-raised as the event store's conflict, so that the command runs again."""
        pairs = [(collection, aggregate) for collection, aggregate in pairs if aggregate is not None]
        try:
            for collection, aggregate in pairs:
                for event in aggregate.pending_events:
                    collection.project(self.session, event)
        except sa_exc.IntegrityError as error:
            raise IntegrityError(str(error.orig))
        except (sa_exc.DataError, sa_exc.StatementError) as error:
            if is_conflict(error) or db.is_unavailable(error):
                raise
            raise CrudError(BAD_FORMAT)
        if pairs:
            references.check(self.session, pairs[0][0].table.metadata, pairs)
        if any(aggregate.pending_events for _, aggregate in pairs):
            self.application().save(*[aggregate for _, aggregate in pairs])

    @staticmethod
    def require_body(body):
        if not body or not isinstance(body, dict):
            raise WrongParameter("Data are empty. Please verify that you sent JSON data and that you set the right headers.")
        return body
