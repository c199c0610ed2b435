"""The task lists of a person (/data/persons/{id}/tasks, the logged-in person's /data/user/*
lists) and of an entity (/data/<kind>s/{id}/tasks…), each one SQL query (views/task_queries.py)."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import flag, parse_id
from shared.errors import Forbidden

from .. import access
from ..commands.task_creation import KINDS
from ..models.tasks import TASKS
from ..replicas import ENTITIES, open_project_ids
from . import task_queries as queries

TASK = TASKS.table
# a per-entity route names its id after the kind (asset_id, shot_id…), or entity_id
ENTITY_IDS = ("entity_id", *(f"{kind[:-1]}_id" for kind in KINDS))


def as_member(actor):
    """The caller seen as a team member: user views never widen to every project for admins."""
    return Actor(actor, role="user")


class TaskListViews(UseCases):

    # -- a person's to-do and done lists --------------------------------------------------------
    @answers("person_tasks")
    def person_tasks(self, actor, person_id, done=False):
        """Bots may not ask; vendors only about themselves; clients get nothing."""
        actor, person_id = Actor(actor), parse_id(person_id)
        if actor.get("identity_type") == "bot":
            raise Forbidden()
        if actor.role == "vendor" and person_id != actor.id:
            raise Forbidden()
        if actor.role == "client":
            return []
        return queries.person_tasks(self.session, actor, person_id, done)

    @answers("person_done_tasks")
    def person_done_tasks(self, actor, person_id):
        return self.person_tasks(actor, person_id, done=True)

    @answers("user_tasks")
    def user_tasks(self, actor, done=False):
        """My tasks in the open projects whose team I am in (admins too)."""
        actor = Actor(actor)
        return queries.person_tasks(self.session, as_member(actor), actor.id, done)

    @answers("user_done_tasks")
    def user_done_tasks(self, actor):
        return self.user_tasks(actor, done=True)

    # -- per-entity lists -----------------------------------------------------------------------
    @answers("entity_tasks", entity_id=ENTITY_IDS)
    def entity_tasks(self, actor, kind, query, entity_id):
        """GET /data/<kind>s/{id}/tasks: the entity's tasks (detailed dicts)."""
        actor, kind, relations = Actor(actor), KINDS[kind], flag(query, "relations")
        entity = access.entity_row(self.session, entity_id, kind)
        actor = access.on_project(actor, access.check_entity_read(self.session, actor, entity))
        condition = TASK.c.entity_id == entity["id"]
        if actor.role == "vendor":
            condition = condition & TASK.c.assignees.contains([actor.id])
        return queries.detailed_tasks(self.session, condition, relations)

    @answers("entity_task_types", entity_id=ENTITY_IDS)
    def entity_task_types(self, actor, kind, entity_id):
        actor, kind = Actor(actor), KINDS[kind]
        entity = access.entity_row(self.session, entity_id, kind)
        access.check_entity_read(self.session, actor, entity)
        return queries.task_types_of(self.session, TASK.c.entity_id == entity["id"])

    @answers("children_tasks", entity_id=ENTITY_IDS)
    def children_tasks(self, actor, kind, child, query, entity_id):
        """A sequence's or episode's shot tasks, an episode's edit tasks."""
        actor, parent_id, parent_kind, child_kind = Actor(actor), entity_id, KINDS[kind], child
        relations = flag(query, "relations")
        parent = access.entity_row(self.session, parent_id, parent_kind)
        actor = access.on_project(actor, access.check_entity_read(self.session, actor, parent))
        condition = self.under(parent, child_kind)
        if actor.role == "vendor":
            condition = condition & TASK.c.assignees.contains([actor.id])
        return queries.detailed_tasks(self.session, condition, relations)

    @staticmethod
    def under(parent, child_kind):
        """Entities of `child_kind` below `parent` (shots of an episode: through its sequences)."""
        if child_kind is None:
            return TASK.c.entity_id == parent["id"]
        if parent["kind"] == "Episode" and child_kind == "Shot":
            sequences = sa.select(ENTITIES.c.id).where(ENTITIES.c.parent_id == parent["id"])
            return (ENTITIES.c.kind == "Shot") & ENTITIES.c.parent_id.in_(sequences)
        return (ENTITIES.c.kind == child_kind) & (ENTITIES.c.parent_id == parent["id"])

    @answers("episode_asset_tasks")
    def episode_asset_tasks(self, actor, episode_id, query):
        """GET /data/episodes/{id}/asset-tasks: tasks of the assets whose source is the episode."""
        actor, relations = Actor(actor), flag(query, "relations")
        episode = access.entity_row(self.session, episode_id, "Episode")
        access.check_project_reader(actor, access.project_row(self.session, episode["project_id"]),
                                    blocked=("vendor",))
        condition = (ENTITIES.c.kind == "Asset") & (ENTITIES.c.source_id == episode["id"])
        return queries.detailed_tasks(self.session, condition, relations)

    # -- the logged-in person's views of an entity ----------------------------------------------
    @answers("user_entity_tasks", entity_id=ENTITY_IDS)
    def user_entity_tasks(self, actor, kind, entity_id):
        """GET /data/user/<kind>s/{id}/tasks: my tasks on it, in my open projects."""
        actor, kind = Actor(actor), KINDS[kind]
        entity = access.entity_row(self.session, entity_id, kind)
        return queries.detailed_tasks(self.session, self.mine(actor, entity))

    @answers("user_entity_task_types", entity_id=ENTITY_IDS)
    def user_entity_task_types(self, actor, kind, entity_id):
        """GET /data/user/<kind>s/{id}/task-types: the types of my tasks on it."""
        actor, kind = Actor(actor), KINDS[kind]
        entity = access.entity_row(self.session, entity_id, kind)
        return queries.task_types_of(self.session, self.mine(actor, entity))

    @staticmethod
    def mine(actor, entity):
        return ((TASK.c.entity_id == entity["id"]) & TASK.c.assignees.contains([actor.id])
                & TASK.c.project_id.in_(open_project_ids(as_member(actor))))
