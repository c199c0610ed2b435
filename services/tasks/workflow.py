"""Task types and task statuses: Zou's default statuses on first start, the default status, the
rule that one status only is the default (setting it on another clears it), the task types' order."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.errors import Forbidden, WrongParameter
from shared.eventstore import command, exclusive_command
from shared.application import UseCases

from .collections import TASK_STATUSES, TASK_TYPES
from .queries import task_type_row

# What `zou init-data` creates (name, short name, color, flags).
DEFAULT_STATUSES = (
    ("Todo", "todo", "#f5f5f5", {"is_default": True}),
    ("Work In Progress", "wip", "#3273dc", {"is_wip": True}),
    ("Waiting For Approval", "wfa", "#ab26ff", {"is_feedback_request": True}),
    ("Retake", "retake", "#ff3860", {"is_retake": True}),
    ("Done", "done", "#22d160", {"is_done": True}),
    ("Ready To Start", "ready", "#fbc02d", {}),
    ("Neutral", "neutral", "#CCCCCC", {"is_default": True, "for_concept": True}),
    ("Approved", "approved", "#66BB6A", {"for_concept": True}),
    ("Rejected", "rejected", "#E81123", {"for_concept": True}),
)
SYSTEM = Actor(role="admin")


class Workflow(UseCases):

    @exclusive_command("tasks:bootstrap")
    def bootstrap(self):
        """A fresh service gets Zou's default task statuses (idempotent, twins serialised)."""
        table = TASK_STATUSES.table
        existing = set(self.session.execute(sa.select(table.c.short_name)).scalars())
        for name, short_name, color, flags in DEFAULT_STATUSES:
            if short_name not in existing:
                self.platform.crud.save_new(TASK_STATUSES, SYSTEM, {
                    "name": name, "short_name": short_name, "color": color, **flags})

    def statuses(self):
        table = TASK_STATUSES.table
        return {row["id"]: dict(row) for row in self.session.execute(sa.select(table)).mappings()}

    # -- task statuses: one default (per concept / non-concept) ---------------------------------
    @command
    def create_status(self, actor, body):
        created = self.platform.crud.create(TASK_STATUSES.name, actor, body)
        if created.get("is_default"):
            self.clear_other_defaults(actor, created)
        return created

    @command
    def update_status(self, actor, status_id, body):
        updated = self.platform.crud.update(TASK_STATUSES.name, actor, status_id, body)
        if updated.get("is_default"):
            self.clear_other_defaults(actor, updated)
        return updated

    def clear_other_defaults(self, actor, status):
        table = TASK_STATUSES.table
        others = sa.select(table.c.id).where(table.c.is_default.is_(True), table.c.id != status["id"],
                                             table.c.for_concept.is_(bool(status.get("for_concept"))))
        for other_id in self.session.execute(others).scalars().all():
            aggregate = self.platform.app.repository.get(uuid.UUID(other_id))
            aggregate.update({"is_default": False}, Actor(actor).id)
            self.platform.crud.save(TASK_STATUSES, aggregate)

    # -- task types: their order is their priority -----------------------------------------------
    @command
    def reorder_task_types(self, actor, body):
        """POST /actions/task-types/reorder {task_type_ids} (admins): priorities 1, 2, … in the
        order sent; the task types."""
        actor = Actor(actor)
        if not actor.is_admin:
            raise Forbidden()
        task_type_ids = body.get("task_type_ids") if isinstance(body, dict) else None
        if not isinstance(task_type_ids, list):
            raise WrongParameter("Request body must be a JSON object with a 'task_type_ids' list.")
        rows = [task_type_row(self.session, task_type_id) for task_type_id in task_type_ids]
        reordered = []
        for priority, row in enumerate(rows, 1):
            aggregate = self.platform.app.repository.get(uuid.UUID(row["id"]))
            aggregate.update({"priority": priority}, actor.id)
            row.update(self.platform.crud.save(TASK_TYPES, aggregate) or {})
            reordered.append(TASK_TYPES.serialize(row))
        return reordered
