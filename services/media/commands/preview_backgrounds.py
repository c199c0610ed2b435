"""The files of preview backgrounds (the review player's HDR environments, /data/preview-background-
files rows): POST /pictures/preview-background-files/{id} (admins, multipart `file`): an .hdr file
is kept in pictures/preview-backgrounds and its 300x200 thumbnail in pictures/thumbnails; any other
file removes the background, as Zou does, and answers 400. The file and the thumbnail are read by
anyone logged in; Zou answers no upload of the thumbnail alone."""
import uuid

from eventlet import tpool

from shared import permissions
from shared.application import UseCases, answers
from shared.errors import ApiError, NotFound, WrongParameter
from shared.eventstore import command
from shared.storage import STORE

from ..models.catalogues import PREVIEW_BACKGROUND_FILES
from ..pictures import UnreadablePicture, store_hdr_thumbnail
from ..rules import geometry
from ..rules.formats import WRONG_FORMAT, original_name
from ..uploads import UPLOADS, the_file

BACKGROUNDS, THUMBNAILS = "pictures/preview-backgrounds", "pictures/thumbnails"
MIMETYPES = {"hdr": "image/vnd.radiance"}  # the extensions a background may have
NOT_ALLOWED = {"error": True, "message": "The method is not allowed for the requested URL."}


class PreviewBackgrounds(UseCases):
    @answers("upload_preview_background")
    def upload(self, actor, instance_id, body):
        """201: the background with its file's extension, original name and size."""
        permissions.allow(actor.is_admin)
        row = self.crud.row(PREVIEW_BACKGROUND_FILES, instance_id)
        with the_file(body) as upload:
            if upload["extension"] not in MIMETYPES:
                self.remove(actor, row["id"])
                raise WrongParameter(f"{WRONG_FORMAT}, extension: {upload['extension']}")
            try:
                tpool.execute(store_hdr_thumbnail, STORE.path(UPLOADS, upload["id"]),
                              geometry.BACKGROUND_THUMBNAIL, THUMBNAILS, row["id"])
            except UnreadablePicture:
                self.remove(actor, row["id"])
                raise WrongParameter(f"Error while saving preview background file and thumbnail: {row['id']}") \
                    from None
            STORE.move(UPLOADS, upload["id"], BACKGROUNDS, row["id"])
            changes = {"extension": upload["extension"], "original_name": original_name(upload["name"]),
                       "file_size": upload["size"]}
        return self.save(actor, row, changes)

    @command
    def save(self, actor, row, changes):
        record = self.app.repository.get(uuid.UUID(row["id"]))
        record.add_file(changes, actor.id)
        return PREVIEW_BACKGROUND_FILES.serialize({**row, **(self.crud.save(PREVIEW_BACKGROUND_FILES, record) or {})})

    @command
    def remove(self, actor, background_id):
        record = self.app.repository.get(uuid.UUID(background_id))
        record.delete(actor.id)
        self.crud.save(PREVIEW_BACKGROUND_FILES, record)

    @answers("preview_background_file")
    def file(self, instance_id, extension):
        """GET /pictures/preview-background-files/{id}.{extension}: the file, by its own extension."""
        row = self.crud.row(PREVIEW_BACKGROUND_FILES, instance_id)
        if not row["extension"] or extension.lower() != row["extension"]:
            raise NotFound()
        return {"id": row["id"], "stores": [BACKGROUNDS], "inline": True,
                "name": f"{row['original_name']}.{row['extension']}",
                "mimetype": MIMETYPES.get(row["extension"], "application/octet-stream")}

    @answers("preview_background_thumbnail")
    def thumbnail(self, instance_id):
        """GET /pictures/thumbnails/preview-background-files/{id}.png."""
        row = self.crud.row(PREVIEW_BACKGROUND_FILES, instance_id)
        return {"id": row["id"], "stores": [THUMBNAILS], "mimetype": "image/png", "inline": True}

    @answers("upload_preview_background_thumbnail")
    def no_thumbnail_upload(self):
        """POST on the thumbnail: Zou has no such upload (its handler fails)."""
        raise ApiError(NOT_ALLOWED, 405)
