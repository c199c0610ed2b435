"""Notifications (Zou's Notification): what a comment, a mention or an assignment tells a person,
written in the same transaction as what caused it; the inbox (/data/user/notifications) and
reading them."""
import uuid

import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import FALSE, TRUE, Boolean, Choice, Uuid
from shared.crud.store import as_object, flag
from shared.errors import Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command

from .. import access
from ..domain import Notification
from ..replicas import PERSONS, PROJECTS, metadata, with_entity_context
from ..rules.entity_names import full_entity_name
from ..rules.ids import found_id
from ..rules.notifications import assignation_notified, comment_recipients
from .comments import COMMENTS
from .records import AdminCollection, delete_where
from .subscriptions import SUBSCRIPTIONS
from .tasks import TASKS


NOTIFICATIONS = AdminCollection("notifications", "Notification", Notification, "notification", metadata, {
    "read": Boolean(nullable=False, default=False), "change": Boolean(nullable=False, default=False),
    "type": Choice(("comment", "mention", "assignation", "reply", "reply-mention",
                    "playlist-ready"), nullable=False, key="notification_type"),
    "person_id": Uuid(nullable=False, index=True), "author_id": Uuid(nullable=False),
    "comment_id": Uuid(index=True), "task_id": Uuid(index=True), "playlist_id": Uuid(),
    "reply_id": Uuid(), "project_id": Uuid(hidden=True, index=True)})
sa.Index("ix_notification_person_created", NOTIFICATIONS.table.c.person_id, NOTIFICATIONS.table.c.created_at)


class Notifications(Model):
    collection = NOTIFICATIONS

    # -- written by the comment and assignment commands ------------------------------------------
    def notify_comment(self, task, comment_id, comment, subscribers, change=False):
        """A comment was posted on `task` (dicts of their fields): assignees and subscribers other
        than the author get a `comment` notification, the mentioned persons a `mention` one."""
        author = comment["person_id"]
        recipients, mentioned = comment_recipients(author, task.get("assignees"), subscribers,
                                                   comment.get("mentions"))
        common = {"author_id": author, "comment_id": comment_id, "task_id": task["id"],
                  "project_id": task["project_id"]}
        for person_id in sorted(recipients):
            self.notify(person_id, "comment", change=change, **common)
        for person_id in sorted(mentioned):
            self.notify(person_id, "mention", **common)
        return recipients

    def notify_assignation(self, task, person_id, author_id):
        """`person_id` was assigned to `task` by `author_id`."""
        if assignation_notified(person_id, author_id):
            self.notify(person_id, "assignation", author_id=author_id, task_id=task["id"],
                        project_id=task["project_id"])

    @answers("notify_playlist_ready")
    @command
    def notify_playlist_ready(self, actor, body):
        """Media's call (no route; it checked who may notify, and whom): the persons of
        `person_ids` hear from the caller that the playlist is ready."""
        for person_id in body["person_ids"]:
            self.notify(person_id, "playlist-ready", author_id=Actor(actor).id, playlist_id=body["playlist_id"],
                        project_id=body["project_id"])

    def notify(self, person_id, kind, **fields):
        self.crud.save_new(NOTIFICATIONS, Actor(id=fields["author_id"]),
                           {"person_id": person_id, "type": kind, **fields})

    # -- the inbox --------------------------------------------------------------------------------
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

    @answers("user_notification_count")
    def user_notification_count(self, actor):
        """The caller's unread notifications: their key of /data/user/context."""
        table = NOTIFICATIONS.table
        return self.session.execute(sa.select(sa.func.count()).where(
            table.c.person_id == Actor(actor).id, table.c.read.is_(False))).scalar()

    @answers("user_notifications")
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

    @answers("user_notification")
    def user_notification(self, actor, notification_id):
        try:
            notification_id = str(uuid.UUID(str(notification_id)))
        except ValueError:
            raise WrongParameter(f"Invalid UUID format for notification_id: {notification_id}")
        found = self.user_notifications(actor, {}, notification_id)
        if not found:
            raise NotFound()
        return found[0]

    @answers("update_user_notification")
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
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        if read is not None:
            aggregate.mark_read(read, actor.id)
        row.update(self.crud.save(NOTIFICATIONS, aggregate) or {})
        return NOTIFICATIONS.serialize(row)

    @answers("mark_all_notifications_read")
    @command
    def mark_all_read(self, actor):
        """POST /actions/user/notifications/mark-all-as-read."""
        actor = Actor(actor)
        table = NOTIFICATIONS.table
        unread = self.session.execute(sa.select(table.c.id).where(
            table.c.person_id == actor.id, table.c.read.is_(False))).scalars().all()
        for position, notification_id in enumerate(unread, 1):
            aggregate = self.app.repository.get(uuid.UUID(notification_id))
            aggregate.mark_read(True, actor.id, "all" if position == len(unread) else "bulk")
            self.crud.save(NOTIFICATIONS, aggregate)
        return {"success": True}

    @answers("project_notifications")
    def project_notifications(self, actor, project_id):
        """GET /data/projects/{id}/notifications: admins; the raw rows of the project."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        project = access.project_row(self.session, project_id)
        table = NOTIFICATIONS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.created_at.desc()))
        return [NOTIFICATIONS.serialize(row) for row in rows.mappings()]

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the Tasks part."""
        delete_where(self.platform, session, NOTIFICATIONS, NOTIFICATIONS.table.c.task_id == task["id"], actor_id)
