"""Preview files: one row per published revision of a task's work (a picture, a movie or another
file), added by a comment (add-preview), with extra files of the same revision.

The task and comment rows are the tasks service's (replicas.TasksRows); who may act on them is
shared/permissions.py's. The comment and project are kept hidden: the tasks service learns from
`row.preview_file` which comment shows which previews; the project scopes the listings."""
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.access import alive
from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Choice, Float, Integer, Json, String, Uuid
from shared.eventstore import command
from shared.errors import NotFound
from shared.replicas import PREVIEW_SUMMARY

from ..domain import PreviewFile
from ..replicas import ACCESS, PROJECT_STATUSES, PROJECTS, TASKS, metadata
from ..rules.revisions import revision_of
from ..uploads import remove_when_committed

# where a preview's files may be: the original, its picture variants, its movies and tile
STORES = ("pictures/original", "pictures/previews", "pictures/thumbnails", "pictures/thumbnails-square",
          "pictures/tiles", "movies/source", "movies/previews", "movies/lowdef", "files/previews")


class PreviewFileCollection(Collection):
    """Listed by anyone: admins all, vendors the previews of their tasks, others those of the
    open productions whose team they are in. One preview: by its task (PreviewFiles below)."""

    def check_list(self, actor, filters):
        pass

    def check_update(self, actor, row, changes):
        pass  # PreviewFiles.update, by the preview's task

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        statuses = PROJECT_STATUSES
        open_projects = (sa.select(PROJECTS.c.id)
                         .outerjoin(statuses, statuses.c.id == PROJECTS.c.project_status_id)
                         .where(sa.func.coalesce(statuses.c.name, "Open") == "Open", *alive(PROJECTS)))
        if actor.role == "vendor":
            mine = sa.select(TASKS.c.id).where(TASKS.c.assignees.contains([actor.id]), *alive(TASKS))
            return query.where(self.table.c.task_id.in_(mine), self.table.c.project_id.in_(open_projects))
        return query.where(self.table.c.project_id.in_(open_projects.where(PROJECTS.c.team.any(actor.id))))


PREVIEW_FILES = PreviewFileCollection("preview-files", "PreviewFile", PreviewFile, "preview_file", metadata, {
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
TABLE = PREVIEW_FILES.table


def shown(row):
    """One preview as Zou answers it, with the comment showing it."""
    return {**PREVIEW_FILES.serialize(row), "comments": [row["comment_id"]] if row["comment_id"] else []}


class PreviewFiles(Model):
    collection = PREVIEW_FILES

    @property
    def tasks(self):
        return self.platform.tasks_rows

    # -- a comment's previews -----------------------------------------------------------------
    @answers("add_preview")
    @command
    def add_preview(self, actor, task_id, comment_id, body):
        """POST /actions/tasks/{task_id}/comments/{comment_id}/add-preview {revision?}: 201 with a
        new preview (status processing). Without a revision: the comment's own revision when it
        already shows one, else the task's next."""
        task, comment = self.tasks.task_and_comment(task_id, comment_id)
        ACCESS.check_task_action_access(self.session, actor, task)
        revision = revision_of(body)
        if not revision:
            revision = self.comment_revision(comment["id"]) or self.next_revision(task["id"])
        return self.add(actor, task, comment, revision)

    @answers("add_extra_preview")
    @command
    def add_extra_preview(self, actor, task_id, comment_id, preview_file_id):
        """POST …/comments/{comment_id}/preview-files/{preview_file_id}: one more file in the
        revision of that preview (201)."""
        task, comment = self.tasks.task_and_comment(task_id, comment_id)
        ACCESS.check_task_action_access(self.session, actor, task)
        return self.add(actor, task, comment, self.crud.row(PREVIEW_FILES, preview_file_id)["revision"])

    @answers("remove_preview_from_comment")
    @command
    def remove_from_comment(self, actor, task_id, comment_id, preview_file_id):
        """DELETE …/comments/{comment_id}/preview-files/{preview_file_id}: the preview is deleted."""
        task, _ = self.tasks.task_and_comment(task_id, comment_id)
        ACCESS.check_task_action_access(self.session, actor, task)
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        if row["task_id"] != task["id"]:
            raise NotFound()
        self.forget(actor.id, row)

    def add(self, actor, task, comment, revision):
        position = self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.position), 0) + 1).where(
            TABLE.c.task_id == task["id"], TABLE.c.revision == revision)).scalar()
        fields = PREVIEW_FILES.with_defaults({
            "name": str(uuid.uuid4())[:13], "revision": revision, "position": position, "source": "webgui",
            "extension": "mp4", "task_id": task["id"], "person_id": actor.id,
            "comment_id": comment["id"], "project_id": task["project_id"]})
        return shown(self.crud.save(PREVIEW_FILES, PreviewFile.create(fields, actor.id)))

    def forget(self, actor_id, row):
        """The row, and its files once that is committed (as Zou)."""
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.delete(actor_id)
        self.crud.save(PREVIEW_FILES, aggregate)
        remove_when_committed(STORES, row["id"])

    def comment_revision(self, comment_id):
        return self.session.execute(sa.select(TABLE.c.revision).where(TABLE.c.comment_id == comment_id)
                                    .order_by(TABLE.c.position).limit(1)).scalar()

    def next_revision(self, task_id):
        return self.session.execute(sa.select(sa.func.coalesce(sa.func.max(TABLE.c.revision), 0) + 1)
                                    .where(TABLE.c.task_id == task_id)).scalar()

    # -- one preview through the generic CRUD (the actor comes as a dict): rules go by its task ---
    def task_of(self, row):
        return self.tasks.task(row["task_id"])

    def get(self, actor, instance_id, query):
        """GET /data/preview-files/{id}: a vendor reads the previews of their tasks, the others
        those of their projects."""
        row = self.crud.row(PREVIEW_FILES, instance_id)
        task = self.task_of(row)
        permissions.check_preview_read(actor, ACCESS.project(self.session, task["project_id"]), task)
        return shown(row)

    @command
    def update(self, actor, instance_id, body):
        """PUT /data/preview-files/{id}: managers of the project, the task's assignees, its
        department's supervisors."""
        ACCESS.check_preview_change(self.session, actor, self.task_of(self.crud.row(PREVIEW_FILES, instance_id)))
        return self.crud.update(PREVIEW_FILES.name, actor, instance_id, body)

    @command
    def delete(self, actor, instance_id, query):
        """DELETE /data/preview-files/{id}: managers of the project."""
        row = self.crud.row(PREVIEW_FILES, instance_id)
        permissions.check_manager_project_access(actor, ACCESS.project(self.session, self.task_of(row)["project_id"]))
        self.forget(Actor(actor).id, row)
