"""Subscriptions (Zou's Subscription): a person follows a task, or a sequence's tasks of one type;
followers hear of the task's comments (models/notifications.py)."""
import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import Uuid
from shared.errors import Forbidden
from shared.eventstore import command

from .. import access
from ..domain import Subscription
from ..replicas import metadata
from ..rules.ids import bulk_task_ids, found_id, id_list
from .records import AdminCollection, delete_record, delete_where
from .task_types import task_type_row
from .tasks import task_row

SUBSCRIPTIONS = AdminCollection("subscriptions", "Subscription", Subscription, "subscription", metadata, {
    "person_id": Uuid(nullable=False, index=True), "task_id": Uuid(index=True, references="task"),
    "entity_id": Uuid(index=True, references="entity_replica"),
    "task_type_id": Uuid(index=True, references="task_type"), "project_id": Uuid(hidden=True, index=True)},
    unique_together=[("person_id", "task_id"), ("person_id", "task_type_id", "entity_id")])


class Subscriptions(Model):
    collection = SUBSCRIPTIONS

    # -- subscriptions --------------------------------------------------------------------------
    def subscription(self, person_id, task_id):
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table).where(
            table.c.person_id == person_id, table.c.task_id == task_id)).mappings().first()

    @answers("subscribe_to_task")
    @command
    def subscribe(self, actor, task_id):
        actor = Actor(actor)
        task = task_row(self.session, task_id)
        access.check_project_access(actor, access.project_row(self.session, task["project_id"]))
        row = self.subscription(actor.id, task["id"])
        if row is not None:
            return SUBSCRIPTIONS.serialize(row)
        return self.crud.save_new(SUBSCRIPTIONS, actor, {
            "person_id": actor.id, "task_id": task["id"], "project_id": task["project_id"]})

    @answers("unsubscribe_from_task")
    @command
    def unsubscribe(self, actor, task_id):
        self.drop_subscription(Actor(actor).id, found_id(task_id))

    def drop_subscription(self, person_id, task_id):
        row = self.subscription(person_id, task_id)
        if row is not None:
            delete_record(self.platform, SUBSCRIPTIONS, row["id"], person_id)

    @answers("task_subscribed")
    def is_subscribed(self, actor, task_id):
        return self.subscription(Actor(actor).id, found_id(task_id)) is not None

    @answers("subscribe_to_tasks")
    @command
    def subscribe_many(self, actor, body):
        """POST /actions/user/tasks/subscribe {task_ids}: the subscriptions; 404 (and none made)
        when a task is unknown."""
        tasks = [task_row(self.session, task_id) for task_id in bulk_task_ids(body)]
        return [self.subscribe(actor, task["id"]) for task in tasks]

    @answers("unsubscribe_from_tasks")
    @command
    def unsubscribe_many(self, actor, body):
        """POST /actions/user/tasks/unsubscribe {task_ids}: the ids as sent (unknown ones ignored)."""
        task_ids = bulk_task_ids(body)
        for task_id in id_list(task_ids):
            self.drop_subscription(Actor(actor).id, task_id)
        return task_ids

    # -- a sequence's tasks of one type ---------------------------------------------------------
    def sequence_subscription(self, actor, sequence_id, task_type_id):
        """The caller's subscription to the sequence's tasks of the type (None), after checking both
        exist and the caller may read the project."""
        sequence = access.entity_row(self.session, found_id(sequence_id), "Sequence")
        task_type = task_type_row(self.session, found_id(task_type_id))
        access.check_project_access(actor, access.project_row(self.session, sequence["project_id"]))
        table = SUBSCRIPTIONS.table
        row = self.session.execute(sa.select(table).where(
            table.c.person_id == actor.id, table.c.entity_id == sequence["id"],
            table.c.task_type_id == task_type["id"])).mappings().first()
        return sequence, task_type, row

    @answers("subscribe_to_sequence")
    @command
    def subscribe_sequence(self, actor, sequence_id, task_type_id):
        actor = Actor(actor)
        sequence, task_type, row = self.sequence_subscription(actor, sequence_id, task_type_id)
        if row is not None:
            return SUBSCRIPTIONS.serialize(row)
        return self.crud.save_new(SUBSCRIPTIONS, actor, {
            "person_id": actor.id, "entity_id": sequence["id"], "task_type_id": task_type["id"],
            "project_id": sequence["project_id"]})

    @answers("unsubscribe_from_sequence")
    @command
    def unsubscribe_sequence(self, actor, sequence_id, task_type_id):
        actor = Actor(actor)
        row = self.sequence_subscription(actor, sequence_id, task_type_id)[2]
        if row is not None:
            delete_record(self.platform, SUBSCRIPTIONS, row["id"], actor.id)

    @answers("sequence_subscribed")
    def is_subscribed_to_sequence(self, actor, sequence_id, task_type_id):
        """Whether the caller follows them: asked of no project access (as Zou), it says nothing
        of the project."""
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.person_id == Actor(actor).id, table.c.entity_id == found_id(sequence_id),
            table.c.task_type_id == found_id(task_type_id))).first() is not None

    @answers("sequence_subscriptions")
    def sequence_subscriptions(self, actor, project_id, task_type_id):
        """GET /data/user/projects/{id}/task-types/{id}/sequence-subscriptions: the ids of the
        project's sequences whose tasks of that type the caller follows (a route of Zou 1.0.67,
        gone from 1.0.97)."""
        actor = Actor(actor)
        project = access.project_row(self.session, found_id(project_id))
        access.check_project_access(actor, project)
        table = SUBSCRIPTIONS.table
        return list(self.session.execute(sa.select(table.c.entity_id).where(
            table.c.person_id == actor.id, table.c.project_id == project["id"],
            table.c.task_type_id == found_id(task_type_id), table.c.entity_id.isnot(None))
            .order_by(table.c.created_at)).scalars())

    @answers("project_subscriptions")
    def project_subscriptions(self, actor, project_id):
        """GET /data/projects/{id}/subscriptions: admins (sync tools)."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        project = access.project_row(self.session, project_id)
        table = SUBSCRIPTIONS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"]))
        return [SUBSCRIPTIONS.serialize(row) for row in rows.mappings()]

    def subscribers(self, task_id):
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table.c.person_id).where(table.c.task_id == task_id)).scalars().all()

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the Tasks part."""
        delete_where(self.platform, session, SUBSCRIPTIONS, SUBSCRIPTIONS.table.c.task_id == task["id"], actor_id)
