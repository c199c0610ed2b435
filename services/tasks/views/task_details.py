"""One task with everything around it (GET /data/tasks/{id}/full)."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor

from .. import access
from ..models.subscriptions import SUBSCRIPTIONS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES, task_type_row
from ..models.tasks import TASKS
from ..replicas import (ENTITIES, ENTITY_KEYS, ENTITY_TYPES, persons, project_dict, replica_dict,
                        replica_rows)


def assignee_of(person):
    """An assignee as Zou shows it here: the person's own fields, without its departments."""
    return {key: value for key, value in person.items() if key != "departments"}


class TaskDetails(UseCases):

    @answers("task_full")
    def full(self, actor, task_id):
        """The task with its entity, project, type, status, assignees, sequence and episode."""
        actor, row, session = Actor(actor), self.crud.row(TASKS, task_id), self.session
        access.check_task_access(session, actor, row)
        entity = access.entity_row(session, row["entity_id"])
        sequence = replica_rows(session, ENTITIES, [entity["parent_id"]]).get(entity["parent_id"])
        episodes = replica_rows(session, ENTITIES, [sequence["parent_id"] if sequence else None])
        episode = episodes.get(sequence["parent_id"]) if sequence else None
        entity_type = replica_rows(session, ENTITY_TYPES, [entity["entity_type_id"]]).get(
            entity["entity_type_id"])
        out = TASKS.serialize(row, actor, True)
        out.update(
            entity=replica_dict(entity, "Entity", ENTITY_KEYS),
            entity_type=entity_type and replica_dict(entity_type, "EntityType"),
            is_subscribed=self.is_subscribed(actor, row),
            persons=[assignee_of(person) for person in persons(row["assignees"] or []).values()],
            project=project_dict(access.project_row(session, row["project_id"])),
            task_status=TASK_STATUSES.serialize(self.crud.row(TASK_STATUSES, row["task_status_id"])),
            task_type=TASK_TYPES.serialize(task_type_row(session, row["task_type_id"])))
        if sequence:
            out["sequence"] = replica_dict(sequence, sequence["kind"], ENTITY_KEYS)
        if episode:
            out["episode"] = replica_dict(episode, episode["kind"], ENTITY_KEYS)
        return out

    def is_subscribed(self, actor, row):
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.task_id == row["id"], table.c.person_id == actor.id)).first() is not None
