"""Playlists: the shots (or assets) a review session plays, each with the preview it shows,
kept as Zou does in the playlist itself (`shots`: [{entity_id, preview_file_id}]).
Read by the project's team (clients: the playlists made for them); made and changed by its
managers and supervisors. Their movies are built by build jobs (models/build_jobs.py), which go
with the playlist."""
import uuid

import sqlalchemy as sa

from shared import db, permissions
from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Json, String, Uuid
from shared.crud.store import integer, parse_id
from shared.errors import NotFound, WrongParameter
from shared.eventstore import command
from shared.storage import STORE

from ..domain import Playlist
from ..replicas import ACCESS, ENTITIES, TASKS, metadata
from ..rules.file_requests import as_uuid
from ..rules.playlists import UNKNOWN_ENTITY, requested_entities, with_entries
from .build_jobs import BUILD_JOBS, MOVIES
from .preview_files import TABLE as PREVIEWS

PAGE_SIZE = 20  # Zou's playlists per page


class PlaylistCollection(Collection):
    def project_of(self, project_id):
        return ACCESS.project(db.current_session(), project_id)

    def check_get(self, actor, row):
        permissions.check_playlist_read(actor, self.project_of(row["project_id"]), row)

    def check_create(self, actor, data):
        self.check_change(actor, data.get("project_id"))

    def check_update(self, actor, row, changes):
        self.check_change(actor, row["project_id"])

    def check_delete(self, actor, row):
        self.check_change(actor, row["project_id"])

    def check_change(self, actor, project_id):
        if not project_id:
            raise WrongParameter("project_id is required")
        project = self.project_of(project_id)
        if not permissions.has_role(actor, project, permissions.MANAGER, permissions.SUPERVISOR):
            permissions.check_manager_project_access(actor, project)

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        return query.where(self.table.c.project_id.in_(
            sa.select(ACCESS.projects.c.id).where(ACCESS.projects.c.team.any(actor.id))))


PLAYLISTS = PlaylistCollection("playlists", "Playlist", Playlist, "playlist", metadata, {
    "name": String(nullable=False), "shots": Json(), "project_id": Uuid(index=True, references="project_replica"),
    "episode_id": Uuid(index=True), "task_type_id": Uuid(), "for_client": Boolean(default=False),
    "for_entity": String(default="shot"), "is_for_all": Boolean(default=False), "created_by": Uuid(protected=True),
}, unique_together=[("name", "project_id", "episode_id")])


def found(crud, collection, row_id):
    """The row a path names; 404 for anything else (Zou: a malformed id is not found either)."""
    if as_uuid(row_id) is None:
        raise NotFound()
    return crud.row(collection, row_id)


class Playlists(Model):
    collection = PLAYLISTS

    def get(self, actor, instance_id, query):
        got = super().get(actor, instance_id, query)
        return {**got, "build_jobs": self.build_job_ids(got["id"])}

    def build_job_ids(self, playlist_id):
        jobs = BUILD_JOBS.table
        return list(self.session.execute(sa.select(jobs.c.id).where(jobs.c.playlist_id == playlist_id)
                                         .order_by(jobs.c.created_at)).scalars())

    @command
    def create(self, actor, body):
        body = {**body, "created_by": Actor(actor).id} if isinstance(body, dict) else body
        created = self.crud.create(PLAYLISTS.name, actor, body)
        return {**created, "build_jobs": []}

    def delete(self, actor, instance_id, query):
        """The playlist with its build jobs, then their movies (once that is committed)."""
        for job_id in self.remove(actor, instance_id, query):
            STORE.remove(MOVIES, job_id)

    @command
    def remove(self, actor, instance_id, query):
        row = self.crud.row(PLAYLISTS, instance_id)
        PLAYLISTS.check_delete(Actor(actor), row)
        job_ids = self.build_job_ids(row["id"])
        for job_id in job_ids:
            record = self.app.repository.get(uuid.UUID(job_id))
            record.delete(Actor(actor).id)
            self.crud.save(BUILD_JOBS, record)
        self.crud.delete(PLAYLISTS.name, actor, row["id"], query)
        return job_ids

    @answers("project_playlists")
    def of_project(self, actor, project_id, query):
        """GET /data/projects/{project_id}/playlists: newest first, without their shots."""
        return self.listing(actor, project_id, PLAYLISTS.table.c.project_id == parse_id(project_id), query)

    @answers("episode_playlists")
    def of_episode(self, actor, project_id, episode_id, query):
        """GET /data/projects/{project_id}/episodes/{episode_id}/playlists ("main": none)."""
        table = PLAYLISTS.table
        episode = table.c.episode_id.is_(None) if episode_id in ("main", "all") else table.c.episode_id == parse_id(episode_id)
        return self.listing(actor, project_id, (table.c.project_id == parse_id(project_id)) & episode, query)

    def listing(self, actor, project_id, condition, query):
        project = PLAYLISTS.project_of(project_id)
        permissions.check_project_access(actor, project)
        table = PLAYLISTS.table
        if permissions.project_role(actor, project) == permissions.CLIENT:
            condition = condition & table.c.for_client.is_(True)
        statement = sa.select(table).where(condition).order_by(table.c.updated_at.desc())
        page = integer(query, "page", 0)
        if page > 0:
            statement = statement.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        return [{key: value for key, value in PLAYLISTS.serialize(row).items() if key != "shots"}
                for row in self.session.execute(statement).mappings()]

    # -- entries ----------------------------------------------------------------------------------
    @answers("add_entity_to_playlist")
    def add_entity(self, actor, playlist_id, body):
        """POST /actions/playlists/{playlist_id}/add-entity {entity_id, preview_file_id?}."""
        return self.add(actor, playlist_id, body, single=True)

    @answers("add_entities_to_playlist")
    def add_entities(self, actor, playlist_id, body):
        """POST /actions/playlists/{playlist_id}/add-entities {entities: [{entity_id,
        preview_file_id?}]}."""
        return self.add(actor, playlist_id, body, single=False)

    @command
    def add(self, actor, playlist_id, body, single):
        """Append the (entity, preview) entries the playlist lacks (an entity may come back with
        another preview): `playlist:add_entity` for each. A preview of another entity, or none,
        is the entity's newest (of the playlist's task type when it has one)."""
        row = found(self.crud, PLAYLISTS, playlist_id)
        permissions.check_playlist_change(actor, PLAYLISTS.project_of(row["project_id"]), row)
        couples = requested_entities(body, single)
        entity_ids = {entity_id for entity_id, _ in couples}
        known = set(self.session.execute(sa.select(ENTITIES.c.id).where(
            ENTITIES.c.id.in_(entity_ids), ENTITIES.c.project_id == row["project_id"],
            ENTITIES.c.replica_deleted.is_(False))).scalars())
        if known != entity_ids:
            raise WrongParameter(UNKNOWN_ENTITY)
        owners = self.preview_owners({preview_id for _, preview_id in couples if preview_id})
        couples = [(entity_id, preview_id if owners.get(preview_id) == entity_id else None)
                   for entity_id, preview_id in couples]
        newest = self.newest_previews({entity_id for entity_id, preview_id in couples if not preview_id},
                                      row["task_type_id"])
        couples = [(entity_id, preview_id or newest.get(entity_id)) for entity_id, preview_id in couples]
        shots, added = with_entries(row["shots"], couples)
        if added:
            record = self.app.repository.get(uuid.UUID(row["id"]))
            record.add_entities(shots, added, Actor(actor).id)
            row.update(self.crud.save(PLAYLISTS, record) or {})
        return PLAYLISTS.serialize(row)

    def preview_owners(self, preview_ids):
        """{preview id: its task's entity id}."""
        if not preview_ids:
            return {}
        return dict(self.session.execute(
            sa.select(PREVIEWS.c.id, TASKS.c.entity_id).join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
            .where(PREVIEWS.c.id.in_(preview_ids))).all())

    def newest_previews(self, entity_ids, task_type_id=None):
        """{entity id: its preview of the highest revision (the newest of it)}."""
        if not entity_ids:
            return {}
        statement = (sa.select(TASKS.c.entity_id, PREVIEWS.c.id).join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
                     .where(TASKS.c.entity_id.in_(entity_ids))
                     .order_by(TASKS.c.entity_id, PREVIEWS.c.revision.desc(), PREVIEWS.c.created_at.desc()))
        if task_type_id:
            statement = statement.where(TASKS.c.task_type_id == task_type_id)
        newest = {}
        for entity_id, preview_id in self.session.execute(statement):
            newest.setdefault(entity_id, preview_id)
        return newest
