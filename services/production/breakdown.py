"""What every use case of the breakdown needs: the platform's session and stores, entity lookups
by kind, project access, entity types get-or-created by name, the Zou answer of an entity row."""
import uuid

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by
from eventsourcing.persistence import IntegrityError
from sqlalchemy import exc as sa_exc

from shared import db
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound

from .collections import ENTITIES, ENTITY_TYPES, PROJECTS, TASKS
from .domain import EntityType
from .roles import check_manager_project_access, check_project_access

SECONDS = 'YYYY-MM-DD"T"HH24:MI:SS'  # Zou's timestamps; MICROSECONDS for the sync listings
MICROSECONDS = SECONDS + ".US"


def iso(column, pattern=SECONDS):
    return sa.func.to_char(column, pattern)


def json_object(pairs):
    """json_build_object over (key, SQL expression) pairs: PostgreSQL writes the answer."""
    return sa.func.json_build_object(*[part for key, value in pairs for part in (sa.literal(key), value)])


def entity_pairs(table, relations=()):
    """The (key, column) pairs of an entity's answer without relations (see Entities.serialize)."""
    pairs = [(name, table.c[name]) for name, field in ENTITIES.fields.items()
             if name != "kind" and not field.hidden and (not field.relation or name in relations)]
    return pairs + [("id", table.c.id), ("created_at", iso(table.c.created_at)),
                    ("updated_at", iso(table.c.updated_at)), ("type", table.c.kind)]


def json_list(session, query, obj, *order_by):
    """One JSON array built by PostgreSQL from `query` (whose FROM/WHERE are used), as JSON
    text that crosses RPC and the gateway without being decoded again (orjson.Fragment)."""
    aggregated = sa.func.json_agg(aggregate_order_by(obj, *order_by)) if order_by else sa.func.json_agg(obj)
    text = session.execute(query.with_only_columns(
        sa.func.coalesce(aggregated, sa.text("'[]'::json")).cast(sa.Text))).scalar()
    return orjson.Fragment(text)


# Entity types that are not asset types: get-or-created by name the first time they are needed.
TEMPORAL_KINDS = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")
TYPE_IDS = uuid.UUID("6f1c1a52-8c2e-4f8e-9a47-0d1c6f3b2a10")  # namespace of deterministic type ids


class Breakdown:
    """Base of the breakdown's application classes (entities, casting, instances, reads)."""

    def __init__(self, platform):
        self.platform = platform

    @property
    def session(self):
        return db.current_session()

    @property
    def app(self):
        return self.platform.app

    @property
    def crud(self):
        return self.platform.crud

    # -- lookups ------------------------------------------------------------------------------
    def project(self, project_id):
        table = PROJECTS.table
        row = self.session.execute(sa.select(table).where(table.c.id == parse_id(project_id))).mappings().first()
        if row is None:
            raise NotFound()
        return dict(row)

    def entity(self, entity_id, kinds=None):
        """The entity row; 404 when missing or not of one of `kinds` (e.g. a shot asked as an asset)."""
        table = ENTITIES.table
        row = self.session.execute(sa.select(table).where(table.c.id == parse_id(entity_id))).mappings().first()
        if row is None or (kinds and row["kind"] not in kinds):
            raise NotFound()
        return dict(row)

    def entity_in_project(self, entity_id, project_id, kinds):
        """An optional container given in a body (sequence_id, episode_id…): 404 when unknown."""
        if not entity_id:
            return None
        row = self.entity(entity_id, kinds)
        if row["project_id"] != project_id:
            raise NotFound()
        return row

    def type_id(self, kind, actor_id=None):
        """The id of the entity type named `kind`, created on first use (deterministic id, so two
        concurrent creators collide in the event store and the retry finds the winner's row)."""
        table = ENTITY_TYPES.table
        found = self.session.execute(sa.select(table.c.id).where(table.c.name == kind)).scalar()
        if found:
            return found
        fields = ENTITY_TYPES.with_defaults({"name": kind})
        self.crud.save(ENTITY_TYPES, EntityType.create(fields, actor_id, id=uuid.uuid5(TYPE_IDS, kind)))
        return str(uuid.uuid5(TYPE_IDS, kind))

    def save_all(self, records):
        """Store several (collection, aggregate) pairs with one write to the event store, then
        project their events in order. Two commands racing on the same rows (e.g. the same shot's
        casting) surface as a unique violation here: re-raised as the event store's conflict, so
        that the command is retried on fresh rows."""
        events = [(collection, event) for collection, aggregate in records
                  for event in aggregate.pending_events]
        self.app.save(*[aggregate for _, aggregate in records])
        try:
            for collection, event in events:
                collection.project(self.session, event)
        except sa_exc.IntegrityError as error:
            raise IntegrityError(str(error.orig))

    def has_tasks(self, entity_id):
        query = sa.select(TASKS.c.id).where(TASKS.c.entity_id == entity_id,
                                            TASKS.c.replica_deleted.is_(False))
        return self.session.execute(query.limit(1)).first() is not None

    # -- access -------------------------------------------------------------------------------
    def check_project(self, actor, project_id, manager=False):
        """Admins, or members of the team (managers of it when `manager`); returns the project."""
        project = self.project(project_id)
        (check_manager_project_access if manager else check_project_access)(Actor(actor), project)
        return project

    def check_entity(self, actor, row):
        """Project access, and vendors only on entities they have a task on (Zou's entity access)."""
        actor = Actor(actor)
        ENTITIES.check_get(actor, row)
        return row

    @staticmethod
    def block_vendors(actor):
        if Actor(actor).role == "vendor":
            raise Forbidden()

    # -- answers ------------------------------------------------------------------------------
    @staticmethod
    def answer(row, relations=False):
        return ENTITIES.serialize(row, None, relations)

    def answers(self, query, relations=False):
        return [ENTITIES.serialize(row, None, relations)
                for row in self.session.execute(query).mappings()]
