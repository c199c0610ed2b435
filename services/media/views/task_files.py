"""The previews and attachments of a task or a project, as Zou lists them."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud.store import parse_id
from shared.errors import Forbidden
from shared import permissions

from ..models.attachment_files import ATTACHMENT_FILES, shown
from ..models.preview_files import PREVIEW_FILES
from ..replicas import ACCESS

PREVIEWS, ATTACHMENTS = PREVIEW_FILES.table, ATTACHMENT_FILES.table


def require_admin(actor):
    """Zou: a project's (or task's, for attachments) whole list is a sync tool's route."""
    if not actor.is_admin:
        raise Forbidden()


class TaskFileViews(UseCases):
    @answers("task_previews")
    def task_previews(self, actor, task_id):
        """GET /data/tasks/{task_id}/previews: newest revision first (clients: not the rejected
        ones)."""
        task = self.platform.tasks_rows.task(task_id)
        project = ACCESS.check_task_access(self.session, actor, task)
        condition = PREVIEWS.c.task_id == task["id"]
        if permissions.project_role(actor, project) == permissions.CLIENT:
            condition = condition & (PREVIEWS.c.validation_status != "rejected")
        return self.previews(condition)

    @answers("project_preview_files")
    def project_previews(self, actor, project_id):
        """GET /data/projects/{project_id}/preview-files."""
        require_admin(actor)
        return self.previews(PREVIEWS.c.project_id == parse_id(project_id))

    def previews(self, condition):
        rows = self.session.execute(sa.select(PREVIEWS).where(condition).order_by(
            PREVIEWS.c.revision.desc(), PREVIEWS.c.position, PREVIEWS.c.created_at)).mappings()
        return [PREVIEW_FILES.serialize(row) for row in rows]

    @answers("task_attachment_files")
    def task_attachments(self, actor, task_id):
        """GET /data/tasks/{task_id}/attachment-files."""
        require_admin(actor)
        return self.attachments(ATTACHMENTS.c.task_id == parse_id(task_id))

    @answers("project_attachment_files")
    def project_attachments(self, actor, project_id):
        """GET /data/projects/{project_id}/attachment-files."""
        require_admin(actor)
        return self.attachments(ATTACHMENTS.c.project_id == parse_id(project_id))

    def attachments(self, condition):
        rows = self.session.execute(sa.select(ATTACHMENTS).where(condition)
                                    .order_by(ATTACHMENTS.c.created_at)).mappings().all()
        return shown(rows, self.platform.tasks_rows)
