"""Which stored file a preview route sends: the gateway sends it (conditional, ranged, cached
privately: gateway/files.py), the service says whether the caller may have it and where it is."""
import mimetypes

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.errors import NotFound

from ..models.preview_files import PREVIEW_FILES
from ..replicas import ACCESS, ENTITIES, PROJECTS, TASK_TYPES
from ..rules.names import download_name

# the stores tried in order for each movie route (Zou: high-def, low-def, then the uploaded source)
MOVIE_STORES = {"movies/previews": ["movies/previews", "movies/lowdef", "movies/source"],
                "movies/lowdef": ["movies/lowdef", "movies/previews", "movies/source"],
                "movies/source": ["movies/source"]}


class PreviewDownloads(UseCases):
    def readable(self, actor, preview_file_id):
        """The preview's row and task, for who may read the task's previews."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        task = self.platform.tasks_rows.task(row["task_id"])
        permissions.check_preview_read(actor, ACCESS.project(self.session, task["project_id"]), task)
        return row, task

    @answers("preview_picture")
    def picture(self, actor, preview_file_id, store):
        """/pictures/{originals,previews,thumbnails,thumbnails-square}/preview-files/{id}.png and
        /movies/tiles/preview-files/{id}.png."""
        row, _ = self.readable(actor, preview_file_id)
        return {"id": row["id"], "stores": [store], "mimetype": "image/png", "inline": True}

    @answers("preview_file_original")
    def original(self, actor, preview_file_id, extension):
        """/pictures/originals/preview-files/{id}.{extension}: the picture, or the file as uploaded."""
        row, _ = self.readable(actor, preview_file_id)
        if extension == "png" or row["extension"] == "png":
            return {"id": row["id"], "stores": ["pictures/original"], "mimetype": "image/png", "inline": True}
        if extension != row["extension"]:
            raise NotFound()
        return {"id": row["id"], "stores": ["files/previews"], "inline": True,
                "mimetype": mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream"}

    @answers("preview_movie")
    def movie(self, actor, preview_file_id, store):
        """/movies/{originals,low,source}/preview-files/{id}.mp4 (ranged: a player seeks)."""
        row, _ = self.readable(actor, preview_file_id)
        return {"id": row["id"], "stores": MOVIE_STORES[store], "mimetype": "video/mp4", "inline": True}

    @answers("preview_download")
    def download(self, actor, preview_file_id, store):
        """…/preview-files/{id}/download: as an attachment named after the shot or asset."""
        row, task = self.readable(actor, preview_file_id)
        movie = store.startswith("movies/")
        extension = "mp4" if movie else row["extension"]
        stores = MOVIE_STORES[store] if movie else [store if extension == "png" else "files/previews"]
        return {"id": row["id"], "stores": stores, "name": download_name(self.names(task), row, extension),
                "mimetype": mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream"}

    def names(self, task):
        """The project's, the entity's parent's and the entity's and the task type's names."""
        parent = ENTITIES.alias("parent")
        found = self.session.execute(
            sa.select(PROJECTS.c.name, parent.c.name, ENTITIES.c.name, TASK_TYPES.c.name)
            .select_from(ENTITIES).outerjoin(parent, parent.c.id == ENTITIES.c.parent_id)
            .join(PROJECTS, PROJECTS.c.id == task["project_id"])
            .outerjoin(TASK_TYPES, TASK_TYPES.c.id == task["task_type_id"])
            .where(ENTITIES.c.id == task["entity_id"])).first()
        return [name for name in (found or ()) if name]
