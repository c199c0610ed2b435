"""Creating tasks in bulk: an entity's tasks of several types, a type's tasks for every entity of
a kind in a production (the single-task CRUD is models/tasks.py)."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import WrongParameter
from shared.eventstore import command

from .. import access
from ..models.task_statuses import TaskStatuses
from ..models.task_types import task_type_row
from ..models.tasks import TASKS
from ..replicas import ENTITIES
from ..rules.ids import id_list

# /actions/projects/{p}/task-types/{t}/<kind>s/create-tasks: route kind -> entity kind
KINDS = {"assets": "Asset", "shots": "Shot", "sequences": "Sequence", "episodes": "Episode",
         "scenes": "Scene", "edits": "Edit", "concepts": "Concept"}


class TaskCreation(UseCases):

    @answers("create_entity_tasks")
    @command
    def for_entity(self, actor, entity_id, body):
        """POST /data/entities/{id}/tasks {task_type_ids}: the tasks that did not exist yet; for
        whoever reads the entity, but the project's vendors and clients."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id)
        project = access.check_entity_read(self.session, actor, entity)
        access.check_project_reader(actor, project, blocked=("vendor", "client"))
        created = []
        for task_type_id in id_list(body, "task_type_ids"):
            if task_type_id not in (project["task_types"] or []):
                raise WrongParameter(f"Task type {task_type_id} is not enabled in project {project['id']}.")
            if not self.exists(entity_id, task_type_id):
                created.append(self.new_task(actor, entity, task_type_id))
        return created

    @answers("create_tasks_for_kind")
    @command
    def for_kind(self, actor, project_id, task_type_id, body, kind=None, entity_type=None):
        """POST /actions/projects/{p}/task-types/{t}/<kind>s/create-tasks (or …/create-tasks/
        {entity_type}): one task of that type for each entity of the kind in the project (or for
        the ids in the body)."""
        kind = KINDS.get(kind or entity_type, (entity_type or "").capitalize())
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        task_type = task_type_row(self.session, task_type_id)
        query = sa.select(ENTITIES).where(ENTITIES.c.project_id == project["id"],
                                          ENTITIES.c.kind == kind,
                                          ENTITIES.c.replica_deleted.is_(False),
                                          ENTITIES.c.canceled.isnot(True))
        if body not in (None, []) and not isinstance(body, list):
            raise WrongParameter("Request body must be a JSON array.")
        ids = id_list(body) if body else None
        if ids is not None:
            query = query.where(ENTITIES.c.id.in_(ids))
        statuses = self.platform.part(TaskStatuses).by_id()
        created = []
        for entity in self.session.execute(query.order_by(ENTITIES.c.name)).mappings():
            if not self.exists(entity["id"], task_type["id"]):
                task = self.new_task(actor, entity, task_type["id"], assigner_id=actor.id)
                status = statuses[task["task_status_id"]]
                created.append({**task, "task_status_name": status["name"],
                                "task_status_short_name": status["short_name"],
                                "task_status_color": status["color"],
                                "task_type_name": task_type["name"],
                                "task_type_color": task_type["color"],
                                "task_type_priority": task_type["priority"]})
        return created

    def exists(self, entity_id, task_type_id, name="main"):
        table = TASKS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.entity_id == entity_id, table.c.task_type_id == task_type_id,
            table.c.name == name)).first() is not None

    def new_task(self, actor, entity, task_type_id, assigner_id=None):
        fields = {"entity_id": entity["id"], "task_type_id": task_type_id, "assigner_id": assigner_id}
        return self.crud.save_new(TASKS, actor, fields)
