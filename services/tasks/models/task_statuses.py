"""Task statuses (Zou's TaskStatus): Zou's defaults on first start, and one default status only
(per concept / non-concept): setting it on one clears it on the others."""
import uuid

import sqlalchemy as sa

from shared.application import Model
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Integer, String
from shared.eventstore import command, exclusive_command

from ..domain import TaskStatus
from ..replicas import metadata

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
# production checks a project's settings against its copy
TASK_STATUSES = Collection("task-status", "TaskStatus", TaskStatus, "task_status", metadata, {
    "name": String(nullable=False), "archived": Boolean(default=False),
    "short_name": String(nullable=False, unique=True), "description": String(),
    "color": String(nullable=False), "priority": Integer(default=1),
    "is_done": Boolean(default=False), "is_artist_allowed": Boolean(default=True),
    "is_client_allowed": Boolean(default=True), "is_retake": Boolean(default=False),
    "is_feedback_request": Boolean(default=False), "is_default": Boolean(default=False),
    "is_wip": Boolean(default=False), "shotgun_id": Integer(), "for_concept": Boolean(default=False),
}, replicated=("name",))


def default_status_query():
    table = TASK_STATUSES.table
    return sa.select(table.c.id).where(table.c.is_default.is_(True), table.c.for_concept.isnot(True)).limit(1)


def default_status_id(session):
    return session.execute(default_status_query()).scalar()


class TaskStatuses(Model):
    collection = TASK_STATUSES

    @exclusive_command("tasks:bootstrap")
    def bootstrap(self):
        """A fresh service gets Zou's default task statuses (idempotent, twins serialised)."""
        table = TASK_STATUSES.table
        existing = set(self.session.execute(sa.select(table.c.short_name)).scalars())
        for name, short_name, color, flags in DEFAULT_STATUSES:
            if short_name not in existing:
                self.crud.save_new(TASK_STATUSES, SYSTEM, {
                    "name": name, "short_name": short_name, "color": color, **flags})

    def by_id(self):
        table = TASK_STATUSES.table
        return {row["id"]: dict(row) for row in self.session.execute(sa.select(table)).mappings()}

    @command
    def create(self, actor, body):
        created = super().create(actor, body)
        if created.get("is_default"):
            self.clear_other_defaults(actor, created)
        return created

    @command
    def update(self, actor, instance_id, body):
        updated = super().update(actor, instance_id, body)
        if updated.get("is_default"):
            self.clear_other_defaults(actor, updated)
        return updated

    def clear_other_defaults(self, actor, status):
        table = TASK_STATUSES.table
        others = sa.select(table.c.id).where(table.c.is_default.is_(True), table.c.id != status["id"],
                                             table.c.for_concept.is_(bool(status.get("for_concept"))))
        for other_id in self.session.execute(others).scalars().all():
            aggregate = self.app.repository.get(uuid.UUID(other_id))
            aggregate.update({"is_default": False}, Actor(actor).id)
            self.crud.save(TASK_STATUSES, aggregate)
