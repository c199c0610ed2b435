"""A tv show's statistics per episode (GET /data/projects/{id}/episodes/stats and
.../retake-stats): the tasks of the shots of each episode, summed by SQL, boxed by
rules/episode_stats.py. Vendors count only the tasks assigned to them."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.permissions import VENDOR
from shared.sqlblocks import Lineage

from .. import access
from ..models.task_statuses import TASK_STATUSES
from ..models.tasks import TASKS
from ..replicas import ENTITIES
from ..rules import episode_stats
from ..rules.ids import found_id

TASK, TASK_STATUS = TASKS.table, TASK_STATUSES.table
LINEAGE = Lineage(ENTITIES)
EPISODE = LINEAGE.grandparent


class EpisodeStats(UseCases):

    @answers("episode_stats")
    def episode_stats(self, actor, project_id):
        query = (self.episode_tasks(Actor(actor), project_id)
                 .add_columns(TASK.c.task_status_id, TASK_STATUS.c.short_name.label("name"),
                              TASK_STATUS.c.color)
                 .group_by(TASK.c.task_status_id, TASK_STATUS.c.short_name, TASK_STATUS.c.color))
        return episode_stats.status_stats(self.session.execute(query).mappings())

    @answers("episode_retake_stats")
    def episode_retake_stats(self, actor, project_id):
        query = (self.episode_tasks(Actor(actor), project_id)
                 .add_columns(TASK.c.retake_count, TASK_STATUS.c.is_done, TASK_STATUS.c.is_retake)
                 .group_by(TASK.c.retake_count, TASK_STATUS.c.is_done, TASK_STATUS.c.is_retake))
        return episode_stats.retake_stats(
            {**row, "state": episode_stats.state(row["is_done"], row["is_retake"])}
            for row in self.session.execute(query).mappings())

    def episode_tasks(self, actor, project_id):
        """The project's tasks with a status on entities whose parent has an episode for parent
        (the shots), summed per episode and task type."""
        project = access.project_row(self.session, found_id(project_id))
        access.check_project_access(actor, project)
        query = (sa.select(EPISODE.c.id.label("episode_id"), TASK.c.task_type_id,
                           sa.func.count().label("count"), sa.func.sum(ENTITIES.c.nb_frames).label("frames"),
                           sa.func.sum(TASK.c.nb_drawings).label("drawings"))
                 .select_from(LINEAGE.join(sa.join(TASK, ENTITIES, ENTITIES.c.id == TASK.c.entity_id),
                                           outer=False)
                              .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id))
                 .where(TASK.c.project_id == project["id"])
                 .group_by(EPISODE.c.id, TASK.c.task_type_id))
        if access.project_role(actor, project) == VENDOR:
            query = query.where(TASK.c.assignees.contains([actor.id]))
        return query
