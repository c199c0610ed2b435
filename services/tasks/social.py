"""Following tasks: subscriptions, the notifications a comment or an assignment sends, the news feed.

`notify_comment` and `notify_assignation` are called by the comment and assignment commands, inside
their transaction: the notifications commit with what caused them."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.fields import FALSE, TRUE
from shared.crud.store import as_object, flag
from shared.errors import Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.application import UseCases

from . import access
from .collections import (COMMENTS, ENTITIES, ENTITY_TYPES, NEWS, NOTIFICATIONS, PERSONS, PROJECTS,
                          SUBSCRIPTIONS, TASKS)
from .queries import task_type_row
from .tasks import id_list
from .time import found_id, task_row

NOT_ASSET = ("Shot", "Sequence", "Episode")


def with_entity_context(query, entity_id):
    """`query` plus the entity of column `entity_id`, its type, parent and grandparent: what
    full_entity_name reads (the inbox, news, chats)."""
    entity, parent, grandparent = (ENTITIES.alias("entity"), ENTITIES.alias("parent"),
                                   ENTITIES.alias("grandparent"))
    return (query.add_columns(
        entity.c.kind.label("entity_kind"), entity.c.name.label("entity_name"), entity.c.source_id,
        entity.c.preview_file_id.label("entity_preview_file_id"),
        ENTITY_TYPES.c.name.label("entity_type_name"), parent.c.id.label("parent_id"),
        parent.c.name.label("parent_name"), grandparent.c.id.label("grandparent_id"),
        grandparent.c.name.label("grandparent_name"))
        .outerjoin(entity, entity.c.id == entity_id)
        .outerjoin(ENTITY_TYPES, ENTITY_TYPES.c.id == entity.c.entity_type_id)
        .outerjoin(parent, parent.c.id == entity.c.parent_id)
        .outerjoin(grandparent, grandparent.c.id == parent.c.parent_id))


def full_entity_name(row):
    """Zou's display name of a task's entity and its episode: `Seq / Shot`, `Ep / Seq / Shot`,
    `Ep / Seq`, `Asset type / Asset`."""
    kind, name = row["entity_kind"], row["entity_name"]
    if kind == "Shot" and row["parent_name"]:
        if row["grandparent_name"]:
            return f"{row['grandparent_name']} / {row['parent_name']} / {name}", row["grandparent_id"]
        return f"{row['parent_name']} / {name}", None
    if kind == "Sequence" and row["parent_name"]:
        return f"{row['parent_name']} / {name}", row["parent_id"]
    if kind in NOT_ASSET or name is None:
        return name or "", None
    return (f"{row['entity_type_name']} / {name}" if row["entity_type_name"] else name), row["source_id"]


def bulk_task_ids(body):
    """The task ids of a bulk (un)subscription: a non-empty list, with Zou's validation messages."""
    if not isinstance(body or {}, dict):
        raise ValidationError([{"field": "", "message": "Input should be a valid dictionary"}])
    task_ids = as_object(body).get("task_ids")
    if task_ids is None:
        message = "Field required"
    elif not isinstance(task_ids, list):
        message = "Input should be a valid list"
    elif not task_ids:
        message = "List should have at least 1 item after validation, not 0"
    else:
        return task_ids
    raise ValidationError([{"field": "task_ids", "message": message}])


class Social(UseCases):

    # -- subscriptions --------------------------------------------------------------------------
    def subscription(self, person_id, task_id):
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table).where(
            table.c.person_id == person_id, table.c.task_id == task_id)).mappings().first()

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

    @command
    def unsubscribe(self, actor, task_id):
        self.drop_subscription(Actor(actor).id, found_id(task_id))

    def drop_subscription(self, person_id, task_id):
        row = self.subscription(person_id, task_id)
        if row is not None:
            self.remove(SUBSCRIPTIONS, person_id, row["id"])

    def is_subscribed(self, actor, task_id):
        return self.subscription(Actor(actor).id, found_id(task_id)) is not None

    @command
    def subscribe_many(self, actor, body):
        """POST /actions/user/tasks/subscribe {task_ids}: the subscriptions; 404 (and none made)
        when a task is unknown."""
        tasks = [task_row(self.session, task_id) for task_id in bulk_task_ids(body)]
        return [self.subscribe(actor, task["id"]) for task in tasks]

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

    @command
    def subscribe_sequence(self, actor, sequence_id, task_type_id):
        actor = Actor(actor)
        sequence, task_type, row = self.sequence_subscription(actor, sequence_id, task_type_id)
        if row is not None:
            return SUBSCRIPTIONS.serialize(row)
        return self.crud.save_new(SUBSCRIPTIONS, actor, {
            "person_id": actor.id, "entity_id": sequence["id"], "task_type_id": task_type["id"],
            "project_id": sequence["project_id"]})

    @command
    def unsubscribe_sequence(self, actor, sequence_id, task_type_id):
        actor = Actor(actor)
        row = self.sequence_subscription(actor, sequence_id, task_type_id)[2]
        if row is not None:
            self.remove(SUBSCRIPTIONS, actor.id, row["id"])

    def is_subscribed_to_sequence(self, actor, sequence_id, task_type_id):
        """Whether the caller follows them: asked of no project access (as Zou), it says nothing
        of the project."""
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.person_id == Actor(actor).id, table.c.entity_id == found_id(sequence_id),
            table.c.task_type_id == found_id(task_type_id))).first() is not None

    def project_subscriptions(self, actor, project_id):
        """GET /data/projects/{id}/subscriptions: admins (sync tools)."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        project = access.project_row(self.session, project_id)
        table = SUBSCRIPTIONS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"]))
        return [SUBSCRIPTIONS.serialize(row) for row in rows.mappings()]

    # -- notifications and news (written by the comment and assignment commands) ------------------
    def on_comment(self, actor, task, comment, changed):
        """Hook of the comment command (same transaction)."""
        self.notify_comment(task, comment["id"], comment, changed)

    def notify_comment(self, task, comment_id, comment, change=False):
        """A comment was posted on `task` (dicts of their fields): assignees and subscribers other
        than the author get a `comment` notification, the mentioned persons a `mention` one, and
        the news feed gets the comment."""
        author = comment["person_id"]
        subscribers = self.session.execute(sa.select(SUBSCRIPTIONS.table.c.person_id).where(
            SUBSCRIPTIONS.table.c.task_id == task["id"])).scalars()
        recipients = (set(task.get("assignees") or []) | set(subscribers)) - {author}
        common = {"author_id": author, "comment_id": comment_id, "task_id": task["id"],
                  "project_id": task["project_id"]}
        for person_id in sorted(recipients):
            self.notify(person_id, "comment", change=change, **common)
        for person_id in sorted(set(comment.get("mentions") or []) - {author}):
            self.notify(person_id, "mention", **common)
        self.crud.save_new(NEWS, Actor(id=author), {
            **common, "change": change, "preview_file_id": comment.get("preview_file_id"),
            "task_status_id": comment.get("task_status_id"), "task_type_id": task["task_type_id"]})
        return recipients

    def notify_assignation(self, task, person_id, author_id):
        """`person_id` was assigned to `task` by `author_id` (nobody is told of their own doing)."""
        if author_id and author_id != person_id:
            self.notify(person_id, "assignation", author_id=author_id, task_id=task["id"],
                        project_id=task["project_id"])

    def notify(self, person_id, kind, **fields):
        self.crud.save_new(NOTIFICATIONS, Actor(id=fields["author_id"]),
                           {"person_id": person_id, "type": kind, **fields})

    def notifications_query(self, actor):
        """The caller's notifications with what the Kitsu inbox shows, in one query."""
        notification, task, comment = NOTIFICATIONS.table, TASKS.table, COMMENTS.table
        subscription, author = SUBSCRIPTIONS.table, PERSONS.alias("author")
        query = (sa.select(
            notification, task.c.task_type_id, PROJECTS.c.name.label("project_name"),
            comment.c.task_status_id.label("comment_status_id"), comment.c.text.label("comment_text"),
            comment.c.replies, comment.c.mentions, comment.c.department_mentions, comment.c.previews,
            subscription.c.id.label("subscription_id"), author.c.role.label("author_role"))
            .select_from(notification)
            .outerjoin(task, task.c.id == notification.c.task_id)
            .outerjoin(PROJECTS, PROJECTS.c.id == notification.c.project_id)
            .outerjoin(comment, comment.c.id == notification.c.comment_id)
            .outerjoin(subscription, sa.and_(subscription.c.task_id == notification.c.task_id,
                                             subscription.c.person_id == actor.id))
            .outerjoin(author, author.c.id == notification.c.author_id))
        return (with_entity_context(query, task.c.entity_id)
            .where(notification.c.person_id == actor.id)
            .order_by(notification.c.created_at.desc()))

    def user_notifications(self, actor, query, notification_id=None):
        """GET /data/user/notifications (the last 100; filters after, before, task_type_id,
        task_status_id, type, read, watching)."""
        actor = Actor(actor)
        notification, task = NOTIFICATIONS.table, TASKS.table
        statement = self.notifications_query(actor)
        if notification_id is not None:
            statement = statement.where(notification.c.id == notification_id)
        for key, column in (("task_type_id", task.c.task_type_id), ("task_status_id", task.c.task_status_id)):
            if query.get(key):
                try:
                    statement = statement.where(column == str(uuid.UUID(query[key])))
                except ValueError:
                    raise WrongParameter(f"Invalid UUID format for {key}: {query[key]}")
        for key, compare in (("after", notification.c.created_at.__gt__),
                             ("before", notification.c.created_at.__lt__)):
            if query.get(key):
                statement = statement.where(compare(sa.cast(query[key], sa.DateTime)))
        if query.get("type"):
            statement = statement.where(notification.c.type == query["type"])
        if query.get("read") is not None:
            statement = statement.where(notification.c.read.is_(flag(query, "read")))
        if query.get("watching") is not None:
            watched = SUBSCRIPTIONS.table.c.id.is_not(None)
            statement = statement.where(watched if flag(query, "watching") else sa.not_(watched))
        try:
            rows = self.session.execute(statement.limit(100)).mappings().all()
        except sa.exc.DataError:
            raise WrongParameter("Wrong date format for after or before.")
        return [self.inbox_item(row, actor) for row in rows]

    def inbox_item(self, row, actor):
        full_name, episode_id = full_entity_name(row)
        reply = {}
        if row["type"] in ("reply", "reply-mention"):
            reply = next((r for r in row["replies"] or [] if r.get("id") == row["reply_id"]), {})
        hidden = row["author_role"] == "client" and actor.role == "user"
        return {
            "id": row["id"], "type": "Notification", "notification_type": row["type"],
            "author_id": row["author_id"], "comment_id": row["comment_id"], "task_id": row["task_id"],
            "task_type_id": row["task_type_id"], "task_status_id": row["comment_status_id"],
            "mentions": list(row["mentions"] or []),
            "department_mentions": list(row["department_mentions"] or []),
            "reply_mentions": reply.get("mentions") or [],
            "reply_department_mentions": reply.get("department_mentions") or [],
            "preview_file_id": (row["previews"] or [None])[0], "project_id": row["project_id"],
            "project_name": row["project_name"],
            "comment_text": "" if hidden else row["comment_text"],
            "reply_text": "" if hidden else reply.get("text", ""),
            "created_at": row["created_at"].isoformat(), "read": row["read"], "change": row["change"],
            "full_entity_name": full_name, "episode_id": episode_id,
            "entity_preview_file_id": row["entity_preview_file_id"],
            "subscription_id": row["subscription_id"], "playlist_id": row["playlist_id"],
            "playlist_name": "", "playlist_for_entity": "", "playlist_is_for_all": False,
        }

    def user_notification(self, actor, notification_id):
        try:
            notification_id = str(uuid.UUID(str(notification_id)))
        except ValueError:
            raise WrongParameter(f"Invalid UUID format for notification_id: {notification_id}")
        found = self.user_notifications(actor, {}, notification_id)
        if not found:
            raise NotFound()
        return found[0]

    @command
    def mark(self, actor, notification_id, body):
        """PUT /data/user/notifications/{id} {read}: `notification:read|unread`."""
        actor = Actor(actor)
        table = NOTIFICATIONS.table
        row = self.session.execute(sa.select(table).where(
            table.c.id == found_id(notification_id), table.c.person_id == actor.id)).mappings().first()
        if row is None:
            raise NotFound()
        read = as_object(body).get("read")
        if isinstance(read, str) and read.lower() in TRUE | FALSE:
            read = read.lower() in TRUE
        if read is not None and not isinstance(read, bool):
            raise ValidationError([{"field": "read",
                                    "message": "Input should be a valid boolean, unable to interpret input"}])
        row = dict(row)
        aggregate = self.platform.app.repository.get(uuid.UUID(row["id"]))
        if read is not None:
            aggregate.mark_read(read, actor.id)
        row.update(self.crud.save(NOTIFICATIONS, aggregate) or {})
        return NOTIFICATIONS.serialize(row)

    @command
    def mark_all_read(self, actor):
        """POST /actions/user/notifications/mark-all-as-read."""
        actor = Actor(actor)
        table = NOTIFICATIONS.table
        unread = self.session.execute(sa.select(table.c.id).where(
            table.c.person_id == actor.id, table.c.read.is_(False))).scalars().all()
        for position, notification_id in enumerate(unread, 1):
            aggregate = self.platform.app.repository.get(uuid.UUID(notification_id))
            aggregate.mark_read(True, actor.id, "all" if position == len(unread) else "bulk")
            self.crud.save(NOTIFICATIONS, aggregate)
        return {"success": True}

    def project_notifications(self, actor, project_id):
        """GET /data/projects/{id}/notifications: admins; the raw rows of the project."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        project = access.project_row(self.session, project_id)
        table = NOTIFICATIONS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.created_at.desc()))
        return [NOTIFICATIONS.serialize(row) for row in rows.mappings()]

    # -- a deleted task takes what follows it along ----------------------------------------------
    def remove_for_task(self, session, task, actor_id):
        for collection in (SUBSCRIPTIONS, NOTIFICATIONS, NEWS):
            table = collection.table
            owned = sa.select(table.c.id).where(table.c.task_id == task["id"])
            for row_id in session.execute(owned).scalars():
                self.remove(collection, actor_id, row_id)

    def remove(self, collection, actor_id, row_id):
        aggregate = self.platform.app.repository.get(uuid.UUID(row_id))
        aggregate.delete(actor_id)
        self.crud.save(collection, aggregate)
