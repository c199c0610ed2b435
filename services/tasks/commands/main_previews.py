"""A task's last preview as its entity's main preview. The preview files are media's (the tasks
service keeps a copy of what each one shows), the entities production's: production sets it,
asked as an admin once the caller's right on the task is checked here (as media does for its
own set-main-preview route)."""
import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.errors import WrongParameter

from .. import access
from ..models.tasks import task_row
from ..replicas import ENTITY_KEYS, PREVIEWS
from ..rules.ids import bulk_task_ids


class MainPreviews(UseCases):

    def last_preview(self, task_id):
        """The task's highest revision (its first position), or None."""
        return self.session.execute(
            sa.select(PREVIEWS.c.id, PREVIEWS.c.status)
            .where(PREVIEWS.c.task_id == task_id, PREVIEWS.c.replica_deleted.is_(False))
            .order_by(PREVIEWS.c.revision.desc(), PREVIEWS.c.position).limit(1)).mappings().first()

    def check(self, actor, task):
        """Acting on the task, clients excepted (the Zou reference refuses them here)."""
        permissions.block_clients(actor, access.check_task_action_access(self.session, actor, task))

    def set_main(self, actor, task, preview):
        """The entity as Zou answers it: its own fields, with the preview's processing status."""
        entity = self.platform.remote(actor={**actor, "role": "admin"}).update(
            "production", "entities", task["entity_id"], {"preview_file_id": preview["id"]})
        return {**{key: entity[key] for key in ENTITY_KEYS}, "type": "Entity", "preview_file_status": preview["status"]}

    @answers("set_task_main_preview")
    def from_task(self, actor, task_id):
        """PUT /actions/tasks/{id}/set-main-preview: the entity; 400 when the task has no preview."""
        task = task_row(self.session, task_id)
        self.check(actor, task)
        preview = self.last_preview(task["id"])
        if preview is None:
            raise WrongParameter("This task has no preview file to set as the main preview.")
        return self.set_main(actor, task, preview)

    @answers("set_tasks_main_previews")
    def from_tasks(self, actor, body):
        """PUT /actions/tasks/set-main-preview {task_ids}: the same for each task that has a
        preview (the others are skipped); the entities changed. Every task is found (404) and
        the caller's right on it checked (403) before any change."""
        tasks = [task_row(self.session, task_id) for task_id in bulk_task_ids(body)]
        for task in tasks:
            self.check(actor, task)
        previews = [(task, self.last_preview(task["id"])) for task in tasks]
        return [self.set_main(actor, task, preview) for task, preview in previews if preview is not None]
