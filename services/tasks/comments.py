"""Comments: a comment sets the task's status (and the dates and counters that go with it);
replies, acknowledgements, reads and removal.

Other areas react to a new comment through `comment_hooks` (f(actor, task, comment, changed)),
called in the same transaction: notifications, news, subscriptions…"""
import datetime
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.serialization import isoformat
from shared.application import UseCases
from shared.replicas import ATTACHMENT_SUMMARY, PREVIEW_SUMMARY

from . import access
from .collections import ATTACHMENTS, COMMENTS, PREVIEWS, TASK_STATUSES, TASKS, default_status_id

STATUS_SUMMARY = ("name", "short_name", "color", "id")
# media's files a comment shows: the replica of their rows, the comment's field listing them
SHOWN_FILES = {"preview_file": (PREVIEWS, "previews"), "attachment_file": (ATTACHMENTS, "attachment_files")}


def now():
    return datetime.datetime.utcnow().replace(microsecond=0)


def status_changes(task, status, previous):
    """What a comment that sets `status` changes on the task besides its status (Zou's rules)."""
    moment = isoformat(now())
    changes = {"last_comment_date": moment}
    if status["is_wip"] and not task["real_start_date"]:
        changes["real_start_date"] = moment
    if status["is_feedback_request"]:
        changes["end_date"] = moment
    if status["is_done"]:
        changes["done_date"] = moment
    if status["is_retake"] and not (previous or {}).get("is_retake"):
        changes["retake_count"] = (task["retake_count"] or 0) + 1
    return changes


class Comments(UseCases):
    def __init__(self, platform):
        super().__init__(platform)
        self.comment_hooks = []
        self.automations = None  # automations.py: what a new status sets on other tasks

    def status_row(self, status_id):
        return self.crud.row(TASK_STATUSES, status_id)

    def comment_of(self, task_id, comment_id):
        comment = self.crud.row(COMMENTS, comment_id)
        if comment["object_id"] != parse_id(task_id):
            raise NotFound()
        return comment

    def aggregate(self, row_id):
        return self.platform.app.repository.get(uuid.UUID(row_id))

    # -- commenting -----------------------------------------------------------------------------
    @command
    def create(self, actor, task_id, body, directory):
        """POST /actions/tasks/{id}/comment: 201 the comment, with its status and author."""
        actor, task = Actor(actor), self.crud.row(TASKS, task_id)
        body = body if isinstance(body, dict) else {}
        if not body.get("task_status_id"):
            raise ValidationError([{"field": "task_status_id", "message": "Field required"}])
        try:
            status = self.status_row(body["task_status_id"])
        except WrongParameter:  # a malformed id: no such status
            raise NotFound()
        project = access.check_task_action_access(self.session, actor, task)
        permissions.check_task_status_access(actor, project, status)
        actor = access.on_project(actor, project)
        person_id = body.get("person_id") if actor.is_manager and body.get("person_id") else actor.id
        return self.post(actor, task, status, person_id, body, directory)

    def post(self, actor, task, status, person_id, body, directory, depth=0):
        """Store the comment, set the task's status, tell the hooks, run the project's status
        automations (`depth`: how many automations led here)."""
        fields = {"object_id": task["id"], "object_type": "Task", "text": body.get("comment") or "",
                  "task_status_id": status["id"], "person_id": person_id,
                  "checklist": body.get("checklist") or [], "links": body.get("links") or [],
                  "for_client": bool(body.get("for_client")), "project_id": task["project_id"]}
        comment = self.crud.save_new(COMMENTS, actor, fields)
        changed = self.set_task_status(actor, task, status)
        for hook in self.comment_hooks:
            hook(actor, task, comment, changed)
        if self.automations is not None:
            self.automations.run(actor, task, directory, depth)
        person = directory.persons([person_id]).get(person_id)
        return {**comment, "task_status": TASK_STATUSES.serialize(status), "person": person}

    def set_task_status(self, actor, task, status):
        """Apply a comment's status to its task; True when the status changed."""
        aggregate = self.aggregate(task["id"])
        previous_id = task["task_status_id"]
        previous = self.status_row(previous_id) if previous_id else None
        changes = status_changes(task, status, previous)
        if status["id"] != previous_id:
            aggregate.change_status(status["id"], changes, actor.id)
        else:
            aggregate.update(changes, actor.id)
        task.update(self.crud.save(TASKS, aggregate) or {})
        return status["id"] != previous_id

    # -- replies and acknowledgements -----------------------------------------------------------
    @command
    def reply(self, actor, task_id, comment_id, body, directory):
        actor, task = Actor(actor), self.crud.row(TASKS, task_id)
        actor = access.on_project(actor, access.check_task_access(self.session, actor, task))
        comment = self.comment_of(task_id, comment_id)
        body = body if isinstance(body, dict) else {}
        person_id = body.get("person_id") if actor.is_manager and body.get("person_id") else actor.id
        moment = isoformat(now())
        reply = {"id": str(uuid.uuid4()), "date": moment, "person_id": person_id,
                 "text": body.get("text") or "", "mentions": [], "department_mentions": [],
                 "created_at": moment}
        aggregate = self.aggregate(comment["id"])
        aggregate.add_reply(reply, actor.id)
        self.crud.save(COMMENTS, aggregate)
        return {**reply, "person": directory.minimal([person_id]).get(person_id)}

    @command
    def delete_reply(self, actor, task_id, comment_id, reply_id):
        """Its author's or an admin's (as Zou)."""
        actor, comment = Actor(actor), self.comment_of(task_id, comment_id)
        reply = next((r for r in comment["replies"] or [] if r.get("id") == reply_id), None)
        if reply is None:
            raise NotFound()
        permissions.check_person_access(actor, reply.get("person_id"))
        aggregate = self.aggregate(comment["id"])
        aggregate.delete_reply(reply_id, actor.id)
        comment.update(self.crud.save(COMMENTS, aggregate) or {})
        return COMMENTS.serialize(comment, actor, relations=False)

    @command
    def acknowledge(self, actor, task_id, comment_id):
        """Toggles the caller's acknowledgement; answers the comment."""
        actor, task = Actor(actor), self.crud.row(TASKS, task_id)
        access.check_task_access(self.session, actor, task)
        comment = self.comment_of(task_id, comment_id)
        aggregate = self.aggregate(comment["id"])
        aggregate.acknowledge(actor.id)
        comment.update(self.crud.save(COMMENTS, aggregate) or {})
        return COMMENTS.serialize(comment, actor, relations=True)

    # -- reads ----------------------------------------------------------------------------------
    def task_comments(self, actor, task_id, directory):
        """GET /data/tasks/{id}/comments: newest first, with author and status summaries."""
        actor, task = Actor(actor), self.crud.row(TASKS, task_id)
        actor = access.on_project(actor, access.check_task_access(self.session, actor, task))
        table, statuses = COMMENTS.table, TASK_STATUSES.table
        query = (sa.select(table, statuses.c.name.label("status_name"),
                           statuses.c.short_name.label("status_short_name"),
                           statuses.c.color.label("status_color"))
                 .outerjoin(statuses, statuses.c.id == table.c.task_status_id)
                 .where(table.c.object_id == task["id"])
                 .order_by(table.c.created_at.desc()))
        if actor.role == "client":
            query = query.where(sa.or_(table.c.for_client.is_(True), table.c.person_id == actor.id))
        rows = self.session.execute(query).mappings().all()
        persons = directory.minimal([row["person_id"] for row in rows])
        out = []
        for row in rows:
            comment = COMMENTS.serialize(row, actor, relations=True)
            comment["person"] = persons.get(row["person_id"])
            comment["task_status"] = {"name": row["status_name"], "short_name": row["status_short_name"],
                                      "color": row["status_color"], "id": row["task_status_id"]}
            out.append(comment)
        return self.with_files(out, ATTACHMENT_SUMMARY)

    def with_files(self, comments, attachment_keys, preview_keys=PREVIEW_SUMMARY):
        """The comments with their previews and attachments summarised as Zou shows them (media's
        rows, from the local replicas); `preview_keys` None: previews stay ids."""
        files = {}
        for replica, field, keys in ((PREVIEWS, "previews", preview_keys),
                                     (ATTACHMENTS, "attachment_files", attachment_keys)):
            ids = [file_id for comment in comments for file_id in comment.get(field) or []]
            if keys and ids:
                rows = self.session.execute(sa.select(replica).where(replica.c.id.in_(ids))).mappings()
                files.update({row["id"]: {"id": row["id"], **{key: row[key] for key in keys}} for row in rows})
        for comment in comments:
            for field, keys in (("previews", preview_keys), ("attachment_files", attachment_keys)):
                if keys:
                    comment[field] = [files[file_id] for file_id in comment.get(field) or [] if file_id in files]
        return comments

    def get(self, actor, comment_id, directory):
        """GET /data/comments/{id}: with relations and the author's summary."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, comment_id)
        self.check_comment_access(actor, comment)
        out = COMMENTS.serialize(comment, actor, relations=True)
        out["person"] = directory.minimal([comment["person_id"]]).get(comment["person_id"])
        return self.with_files([out], ("name", "extension", "size"), preview_keys=None)[0]

    def task_comment(self, actor, task_id, comment_id):
        """GET /data/tasks/{task_id}/comments/{comment_id}: the plain row (404 for another task's)."""
        actor, comment = Actor(actor), self.comment_of(task_id, comment_id)
        self.check_comment_access(actor, comment)
        return COMMENTS.serialize(comment, actor, relations=False)

    def check_comment_access(self, actor, comment):
        """Returns the comment's task and project."""
        task = self.crud.row(TASKS, comment["object_id"])
        project = access.project_row(self.session, task["project_id"])
        permissions.check_comment_access(
            actor, project, comment,
            lambda: permissions.person_project_role(comment["person_id"], access.person_role(
                self.session, comment["person_id"]), project),
            lambda: access.works_on_entity(self.session, actor.id, task["entity_id"]))
        return task, project

    def show_file(self, source_table, file_id, actor_id=None):
        """Media published, changed or deleted a preview or attachment file (its row is in the
        local replica by now): its comment's `previews` / `attachment_files` follow, with a
        `comment:update`."""
        replica, field = SHOWN_FILES[source_table]
        shown = self.session.execute(sa.select(replica).where(replica.c.id == file_id)).mappings().first()
        if shown is None or shown["comment_id"] is None:
            return
        comment = self.session.execute(sa.select(COMMENTS.table.c[field]).where(
            COMMENTS.table.c.id == shown["comment_id"])).first()
        if comment is None:
            return  # the comment was deleted meanwhile
        current = list(comment[0] or [])
        files = [other for other in current if other != file_id]
        if not shown["replica_deleted"]:
            files.append(file_id)
        if files != current:
            aggregate = self.aggregate(shown["comment_id"])
            aggregate.update({field: files}, actor_id)
            self.crud.save(COMMENTS, aggregate)

    # -- changes and removal --------------------------------------------------------------------
    @command
    def update(self, actor, comment_id, body):
        """PUT /data/comments/{id}: managers of the project or the author."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, comment_id)
        _, project = self.check_comment_access(actor, comment)
        permissions.check_comment_change(actor, project, comment)
        return self.crud.save_changes(COMMENTS, actor, comment_id, body, comment)

    @command
    def delete_task_comment(self, actor, task_id, comment_id):
        """DELETE /data/tasks/{task_id}/comments/{comment_id}: as DELETE /data/comments/{id}."""
        self.delete(actor, self.comment_of(task_id, comment_id)["id"])

    @command
    def delete(self, actor, comment_id):
        """DELETE /data/comments/{id}: the task goes back to the status of its newest remaining
        comment (the default status when none is left), as Zou resets it."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, comment_id)
        task = self.crud.row(TASKS, comment["object_id"])
        permissions.check_comment_change(actor, access.project_row(self.session, task["project_id"]), comment)
        self.platform.tasks.delete_record(COMMENTS, comment["id"], actor.id)
        table = COMMENTS.table
        newest = self.session.execute(sa.select(table.c.task_status_id)
                                      .where(table.c.object_id == task["id"])
                                      .order_by(table.c.created_at.desc()).limit(1)).scalar()
        status_id = newest or default_status_id(self.session)
        if status_id and status_id != task["task_status_id"]:
            aggregate = self.aggregate(task["id"])
            aggregate.change_status(status_id, {}, actor.id)
            self.crud.save(TASKS, aggregate)
