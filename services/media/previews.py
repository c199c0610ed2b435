"""Review previews: the preview-file rows that a comment publishes (add-preview), extra files of
the same revision, a task's and a project's previews, and the generic CRUD of one preview.

The task and comment rows are the tasks service's (the service gives them, from its replicas);
who may act on them is shared/permissions.py's. The picture or movie itself is uploaded
afterwards."""
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound, ValidationError
from shared.eventstore import command

from .collections import ACCESS, PREVIEW_FILES
from .domain import PreviewFile

TABLE = PREVIEW_FILES.table


def revision_of(body):
    """The body's revision (0: not given), or Zou's validation answer."""
    value = body.get("revision") if isinstance(body, dict) else None
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError([{"field": "revision", "message": "Input should be a valid integer, "
                                                             "unable to parse string as an integer"}])


def shown(row):
    """One preview as Zou answers it, with the comment showing it."""
    return {**PREVIEW_FILES.serialize(row), "comments": [row["comment_id"]] if row["comment_id"] else []}


class Previews(UseCases):
    @command
    def add_preview(self, actor, task, comment, body):
        """POST /actions/tasks/{task_id}/comments/{comment_id}/add-preview {revision?}: 201 with a
        new preview (status processing). Without a revision: the comment's own revision when it
        already shows one, else the task's next."""
        ACCESS.check_task_action_access(self.session, actor, task)
        revision = revision_of(body)
        if not revision:
            revision = self.comment_revision(comment["id"]) or self.next_revision(task["id"])
        return self.create(actor, task, comment, revision)

    @command
    def add_extra_preview(self, actor, task, comment, preview_file_id):
        """POST …/comments/{comment_id}/preview-files/{preview_file_id}: one more file in the
        revision of that preview (201)."""
        ACCESS.check_task_action_access(self.session, actor, task)
        return self.create(actor, task, comment, self.crud.row(PREVIEW_FILES, preview_file_id)["revision"])

    @command
    def remove_from_comment(self, actor, task, comment, preview_file_id):
        """DELETE …/comments/{comment_id}/preview-files/{preview_file_id}: the preview is deleted."""
        ACCESS.check_task_action_access(self.session, actor, task)
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        if row["task_id"] != task["id"]:
            raise NotFound()
        self.remove(actor, row)

    def create(self, actor, task, comment, revision):
        position = self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.position), 0) + 1).where(
            TABLE.c.task_id == task["id"], TABLE.c.revision == revision)).scalar()
        fields = PREVIEW_FILES.with_defaults({
            "name": str(uuid.uuid4())[:13], "revision": revision, "position": position, "source": "webgui",
            "extension": "mp4", "task_id": task["id"], "person_id": Actor(actor).id,
            "comment_id": comment["id"], "project_id": task["project_id"]})
        return shown(self.crud.save(PREVIEW_FILES, PreviewFile.create(fields, Actor(actor).id)))

    def remove(self, actor, row):
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.delete(Actor(actor).id)
        self.crud.save(PREVIEW_FILES, aggregate)

    def comment_revision(self, comment_id):
        return self.session.execute(sa.select(TABLE.c.revision).where(TABLE.c.comment_id == comment_id)
                                    .order_by(TABLE.c.position).limit(1)).scalar()

    def next_revision(self, task_id):
        return self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.revision), 0) + 1)
                                    .where(TABLE.c.task_id == task_id)).scalar()

    # -- one preview (the generic CRUD, by its task) -----------------------------------------------
    def row(self, preview_file_id):
        return self.crud.row(PREVIEW_FILES, preview_file_id)

    def get(self, actor, task, preview_file_id):
        """GET /data/preview-files/{id}: a vendor reads the previews of their tasks, the others
        those of their projects."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        permissions.check_preview_read(actor, ACCESS.project(self.session, task["project_id"]), task)
        return shown(row)

    @command
    def update(self, actor, task, preview_file_id, body):
        """PUT /data/preview-files/{id}: managers of the project, the task's assignees, its
        department's supervisors."""
        ACCESS.check_preview_change(self.session, actor, task)
        return self.crud.update(PREVIEW_FILES.name, actor, preview_file_id, body)

    @command
    def delete(self, actor, task, preview_file_id):
        """DELETE /data/preview-files/{id}: managers of the project."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        permissions.check_manager_project_access(actor, ACCESS.project(self.session, task["project_id"]))
        self.remove(actor, row)

    # -- lists ------------------------------------------------------------------------------------
    def task_previews(self, actor, task):
        """GET /data/tasks/{task_id}/previews: newest revision first (clients: not the rejected
        ones)."""
        project = ACCESS.check_task_access(self.session, actor, task)
        condition = TABLE.c.task_id == task["id"]
        if permissions.project_role(actor, project) == permissions.CLIENT:
            condition = condition & (TABLE.c.validation_status != "rejected")
        return self.listing(condition)

    def project_previews(self, actor, project_id):
        """GET /data/projects/{project_id}/preview-files: admins (Zou: a sync tool's route)."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        return self.listing(TABLE.c.project_id == parse_id(project_id))

    def listing(self, condition):
        rows = self.session.execute(sa.select(TABLE).where(condition).order_by(
            TABLE.c.revision.desc(), TABLE.c.position, TABLE.c.created_at)).mappings()
        return [PREVIEW_FILES.serialize(row) for row in rows]
