"""The task lists of a person: /data/persons/{id}/tasks, the logged-in person's /data/user/*
views, and the per-entity task lists (each one SQL query, see queries.py)."""
import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden
from shared.application import UseCases

from . import access, queries
from .collections import ENTITIES, TASKS, open_project_ids

TASK = TASKS.table


def as_member(actor):
    """The caller seen as a team member: user views never widen to every project for admins."""
    return Actor(actor, role="user")


class UserViews(UseCases):

    # -- a person's to-do and done lists --------------------------------------------------------
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

    def user_tasks(self, actor, done=False):
        """My tasks in the open projects whose team I am in (admins too)."""
        actor = Actor(actor)
        return queries.person_tasks(self.session, as_member(actor), actor.id, done)

    # -- per-entity lists -----------------------------------------------------------------------
    def entity_tasks(self, actor, entity_id, kind, relations=False):
        """GET /data/<kind>s/{id}/tasks: the entity's tasks (detailed dicts)."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id, kind)
        actor = access.on_project(actor, access.check_entity_read(self.session, actor, entity))
        condition = TASK.c.entity_id == entity["id"]
        if actor.role == "vendor":
            condition = condition & TASK.c.assignees.contains([actor.id])
        return queries.detailed_tasks(self.session, condition, relations)

    def entity_task_types(self, actor, entity_id, kind):
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id, kind)
        access.check_entity_read(self.session, actor, entity)
        return queries.task_types_of(self.session, TASK.c.entity_id == entity["id"])

    def children_tasks(self, actor, parent_id, parent_kind, child_kind, relations=False):
        """A sequence's or episode's shot tasks (child kind), or its own tasks for `None`."""
        actor = Actor(actor)
        parent = access.entity_row(self.session, parent_id, parent_kind)
        actor = access.on_project(actor, access.check_entity_read(self.session, actor, parent))
        condition = self.under(parent, child_kind)
        if actor.role == "vendor":
            condition = condition & TASK.c.assignees.contains([actor.id])
        return queries.detailed_tasks(self.session, condition, relations)

    def children_task_types(self, actor, parent_id, parent_kind, child_kind):
        actor = Actor(actor)
        parent = access.entity_row(self.session, parent_id, parent_kind)
        access.check_entity_read(self.session, actor, parent)
        return queries.task_types_of(self.session, self.under(parent, child_kind))

    @staticmethod
    def under(parent, child_kind):
        """Entities of `child_kind` below `parent` (shots of an episode: through its sequences)."""
        if child_kind is None:
            return TASK.c.entity_id == parent["id"]
        if parent["kind"] == "Episode" and child_kind == "Shot":
            sequences = sa.select(ENTITIES.c.id).where(ENTITIES.c.parent_id == parent["id"])
            return (ENTITIES.c.kind == "Shot") & ENTITIES.c.parent_id.in_(sequences)
        return (ENTITIES.c.kind == child_kind) & (ENTITIES.c.parent_id == parent["id"])

    def episode_asset_tasks(self, actor, episode_id, relations=False):
        """GET /data/episodes/{id}/asset-tasks: tasks of the assets whose source is the episode."""
        actor = Actor(actor)
        episode = access.entity_row(self.session, episode_id, "Episode")
        access.check_project_reader(actor, access.project_row(self.session, episode["project_id"]),
                                    blocked=("vendor",))
        condition = (ENTITIES.c.kind == "Asset") & (ENTITIES.c.source_id == episode["id"])
        return queries.detailed_tasks(self.session, condition, relations)

    # -- the logged-in person's views of an entity ----------------------------------------------
    def user_entity_tasks(self, actor, entity_id, kind):
        """GET /data/user/<kind>s/{id}/tasks: my tasks on it, in my open projects."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id, kind)
        return queries.detailed_tasks(self.session, self.mine(actor, entity))

    def user_entity_task_types(self, actor, entity_id, kind):
        """GET /data/user/<kind>s/{id}/task-types: the types of my tasks on it."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id, kind)
        return queries.task_types_of(self.session, self.mine(actor, entity))

    @staticmethod
    def mine(actor, entity):
        return ((TASK.c.entity_id == entity["id"]) & TASK.c.assignees.contains([actor.id])
                & TASK.c.project_id.in_(open_project_ids(as_member(actor))))
