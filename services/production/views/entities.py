"""Breakdown reads: lists of entities per project, per container and with filters, single
entities with their context (project, sequence, episode names), the assets cast in an entity,
shot versions from the event log, and a plain name search. Each list is one SQL query over the
read model. Task data belongs to the tasks service: the single-entity answers carry `tasks: []`."""
import uuid

import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.crud.store import flag, parse_id
from shared.errors import Forbidden, NotFound
from shared.permissions import block_clients, block_vendors, check_project_reader, on_project
from shared.serialization import isoformat
from shared.sqlblocks import Lineage
from shared.sqljson import json_list, json_rows

from ..models.entities import ACCESS, ENTITIES, ENTITY_PARAMS, BreakdownPart, assigned_entities, entity_pairs
from ..models.entity_links import ENTITY_LINKS
from ..models.entity_types import ENTITY_TYPES
from ..models.projects import PROJECTS
from ..rules.entities import frame_range

# Query-string keys of the typed list routes that name a container column.
FILTER_ALIASES = {"sequence_id": "parent_id", "episode_id": "parent_id", "asset_type_id": "entity_type_id"}
VERSIONS = uuid.UUID("1d6f2b7e-5a43-4c1e-8f0b-7c2e9d4a6b31")  # namespace of version ids
VERSIONED = ("name", "data")  # Zou keeps a shot version when these change
RELATIONS = ("entities_out", "entities_in", "instance_casting", "entity_concept_links")
# Lists across projects that Zou answers non-admins about one project only (`project_id`, or the
# container named by `sequence_id` / `episode_id`), with the roles on it each refuses; asset lists
# check the project when one is named, else keep to the caller's projects
PROJECT_LISTS = {"Shot": (), "Sequence": (), "Episode": (), "Edit": (), "Scene": ("vendor",),
                 "Concept": ("vendor", "client")}
# Containers whose lists a vendor gets scoped to what they work on (the others need a task of
# theirs on the container itself)
VENDOR_SCOPED_CHILDREN = {("Episode", "Sequence"), ("Sequence", "Shot")}
LINEAGE = Lineage(ENTITIES.table)


def cast_ids(entity_id):
    """The ids of the assets cast in the entity."""
    links = ENTITY_LINKS.table
    return sa.select(links.c.entity_out_id).where(links.c.entity_in_id == entity_id)


NAMES = {"project_name": PROJECTS.table.c.name, "sequence_name": LINEAGE.parent.c.name}


class EntityViews(BreakdownPart):
    @staticmethod
    def select(kind, names=()):
        """Entities of a kind, joined with what `names` (project_name, sequence_name) needs."""
        entity = ENTITIES.table
        source = LINEAGE.join() if "sequence_name" in names else entity
        if "project_name" in names:
            source = source.join(PROJECTS.table, PROJECTS.table.c.id == entity.c.project_id)
        return sa.select(entity).select_from(source).where(entity.c.kind == kind)
    def listed(self, query, kind, names=(), relations=False, order_by=None):
        """The JSON array of the entities `query` selects, written by PostgreSQL in one query."""
        return json_list(self.session, *self.listing(query, kind, names, relations, order_by))

    @staticmethod
    def listing(query, kind, names=(), relations=False, order_by=None):
        """(query, answer pairs, order) of an entity list, for json_rows."""
        entity = ENTITIES.table
        shown = RELATIONS if relations else ("entity_concept_links",) if kind == "Concept" else ()
        pairs = entity_pairs(entity, shown) + [(name, NAMES[name]) for name in names]
        return (query, pairs, *(order_by if order_by is not None else (entity.c.name, entity.c.id)))

    def scoped(self, actor, query):
        """Non-admins see their open projects; vendors only entities with a task of theirs."""
        return ENTITIES.scope(Actor(actor), query)

    # -- lists --------------------------------------------------------------------------------
    @answers("project_entities")
    def project_entities(self, actor, project_id, kind, asset_type_id=None):
        """GET /data/projects/{id}/<kind>s (…/asset-types/{id}/assets): team members. One query:
        the project row (access) and the list written by PostgreSQL."""
        table = ENTITIES.table
        query = self.select(kind).where(table.c.project_id == parse_id(project_id))
        if asset_type_id:
            query = query.where(table.c.entity_type_id == parse_id(asset_type_id))
        actor = self.member(actor, project_id)
        if kind == "Concept":
            block_vendors(actor)
            block_clients(actor)
        if actor.role == "vendor":
            query = query.where(table.c.id.in_(assigned_entities(actor)))
        return self.checked_json(actor, project_id, json_rows(*self.listing(query, kind)))

    @answers("filtered_entities")
    def filtered(self, actor, kind, query):
        """GET /data/assets, /data/shots/all, /data/episodes…: the generic filters of the entity
        collection plus container aliases (sequence_id, episode_id), scoped to the caller."""
        names = {"Shot": ("project_name", "sequence_name"), "Scene": ("project_name", "sequence_name"),
                 "Edit": ("project_name",), "Concept": ("project_name",)}.get(kind, ())
        actor = self.lister(Actor(actor), kind, query)
        statement = self.scoped(actor, self.select(kind, names))
        for key, value in query.items():
            column = FILTER_ALIASES.get(key, key)
            if column in ("relations", "page", "limit", "fields") or ENTITIES.filter_field(column) is None:
                continue
            statement = statement.where(self.crud.filter(ENTITIES, Actor(actor), column, value))
        return self.listed(statement, kind, names, relations=flag(query, "relations"))

    def lister(self, actor, kind, query):
        """The caller as seen on the project a list asks about (see PROJECT_LISTS)."""
        project_id = query.get("project_id")
        container_id = query.get("sequence_id") or query.get("episode_id")
        if not project_id and container_id:
            project_id = self.entity(container_id)["project_id"]
        if actor.is_admin or (kind not in PROJECT_LISTS and not project_id):
            return actor
        if not project_id:
            raise Forbidden()
        project = self.check_project(actor, project_id)
        check_project_reader(actor, project, blocked=PROJECT_LISTS.get(kind, ()))
        return on_project(actor, project)

    @answers("child_entities", entity_id=ENTITY_PARAMS)
    def children(self, actor, entity_id, parent_kind, kind, with_names=False, key="parent_id"):
        """GET /data/sequences/{id}/shots, /data/episodes/{id}/sequences… (404 unknown container):
        the team of its project (vendors: see VENDOR_SCOPED_CHILDREN)."""
        parent = self.entity(entity_id, (parent_kind,))
        if (parent_kind, kind) in VENDOR_SCOPED_CHILDREN:
            actor = self.member(actor, parent["project_id"])
        else:
            actor = on_project(Actor(actor), ACCESS.check_entity_read(self.session, Actor(actor), parent))
        names = ("project_name", "sequence_name") if with_names else ()
        query = self.select(kind, names).where(ENTITIES.table.c[key] == entity_id)
        if actor.role == "vendor" and (parent_kind, kind) in VENDOR_SCOPED_CHILDREN:
            query = query.where(ENTITIES.table.c.id.in_(assigned_entities(actor)))
        return self.listed(query, kind, names)

    @answers("episode_shots")
    def episode_shots(self, actor, episode_id):
        self.check_entity(actor, self.entity(episode_id, ("Episode",)))
        shot, sequence = LINEAGE.entity, LINEAGE.parent
        query = self.select("Shot", ("sequence_name",)).where(sequence.c.parent_id == episode_id)
        return self.listed(query, "Shot", order_by=(sequence.c.name, shot.c.name))

    # -- single entities ----------------------------------------------------------------------
    def names(self, *ids):
        ids = [i for i in ids if i]
        if not ids:
            return {}
        table = ENTITIES.table
        return dict(self.session.execute(sa.select(table.c.id, table.c.name).where(table.c.id.in_(ids))).all())

    @answers("entity", entity_id=ENTITY_PARAMS)
    def entity_of_kind(self, actor, entity_id, kind):
        """GET /data/<kind>s/{id} (assets: see `asset`)."""
        return self.asset(actor, entity_id) if kind == "Asset" else self.get(actor, entity_id, kind)

    def get(self, actor, entity_id, kind):
        """GET /data/<kind>s/{id}: the entity with relations and its context."""
        row = self.check_entity(actor, self.entity(entity_id, (kind,)))
        project_name = self.project(row["project_id"])["name"]
        out = {**self.answer(row, relations=True), "project_name": project_name}
        parent = self.entity(row["parent_id"]) if row["parent_id"] else None
        if kind == "Sequence":
            out.update(episode_id=row["parent_id"], episode_name=parent and parent["name"])
        elif kind in ("Shot", "Scene"):
            episode_id = parent and parent["parent_id"]
            out.update(sequence_id=row["parent_id"], sequence_name=parent and parent["name"],
                       episode_id=episode_id, episode_name=self.names(episode_id).get(episode_id))
        elif kind == "Edit":
            out.update(episode_id=row["parent_id"], episode_name=parent and parent["name"])
        if kind in ("Shot", "Edit", "Concept"):
            out.update(tasks=[], **frame_range(row["data"]))
        return out

    def asset(self, actor, asset_id):
        """GET /data/assets/{id}: Zou's shape, quirks included (empty strings for missing ids).
        One query: the asset, its type and project names, the episodes casting it."""
        entity, types, project = ENTITIES.table, ENTITY_TYPES.table, PROJECTS.table
        links, episode = ENTITY_LINKS.table, ENTITIES.table.alias("episode")
        casting_episodes = sa.func.array(
            sa.select(links.c.entity_in_id).join(episode, episode.c.id == links.c.entity_in_id)
            .where(links.c.entity_out_id == entity.c.id, episode.c.kind == "Episode").scalar_subquery())
        row = self.session.execute(
            sa.select(entity, types.c.name.label("asset_type_name"), project.c.name.label("project_name"),
                      casting_episodes.label("casting_episode_ids"))
            .join(types, types.c.id == entity.c.entity_type_id)
            .join(project, project.c.id == entity.c.project_id)
            .where(entity.c.id == parse_id(asset_id), entity.c.kind == "Asset")).mappings().first()
        if row is None:
            raise NotFound()
        self.check_entity(actor, row)
        out = self.answer(row, relations=True)
        for key in ("nb_frames", "source_id"):
            out.pop(key)
        out.update(preview_file_id=row["preview_file_id"] or "", ready_for=str(row["ready_for"]),
                   project_name=row["project_name"], asset_type_id=row["entity_type_id"],
                   asset_type_name=row["asset_type_name"], episode_id=row["source_id"] or "",
                   casting_episode_ids=list(row["casting_episode_ids"] or []), tasks=[])
        return out

    @answers("shot_assets")
    def shot_assets(self, actor, shot_id):
        """GET /data/shots/{id}/assets: the assets cast in the shot."""
        row = self.check_entity(actor, self.entity(shot_id, ("Shot",)))
        table = ENTITIES.table
        return self.listed(self.select("Asset").where(table.c.id.in_(cast_ids(row["id"]))), "Asset")

    @answers("asset_assets")
    def asset_assets(self, actor, asset_id):
        """GET /data/assets/{id}/assets: the assets cast in this asset."""
        row = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        table = ENTITIES.table
        return self.listed(self.select("Asset").where(table.c.id.in_(cast_ids(row["id"]))), "Asset")

    @answers("linked_entities_with_tasks")
    def linked_with_tasks(self, actor, entity_id):
        """GET /data/entities/{id}/entities-linked/with-tasks: the entities cast in this one.
        Tasks live in the tasks service: answered without task data (`tasks: []`)."""
        row = self.check_entity(actor, self.entity(entity_id))
        table, types = ENTITIES.table, ENTITY_TYPES.table
        query = (sa.select(table.c.id, table.c.name, table.c.preview_file_id, table.c.source_id,
                           table.c.entity_type_id, types.c.name.label("asset_type_name"))
                 .join(types, types.c.id == table.c.entity_type_id)
                 .where(table.c.id.in_(cast_ids(row["id"]))).order_by(table.c.name))
        return [{"id": r.id, "name": r.name, "preview_file_id": r.preview_file_id,
                 "episode_id": r.source_id, "asset_type_id": r.entity_type_id,
                 "asset_type_name": r.asset_type_name, "tasks": []}
                for r in self.session.execute(query)]

    # -- history from the event log -------------------------------------------------------------
    @answers("entity_versions", entity_id=ENTITY_PARAMS)
    def versions(self, actor, entity_id, kind):
        """GET /data/shots/{id}/versions: one ShotVersion per update that changed the name or the
        data, read from the shot's own events (name as it was, data as it became), newest first.
        GET /data/edits/{id}/versions: Zou versions edits only with their previews (the media
        service's, not built): none."""
        row = self.check_entity(actor, self.entity(entity_id, (kind,)))
        if kind != "Shot":
            return []
        name, versions = None, []
        for event in self.app.events.get(uuid.UUID(row["id"])):
            fields = getattr(event, "fields", None)
            if fields is not None:
                name = fields.get("name")
                continue
            changes = getattr(event, "changes", None) or {}
            if any(key in changes for key in VERSIONED):
                created = isoformat(event.timestamp)
                versions.append({"name": name, "data": changes.get("data"), "entity_id": row["id"],
                                 "person_id": event.actor_id,
                                 "id": str(uuid.uuid5(VERSIONS, f"{row['id']}:{event.originator_version}")),
                                 "created_at": created, "updated_at": created, "type": "ShotVersion"})
            name = changes.get("name", name)
        return versions[::-1]

    # -- search -------------------------------------------------------------------------------
    @answers("search")
    def search(self, actor, body):
        """POST /data/search: entity names matching `query` (ILIKE), in the caller's projects."""
        body = body if isinstance(body, dict) else {}
        text = str(body.get("query") or "")
        results = {"assets": [], "shots": [], "persons": []}
        if len(text) < 3:
            return results
        table = ENTITIES.table
        query = self.scoped(actor, sa.select(table)).where(
            table.c.name.ilike(f"%{text}%"), table.c.kind.in_(("Asset", "Shot")))
        if body.get("project_id"):
            query = query.where(table.c.project_id == parse_id(body["project_id"]))
        limit = body.get("limit") if isinstance(body.get("limit"), int) else 3
        for row in self.session.execute(query.order_by(table.c.name)).mappings():
            bucket = results["assets" if row["kind"] == "Asset" else "shots"]
            if len(bucket) < limit:
                bucket.append(self.answer(row))
        return results

