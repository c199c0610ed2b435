"""Breakdown queries: lists of entities per project, per container and with filters, single
entities with their context (project, sequence, episode names), asset types, shot versions from
the event log, and a plain name search. Each list is one SQL query over the read model.

Task data belongs to the tasks service: the single-entity answers carry `tasks: []`."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import flag
from shared.serialization import isoformat

from .breakdown import TEMPORAL_KINDS, Breakdown
from .collections import ENTITIES, ENTITY_LINKS, ENTITY_TYPES, PROJECTS
from .entity_collections import assigned_entities

# Query-string keys of the typed list routes that name a container column.
FILTER_ALIASES = {"sequence_id": "parent_id", "episode_id": "parent_id", "asset_type_id": "entity_type_id"}
VERSIONS = uuid.UUID("1d6f2b7e-5a43-4c1e-8f0b-7c2e9d4a6b31")  # namespace of version ids
VERSIONED = ("name", "data")  # Zou keeps a shot version when these change


def with_concept_links(kind, answers):
    """Zou lists concepts with their concept links even without relations."""
    if kind == "Concept":
        for item in answers:
            item.setdefault("entity_concept_links", [])
    return answers


class EntityReads(Breakdown):
    def select(self, kind, with_names=False):
        """Entities of a kind; `with_names` adds project_name and sequence_name (parent's name)."""
        entity = ENTITIES.table
        if not with_names:
            return sa.select(entity).where(entity.c.kind == kind)
        parent, project = ENTITIES.table.alias("parent"), PROJECTS.table
        return (sa.select(entity, project.c.name.label("project_name"),
                          parent.c.name.label("sequence_name"))
                .join(project, project.c.id == entity.c.project_id)
                .outerjoin(parent, parent.c.id == entity.c.parent_id)
                .where(entity.c.kind == kind))

    def listed(self, query, extras=(), relations=False):
        rows = self.session.execute(query).mappings().all()
        out = []
        for row in rows:
            item = ENTITIES.serialize(row, None, relations)
            for key in extras:
                item[key] = row[key]
            out.append(item)
        return out

    def scoped(self, actor, query):
        """Non-admins see their open projects; vendors only entities with a task of theirs."""
        return ENTITIES.scope(Actor(actor), query)

    # -- lists --------------------------------------------------------------------------------
    def project_entities(self, actor, project_id, kind, asset_type_id=None):
        """GET /data/projects/{id}/<kind>s (…/asset-types/{id}/assets): team members."""
        self.check_project(actor, project_id)
        table = ENTITIES.table
        query = self.select(kind).where(table.c.project_id == project_id)
        if asset_type_id:
            query = query.where(table.c.entity_type_id == asset_type_id)
        if Actor(actor).role == "vendor":
            query = query.where(table.c.id.in_(assigned_entities(Actor(actor))))
        return with_concept_links(kind, self.listed(query.order_by(table.c.name)))

    def filtered(self, actor, kind, query):
        """GET /data/assets, /data/shots/all, /data/episodes…: the generic filters of the entity
        collection plus container aliases (sequence_id, episode_id), scoped to the caller."""
        extras = {"Shot": ("project_name", "sequence_name"), "Scene": ("project_name", "sequence_name"),
                  "Edit": ("project_name",), "Concept": ("project_name",)}.get(kind, ())
        statement = self.scoped(actor, self.select(kind, with_names=bool(extras)))
        for key, value in query.items():
            column = FILTER_ALIASES.get(key, key)
            if column in ("relations", "page", "limit", "fields") or ENTITIES.filter_field(column) is None:
                continue
            statement = statement.where(self.crud.filter(ENTITIES, Actor(actor), column, value))
        return with_concept_links(kind, self.listed(statement, extras, relations=flag(query, "relations")))

    def children(self, actor, parent_id, parent_kind, kind, extras=False, key="parent_id"):
        """GET /data/sequences/{id}/shots, /data/episodes/{id}/sequences… (404 unknown container)."""
        self.check_entity(actor, self.entity(parent_id, (parent_kind,)))
        table = ENTITIES.table
        query = self.select(kind, with_names=extras).where(table.c[key] == parent_id)
        return self.listed(query.order_by(table.c.name), ("project_name", "sequence_name") if extras else ())

    def episode_shots(self, actor, episode_id):
        self.check_entity(actor, self.entity(episode_id, ("Episode",)))
        shot, sequence = ENTITIES.table, ENTITIES.table.alias("sequence")
        query = (self.select("Shot").join(sequence, sequence.c.id == shot.c.parent_id)
                 .where(sequence.c.parent_id == episode_id).order_by(sequence.c.name, shot.c.name))
        return self.listed(query)

    # -- single entities ----------------------------------------------------------------------
    def names(self, *ids):
        ids = [i for i in ids if i]
        if not ids:
            return {}
        table = ENTITIES.table
        return dict(self.session.execute(sa.select(table.c.id, table.c.name).where(table.c.id.in_(ids))).all())

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
            data = row["data"] or {}
            out.update(tasks=[], fps=data.get("fps"), frame_in=data.get("frame_in"),
                       frame_out=data.get("frame_out"))
        return out

    def asset(self, actor, asset_id):
        """GET /data/assets/{id}: Zou's shape, quirks included (empty strings for missing ids)."""
        row = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        type_row = self.crud.row(ENTITY_TYPES, row["entity_type_id"])
        links, episodes = ENTITY_LINKS.table, ENTITIES.table
        casting_episodes = self.session.execute(
            sa.select(links.c.entity_in_id).join(episodes, episodes.c.id == links.c.entity_in_id)
            .where(links.c.entity_out_id == row["id"], episodes.c.kind == "Episode")).scalars().all()
        out = self.answer(row, relations=True)
        for key in ("nb_frames", "source_id"):
            out.pop(key)
        out.update(preview_file_id=row["preview_file_id"] or "", ready_for=str(row["ready_for"]),
                   project_name=self.project(row["project_id"])["name"],
                   asset_type_id=type_row["id"], asset_type_name=type_row["name"],
                   episode_id=row["source_id"] or "", casting_episode_ids=casting_episodes, tasks=[])
        return out

    # -- asset types --------------------------------------------------------------------------
    def asset_types_query(self):
        table = ENTITY_TYPES.table
        return sa.select(table).where(table.c.name.not_in(TEMPORAL_KINDS))

    @staticmethod
    def asset_type_answer(row, relations=True):
        return {**ENTITY_TYPES.serialize(row, None, relations), "type": "AssetType"}

    def asset_types(self, actor, query):
        statement = self.asset_types_query()
        for key, value in query.items():
            if ENTITY_TYPES.filter_field(key) is not None:
                statement = statement.where(self.crud.filter(ENTITY_TYPES, Actor(actor), key, value))
        return [self.asset_type_answer(row) for row in self.session.execute(statement).mappings()]

    def asset_type(self, actor, type_id):
        row = self.crud.row(ENTITY_TYPES, type_id)
        if row["name"] in TEMPORAL_KINDS:
            self.entity(str(uuid.uuid4()))  # the same 404 as an unknown id
        return self.asset_type_answer(row)

    def types_of(self, entity_filter):
        types, entity = ENTITY_TYPES.table, ENTITIES.table
        query = self.asset_types_query().where(types.c.id.in_(
            sa.select(entity.c.entity_type_id).where(entity_filter))).order_by(types.c.name)
        return [self.asset_type_answer(row, relations=False) for row in self.session.execute(query).mappings()]

    def project_asset_types(self, actor, project_id):
        self.check_project(actor, project_id)
        entity = ENTITIES.table
        return self.types_of(sa.and_(entity.c.project_id == project_id, entity.c.kind == "Asset"))

    def shot_asset_types(self, actor, shot_id):
        row = self.check_entity(actor, self.entity(shot_id, ("Shot",)))
        return self.types_of(ENTITIES.table.c.id.in_(self.cast_ids(row["id"])))

    def cast_ids(self, entity_id):
        links = ENTITY_LINKS.table
        return sa.select(links.c.entity_out_id).where(links.c.entity_in_id == entity_id)

    def shot_assets(self, actor, shot_id):
        """GET /data/shots/{id}/assets: the assets cast in the shot."""
        row = self.check_entity(actor, self.entity(shot_id, ("Shot",)))
        table = ENTITIES.table
        return self.listed(self.select("Asset").where(table.c.id.in_(self.cast_ids(row["id"])))
                           .order_by(table.c.name))

    def linked_with_tasks(self, actor, entity_id):
        """GET /data/entities/{id}/entities-linked/with-tasks: the entities cast in this one.
        Tasks live in the tasks service: answered without task data (`tasks: []`)."""
        row = self.check_entity(actor, self.entity(entity_id))
        table, types = ENTITIES.table, ENTITY_TYPES.table
        query = (sa.select(table.c.id, table.c.name, table.c.preview_file_id, table.c.source_id,
                           table.c.entity_type_id, types.c.name.label("asset_type_name"))
                 .join(types, types.c.id == table.c.entity_type_id)
                 .where(table.c.id.in_(self.cast_ids(row["id"]))).order_by(table.c.name))
        return [{"id": r.id, "name": r.name, "preview_file_id": r.preview_file_id,
                 "episode_id": r.source_id, "asset_type_id": r.entity_type_id,
                 "asset_type_name": r.asset_type_name, "tasks": []}
                for r in self.session.execute(query)]

    # -- history from the event log -------------------------------------------------------------
    def shot_versions(self, actor, shot_id):
        """GET /data/shots/{id}/versions: one ShotVersion per update that changed the name or the
        data, read from the shot's own events (name as it was, data as it became), newest first."""
        row = self.check_entity(actor, self.entity(shot_id, ("Shot",)))
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
            query = query.where(table.c.project_id == str(body["project_id"]))
        limit = body.get("limit") if isinstance(body.get("limit"), int) else 3
        for row in self.session.execute(query.order_by(table.c.name)).mappings():
            bucket = results["assets" if row["kind"] == "Asset" else "shots"]
            if len(bucket) < limit:
                bucket.append(self.answer(row))
        return results

