"""Review previews: the preview-file rows that a comment publishes (add-preview), extra files of
the same revision, and a task's and a project's previews.

The task, its comment and who may act on them are the tasks service's: the service asks it
(`task_context` over RPC, which raises its own 403/404) and passes its answer here as `context`.
The picture or movie itself is uploaded afterwards."""
import uuid

import sqlalchemy as sa

from shared.application import UseCases
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import NotFound, ValidationError
from shared.eventstore import command

from .collections import PREVIEW_FILES
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
    def add_preview(self, actor, context, body):
        """POST /actions/tasks/{task_id}/comments/{comment_id}/add-preview {revision?}: 201 with a
        new preview (status processing). Without a revision: the comment's own revision when it
        already shows one, else the task's next."""
        revision = revision_of(body)
        if not revision:
            revision = self.comment_revision(context["comment"]["id"]) or self.next_revision(context["task"]["id"])
        return self.create(actor, context, revision)

    @command
    def add_extra_preview(self, actor, context, preview_file_id):
        """POST …/comments/{comment_id}/preview-files/{preview_file_id}: one more file in the
        revision of that preview (201)."""
        return self.create(actor, context, self.crud.row(PREVIEW_FILES, preview_file_id)["revision"])

    @command
    def remove_from_comment(self, actor, context, preview_file_id):
        """DELETE …/comments/{comment_id}/preview-files/{preview_file_id}: the preview is deleted."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        if row["task_id"] != context["task"]["id"]:
            raise NotFound()
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.delete(Actor(actor).id)
        self.crud.save(PREVIEW_FILES, aggregate)

    def create(self, actor, context, revision):
        task = context["task"]
        position = self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.position), 0) + 1).where(
            TABLE.c.task_id == task["id"], TABLE.c.revision == revision)).scalar()
        fields = PREVIEW_FILES.with_defaults({
            "name": str(uuid.uuid4())[:13], "revision": revision, "position": position, "source": "webgui",
            "extension": "mp4", "task_id": task["id"], "person_id": Actor(actor).id,
            "comment_id": context["comment"]["id"], "project_id": task["project_id"]})
        return shown(self.crud.save(PREVIEW_FILES, PreviewFile.create(fields, Actor(actor).id)))

    def comment_revision(self, comment_id):
        return self.session.execute(sa.select(TABLE.c.revision).where(TABLE.c.comment_id == comment_id)
                                    .order_by(TABLE.c.position).limit(1)).scalar()

    def next_revision(self, task_id):
        return self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.revision), 0) + 1)
                                    .where(TABLE.c.task_id == task_id)).scalar()

    # -- reads ----------------------------------------------------------------------------------
    def task_previews(self, context):
        """GET /data/tasks/{task_id}/previews: newest revision first."""
        return self.listing(TABLE.c.task_id == context["task"]["id"])

    def project_previews(self, project_id):
        """GET /data/projects/{project_id}/preview-files (access checked by the caller)."""
        return self.listing(TABLE.c.project_id == parse_id(project_id))

    def listing(self, condition):
        rows = self.session.execute(sa.select(TABLE).where(condition).order_by(
            TABLE.c.revision.desc(), TABLE.c.position, TABLE.c.created_at)).mappings()
        return [PREVIEW_FILES.serialize(row) for row in rows]
