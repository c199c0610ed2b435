"""POST /pictures/preview-files/{id}: the file of a preview. The gateway has streamed it to the
store (files/uploads); by its extension it becomes the picture variants (Pillow, in an OS thread,
answered ready as Zou does), a movie for the job workers (answered processing), or a file kept
as is. A wrong format removes the preview (Zou) and answers 400."""
import uuid

from eventlet import tpool

from shared.application import UseCases, answers
from shared.errors import NotFound, WrongParameter
from shared.eventstore import command
from shared.storage import STORE

from ..models.preview_files import PREVIEW_FILES, shown
from ..pictures import UnreadablePicture, process_picture
from ..replicas import ACCESS
from ..rules.formats import WRONG_FORMAT, kind_of, original_name

UPLOADS = "files/uploads"  # where the gateway stages uploads (gateway/routes/media.py)
MOVIE_SOURCE = "movies/source"
OTHER_FILES = "files/previews"
ALREADY_UPLOADED = "The browser (or proxy) sent a request that this server could not understand."


class PreviewUploads(UseCases):
    @answers("upload_preview_file")
    def upload(self, actor, preview_file_id, body, query):
        row = self.checked(actor, preview_file_id)
        files = (body or {}).get("files") or []
        if not files:
            raise NotFound()  # Zou: no `file` part
        upload = files[0]
        kind = kind_of(upload["extension"])
        if kind is None:
            self.remove(actor, row["id"])
            raise WrongParameter(f"{WRONG_FORMAT}, extension: {upload['extension']}")
        changes = {"original_name": original_name(upload["name"]), "file_size": upload["size"]}
        if kind == "picture":
            self.session.rollback()  # no connection held while Pillow works (8 uploads: the whole pool)
            try:
                sizes = tpool.execute(process_picture, STORE.path(UPLOADS, upload["id"]), row["id"])
            except UnreadablePicture:
                self.remove(actor, row["id"])
                raise WrongParameter(f"{WRONG_FORMAT}, extension: {upload['extension']}") from None
            finally:
                STORE.remove(UPLOADS, upload["id"])
            return self.save(actor, row, {**changes, **sizes, "extension": "png", "status": "ready"})
        if kind == "movie":
            STORE.move(UPLOADS, upload["id"], MOVIE_SOURCE, row["id"])
            normalize = str(query.get("normalize", "true")).lower() != "false"
            return self.save_movie(actor, row, {**changes, "extension": "mp4", "status": "processing"}, normalize)
        STORE.move(UPLOADS, upload["id"], OTHER_FILES, row["id"])
        return self.save(actor, row, {**changes, "extension": upload["extension"], "status": "ready"})

    def checked(self, actor, preview_file_id):
        """The preview, for who may act on its task; one file per preview (Zou: 400 again)."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        ACCESS.check_task_action_access(self.session, actor, self.platform.tasks_rows.task(row["task_id"]))
        if row["original_name"]:
            raise WrongParameter(ALREADY_UPLOADED)
        return row

    @command
    def save(self, actor, row, changes):
        record = self.app.repository.get(uuid.UUID(row["id"]))
        record.update(changes, actor.id)
        return shown({**row, **(self.crud.save(PREVIEW_FILES, record) or {})})

    @command
    def save_movie(self, actor, row, changes, normalize):
        record = self.app.repository.get(uuid.UUID(row["id"]))
        record.upload_movie(changes, normalize, actor.id)
        return shown({**row, **(self.crud.save(PREVIEW_FILES, record) or {})})

    @command
    def remove(self, actor, preview_file_id):
        record = self.app.repository.get(uuid.UUID(preview_file_id))
        record.delete(actor.id)
        self.crud.save(PREVIEW_FILES, record)
