"""Who works on a task: assigning one or several tasks (the assignee is notified) and clearing
assignations. The Task aggregate names the change (`AssigneesChanged`: `task:assign`/`unassign`)."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError, Forbidden, ValidationError
from shared.eventstore import command

from .. import access
from ..models.notifications import Notifications
from ..models.tasks import TASKS, Tasks
from ..replicas import PERSONS
from ..rules.ids import id_list, required_id


class TaskAssignments(UseCases):

    @property
    def tasks(self):
        return self.platform.part(Tasks)

    @answers("assign_task")
    @command
    def assign(self, actor, task_id, body):
        """PUT /actions/tasks/{id}/assign {person_id}."""
        actor = Actor(actor)
        person_id = required_id(body or {}, "person_id")
        row = self.tasks.row(task_id)
        return TASKS.serialize(self.assign_row(actor, row, person_id), actor, True)

    @answers("assign_tasks_to_person")
    @command
    def assign_to_person(self, actor, person_id, body):
        """PUT /actions/persons/{id}/assign {task_ids}: the tasks, assigned."""
        if not isinstance(body, dict):
            raise ValidationError([{"field": "", "message": "Input should be a valid dictionary or "
                                                            "instance of AssignTasksSchema"}])
        actor, person_id = Actor(actor), parse_id(person_id)
        return [TASKS.serialize(self.assign_row(actor, self.tasks.row(task_id), person_id), actor, True)
                for task_id in id_list(body, "task_ids")]

    def assign_row(self, actor, row, person_id):
        """Assign `person_id` (a known person, not a bot unless the project lets bots in); they
        are notified."""
        known = sa.select(PERSONS.c.id).where(PERSONS.c.id == person_id, PERSONS.c.replica_deleted.is_(False))
        if self.session.execute(known).first() is None:
            raise ApiError({"error": "Assignee doesn't exist in database."})
        access.check_task_department_access(self.session, actor, row, person_id)
        access.check_not_bot(self.session, person_id, access.project_row(self.session, row["project_id"]))
        assignees = list(row["assignees"] or [])
        changes = {"assigner_id": actor.id}
        if person_id not in assignees:
            changes["assignees"] = assignees + [person_id]
        row = self.tasks.change(actor, row, changes)
        if "assignees" in changes:
            self.platform.part(Notifications).notify_assignation(row, person_id, actor.id)
        return row

    @answers("clear_assignation")
    @command
    def clear(self, actor, body):
        """PUT /actions/tasks/clear-assignation {task_ids, person_id?}: the ids of the tasks
        cleared (those the caller may not unassign are skipped, as Zou)."""
        actor, task_ids = Actor(actor), id_list(body, "task_ids")
        person_id = required_id(body, "person_id") if body.get("person_id") else None
        cleared = []
        for task_id in task_ids:
            row = self.tasks.row(task_id)
            try:
                access.check_unassign_access(self.session, actor, row, person_id)
            except Forbidden:
                continue
            assignees = [] if not person_id else [p for p in row["assignees"] or [] if p != person_id]
            self.tasks.change(actor, row, {"assignees": assignees})
            cleared.append(row["id"])
        return cleared
