"""What every use case of the breakdown needs: the platform's session and stores, entity lookups
by kind, project access, entity types get-or-created by name, the Zou answer of an entity row."""
import uuid

import orjson
import sqlalchemy as sa

from shared.answers import first_row
from shared.application import UseCases
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import NotFound

from shared.permissions import check_manager_project_access, check_project_access, on_project
from shared.sqljson import iso

from .collections import ENTITIES, ENTITY_TYPES, PROJECTS, TASKS
from .domain import EntityType

def entity_pairs(table, relations=()):
    """The (key, column) pairs of an entity's answer without relations (see Entities.serialize)."""
    pairs = [(name, table.c[name]) for name, field in ENTITIES.fields.items()
             if name != "kind" and not field.hidden and (not field.relation or name in relations)]
    return pairs + [("id", table.c.id), ("created_at", iso(table.c.created_at)),
                    ("updated_at", iso(table.c.updated_at)), ("type", table.c.kind)]


# Entity types that are not asset types (Zou's init-data creates them all, ConceptFolder included).
TEMPORAL_KINDS = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")
NOT_ASSET_TYPES = TEMPORAL_KINDS + ("ConceptFolder",)
TYPE_IDS = uuid.UUID("6f1c1a52-8c2e-4f8e-9a47-0d1c6f3b2a10")  # namespace of deterministic type ids


def kind_type_id(crud, kind, actor_id=None):
    """The id of the entity type named `kind`, created on first use (deterministic id, so two
    concurrent creators collide in the event store and the retry finds the winner's row)."""
    table = ENTITY_TYPES.table
    found = crud.session.execute(sa.select(table.c.id).where(table.c.name == kind)).scalar()
    if found:
        return found
    fields = ENTITY_TYPES.with_defaults({"name": kind})
    crud.save(ENTITY_TYPES, EntityType.create(fields, actor_id, id=uuid.uuid5(TYPE_IDS, kind)))
    return str(uuid.uuid5(TYPE_IDS, kind))


class Breakdown(UseCases):
    """Base of the breakdown's application classes (entities, casting, instances, reads)."""

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
        return kind_type_id(self.crud, kind, actor_id)

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

    def checked_json(self, actor, project_id, answer, manager=False):
        """The JSON text of `answer` (a json_rows query) read with the project row, in one query;
        the caller's access checked on that row as check_project does (404, 403)."""
        table = PROJECTS.table
        row = first_row(self.session, sa.select(table, answer.scalar_subquery().label("answer")).where(
            table.c.id == parse_id(project_id)))
        if row is None:
            raise NotFound()
        (check_manager_project_access if manager else check_project_access)(Actor(actor), row)
        return orjson.Fragment(row["answer"])

    def member(self, actor, project_id):
        """The caller as seen on a project they may read (their role on it; admins without a
        query: a list read with its project row checks it again, see checked_json)."""
        actor = Actor(actor)
        return actor if actor.is_admin else on_project(actor, self.check_project(actor, project_id))

    def check_entity(self, actor, row):
        """Project access, and vendors only on entities they have a task on (Zou's entity access)."""
        ENTITIES.check_get(Actor(actor), row)
        return row

    # -- answers ------------------------------------------------------------------------------
    @staticmethod
    def answer(row, relations=False):
        return ENTITIES.serialize(row, None, relations)

    def answers(self, query, relations=False):
        return [ENTITIES.serialize(row, None, relations)
                for row in self.session.execute(query).mappings()]
