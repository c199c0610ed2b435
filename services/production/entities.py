"""Breakdown commands: create, update and delete assets, episodes, sequences, shots, scenes, edits
and concepts (Zou's rules: manager of the team, get-or-create by name under the same parent,
soft delete while tasks exist unless forced). Every change is an event of the Entity aggregate."""
import functools
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.permissions import check_manager_project_access

from .breakdown import NOT_ASSET_TYPES, TEMPORAL_KINDS, Breakdown
from .collections import ASSET_INSTANCES, ENTITIES, ENTITY_LINKS, ENTITY_TYPES, PROJECTS
from .domain import Entity

# Zou answers "" or null for a description not given, depending on the kind.
EMPTY_DESCRIPTION = {"Asset": "", "Episode": "", "Sequence": "", "Edit": ""}
# Body key naming the container of each kind, and the kinds it may be.
PARENT_KEYS = {"Sequence": ("episode_id", ("Episode",)), "Shot": ("sequence_id", ("Sequence",)),
               "Scene": ("sequence_id", ("Sequence",)), "Edit": ("episode_id", ("Episode",))}
OPTIONAL_FIELDS = {"Asset": ("is_shared",), "Shot": ("nb_frames",)}
NOT_EMPTY = {"Sequence": "sequence", "Episode": "episode"}


BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "t": True, "y": True,
            "false": False, "0": False, "no": False, "off": False, "f": False, "n": False}


def boolean(value, name):
    """A body flag as Zou's schemas read it (true, "yes", 1…), else its validation answer."""
    if isinstance(value, bool):
        return value
    if str(value).lower() in BOOLEANS and not isinstance(value, float):
        return BOOLEANS[str(value).lower()]
    raise ValidationError([{"field": name, "message": "Input should be a valid boolean, unable to interpret input"}])


def require_name(body):
    if not isinstance(body, dict):
        raise WrongParameter("Data are empty. Please verify that you sent JSON data and that you set the right headers.")
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise ValidationError([{"field": "name", "message": "Field required"}])


@functools.cache
def creation_context(with_parent):
    """The query of Entities.context, built once for each shape (compiled once)."""
    projects, types, entity = PROJECTS.table, ENTITY_TYPES.table, ENTITIES.table
    parent = entity.alias("parent")
    type_id = sa.select(types.c.id).where(types.c.name == sa.bindparam("kind")).scalar_subquery()
    existing = sa.select(entity.c.id).where(
        entity.c.name == sa.bindparam("name"), entity.c.project_id == projects.c.id,
        entity.c.entity_type_id == type_id,
        entity.c.parent_id.is_not_distinct_from(parent.c.id if with_parent else None)).limit(1)
    return (sa.select(projects.c.id, projects.c.team, projects.c.team_roles,  # what access needs
                      type_id.label("kind_type_id"), existing.scalar_subquery().label("existing_id"),
                      *[parent.c[name].label(f"container_{name}") for name in ("id", "kind", "project_id", "parent_id")])
            .outerjoin(parent, parent.c.id == sa.bindparam("parent_id"))
            .where(projects.c.id == sa.bindparam("project_id")))


class Entities(Breakdown):
    # -- creation -----------------------------------------------------------------------------
    @command
    def create(self, actor, project_id, kind, body, asset_type_id=None):
        """POST /data/projects/{id}/<kind>s (and …/asset-types/{id}/assets/new): 201 with the new
        entity, or the existing one of that name under the same parent (assets are always new)."""
        if kind == "Asset":
            project_id = self.check_project(actor, project_id, manager=True)["id"]
            require_name(body)
            type_row = self.entity_type(asset_type_id)
            type_id, parent_id, episode_id = type_row["id"], None, None
            episode = self.entity_in_project(body.get("episode_id") or body.get("source_id"),
                                             project_id, ("Episode",))
        else:
            project_id, type_id, parent, existing = self.context(actor, project_id, kind, body)
            if existing:
                return self.created_answer(existing)
            if type_id is None:
                type_id = self.type_id(kind, Actor(actor).id)
            parent_id, episode = (parent["id"] if parent else None), None
            episode_id = parent["parent_id"] if parent and kind == "Shot" else None
        fields = {"name": body["name"], "project_id": project_id, "entity_type_id": type_id,
                  "parent_id": parent_id, "source_id": episode["id"] if episode else None,
                  "description": body.get("description", EMPTY_DESCRIPTION.get(kind)),
                  "data": self.data(body), "created_by": Actor(actor).id, "kind": kind}
        for key in OPTIONAL_FIELDS.get(kind, ()):
            if key in body:
                fields[key] = body[key]
        return self.created_answer(self.save_new(actor, fields, episode_id))

    def context(self, actor, project_id, kind, body):
        """What creating an episode, sequence, shot… reads, in one query: the project (access),
        the kind's type id, the container named in the body (404 when not of this project) and
        the entity of that name already under it → (project id, type id, parent, existing row)."""
        key, kinds = PARENT_KEYS.get(kind, (None, ()))
        body = body if isinstance(body, dict) else {}
        named = (body.get(key) or body.get("parent_id")) if key else None
        parent_id = parse_id(named) if named else None
        row = self.session.execute(creation_context(parent_id is not None), {
            "project_id": parse_id(project_id), "kind": kind, "name": str(body.get("name")),
            "parent_id": parent_id}).mappings().first()
        if row is None:
            raise NotFound()
        check_manager_project_access(Actor(actor), row)
        require_name(body)
        if parent_id and (row["container_id"] is None or row["container_kind"] not in kinds
                          or row["container_project_id"] != row["id"]):
            raise NotFound()
        container = {"id": row["container_id"], "parent_id": row["container_parent_id"]} if parent_id else None
        existing = self.entity(row["existing_id"]) if row["existing_id"] else None
        return row["id"], row["kind_type_id"], container, existing

    def save_new(self, actor, fields, episode_id=None):
        fields = ENTITIES.with_defaults({key: ENTITIES.fields[key].parse(value)
                                         for key, value in fields.items()})
        return self.crud.save(ENTITIES, Entity.create(fields, Actor(actor).id, episode_id=episode_id))

    def entity_type(self, type_id):
        """An asset type named in a path: 404 when unknown or one of the temporal kinds."""
        row = self.crud.row(ENTITY_TYPES, type_id)
        if row["name"] in NOT_ASSET_TYPES:
            raise NotFound()
        return row

    @staticmethod
    def data(body):
        data = body.get("data")
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise WrongParameter("data must be a JSON object.")
        return data

    def created_answer(self, row):
        out = self.answer(row)
        if row["kind"] == "Concept":
            out["entity_concept_links"] = list(row["entity_concept_links"] or [])
        return out

    # -- generic CRUD on /data/entities ---------------------------------------------------------
    def create_generic(self, actor, body):
        """POST /data/entities: the kind comes from the entity type given in the body."""
        if not isinstance(body, dict) or not body:
            raise WrongParameter("Data are empty. Please verify that you sent JSON data and that you set the right headers.")
        type_row = self.crud.row(ENTITY_TYPES, body.get("entity_type_id"))
        kind = type_row["name"] if type_row["name"] in TEMPORAL_KINDS else "Asset"
        fields = {key: value for key, value in body.items()
                  if key in ENTITIES.fields and not ENTITIES.fields[key].protected}
        ENTITIES.check_create(Actor(actor), fields)
        require_name(body)
        return self.save_generic(actor, {**fields, "kind": kind, "created_by": Actor(actor).id})

    @command
    def save_generic(self, actor, fields):
        row = self.save_new(actor, fields)
        return self.answer(row, relations=True)

    # -- sharing assets with other projects ------------------------------------------------------
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

    # -- update -------------------------------------------------------------------------------
    @command
    def update_generic(self, actor, entity_id, body):
        """PUT /data/entities/{id}: the generic update, answered with relations and the kind."""
        self.crud.update(ENTITIES.name, actor, entity_id, body)
        return self.answer(self.entity(entity_id), relations=True)

    def update(self, actor, entity_id, body, kinds):
        """PUT /data/shots/{id} etc.: the generic update (rules in the Entities collection) of an
        entity of that kind; Zou answers it as a bare "Entity"."""
        self.entity(entity_id, kinds)
        out = self.crud.update(ENTITIES.name, actor, entity_id, body)
        return {**out, "type": "Entity"}

    # -- deletion -----------------------------------------------------------------------------
    @command
    def delete(self, actor, entity_id, kinds=None, force=False):
        """DELETE /data/<kind>s/{id}: creator or manager of the team. An asset or shot that has
        tasks is only canceled unless forced; a sequence or episode with children needs force."""
        row = self.entity(entity_id, kinds)
        ENTITIES.check_delete(Actor(actor), row)
        self.remove(actor, row, force)

    def remove(self, actor, row, force):
        actor_id = Actor(actor).id
        if row["kind"] in ("Asset", "Shot") and not force and self.has_tasks(row["id"]):
            aggregate = self.app.repository.get(uuid.UUID(row["id"]))
            aggregate.update({"canceled": True}, actor_id)
            self.crud.save(ENTITIES, aggregate)
            return
        children = self.children(row["id"])
        if children and row["kind"] in NOT_EMPTY and not force:
            raise WrongParameter(f"Some data are still linked to this {NOT_EMPTY[row['kind']]}.")
        for child in children:
            if force or row["kind"] in NOT_EMPTY:
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

    def change(self, entity_id, changes, actor_id):
        aggregate = self.app.repository.get(uuid.UUID(entity_id))
        aggregate.update(changes, actor_id)
        self.crud.save(ENTITIES, aggregate)

    def unlink(self, entity_id, actor_id):
        """Casting links both ways and the entity's asset instances go with it."""
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

    @command
    def delete_many(self, actor, project_id, body, force):
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
            self.remove(actor, dict(row), force)
        return ids
