"""Comments that change a task's status: commenting a task (the status, the dates and counters that
go with it, the followers told, the project's automations run), commenting several tasks at once,
and moving a comment to another task of its entity (both tasks then get their status, dates and
retake count back from their comment history)."""
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.serialization import isoformat

from .. import access
from ..models.comments import COMMENTS, Comments, now
from ..models.news import NEWS, NewsFeed
from ..models.notifications import NOTIFICATIONS, Notifications
from ..models.records import delete_where
from ..models.subscriptions import Subscriptions
from ..models.task_statuses import TASK_STATUSES, default_status_id
from ..models.tasks import TASKS, Tasks
from ..models.time_spents import TIME_SPENTS
from ..replicas import persons
from ..rules.ids import EMPTY_BODY, optional_id
from ..rules.status_changes import replayed_history, status_changes
from .automations import Automations


class TaskStatusChanges(UseCases):

    def status_row(self, status_id):
        return self.crud.row(TASK_STATUSES, status_id)

    # -- commenting a task ----------------------------------------------------------------------
    @answers("comment_task")
    @command
    def comment(self, actor, task_id, body):
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
        return self.post(actor, task, status, person_id, body)

    def post(self, actor, task, status, person_id, body, depth=0):
        """Store the comment, set the task's status, tell the followers, run the project's status
        automations (`depth`: how many automations led here)."""
        fields = {"object_id": task["id"], "object_type": "Task", "text": body.get("comment") or "",
                  "task_status_id": status["id"], "person_id": person_id,
                  "checklist": body.get("checklist") or [], "links": body.get("links") or [],
                  "for_client": bool(body.get("for_client")), "project_id": task["project_id"]}
        comment = self.crud.save_new(COMMENTS, actor, fields)
        changed = self.set_task_status(actor, task, status)
        self.tell_followers(task, comment, changed)
        for target, target_status, text in self.platform.part(Automations).triggered(task, depth):
            self.post(actor, target, target_status, actor["id"], {"comment": text}, depth + 1)
        person = persons([person_id]).get(person_id)
        return {**comment, "task_status": TASK_STATUSES.serialize(status), "person": person}

    def tell_followers(self, task, comment, changed=False):
        """Assignees and subscribers get notifications, the news feed the comment (same transaction)."""
        subscribers = self.platform.part(Subscriptions).subscribers(task["id"])
        self.platform.part(Notifications).notify_comment(task, comment["id"], comment, subscribers, changed)
        self.platform.part(NewsFeed).announce_comment(task, comment["id"], comment, changed)

    def set_task_status(self, actor, task, status):
        """Apply a comment's status to its task; True when the status changed."""
        aggregate = self.app.repository.get(uuid.UUID(task["id"]))
        previous_id = task["task_status_id"]
        previous = self.status_row(previous_id) if previous_id else None
        changes = status_changes(task, status, previous, isoformat(now()))
        if status["id"] != previous_id:
            aggregate.change_status(status["id"], changes, actor.id)
        else:
            aggregate.update(changes, actor.id)
        task.update(self.crud.save(TASKS, aggregate) or {})
        return status["id"] != previous_id

    # -- POST /actions/projects/{id}/tasks/comment-many ------------------------------------------
    @answers("comment_many")
    @command
    def comment_many(self, actor, project_id, body):
        """[{object_id, task_status_id, comment, links?}…]: one comment per entry (entries lacking
        one of the three are skipped). Managers of the project comment any task; others only
        the tasks they are assigned to or, supervisors, those of their departments."""
        actor = Actor(actor)
        if not isinstance(body, list):
            raise WrongParameter(EMPTY_BODY)
        project = access.project_row(self.session, project_id)
        manager = access.is_project_manager(actor, project)
        created = []
        for entry in body:
            entry = entry if isinstance(entry, dict) else {}
            task_id, status_id = optional_id(entry.get("object_id")), optional_id(entry.get("task_status_id"))
            if not (task_id and status_id and "comment" in entry):
                continue
            task = self.crud.row(TASKS, task_id)
            if not manager and not self.may_comment(actor, task):
                continue
            created.append(self.comment(actor, task_id, {"task_status_id": status_id,
                                                         "comment": entry["comment"] or "",
                                                         "links": entry.get("links") or []}))
        return created

    def may_comment(self, actor, task):
        project = access.project_row(self.session, task["project_id"])
        if not access.is_member(actor, project):
            return False
        if actor.id in (task["assignees"] or []):
            return True
        return (access.project_role(actor, project) == "supervisor"
                and access.in_departments(self.session, actor, task))

    # -- POST /actions/tasks/{task_id}/comments/{comment_id}/move --------------------------------
    @answers("move_comment")
    @command
    def move(self, actor, task_id, comment_id, body):
        """{target_task_id}: managers; both tasks of the same entity; not a preview's comment."""
        actor = Actor(actor)
        if not actor.is_manager:
            raise Forbidden()
        body = body if isinstance(body, dict) else {}
        if not body.get("target_task_id"):
            raise ValidationError([{"field": "target_task_id", "message": "Field required"}])
        source = self.crud.row(TASKS, task_id)
        access.check_task_access(self.session, actor, source)
        target = self.crud.row(TASKS, body["target_task_id"])
        access.check_task_access(self.session, actor, target)
        comment = self.crud.row(COMMENTS, comment_id)
        if comment["object_id"] != source["id"]:
            raise WrongParameter("Comment does not belong to the given task.")
        if source["id"] == target["id"]:
            raise WrongParameter("Source and target tasks must be different.")
        if source["entity_id"] != target["entity_id"]:
            raise WrongParameter("A comment can only be moved between tasks of the same entity.")
        if comment["preview_file_id"] or comment["previews"]:
            raise WrongParameter("A comment attached to a preview revision cannot be moved.")
        for collection in (NOTIFICATIONS, NEWS):
            delete_where(self.platform, self.session, collection,
                         collection.table.c.comment_id == comment["id"], actor.id)
        aggregate = self.platform.part(Comments).aggregate(comment["id"])
        aggregate.move(target["id"], actor.id)
        comment.update(self.crud.save(COMMENTS, aggregate) or {})
        self.reset_task_data(actor, source)
        target = self.reset_task_data(actor, target)
        self.tell_followers(target, comment)
        return COMMENTS.serialize(comment, actor, relations=True)

    def reset_task_data(self, actor, task):
        """The status, dates and retake count a task gets from its comments, oldest first, and
        its duration from its time spents."""
        comments, statuses = COMMENTS.table, TASK_STATUSES.table
        history = self.session.execute(
            sa.select(comments.c.task_status_id, comments.c.created_at, statuses.c.is_retake,
                      statuses.c.is_feedback_request, statuses.c.is_done, statuses.c.is_wip)
            .join(statuses, statuses.c.id == comments.c.task_status_id)
            .where(comments.c.object_id == task["id"]).order_by(comments.c.created_at)).mappings().all()
        changes = replayed_history([{**row, "moment": isoformat(row["created_at"])} for row in history],
                                   default_status_id(self.session))
        time_spents = TIME_SPENTS.table
        changes["duration"] = float(self.session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(time_spents.c.duration), 0))
            .where(time_spents.c.task_id == task["id"])).scalar())
        return self.platform.part(Tasks).change(actor, dict(task), changes)
