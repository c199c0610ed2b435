"""A playlist as the review player loads it (each entry with the previews of its entity, by task
type and revision; the playlist's build jobs), and every playlist of a production (admins)."""
import math

import sqlalchemy as sa

from shared import config, permissions
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import integer
from shared.errors import Forbidden, NotFound
from shared.serialization import isoformat

from ..models.build_jobs import BUILD_JOBS, summary
from ..models.playlists import PLAYLISTS
from ..models.preview_files import TABLE as PREVIEWS
from ..replicas import ACCESS, TASK_TYPES, TASKS
from ..rules.file_requests import as_uuid

SHOWN = ("id", "revision", "extension", "width", "height", "duration", "status", "task_id")


def entry_entity_id(entry):
    return entry.get("id") or entry.get("shot_id") or entry.get("entity_id")


def by_revision(previews):
    """The previews of a task type, one per revision (newest first): the others of the same
    revision in its `previews`."""
    firsts = {}
    for preview in previews:
        if preview["revision"] in firsts:
            firsts[preview["revision"]]["previews"].append(preview)
        else:
            firsts[preview["revision"]] = {**preview, "previews": []}
    return list(firsts.values())


class PlaylistViews(UseCases):
    def project(self, project_id):
        if as_uuid(project_id) is None:
            raise NotFound()
        return ACCESS.project(self.session, project_id)

    @answers("project_playlist")
    def playlist(self, actor, project_id, playlist_id):
        """GET /data/projects/{project_id}/playlists/{playlist_id}: the playlist of that project
        (vendors never learn which ids are), its entries with their entities' previews."""
        project = self.project(project_id)
        permissions.check_project_access(actor, project)
        permissions.block_vendors(actor, project)
        row = self.crud.row(PLAYLISTS, playlist_id) if as_uuid(playlist_id) else None
        if row is None or row["project_id"] != project["id"]:
            raise NotFound()
        permissions.check_playlist_read(actor, project, row)
        jobs = BUILD_JOBS.table
        playlist = PLAYLISTS.serialize(row)
        playlist["build_jobs"] = [summary(job) for job in self.session.execute(
            sa.select(jobs).where(jobs.c.playlist_id == row["id"]).order_by(jobs.c.created_at.desc())).mappings()]
        playlist["shots"] = self.with_previews([dict(entry) for entry in row["shots"] or [] if isinstance(entry, dict)])
        return playlist

    def with_previews(self, entries):
        """Each entry with its entity's previews {task type id: revisions}, and the details of
        the preview it shows (none when that preview is gone)."""
        for entry in entries:
            entry.setdefault("id", entry_entity_id(entry))
        rows = self.session.execute(
            sa.select(*[PREVIEWS.c[key] for key in SHOWN], PREVIEWS.c.created_at, TASKS.c.entity_id,
                      TASKS.c.task_type_id)
            .join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
            .outerjoin(TASK_TYPES, TASK_TYPES.c.id == TASKS.c.task_type_id)
            .where(TASKS.c.entity_id.in_({entry["id"] for entry in entries if as_uuid(entry["id"])}))
            .order_by(TASK_TYPES.c.name, PREVIEWS.c.revision.desc(), PREVIEWS.c.position, PREVIEWS.c.created_at)
        ).mappings()
        grouped, shown = {}, {}
        for row in rows:
            preview = {**{key: row[key] for key in SHOWN}, "duration": float(row["duration"] or 0),
                       "created_at": isoformat(row["created_at"])}
            grouped.setdefault(row["entity_id"], {}).setdefault(row["task_type_id"], []).append(preview)
            shown[row["id"]] = preview
        previews = {entity_id: {task_type_id: by_revision(revisions) for task_type_id, revisions in task_types.items()}
                    for entity_id, task_types in grouped.items()}
        for entry in entries:
            entry["preview_files"] = previews.get(entry["id"], [])
            preview = shown.get(entry.get("preview_file_id"))
            if preview is None:
                entry.pop("preview_file_id", None)
                continue
            entry.update({f"preview_file_{key}": preview[key] for key in SHOWN if key != "id"})
            entry["preview_file_previews"] = preview.get("previews", [])
        return entries

    @answers("project_all_playlists")
    def every_playlist(self, actor, project_id, query):
        """GET /data/projects/{project_id}/playlists/all (admins): whole rows; with ?page, a page
        of NB_RECORDS_PER_PAGE."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        project = self.project(project_id)
        table = PLAYLISTS.table
        statement = sa.select(table).where(table.c.project_id == project["id"]).order_by(table.c.created_at, table.c.id)
        page, limit = integer(query, "page", -1), config.NB_RECORDS_PER_PAGE
        if page < 1:
            return self.with_build_jobs(self.session.execute(statement).mappings().all())
        total = self.session.execute(sa.select(sa.func.count()).select_from(statement.subquery())).scalar()
        offset = (page - 1) * limit
        rows = self.session.execute(statement.offset(offset).limit(limit)).mappings().all() if offset < total else []
        return {"data": self.with_build_jobs(rows), "total": total, "nb_pages": math.ceil(total / limit),
                "limit": limit, "offset": offset, "page": page}

    def with_build_jobs(self, rows):
        """The playlists as whole rows, their build jobs' ids among them."""
        jobs = BUILD_JOBS.table
        job_ids = {}
        for playlist_id, job_id in self.session.execute(sa.select(jobs.c.playlist_id, jobs.c.id).where(
                jobs.c.playlist_id.in_([row["id"] for row in rows])).order_by(jobs.c.created_at)):
            job_ids.setdefault(playlist_id, []).append(job_id)
        return [{**PLAYLISTS.serialize(row, relations=True), "build_jobs": job_ids.get(row["id"], [])} for row in rows]
