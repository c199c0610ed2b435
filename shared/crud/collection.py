"""A collection of the generic `/data/<collection>` CRUD: fields, read-model table, permissions.

Register one per Zou model; override the `check_*` / `validate` / `serialize` hooks where Zou's
rules for that model differ from the default (admin writes, any authenticated user reads).
"""
import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from ..errors import ApiError, Forbidden
from ..eventstore import REPLICATED
from ..serialization import isoformat
from . import projection
from .fields import Uuid


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)


class Actor(dict):
    """The caller as authenticated by the gateway: {id, role, identity_type, jti, ...}."""

    @property
    def id(self):
        return self.get("id")

    @property
    def role(self):
        return self.get("role")

    @property
    def is_admin(self):
        return self.role == "admin"

    @property
    def is_manager(self):
        return self.role in ("admin", "manager")




class Collection:
    read_rule = "any"     # "any" authenticated user, "admin", or "nobody" (not through CRUD)
    write_rule = "admin"

    def __init__(self, name, model, aggregate, table_name, metadata, fields, unique_together=(),
                 replicated=False):
        """`replicated`: every change also publishes the row as `row.<table>` (see
        shared/replicas.py), so that other services can keep a local copy: True for the whole
        row, or the names of the only columns others keep (published when one of them changes)."""
        self.name, self.model, self.aggregate = name, model, aggregate
        self.replicated = replicated
        if replicated:
            REPLICATED[aggregate] = self
        self.fields = dict(fields)
        for field_name, field in self.fields.items():
            field.name = field_name
        columns = [field.column() for field in self.fields.values()]
        self.id_field = Uuid()
        self.id_field.name = "id"
        self.table = sa.Table(
            table_name, metadata,
            sa.Column("id", UUID(as_uuid=False), primary_key=True),
            sa.Column("created_at", sa.DateTime, nullable=False, default=utcnow),
            sa.Column("updated_at", sa.DateTime, nullable=False, default=utcnow, index=True),
            *columns,
            *[sa.UniqueConstraint(*names) for names in unique_together])

    # -- permissions (Zou's default: read for any authenticated user, writes admin only) --------
    def _require(self, rule, actor):
        if rule == "nobody" or (rule == "admin" and not actor.is_admin):
            raise Forbidden()

    def check_list(self, actor, filters):
        """`filters`: the list's query parameters (a rule may depend on the project asked for)."""
        self._require(self.read_rule, actor)

    def check_get(self, actor, row):
        self._require(self.read_rule, actor)

    def check_create(self, actor, data):
        self._require(self.write_rule, actor)

    def check_update(self, actor, row, changes):
        self._require(self.write_rule, actor)

    def check_delete(self, actor, row):
        self._require(self.write_rule, actor)

    def filter_field(self, key):
        """The field a query-string key filters on, or None (the key belongs to the route)."""
        return self.id_field if key == "id" else self.fields.get(key)

    def filterable(self, actor):
        """Field names this actor may filter on (hidden ones never)."""
        return {"id"} | {name for name, field in self.fields.items() if not field.hidden}

    def scope(self, actor, query):
        """Restrict a list query to the rows this actor may see."""
        return query

    # -- model rules --------------------------------------------------------------------------
    def validate(self, session, data, row=None):
        """Raise a 400 when `data` (create: every field; update: the changes) breaks a model rule."""

    def validate_many(self, session, records):
        """[None, or the ApiError refusing it] for each new record of a batch (`validate` on
        each: a rule that reads the database reads once for the whole batch where it matters)."""
        errors = []
        for data in records:
            try:
                self.validate(session, data)
                errors.append(None)
            except ApiError as error:
                errors.append(error)
        return errors

    def with_defaults(self, fields):
        return {**{name: field.initial() for name, field in self.fields.items()}, **fields}

    def project(self, session, event):
        """Apply one of this collection's events to the read model (same transaction)."""
        return projection.apply(session, self, event)

    def project_new(self, session, events):
        """Insert the rows of new records (their Created events) with one statement; their rows.
        A collection that projects its events its own way projects these one by one."""
        if type(self).project is not Collection.project:
            return [self.project(session, event) for event in events]
        return projection.insert_created(session, self, events)

    # -- output -------------------------------------------------------------------------------
    def serialize(self, row, actor=None, relations=False):
        out = {}
        for name, field in self.fields.items():
            if field.hidden or (field.relation and not relations):
                continue
            out[field.key] = field.dump(row[name])
        out["id"] = row["id"]
        out["created_at"] = isoformat(row["created_at"])
        out["updated_at"] = isoformat(row["updated_at"])
        out.setdefault("type", self.model)  # unless a field answers as `type` (an entity's kind)
        return out
