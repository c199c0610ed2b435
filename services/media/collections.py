"""The media read model: preview files (one row per published revision of a task's work) and the
files attached to comments.

Their comment and project are kept hidden: the tasks service learns from `row.preview_file` and
`row.attachment_file` which comment shows which files; the project scopes the project's listings."""
import sqlalchemy as sa

from shared.crud import Collection
from shared.crud.fields import Boolean, Choice, Float, Integer, Json, String, Uuid
from shared.replicas import ATTACHMENT_SUMMARY, PREVIEW_SUMMARY

from .domain import AttachmentFile, PreviewFile

metadata = sa.MetaData()

PREVIEW_FILES = Collection("preview-files", "PreviewFile", PreviewFile, "preview_file", metadata, {
    "name": String(), "original_name": String(), "revision": Integer(default=1),
    "position": Integer(default=1), "extension": String(), "description": String(),
    "path": String(), "source": String(), "file_size": Integer(default=0),
    "status": Choice(("processing", "ready", "broken", "missing"), default="processing"),
    "validation_status": Choice(("validated", "rejected", "neutral"), default="neutral"),
    "annotations": Json(), "width": Integer(default=0), "height": Integer(default=0),
    "duration": Float(default=0.0), "task_id": Uuid(index=True), "person_id": Uuid(),
    "source_file_id": Uuid(), "shotgun_id": Integer(), "is_movie": Boolean(default=False),
    "url": String(), "uploaded_movie_url": String(), "uploaded_movie_name": String(), "data": Json(),
    "token_in": String(), "token_out": String(),
    "comment_id": Uuid(hidden=True, protected=True, index=True),
    "project_id": Uuid(hidden=True, protected=True, index=True),
}, replicated=PREVIEW_SUMMARY + ("comment_id",))
# Listing all previews is left to admins (Zou scopes it to the caller's projects and tasks, which
# media doesn't know); one preview goes by its task (MediaService.crud_get)
PREVIEW_FILES.read_rule = "admin"

ATTACHMENT_FILES = Collection("attachment-files", "AttachmentFile", AttachmentFile, "attachment_file", metadata, {
    "name": String(), "size": Integer(), "extension": String(), "mimetype": String(),
    "comment_id": Uuid(index=True), "reply_id": String(), "chat_message_id": Uuid(),
    "task_id": Uuid(hidden=True, protected=True, index=True),
    "project_id": Uuid(hidden=True, protected=True, index=True),
}, replicated=ATTACHMENT_SUMMARY + ("comment_id",))
ATTACHMENT_FILES.read_rule = "admin"  # Zou: the listing is the admin's; a file goes by its comment

COLLECTIONS = [PREVIEW_FILES, ATTACHMENT_FILES]
