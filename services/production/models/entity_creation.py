"""Creating assets, episodes, sequences, shots, scenes, edits and concepts through their project's
routes (Zou's rules: managers of the team; get-or-create by name under the same parent, assets
always new). Every new entity is an event of the Entity aggregate."""
import functools

import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import NotFound
from shared.eventstore import command
from shared.permissions import check_manager_project_access

from ..rules import entities as rules
from .entities import ENTITIES, BreakdownPart
from .entity_types import ENTITY_TYPES, kind_type_id
from .projects import PROJECTS


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


class EntityCreation(BreakdownPart):
    @answers("create_entity")
    @command
    def create(self, actor, project_id, kind, body, asset_type_id=None, shotgun_id=None):
        """POST /data/projects/{id}/<kind>s (and …/asset-types/{id}/assets/new): 201 with the new
        entity, or the existing one of that name under the same parent (assets are always new)."""
        if kind == "Asset":
            project_id = self.check_project(actor, project_id, manager=True)["id"]
            rules.require_name(body)
            type_row = self.asset_type(asset_type_id)
            type_id, parent_id, episode_id = type_row["id"], None, None
            episode = self.entity_in_project(body.get("episode_id") or body.get("source_id"),
                                             project_id, ("Episode",))
        else:
            project_id, type_id, parent, existing = self.context(actor, project_id, kind, body)
            if existing:
                return self.created_answer(existing)
            if type_id is None:
                type_id = kind_type_id(self.crud, kind, Actor(actor).id)
            parent_id, episode = (parent["id"] if parent else None), None
            episode_id = parent["parent_id"] if parent and kind == "Shot" else None
        fields = {"name": body["name"], "project_id": project_id, "entity_type_id": type_id,
                  "parent_id": parent_id, "source_id": episode["id"] if episode else None,
                  "description": body.get("description", rules.EMPTY_DESCRIPTION.get(kind)),
                  "data": rules.entity_data(body), "created_by": Actor(actor).id, "kind": kind,
                  "shotgun_id": shotgun_id if isinstance(shotgun_id, int) else None,
                  **rules.optional_fields(kind, body)}
        return self.created_answer(self.save_new(actor, fields, episode_id))

    def context(self, actor, project_id, kind, body):
        """What creating an episode, sequence, shot… reads, in one query: the project (access),
        the kind's type id, the container named in the body (404 when not of this project) and
        the entity of that name already under it → (project id, type id, parent, existing row)."""
        key, kinds = rules.PARENT_KEYS.get(kind, (None, ()))
        body = body if isinstance(body, dict) else {}
        named = (body.get(key) or body.get("parent_id")) if key else None
        parent_id = parse_id(named) if named else None
        row = self.session.execute(creation_context(parent_id is not None), {
            "project_id": parse_id(project_id), "kind": kind, "name": str(body.get("name")),
            "parent_id": parent_id}).mappings().first()
        if row is None:
            raise NotFound()
        check_manager_project_access(Actor(actor), row)
        rules.require_name(body)
        if parent_id and (row["container_id"] is None or row["container_kind"] not in kinds
                          or row["container_project_id"] != row["id"]):
            raise NotFound()
        container = {"id": row["container_id"], "parent_id": row["container_parent_id"]} if parent_id else None
        existing = self.entity(row["existing_id"]) if row["existing_id"] else None
        return row["id"], row["kind_type_id"], container, existing

    def asset_type(self, type_id):
        """An asset type named in a path: 404 when unknown or one of the temporal kinds."""
        row = self.crud.row(ENTITY_TYPES, type_id)
        if row["name"] in rules.NOT_ASSET_TYPES:
            raise NotFound()
        return row

    def created_answer(self, row):
        out = self.answer(row)
        if row["kind"] == "Concept":
            out["entity_concept_links"] = list(row["entity_concept_links"] or [])
        return out
