"""Files attached to a task's comments: the gateway stores the uploaded bytes (gateway/files.py)
and passes their ids, names and sizes; this keeps their records, lists them and says which
stored file a download sends. The task and comment rows are the tasks service's (the service
gives them, from its replicas); who may act on them is shared/permissions.py's."""
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden
from shared.eventstore import command

from .collections import ACCESS, ATTACHMENT_FILES
from .domain import AttachmentFile

TABLE = ATTACHMENT_FILES.table


class Attachments(UseCases):
    @command
    def add(self, actor, task, comment, body):
        """POST …/comments/{comment_id}/add-attachment (multipart `files`): 201 with a summary
        of each new attachment file (none without files, as Zou)."""
        self.check_change(actor, task, comment)
        uploads = body.get("files", []) if isinstance(body, dict) else []
        actor_id = Actor(actor).id
        created = []
        for upload in uploads:
            fields = ATTACHMENT_FILES.with_defaults({
                "name": upload["name"], "size": upload["size"], "extension": upload["extension"],
                "mimetype": upload["mimetype"], "comment_id": comment["id"],
                "task_id": task["id"], "project_id": task["project_id"]})
            self.crud.save(ATTACHMENT_FILES, AttachmentFile.create(fields, actor_id, id=upload["id"]))
            created.append({key: upload[key] for key in ("id", "name", "extension", "size")})
        return created

    @command
    def delete(self, actor, task, comment, attachment_file_id):
        """DELETE /data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}."""
        row = self.file(attachment_file_id)
        if row["comment_id"] != comment["id"]:
            raise Forbidden()
        self.check_change(actor, task, comment)
        record = self.app.repository.get(uuid.UUID(row["id"]))
        record.delete(Actor(actor).id)
        self.crud.save(ATTACHMENT_FILES, record)

    def check_change(self, actor, task, comment):
        """The comment's author, or a manager of the project."""
        permissions.check_attachment_access(actor, ACCESS.project(self.session, task["project_id"]), comment)

    def check_read(self, actor, task):
        """An attachment file goes to whoever may read its task."""
        ACCESS.check_task_access(self.session, actor, task)

    def file(self, attachment_file_id):
        """The file's row (404 when unknown): its task says who may download it."""
        return self.crud.row(ATTACHMENT_FILES, attachment_file_id)

    def listing(self, actor, task_id=None, project_id=None):
        """The rows of GET /data/tasks/{id}/attachment-files, /data/projects/{id}/attachment-files
        (see `shown`): admins only (Zou: sync tools' routes)."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        condition = (TABLE.c.task_id == parse_id(task_id) if task_id
                     else TABLE.c.project_id == parse_id(project_id))
        return self.session.execute(sa.select(TABLE).where(condition).order_by(TABLE.c.created_at)).mappings().all()

    @staticmethod
    def shown(rows, comments):
        """Attachment rows as Zou shows them, with their comment (`comments`: the tasks service's
        rows by id)."""
        return [{**ATTACHMENT_FILES.serialize(row), "comment": comments.get(row["comment_id"]),
                 "chat_message": None} for row in rows]
