"""Files attached to a task's comments: the gateway stores the uploaded bytes (gateway/files.py)
and passes their ids, names and sizes; this keeps their records and says which stored file a
download sends. The task and comment rows are the tasks service's (replicas.TasksRows); who may
act on them is shared/permissions.py's."""
import uuid

from eventlet import tpool

from shared import permissions
from shared.application import Model, answers
from shared.crud import Collection
from shared.crud.fields import Integer, String, Uuid
from shared.errors import Forbidden
from shared.eventstore import command
from shared.replicas import ATTACHMENT_SUMMARY
from shared.storage import STORE

from ..domain import AttachmentFile
from ..pictures import UnreadablePicture, store_fitted
from ..replicas import ACCESS, metadata
from ..rules import geometry
from ..rules.formats import PICTURES as THUMBNAILED
from ..uploads import remove_when_committed

ATTACHMENTS, THUMBNAILS = "files/attachments", "pictures/thumbnails"  # where their bytes are kept

ATTACHMENT_FILES = Collection("attachment-files", "AttachmentFile", AttachmentFile, "attachment_file", metadata, {
    "name": String(), "size": Integer(), "extension": String(), "mimetype": String(),
    "comment_id": Uuid(index=True), "reply_id": String(), "chat_message_id": Uuid(),
    "task_id": Uuid(hidden=True, protected=True, index=True),
    "project_id": Uuid(hidden=True, protected=True, index=True),
}, replicated=ATTACHMENT_SUMMARY + ("comment_id",))
ATTACHMENT_FILES.read_rule = "admin"  # Zou: the listing is the admin's; a file goes by its comment


class AttachmentFiles(Model):
    collection = ATTACHMENT_FILES

    @property
    def tasks(self):
        return self.platform.tasks_rows

    @answers("add_attachments")
    def add(self, actor, task_id, comment_id, body):
        """POST …/comments/{comment_id}/add-attachment (multipart `files`): 201 with a summary
        of each new attachment file (none without files, as Zou). A picture gets a 150x150
        thumbnail (GET /pictures/thumbnails/attachment-files/{id}.png)."""
        created = self.record(actor, task_id, comment_id, body)
        for attachment in created:
            if attachment["extension"] in THUMBNAILED:
                try:
                    tpool.execute(store_fitted, STORE.path(ATTACHMENTS, attachment["id"]),
                                  geometry.ATTACHMENT_THUMBNAIL, THUMBNAILS, attachment["id"])
                except UnreadablePicture:
                    pass  # a file named like a picture: kept, without a thumbnail
        return created

    @command
    def record(self, actor, task_id, comment_id, body):
        task, comment = self.tasks.task_and_comment(task_id, comment_id, missing=Forbidden)
        self.check_change(actor, task, comment)
        uploads = body.get("files", []) if isinstance(body, dict) else []
        created = []
        for upload in uploads:
            fields = ATTACHMENT_FILES.with_defaults({
                "name": upload["name"], "size": upload["size"], "extension": upload["extension"],
                "mimetype": upload["mimetype"], "comment_id": comment["id"],
                "task_id": task["id"], "project_id": task["project_id"]})
            self.crud.save(ATTACHMENT_FILES, AttachmentFile.create(fields, actor.id, id=upload["id"]))
            created.append({key: upload[key] for key in ("id", "name", "extension", "size")})
        return created

    @answers("delete_attachment")
    @command
    def remove(self, actor, task_id, comment_id, attachment_file_id):
        """DELETE /data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}."""
        task, comment = self.tasks.task_and_comment(task_id, comment_id, missing=Forbidden)
        row = self.crud.row(ATTACHMENT_FILES, attachment_file_id)
        if row["comment_id"] != comment["id"]:
            raise Forbidden()
        self.check_change(actor, task, comment)
        self.forget(actor.id, row)

    def forget(self, actor_id, row):
        """The row, and its file and thumbnail once that is committed (as Zou)."""
        record = self.app.repository.get(uuid.UUID(row["id"]))
        record.delete(actor_id)
        self.crud.save(ATTACHMENT_FILES, record)
        remove_when_committed((ATTACHMENTS, THUMBNAILS), row["id"])

    @answers("attachment_thumbnail")
    def thumbnail(self, actor, attachment_file_id):
        """GET /pictures/thumbnails/attachment-files/{id}.png, for who may read the file."""
        row = self.readable(actor, attachment_file_id)
        return {"id": row["id"], "stores": [THUMBNAILS], "mimetype": "image/png", "inline": True}

    @answers("attachment_file")
    def download(self, actor, attachment_file_id):
        """GET /data/attachment-files/{id}/file/{name}: which stored file the gateway sends."""
        row = self.readable(actor, attachment_file_id)
        return {"id": row["id"], "name": row["name"], "mimetype": row["mimetype"]}

    def get(self, actor, instance_id, query):
        return shown([self.readable(actor, instance_id)], self.tasks)[0]

    def check_change(self, actor, task, comment):
        """The comment's author, or a manager of the project."""
        permissions.check_attachment_access(actor, ACCESS.project(self.session, task["project_id"]), comment)

    def readable(self, actor, attachment_file_id):
        """The file's row (404 when unknown), for whoever may read its task (Zou's rule)."""
        row = self.crud.row(ATTACHMENT_FILES, attachment_file_id)
        ACCESS.check_task_access(self.session, actor, self.tasks.task(row["task_id"]))
        return row


def shown(rows, tasks):
    """Attachment rows as Zou shows them, with their comments (the tasks service's rows)."""
    comments = tasks.comments_by_id(row["comment_id"] for row in rows if row["comment_id"])
    return [{**ATTACHMENT_FILES.serialize(row), "comment": comments.get(row["comment_id"]),
             "chat_message": None} for row in rows]
