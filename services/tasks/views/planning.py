"""What production's planning routes ask of the tasks (route-free RPC, for a caller production has
already let in): which task types a project's tasks use (schedule items per task type), the dates
of a project's tasks (a schedule version taken from the production) and the length of the last
preview of each entity's task of a type (the shots' frame counts)."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud.store import parse_id

from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import PREVIEWS

TASK = TASKS.table
SCHEDULED = ("start_date", "due_date", "estimation", "assignees")


class PlanningRows(UseCases):

    @answers("project_used_task_type_ids")
    def used_task_types(self, project_id):
        """The ids of the task types the project's tasks have, oldest type first."""
        types = TASK_TYPES.table
        used = sa.select(TASK.c.task_type_id).where(TASK.c.project_id == parse_id(project_id))
        query = sa.select(types.c.id).where(types.c.id.in_(used)).order_by(types.c.created_at, types.c.id)
        return list(self.session.execute(query).scalars())

    @answers("project_task_schedules")
    def task_schedules(self, project_id):
        """[{task_id, start_date, due_date, estimation, assignees}] of the project's tasks."""
        query = (sa.select(TASK.c.id, *[TASK.c[key] for key in SCHEDULED])
                 .where(TASK.c.project_id == parse_id(project_id)).order_by(TASK.c.created_at, TASK.c.id))
        return [{"task_id": row["id"], **{key: TASKS.fields[key].dump(row[key]) for key in SCHEDULED}}
                for row in self.session.execute(query).mappings()]

    @answers("last_preview_durations")
    def last_preview_durations(self, project_id, task_type_id):
        """{entity id: duration in seconds of the last preview (highest revision, its first
        position) of the entity's task of that type}, for the entities that have one."""
        query = (sa.select(TASK.c.entity_id, PREVIEWS.c.duration)
                 .join(PREVIEWS, PREVIEWS.c.task_id == TASK.c.id)
                 .where(TASK.c.project_id == parse_id(project_id), TASK.c.task_type_id == parse_id(task_type_id),
                        PREVIEWS.c.replica_deleted.is_(False))
                 .order_by(TASK.c.entity_id, PREVIEWS.c.revision.desc(), PREVIEWS.c.position)
                 .distinct(TASK.c.entity_id))
        return {row.entity_id: row.duration or 0 for row in self.session.execute(query)}
