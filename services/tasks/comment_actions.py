"""Comments on several tasks at once, and a comment moved to another task of its entity (the two
tasks then get their status, dates and retake count back from their comment history)."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.errors import Forbidden, ValidationError, WrongParameter
from shared.eventstore import command
from shared.serialization import isoformat
from shared.application import UseCases

from . import access
from .collections import COMMENTS, NEWS, NOTIFICATIONS, TASK_STATUSES, TASKS, TIME_SPENTS, default_status_id


def optional_id(value):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


class CommentActions(UseCases):
    def __init__(self, platform, comments):
        self.platform, self.comments = platform, comments

    # -- POST /actions/projects/{id}/tasks/comment-many ------------------------------------------
    @command
    def comment_many(self, actor, project_id, body, directory):
        """[{object_id, task_status_id, comment, links?}…]: one comment per entry (entries lacking
        one of the three are skipped). Managers of the project comment any task; others only
        the tasks they are assigned to or, supervisors, those of their departments."""
        actor = Actor(actor)
        if not isinstance(body, list):
            raise WrongParameter("Data are empty. Please verify that you sent JSON data and that you set the right headers.")
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
            created.append(self.comments.create(
                actor, task_id, {"task_status_id": status_id, "comment": entry["comment"] or "",
                                 "links": entry.get("links") or []}, directory))
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
        social = self.platform.social
        for collection in (NOTIFICATIONS, NEWS):
            table = collection.table
            for row_id in self.session.execute(sa.select(table.c.id).where(
                    table.c.comment_id == comment["id"])).scalars().all():
                social.remove(collection, actor.id, row_id)
        aggregate = self.platform.app.repository.get(uuid.UUID(comment["id"]))
        aggregate.move(target["id"], actor.id)
        comment.update(self.crud.save(COMMENTS, aggregate) or {})
        self.reset_task_data(actor, source)
        target = self.reset_task_data(actor, target)
        social.notify_comment(target, comment["id"], comment)
        return COMMENTS.serialize(comment, actor, relations=True)

    def reset_task_data(self, actor, task):
        """The status, dates and retake count a task gets from its comments, oldest first."""
        comments, statuses = COMMENTS.table, TASK_STATUSES.table
        history = self.session.execute(
            sa.select(comments.c.task_status_id, comments.c.created_at, statuses.c.is_retake,
                      statuses.c.is_feedback_request, statuses.c.is_done, statuses.c.is_wip)
            .join(statuses, statuses.c.id == comments.c.task_status_id)
            .where(comments.c.object_id == task["id"]).order_by(comments.c.created_at)).all()
        changes = {"retake_count": 0, "real_start_date": None, "last_comment_date": None,
                   "end_date": None, "done_date": None,
                   "task_status_id": default_status_id(self.session)}
        previous_is_retake = False
        for row in history:
            moment = isoformat(row.created_at)
            if row.is_retake and not previous_is_retake:
                changes["retake_count"] += 1
            previous_is_retake = row.is_retake
            if row.is_wip and changes["real_start_date"] is None:
                changes["real_start_date"] = moment
            if row.is_feedback_request and changes["end_date"] is None:
                changes["end_date"] = moment
            if row.is_done:
                changes["done_date"] = moment
            changes.update(task_status_id=row.task_status_id, last_comment_date=moment)
        time_spents = TIME_SPENTS.table
        changes["duration"] = float(self.session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(time_spents.c.duration), 0))
            .where(time_spents.c.task_id == task["id"])).scalar())
        return self.platform.tasks.change(actor, dict(task), changes)
