"""Entities: assets, shots, sequences, episodes, scenes, edits and concepts in one collection
(`kind` says which). Zou's rules: listed by anyone within their open projects (vendors: entities
with a task of theirs), written by the project's managers, `data` merged on update, an asset or
shot with tasks only canceled unless the deletion is forced. `BreakdownPart` is what every part
of the breakdown reads entities and projects with; `Entities` is the model's CRUD and commands."""
import uuid

import orjson
import sqlalchemy as sa

from shared import db, permissions
from shared.access import Access
from shared.answers import first_row
from shared.application import Model, UseCases, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Choice, Integer, Json, String, Uuid, UuidList
from shared.crud.store import flag, parse_id
from shared.errors import Forbidden, NotFound, WrongParameter
from shared.eventstore import command
from shared.permissions import check_manager_project_access, check_project_access, on_project
from shared.sqljson import iso

from ..domain import Entity
from ..replicas import PERSONS, TASKS, metadata
from ..rules import entities as rules
from ..rules.requests import EMPTY_BODY, as_id, boolean
from .entity_types import ENTITY_TYPES
from .projects import PROJECTS, related_projects

ENTITY_STATUSES = ("standby", "running", "complete", "canceled")
# The one entity id of a typed route, named as Zou names it (/data/assets/{asset_id}…).
ENTITY_PARAMS = ("asset_id", "scene_id", "shot_id", "sequence_id", "episode_id", "edit_id",
                 "concept_id", "entity_id")


def entity_fields():
    return {
        "name": String(nullable=False), "code": String(), "description": String(),
        "shotgun_id": Integer(protected=True), "canceled": Boolean(default=False),
        "nb_frames": Integer(), "nb_entities_out": Integer(default=0),
        "is_casting_standby": Boolean(default=False), "is_shared": Boolean(default=False),
        "status": Choice(ENTITY_STATUSES, default="running"),
        "project_id": Uuid(nullable=False, index=True, references="project"),
        "entity_type_id": Uuid(nullable=False, index=True, references="entity_type"),
        "parent_id": Uuid(index=True, references="entity"), "source_id": Uuid(index=True, references="entity"),
        "preview_file_id": Uuid(), "data": Json(mapping=True), "ready_for": Uuid(references="task_type_replica"),
        "created_by": Uuid(protected=True),
        # casting relations kept on the row for the `relations=true` answers
        "entities_out": UuidList(protected=True), "entities_in": UuidList(protected=True),
        "instance_casting": UuidList(protected=True), "entity_concept_links": UuidList(protected=True),
        # Asset, Shot, Sequence…: answered as "type"; set at creation, never changed
        "kind": String(nullable=False, index=True, protected=True, key="type"),
    }


def assigned_entities(actor):
    """Entities on which the caller has a task assigned (what a vendor may see)."""
    return sa.select(TASKS.c.entity_id).where(TASKS.c.assignees.any(actor.id), TASKS.c.replica_deleted.is_(False))


class EntityCollection(Collection):
    """Any user lists (non-admins: their open projects; vendors: entities with a task of theirs);
    writes by managers of the project's team; `data` merged on update; answered with its kind."""
    read_rule = "any"

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        query = query.where(self.table.c.project_id.in_(related_projects(actor)))
        if actor.role == "vendor":
            query = query.where(self.table.c.id.in_(assigned_entities(actor)))
        return query

    def check_get(self, actor, row):
        ACCESS.check_entity_read(db.current_session(), actor, row)

    def check_create(self, actor, data):
        check_manager_project_access(actor, self.owner(data.get("project_id")))

    def check_update(self, actor, row, changes):
        """Zou's metadata department rule (shared.permissions.check_entity_change)."""
        from .descriptors import METADATA_DESCRIPTORS  # that model imports this one
        session, descriptors = db.current_session(), METADATA_DESCRIPTORS.table
        permissions.check_entity_change(
            actor, self.owner(row["project_id"]), row, changes,
            lambda: ACCESS.departments(session, actor.id),
            lambda: session.execute(sa.select(descriptors).where(
                descriptors.c.project_id == row["project_id"], descriptors.c.entity_type == row["kind"])
            ).mappings().all() if row["kind"] in ("Asset", "Shot", "Edit") else None)

    def check_delete(self, actor, row):
        if row["created_by"] != actor.id:
            check_manager_project_access(actor, self.owner(row["project_id"]))

    @staticmethod
    def owner(project_id):
        """The entity's project (403 when there is none: nobody may write there)."""
        table = PROJECTS.table
        project = db.current_session().execute(
            sa.select(table).where(table.c.id == as_id(project_id))).mappings().first()
        if project is None:
            raise Forbidden()
        return project

    def validate(self, session, data, row=None):
        if row is None:
            return
        if isinstance(data.get("data"), dict):  # Zou merges metadata instead of replacing it
            data["data"] = {**(row["data"] or {}), **data["data"]}
        merged = {**row, **data}
        table = self.table
        clash = sa.select(table.c.id).where(
            table.c.id != row["id"], table.c.name == merged["name"],
            table.c.project_id == merged["project_id"],
            table.c.entity_type_id == merged["entity_type_id"],
            table.c.parent_id.is_not_distinct_from(merged["parent_id"]))
        if session.execute(clash.limit(1)).first():
            raise WrongParameter("An entity with this name already exists for this parent.")


ENTITIES = EntityCollection("entities", "Entity", Entity, "entity", metadata, entity_fields(),
                            unique_together=[("name", "project_id", "entity_type_id", "parent_id")],
                            replicated=True)
# the lists per project and kind (…/shots, …/sequences) filter on both columns
sa.Index("ix_entity_project_id_kind", ENTITIES.table.c.project_id, ENTITIES.table.c.kind)
# the rows shared/permissions.py asks about (production keeps no task types: no department rule
# of tasks is asked here)
ACCESS = Access(PROJECTS.table, TASKS, PERSONS, None, ENTITIES.table)


def entity_pairs(table, relations=()):
    """The (key, column) pairs of an entity's answer, for SQL-written lists (Entities.serialize's)."""
    pairs = [(name, table.c[name]) for name, field in ENTITIES.fields.items()
             if name != "kind" and not field.hidden and (not field.relation or name in relations)]
    return pairs + [("id", table.c.id), ("created_at", iso(table.c.created_at)),
                    ("updated_at", iso(table.c.updated_at)), ("type", table.c.kind)]


class BreakdownPart(UseCases):
    """What the parts of the breakdown share: entity and project lookups, project access, the
    Zou answer of an entity row, and new entities saved."""

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

    def entities(self, entity_ids):
        """{id: entity row} of several entities; 404 when one is missing."""
        ids, table = {parse_id(entity_id) for entity_id in entity_ids}, ENTITIES.table
        rows = {row["id"]: dict(row) for row in self.session.execute(
            sa.select(table).where(table.c.id.in_(ids))).mappings()}
        if len(rows) != len(ids):
            raise NotFound()
        return rows

    def entity_in_project(self, entity_id, project_id, kinds):
        """An optional container given in a body (sequence_id, episode_id…): 404 when unknown."""
        if not entity_id:
            return None
        row = self.entity(entity_id, kinds)
        if row["project_id"] != project_id:
            raise NotFound()
        return row

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
        return orjson.Fragment(self.checked_row(actor, project_id, answer, manager)["answer"])

    def checked_row(self, actor, project_id, answer, manager=False):
        """The project row with `answer` (its JSON text), as checked_json reads and checks it."""
        table = PROJECTS.table
        row = first_row(self.session, sa.select(table, answer.scalar_subquery().label("answer")).where(
            table.c.id == parse_id(project_id)))
        if row is None:
            raise NotFound()
        (check_manager_project_access if manager else check_project_access)(Actor(actor), row)
        return row

    def member(self, actor, project_id):
        """The caller as seen on a project they may read (their role on it; admins without a
        query: a list read with its project row checks it again, see checked_json)."""
        actor = Actor(actor)
        return actor if actor.is_admin else on_project(actor, self.check_project(actor, project_id))

    def check_entity(self, actor, row):
        """Project access, and vendors only on entities they have a task on (Zou's entity access)."""
        ENTITIES.check_get(Actor(actor), row)
        return row

    # -- answers and writes ---------------------------------------------------------------------
    @staticmethod
    def answer(row, relations=False):
        return ENTITIES.serialize(row, None, relations)

    def answers(self, query, relations=False):
        return [ENTITIES.serialize(row, None, relations)
                for row in self.session.execute(query).mappings()]

    def save_new(self, actor, fields, episode_id=None):
        fields = ENTITIES.with_defaults({key: ENTITIES.fields[key].parse(value)
                                         for key, value in fields.items()})
        return self.crud.save(ENTITIES, Entity.create(fields, Actor(actor).id, episode_id=episode_id))

    def change(self, entity_id, changes, actor_id):
        """Save the entity's changes (inside a @command): its row as it becomes."""
        aggregate = self.app.repository.get(uuid.UUID(entity_id))
        aggregate.update(changes, actor_id)
        return self.crud.save(ENTITIES, aggregate)


class Entities(Model, BreakdownPart):
    collection = ENTITIES

    # -- /data/entities ------------------------------------------------------------------------
    def create(self, actor, body):
        """POST /data/entities: the kind comes from the entity type given in the body."""
        if not isinstance(body, dict) or not body:
            raise WrongParameter(EMPTY_BODY)
        type_row = self.crud.row(ENTITY_TYPES, body.get("entity_type_id"))
        fields = {key: value for key, value in body.items()
                  if key in ENTITIES.fields and not ENTITIES.fields[key].protected}
        ENTITIES.check_create(Actor(actor), fields)
        rules.require_name(body)
        return self.save_generic(actor, {**fields, "kind": rules.kind_of_type(type_row["name"]),
                                         "created_by": Actor(actor).id})

    @command
    def save_generic(self, actor, fields):
        return self.answer(self.save_new(actor, fields), relations=True)

    @command
    def update(self, actor, instance_id, body):
        """PUT /data/entities/{id}: the generic update, answered with relations and the kind."""
        self.crud.update(ENTITIES.name, actor, instance_id, body)
        return self.answer(self.entity(instance_id), relations=True)

    def delete(self, actor, instance_id, query):
        self.delete_row(actor, instance_id, None, flag(query, "force"))

    # -- the typed routes (/data/shots/{shot_id}…) -------------------------------------------------
    @answers("update_entity", entity_id=ENTITY_PARAMS)
    def update_entity(self, actor, entity_id, kind, body):
        """PUT /data/shots/{id} etc.: the generic update (rules in the collection) of an entity of
        that kind; Zou answers it as a bare "Entity"."""
        self.entity(entity_id, (kind,))
        out = self.crud.update(ENTITIES.name, actor, entity_id, body)
        return {**out, "type": "Entity"}

    @answers("delete_entity", entity_id=ENTITY_PARAMS)
    def delete_entity(self, actor, entity_id, kind, query):
        self.delete_row(actor, entity_id, (kind,), flag(query, "force"))

    @command
    def delete_row(self, actor, entity_id, kinds, force):
        """DELETE /data/<kind>s/{id} (and /data/entities/{id}): creator or manager of the team."""
        row = self.entity(entity_id, kinds)
        ENTITIES.check_delete(Actor(actor), row)
        self.remove(actor, row, force)

    @answers("delete_entities")
    @command
    def delete_entities(self, actor, project_id, body, query):
        """POST /actions/projects/{id}/delete-entities: a JSON array of entity ids of that project."""
        self.check_project(actor, project_id, manager=True)
        if not isinstance(body, list):
            raise WrongParameter("Request body must be a JSON array.")
        try:
            ids = [parse_id(item) for item in body]
        except (WrongParameter, TypeError):
            raise WrongParameter("Request body must only contain valid UUIDs.")
        table = ENTITIES.table
        rows = self.session.execute(sa.select(table).where(
            table.c.id.in_(ids), table.c.project_id == parse_id(project_id))).mappings().all()
        for row in rows:
            self.remove(actor, dict(row), flag(query, "force"))
        return ids

    def remove(self, actor, row, force):
        actor_id = Actor(actor).id
        if rules.cancelled_if_tasked(row["kind"], force) and self.has_tasks(row["id"]):
            self.change(row["id"], {"canceled": True}, actor_id)
            return
        children = self.children(row["id"])
        rules.check_children(row["kind"], bool(children), force)
        for child in children:
            if rules.children_go_too(row["kind"], force):
                self.remove(actor, child, force)
            else:
                self.change(child["id"], {"parent_id": None}, actor_id)
        self.unlink(row["id"], actor_id)
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.delete(actor_id)
        self.crud.save(ENTITIES, aggregate)

    def children(self, entity_id):
        table = ENTITIES.table
        return [dict(row) for row in self.session.execute(
            sa.select(table).where(table.c.parent_id == entity_id)).mappings()]

    def unlink(self, entity_id, actor_id):
        """Casting links both ways and the entity's asset instances go with it."""
        from .asset_instances import ASSET_INSTANCES  # these models import this one
        from .entity_links import ENTITY_LINKS
        links, instances = ENTITY_LINKS.table, ASSET_INSTANCES.table
        for collection, query in (
                (ENTITY_LINKS, sa.select(links.c.id).where(sa.or_(links.c.entity_in_id == entity_id,
                                                                   links.c.entity_out_id == entity_id))),
                (ASSET_INSTANCES, sa.select(instances.c.id).where(sa.or_(
                    instances.c.asset_id == entity_id, instances.c.target_asset_id == entity_id,
                    instances.c.scene_id == entity_id)))):
            for (record_id,) in self.session.execute(query).all():
                record = self.app.repository.get(uuid.UUID(record_id))
                record.delete(actor_id)
                self.crud.save(collection, record)

    # -- sharing assets with other projects ------------------------------------------------------
    @answers("share_assets")
    @command
    def share(self, actor, body, project_id=None, asset_type_id=None):
        """POST /actions/assets/share {asset_ids, is_shared=true} (…/projects/{id}/assets/share,
        …/asset-types/{id}/assets/share: every asset of the project / type): the assets after it."""
        body = body if isinstance(body, dict) else {}
        shared = boolean(body.get("is_shared", True), "is_shared")
        table = ENTITIES.table
        query = sa.select(table).where(table.c.kind == "Asset")
        if project_id:
            query = query.where(table.c.project_id == self.check_project(actor, project_id, manager=True)["id"])
            if asset_type_id:
                query = query.where(table.c.entity_type_id == parse_id(asset_type_id))
        else:
            ids = body.get("asset_ids") or []
            query = query.where(table.c.id.in_([parse_id(asset_id) for asset_id in ids]))
        rows = self.session.execute(query).mappings().all()
        for other_project in {row["project_id"] for row in rows} - {project_id}:
            self.check_project(actor, other_project, manager=True)
        changed = []
        for row in rows:
            if row["is_shared"] != shared:
                aggregate = self.app.repository.get(uuid.UUID(row["id"]))
                aggregate.update({"is_shared": shared}, Actor(actor).id)
                changed.append((ENTITIES, aggregate))
        self.crud.save_many(changed)
        return self.answers(query.where(table.c.id.in_([row["id"] for row in rows])))
