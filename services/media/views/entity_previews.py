"""The previews of an entity's tasks: by task type, each revision with the other files of the same
revision (what a playlist may show), or as one flat list; and the previews still processing."""
import sqlalchemy as sa

from shared.access import alive
from shared.application import UseCases, answers
from shared.serialization import isoformat

from ..models.preview_files import PREVIEW_FILES, TABLE as PREVIEWS
from ..replicas import ACCESS, ENTITIES, PROJECTS, TASK_TYPES, TASKS

LISTED = ("id", "name", "original_name", "extension", "revision", "position", "file_size", "status",
          "validation_status", "task_id", "person_id", "token_in", "token_out")
SHOWN = ("id", "revision", "original_name", "extension", "width", "height", "duration", "status",
         "annotations", "task_id")
ORIGINALS = ("original_width", "original_height", "original_duration", "original_file_size")


def revision(row, others):
    data = row["data"] or {}
    return {**{key: row[key] for key in SHOWN}, "previews": others, "created_at": isoformat(row["created_at"]),
            **{key: data.get(key) for key in ORIGINALS}}


class EntityPreviewViews(UseCases):
    def previews(self, actor, entity_id):
        """The entity's previews (for who may read the entity), by task type name, newest
        revision first."""
        entity = ACCESS.row(self.session, ENTITIES, entity_id)
        ACCESS.check_entity_read(self.session, actor, entity)
        return self.session.execute(
            sa.select(PREVIEWS, TASKS.c.task_type_id).join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
            .outerjoin(TASK_TYPES, TASK_TYPES.c.id == TASKS.c.task_type_id)
            .where(TASKS.c.entity_id == entity["id"], *alive(TASKS))
            .order_by(TASK_TYPES.c.name, PREVIEWS.c.revision.desc(), PREVIEWS.c.position)).mappings()

    @answers("entity_preview_files")
    def listed(self, actor, entity_id):
        """GET /data/entities/{entity_id}/preview-files."""
        return [{**{key: row[key] for key in LISTED}, "created_at": isoformat(row["created_at"])}
                for row in self.previews(actor, entity_id)]

    @answers("entity_previews_by_task_type")
    def by_task_type(self, actor, entity_id):
        """GET /data/playlists/entities/{entity_id}/preview-files, /data/shots/{id}/preview-files
        (and edits', concepts'): {task_type_id: revisions, newest first}."""
        answer, firsts = {}, {}
        for row in self.previews(actor, entity_id):
            key = (row["task_id"], row["revision"])
            if key in firsts:
                firsts[key]["previews"].append({"id": row["id"], "revision": row["revision"],
                                                "extension": row["extension"], "status": row["status"],
                                                "annotations": row["annotations"]})
                continue
            firsts[key] = revision(row, [])
            answer.setdefault(row["task_type_id"], []).append(firsts[key])
        return answer

    @answers("running_preview_files")
    def running(self, actor):
        """GET /data/playlists/preview-files/running: uploaded previews still being processed, in
        the caller's projects (admins: all)."""
        condition = (PREVIEWS.c.status == "processing") & PREVIEWS.c.original_name.is_not(None)
        if not actor.is_admin:
            condition = condition & PREVIEWS.c.project_id.in_(
                sa.select(PROJECTS.c.id).where(PROJECTS.c.team.any(actor.id)))
        rows = self.session.execute(sa.select(PREVIEWS).where(condition).order_by(PREVIEWS.c.created_at))
        return [PREVIEW_FILES.serialize(row) for row in rows.mappings()]
