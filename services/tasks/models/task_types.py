"""Task types (Zou's TaskType): a name unique per entity kind and department; their order is
their priority. Production and media keep copies (`replicated`)."""
import uuid

import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Integer, String, Uuid
from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound, WrongParameter
from shared.eventstore import command

from ..domain import TaskType
from ..replicas import metadata


class TaskTypeCollection(Collection):
    def validate(self, session, data, row=None):
        if row is None and data.get("name"):
            taken = sa.select(self.table.c.id).where(sa.func.lower(self.table.c.name) == data["name"].lower())
            if session.execute(taken).first():
                raise WrongParameter("A task type with similar name already exists")


TASK_TYPES = TaskTypeCollection("task-types", "TaskType", TaskType, "task_type", metadata, {
    "name": String(nullable=False, index=True), "short_name": String(), "description": String(),
    "color": String(default="#FFFFFF"), "priority": Integer(default=1),
    "for_entity": String(default="Asset"), "allow_timelog": Boolean(default=True),
    "archived": Boolean(default=False), "shotgun_id": Integer(), "department_id": Uuid(index=True)},
    unique_together=[("name", "for_entity", "department_id")],
    replicated=("department_id", "name", "for_entity"))  # media's department rules, production's checks


def task_type_row(session, task_type_id):
    table = TASK_TYPES.table
    row = session.execute(sa.select(table).where(table.c.id == parse_id(task_type_id))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


class TaskTypes(Model):
    collection = TASK_TYPES

    @answers("reorder_task_types")
    @command
    def reorder(self, actor, body):
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
            aggregate = self.app.repository.get(uuid.UUID(row["id"]))
            aggregate.update({"priority": priority}, actor.id)
            row.update(self.crud.save(TASK_TYPES, aggregate) or {})
            reordered.append(TASK_TYPES.serialize(row))
        return reordered
