"""POST /data/projects/{project_id}/playlists/temp: a playlist made on the fly, stored nowhere
(Zou's "temporary playlist"): one entry per task asked for, or per entity asked for (its task
whose preview is the newest), each showing its task type's newest revision."""
import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.crud.store import flag

from ..models.preview_files import TABLE as PREVIEWS
from ..replicas import ACCESS, ENTITIES, ENTITY_TYPES, TASKS
from ..rules.playlists import id_lists, temp_sort_key
from .entity_previews import EntityPreviewViews
from .playlists import PlaylistViews

PARENT_KIND = {"Shot": "sequence", "Sequence": "episode", "Edit": "episode", "Episode": None}
SHOWN = ("id", "extension", "width", "height", "duration", "revision", "status")


class TempPlaylists(UseCases):
    @answers("temp_playlist")
    def temp_playlist(self, actor, project_id, body, query):
        """Entries in the order asked for, or sorted with ?sort=true."""
        project = self.platform.part(PlaylistViews).project(project_id)
        permissions.check_project_access(actor, project)
        asked = id_lists(body, "task_ids", "entity_ids")
        task_ids = asked["task_ids"] + [task_id for task_id in map(self.reviewed_task, asked["entity_ids"]) if task_id]
        tasks = [self.platform.tasks_rows.task(task_id) for task_id in task_ids]
        for task in tasks:
            ACCESS.check_task_access(self.session, actor, task)
        entries = [self.entry(actor, task) for task in tasks]
        return sorted(entries, key=temp_sort_key) if flag(query, "sort") else entries

    def reviewed_task(self, entity_id):
        """The entity's task whose preview is the newest (None when none has one)."""
        return self.session.execute(
            sa.select(TASKS.c.id).join(PREVIEWS, PREVIEWS.c.task_id == TASKS.c.id)
            .where(TASKS.c.entity_id == entity_id, TASKS.c.replica_deleted.is_(False))
            .order_by(PREVIEWS.c.created_at.desc()).limit(1)).scalar()

    def entry(self, actor, task):
        """The task's entity as a playlist entry, with its previews and the one it shows: its
        task type's newest revision, else the newest of another task type."""
        entry = self.entity_entry(task["entity_id"], task["id"])
        previews = self.platform.part(EntityPreviewViews).by_task_type(actor, task["entity_id"])
        shown = previews.get(task["task_type_id"]) or next(iter(previews.values()), None)
        if shown:
            preview = shown[0]
            entry.update({f"preview_file_{key}": preview[key] for key in SHOWN})
            entry.update(preview_file_annotations=preview["annotations"] or [],
                         preview_file_previews=preview["previews"])
        entry["preview_files"] = previews
        return entry

    def entity_entry(self, entity_id, task_id):
        """{id, name, preview_file_task_id, parent_name, and the episode, sequence and asset type
        ids and names (empty when they do not apply)}: a shot's parent is its sequence, a
        sequence's or an edit's its episode, an asset's its type."""
        entity = ACCESS.row(self.session, ENTITIES, entity_id)
        kind = self.session.execute(sa.select(ENTITY_TYPES.c.name).where(
            ENTITY_TYPES.c.id == entity["entity_type_id"])).scalar()
        entry = {"id": entity["id"], "name": entity["name"], "preview_file_task_id": task_id, "parent_name": "",
                 **{f"{parent}_{key}": "" for parent in ("episode", "sequence", "asset_type")
                    for key in ("id", "name")}}
        if kind not in PARENT_KIND:
            parent, parent_id, parent_name = "asset_type", entity["entity_type_id"], kind
        else:
            parent, parent_id = PARENT_KIND[kind], entity["parent_id"]
            parent_name = parent_id and self.session.execute(sa.select(ENTITIES.c.name).where(
                ENTITIES.c.id == parent_id)).scalar()
        if parent and parent_name:
            entry.update({"parent_name": parent_name, f"{parent}_id": parent_id, f"{parent}_name": parent_name})
        return entry
