"""What reviewers do with a preview: make it its entity's main preview (the entity is the
production service's: it is asked to change it), draw annotations on it, move it among the files
of its revision."""
import uuid

import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.errors import WrongParameter
from shared.eventstore import command

from ..models.preview_files import PREVIEW_FILES, TABLE, shown
from ..replicas import ACCESS
from ..rules.annotations import changed
from ..rules.revisions import reordered


class PreviewActions(UseCases):
    def acted_on(self, actor, preview_file_id, check):
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        task = self.platform.tasks_rows.task(row["task_id"])
        check(self.session, actor, task)
        return row, task

    @answers("set_main_preview")
    def set_main_preview(self, actor, preview_file_id):
        """PUT /actions/preview-files/{id}/set-main-preview: the entity, as Zou answers it."""
        row, task = self.acted_on(actor, preview_file_id, ACCESS.check_task_action_access)
        # media has checked the caller's right (Zou: on the preview's task): production is asked as admin
        return self.platform.remote(actor={**actor, "role": "admin"}).update(
            "production", "entities", task["entity_id"], {"preview_file_id": row["id"]})

    @answers("update_preview_annotations")
    @command
    def update_annotations(self, actor, preview_file_id, body):
        """PUT …/update-annotations {additions, updates, deletions}: merged with what other
        reviewers drew meanwhile (the command runs again when it lost that race)."""
        row, _ = self.acted_on(actor, preview_file_id, ACCESS.check_task_access)
        body = body if isinstance(body, dict) else {}
        annotations = changed(row["annotations"], body.get("additions"), body.get("updates"), body.get("deletions"))
        return shown({**row, **self.change(actor, row["id"], {"annotations": annotations})})

    @answers("update_preview_position")
    @command
    def update_position(self, actor, preview_file_id, body):
        """PUT …/update-position {position}: the revision's previews in their new order."""
        row, _ = self.acted_on(actor, preview_file_id, ACCESS.check_task_action_access)
        try:
            position = int((body or {}).get("position"))
        except (TypeError, ValueError, AttributeError):
            raise WrongParameter("position must be an integer") from None
        same_revision = (TABLE.c.task_id == row["task_id"]) & (TABLE.c.revision == row["revision"])
        ids = self.session.execute(sa.select(TABLE.c.id).where(same_revision)
                                   .order_by(TABLE.c.position, TABLE.c.created_at)).scalars().all()
        for index, preview_id in enumerate(reordered(ids, row["id"], position), start=1):
            self.change(actor, preview_id, {"position": index})
        rows = self.session.execute(sa.select(TABLE).where(same_revision).order_by(TABLE.c.position)).mappings()
        return [PREVIEW_FILES.serialize(preview) for preview in rows]

    def change(self, actor, preview_file_id, changes):
        """The preview's changed columns (none when nothing changed)."""
        record = self.app.repository.get(uuid.UUID(preview_file_id))
        if record.update(changes, actor.id):
            return self.crud.save(PREVIEW_FILES, record) or {}
        return {}
