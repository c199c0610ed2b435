"""Project status automations (Zou's StatusAutomation): a task reaching a status posts, on the task
of another type of the same entity, the comment that moves it to the automation's status.

Not done here: the `ready_for` automations (they change an asset, a production row: the production
service would have to apply them) and the rollback rule, which compares the project's per-link task
type priorities kept in production's hidden columns (never replicated): every automation that
matches is applied, and chains stop after MAX_CHAIN steps."""
import sqlalchemy as sa

from shared.application import UseCases

from . import access
from .collections import ENTITIES, STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES, TASKS

MAX_CHAIN = 10
AUTOMATION = STATUS_AUTOMATIONS.table


class Automations(UseCases):
    def __init__(self, platform, comments):
        self.platform, self.comments = platform, comments

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
            wanted = (row["entity_type"] or "").lower()
            if row["id"] in seen or (row["kind"] or "").lower() != wanted:
                continue  # "asset" matches the assets of every asset type: their kind is Asset
            seen.add(row["id"])
            yield row

    def run(self, actor, task, directory, depth):
        if depth >= MAX_CHAIN:
            return
        for row in list(self.matching(task)):
            target = self.platform.crud.row(TASKS, row["target_id"])
            status = self.platform.crud.row(TASK_STATUSES, row["out_task_status_id"])
            text = f"Change triggered by {row['in_type_name']} set to {row['in_status_name']}"
            self.comments.post(actor, target, status, actor["id"], {"comment": text}, directory, depth + 1)
