"""What a playlist may show of an entity: the previews of its tasks, by task type, each revision
with the other files of the same revision."""
import sqlalchemy as sa

from shared.access import alive
from shared.application import UseCases, answers
from shared.serialization import isoformat

from ..models.preview_files import TABLE as PREVIEWS
from ..replicas import ACCESS, ENTITIES, TASK_TYPES, TASKS

SHOWN = ("id", "revision", "original_name", "extension", "width", "height", "duration", "status",
         "annotations", "task_id")
ORIGINALS = ("original_width", "original_height", "original_duration", "original_file_size")


def revision(row, others):
    data = row["data"] or {}
    return {**{key: row[key] for key in SHOWN}, "previews": others, "created_at": isoformat(row["created_at"]),
            **{key: data.get(key) for key in ORIGINALS}}


class PlaylistPreviewViews(UseCases):
    @answers("entity_playlist_previews")
    def of_entity(self, actor, entity_id):
        """GET /data/playlists/entities/{entity_id}/preview-files: {task_type_id: revisions,
        newest first}."""
        entity = ACCESS.row(self.session, ENTITIES, entity_id)
        ACCESS.check_entity_read(self.session, actor, entity)
        rows = self.session.execute(
            sa.select(PREVIEWS, TASKS.c.task_type_id).join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
            .outerjoin(TASK_TYPES, TASK_TYPES.c.id == TASKS.c.task_type_id)
            .where(TASKS.c.entity_id == entity["id"], *alive(TASKS))
            .order_by(TASK_TYPES.c.name, PREVIEWS.c.revision.desc(), PREVIEWS.c.position)).mappings()
        answer, firsts = {}, {}
        for row in rows:
            key = (row["task_id"], row["revision"])
            if key in firsts:
                firsts[key]["previews"].append({"id": row["id"], "revision": row["revision"],
                                                "extension": row["extension"], "status": row["status"],
                                                "annotations": row["annotations"]})
                continue
            firsts[key] = revision(row, [])
            answer.setdefault(row["task_type_id"], []).append(firsts[key])
        return answer
