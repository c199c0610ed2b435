"""Comments (Zou's Comment): the read model and the Comment model part: reading one or a task's,
replies, acknowledgements, changes and removal (the task gets the status of its newest remaining
comment back), and the media files a comment shows. Posting one sets the task's status: that is
commands/status_changes.py."""
import datetime
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Integer, Json, String, Uuid, UuidList
from shared.crud.store import parse_id
from shared.errors import NotFound
from shared.eventstore import command
from shared.replicas import ATTACHMENT_SUMMARY, PREVIEW_SUMMARY
from shared.serialization import isoformat

from .. import access
from ..domain import Comment
from ..replicas import ATTACHMENTS, PREVIEWS, metadata, minimal_persons
from .records import delete_record, update_record
from .task_statuses import TASK_STATUSES, default_status_id
from .tasks import TASKS

# media's files a comment shows: the replica of their rows, the comment's field listing them
SHOWN_FILES = {"preview_file": (PREVIEWS, "previews"), "attachment_file": (ATTACHMENTS, "attachment_files")}


def comment_fields():
    return {
        "shotgun_id": Integer(), "object_id": Uuid(nullable=False, index=True, references="task"),
        "object_type": String(default="Task"), "text": String(default=""), "data": Json(),
        "replies": Json(default=list), "checklist": Json(default=list), "pinned": Boolean(),
        "for_client": Boolean(default=False), "links": Json(default=list),
        "task_status_id": Uuid(index=True, references="task_status"), "person_id": Uuid(index=True),
        "editor_id": Uuid(),
        "preview_file_id": Uuid(),
        "previews": UuidList(protected=True), "mentions": UuidList(protected=True),
        "department_mentions": UuidList(protected=True),
        "acknowledgements": UuidList(protected=True), "attachment_files": UuidList(protected=True),
        "project_id": Uuid(hidden=True, protected=True, index=True),
    }


class CommentCollection(Collection):
    def check_get(self, actor, row):
        pass  # the Comments part checks the task access

    def check_update(self, actor, row, changes):
        pass  # the Comments part

    def check_delete(self, actor, row):
        pass  # the Comments part


# media's replica: which task a comment is on, who wrote it (who may attach files to it)
COMMENTS = CommentCollection("comments", "Comment", Comment, "comment", metadata, comment_fields(),
                             replicated=("object_id", "person_id"))
COMMENTS.read_rule = "admin"
sa.Index("ix_comment_task_created", COMMENTS.table.c.object_id, COMMENTS.table.c.created_at)


def now():
    return datetime.datetime.utcnow().replace(microsecond=0)


class Comments(Model):
    collection = COMMENTS

    def comment_of(self, task_id, comment_id):
        comment = self.crud.row(COMMENTS, comment_id)
        if comment["object_id"] != parse_id(task_id):
            raise NotFound()
        return comment

    def aggregate(self, row_id):
        return self.app.repository.get(uuid.UUID(row_id))

    # -- replies and acknowledgements -----------------------------------------------------------
    @answers("reply_comment")
    @command
    def reply(self, actor, task_id, comment_id, body):
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
        return {**reply, "person": minimal_persons([person_id]).get(person_id)}

    @answers("delete_comment_reply")
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

    @answers("acknowledge_comment")
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
    @answers("task_comments")
    def task_comments(self, actor, task_id):
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
        persons = minimal_persons([row["person_id"] for row in rows])
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

    def get(self, actor, instance_id, query):
        """GET /data/comments/{id}: with relations and the author's summary."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, instance_id)
        self.check_comment_access(actor, comment)
        out = COMMENTS.serialize(comment, actor, relations=True)
        out["person"] = minimal_persons([comment["person_id"]]).get(comment["person_id"])
        return self.with_files([out], ("name", "extension", "size"), preview_keys=None)[0]

    @answers("task_comment")
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
            update_record(self.platform, COMMENTS, shown["comment_id"], {field: files}, actor_id)

    # -- changes and removal --------------------------------------------------------------------
    @command
    def update(self, actor, instance_id, body):
        """PUT /data/comments/{id}: managers of the project or the author."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, instance_id)
        _, project = self.check_comment_access(actor, comment)
        permissions.check_comment_change(actor, project, comment)
        return self.crud.save_changes(COMMENTS, actor, instance_id, body, comment)

    @answers("delete_task_comment")
    def delete_task_comment(self, actor, task_id, comment_id):
        """DELETE /data/tasks/{task_id}/comments/{comment_id}: as DELETE /data/comments/{id}."""
        self.delete(actor, self.comment_of(task_id, comment_id)["id"], {})

    @command
    def delete(self, actor, instance_id, query):
        """DELETE /data/comments/{id}: the task goes back to the status of its newest remaining
        comment (the default status when none is left), as Zou resets it."""
        actor, comment = Actor(actor), self.crud.row(COMMENTS, instance_id)
        task = self.crud.row(TASKS, comment["object_id"])
        permissions.check_comment_change(actor, access.project_row(self.session, task["project_id"]), comment)
        delete_record(self.platform, COMMENTS, comment["id"], actor.id)
        table = COMMENTS.table
        newest = self.session.execute(sa.select(table.c.task_status_id)
                                      .where(table.c.object_id == task["id"])
                                      .order_by(table.c.created_at.desc()).limit(1)).scalar()
        status_id = newest or default_status_id(self.session)
        if status_id and status_id != task["task_status_id"]:
            aggregate = self.aggregate(task["id"])
            aggregate.change_status(status_id, {}, actor.id)
            self.crud.save(TASKS, aggregate)

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the Tasks part: a deleted task takes its comments along."""
        table = COMMENTS.table
        for comment_id in session.execute(sa.select(table.c.id)
                                          .where(table.c.object_id == task["id"])).scalars():
            delete_record(self.platform, COMMENTS, comment_id, actor_id)
