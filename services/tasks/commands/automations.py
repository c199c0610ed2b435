"""Project status automations (Zou's StatusAutomation): a task reaching a status posts, on the task
of another type of the same entity, the comment that moves it to the automation's status
(commands/status_changes.py posts it).

Not done here: the `ready_for` automations (they change an asset, a production row: the production
service would have to apply them) and the rollback rule, which compares the project's per-link task
type priorities kept in production's hidden columns (never replicated): every automation that
matches is applied, and chains stop after MAX_CHAIN steps."""
import sqlalchemy as sa

from shared.application import UseCases

from .. import access
from ..models.status_automations import STATUS_AUTOMATIONS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES
from ..rules.status_changes import automation_applies

MAX_CHAIN = 10
AUTOMATION = STATUS_AUTOMATIONS.table


class Automations(UseCases):

    def matching(self, task):
        """The project's live status automations triggered by the task's type and status, with
        the names the comment quotes and the target task (one query)."""
        project = access.project_row(self.session, task["project_id"])
        target, in_type, in_status = TASKS.table.alias("target"), TASK_TYPES.table, TASK_STATUSES.table
        query = (sa.select(AUTOMATION, in_type.c.name.label("in_type_name"),
                           in_status.c.name.label("in_status_name"), ENTITIES.c.kind,
                           target.c.id.label("target_id"))
                 .join(in_type, in_type.c.id == AUTOMATION.c.in_task_type_id)
                 .join(in_status, in_status.c.id == AUTOMATION.c.in_task_status_id)
                 .join(ENTITIES, ENTITIES.c.id == task["entity_id"])
                 .join(target, sa.and_(target.c.entity_id == ENTITIES.c.id,
                                       target.c.task_type_id == AUTOMATION.c.out_task_type_id))
                 .where(AUTOMATION.c.id.in_(project["status_automations"] or []),
                        AUTOMATION.c.archived.isnot(True), AUTOMATION.c.out_field_type == "status",
                        AUTOMATION.c.in_task_type_id == task["task_type_id"],
                        AUTOMATION.c.in_task_status_id == task["task_status_id"])
                 .order_by(AUTOMATION.c.created_at, target.c.created_at))
        seen = set()
        for row in self.session.execute(query).mappings():
            if row["id"] in seen or not automation_applies(row["entity_type"], row["kind"]):
                continue
            seen.add(row["id"])
            yield row

    def triggered(self, task, depth):
        """(target task, its new status, the comment's text) of each automation the task's new
        status triggers (`depth`: how many automations led here); each target is read when its
        turn comes, after the comments posted before it."""
        if depth >= MAX_CHAIN:
            return
        for row in list(self.matching(task)):
            yield (self.crud.row(TASKS, row["target_id"]), self.crud.row(TASK_STATUSES, row["out_task_status_id"]),
                   f"Change triggered by {row['in_type_name']} set to {row['in_status_name']}")
