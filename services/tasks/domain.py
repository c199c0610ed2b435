"""Tasks aggregates: task types, task statuses, status automations, tasks and comments.

Domain events subclass Record.Updated (their changes keep the generic read model current) and say
which Zou events they publish: a status change is `task:status-changed` + `task:update`, an
assignment `task:assign` + `task:update`, a reply `comment:reply`…"""
from shared.eventstore import Record


class TaskType(Record):
    public_name = "task-type"


class TaskStatus(Record):
    public_name = "task-status"


class StatusAutomation(Record):
    public_name = "status-automation"


class Task(Record):
    public_name = "task"

    class StatusChanged(Record.Updated):
        previous_task_status_id: str | None

    class AssigneesChanged(Record.Updated):
        added: list
        removed: list

    def change_event(self, changes):
        """A new assignee list also says who was assigned or unassigned."""
        if "assignees" in changes:
            before, after = self.fields.get("assignees") or [], changes["assignees"] or []
            return self.AssigneesChanged, {"added": [p for p in after if p not in before],
                                           "removed": [p for p in before if p not in after]}
        return self.Updated, {}

    def change_status(self, task_status_id, changes, actor_id=None):
        """A comment set a new status (`changes`: the dates and counters that go with it)."""
        self.trigger_event(self.StatusChanged, changes={**changes, "task_status_id": task_status_id},
                           actor_id=actor_id, project_id=self.project_id,
                           previous_task_status_id=self.fields.get("task_status_id"))

    @classmethod
    def publish(cls, event):
        task = {"task_id": str(event.originator_id)}
        if isinstance(event, cls.StatusChanged):
            return [("task:status-changed", {
                **task, "new_task_status_id": event.changes["task_status_id"],
                "previous_task_status_id": event.previous_task_status_id,
                "person_id": event.actor_id}), ("task:update", task)]
        if isinstance(event, cls.AssigneesChanged):
            return ([("task:assign", {**task, "person_id": p}) for p in event.added]
                    + [("task:unassign", {**task, "person_id": p}) for p in event.removed]
                    + [("task:update", task)])
        if isinstance(event, cls.Deleted):
            return [("task:delete", {**task, "entity_id": event.entity_id,
                                     "task_type_id": event.task_type_id})]
        return super().publish(event)

    class Deleted(Record.Deleted):
        entity_id: str | None
        task_type_id: str | None

    def delete_event(self):
        return self.Deleted, {"entity_id": self.fields.get("entity_id"),
                              "task_type_id": self.fields.get("task_type_id")}


class Comment(Record):
    """A comment on a task; its hidden `project_id` field routes its events by project, and every
    change carries the task (`object_id`) since Zou's comment events name it."""
    public_name = "comment"

    class Updated(Record.Updated):
        task_id: str | None

    class ReplyAdded(Updated):
        reply_id: str

    class ReplyDeleted(Updated):
        reply_id: str

    class Acknowledged(Updated):
        person_id: str

    class Unacknowledged(Updated):
        person_id: str

    class Moved(Updated):
        """Moved to another task of its entity: it leaves one task and arrives on the other."""
        from_task_id: str
        task_status_id: str | None
        person_id: str | None
        for_client: bool

    def change(self, event_class, changes, actor_id=None, **extra):
        self.trigger_event(event_class, changes=changes, actor_id=actor_id,
                           project_id=self.project_id, task_id=self.fields.get("object_id"), **extra)

    def change_event(self, changes):
        return self.Updated, {"task_id": self.fields.get("object_id")}

    def add_reply(self, reply, actor_id=None):
        self.change(self.ReplyAdded, {"replies": self.replies() + [reply]}, actor_id,
                    reply_id=reply["id"])

    def delete_reply(self, reply_id, actor_id=None):
        replies = [reply for reply in self.replies() if reply["id"] != reply_id]
        self.change(self.ReplyDeleted, {"replies": replies}, actor_id, reply_id=reply_id)

    def move(self, task_id, actor_id=None):
        self.trigger_event(self.Moved, changes={"object_id": task_id}, actor_id=actor_id,
                           project_id=self.project_id, task_id=task_id,
                           from_task_id=self.fields.get("object_id"),
                           task_status_id=self.fields.get("task_status_id"),
                           person_id=self.fields.get("person_id"),
                           for_client=bool(self.fields.get("for_client")))

    def replies(self):
        return list(self.fields.get("replies") or [])

    def acknowledge(self, person_id):
        """Toggle: a second acknowledgement by the same person removes it (as Zou does)."""
        persons = list(self.fields.get("acknowledgements") or [])
        acknowledged = person_id not in persons
        persons = persons + [person_id] if acknowledged else [p for p in persons if p != person_id]
        self.change(self.Acknowledged if acknowledged else self.Unacknowledged,
                    {"acknowledgements": persons}, person_id, person_id=person_id)
        return acknowledged

    @classmethod
    def publish(cls, event):
        comment = {"comment_id": str(event.originator_id)}
        if isinstance(event, cls.Created):
            return [("comment:new", {**comment, "task_id": event.fields.get("object_id"),
                                     "task_status_id": event.fields.get("task_status_id")})]
        if isinstance(event, (cls.Acknowledged, cls.Unacknowledged)):
            name = "comment:acknowledge" if isinstance(event, cls.Acknowledged) else "comment:unacknowledge"
            return [(name, {**comment, "person_id": event.person_id})]
        task = {"task_id": getattr(event, "task_id", None)}
        if isinstance(event, cls.Moved):
            return [("comment:delete", {**comment, "task_id": event.from_task_id}),
                    ("comment:new", {**comment, **task, "task_status_id": event.task_status_id,
                                     "person_id": event.person_id, "for_client": event.for_client})]
        if isinstance(event, (cls.ReplyAdded, cls.ReplyDeleted)):
            name = "comment:reply" if isinstance(event, cls.ReplyAdded) else "comment:delete-reply"
            return [(name, {**comment, "reply_id": event.reply_id, **task})]
        if isinstance(event, cls.Updated):
            return [("comment:update", {**comment, **task})]
        return super().publish(event)


# -- time & social (services/tasks/models/time_spents.py, day_offs.py, notifications.py…) ----------
class TimeSpent(Record):
    public_name = "time-spent"


class DayOff(Record):
    public_name = "day-off"


class Subscription(Record):
    public_name = "subscription"


class Notification(Record):
    """Its creation is announced to the recipient (`person_id` in the payload); reading it too."""
    public_name = "notification"

    class Read(Record.Updated):
        person_id: str
        scope: str  # "one"; "all" for the last of a mark-all-as-read, "bulk" for the others

    def mark_read(self, read, actor_id, scope="one"):
        if self.fields.get("read") != read:
            self.trigger_event(self.Read, changes={"read": read}, actor_id=actor_id,
                               project_id=self.project_id, person_id=self.fields["person_id"],
                               scope=scope)

    @classmethod
    def publish(cls, event):
        notification = {"notification_id": str(event.originator_id)}
        if isinstance(event, cls.Created):
            return [("notification:new", {**notification, "person_id": event.fields["person_id"]})]
        if isinstance(event, cls.Read):
            if event.scope != "one":  # Zou announces a mark-all-as-read once
                return [("notification:all-read", {"person_id": event.person_id})] if event.scope == "all" else []
            name = "notification:read" if event.changes["read"] else "notification:unread"
            return [(name, {**notification, "person_id": event.person_id})]
        return super().publish(event)


class News(Record):
    public_name = "news"

    @classmethod
    def publish(cls, event):
        if isinstance(event, cls.Created):
            return [("news:new", {"news_id": str(event.originator_id),
                                  "task_status_id": event.fields.get("task_status_id"),
                                  "task_type_id": event.fields.get("task_type_id")})]
        return super().publish(event)


class Chat(Record):
    """An entity's chat; joining and leaving change its participants."""
    public_name = "chat"

    class Joined(Record.Updated):
        person_id: str

    class Left(Record.Updated):
        person_id: str

    def join(self, person_id):
        participants = list(self.fields.get("participants") or [])
        if person_id not in participants:
            self.trigger_event(self.Joined, changes={"participants": participants + [person_id]},
                               actor_id=person_id, project_id=self.project_id, person_id=person_id)

    def leave(self, person_id):
        participants = list(self.fields.get("participants") or [])
        if person_id in participants:
            participants.remove(person_id)
            self.trigger_event(self.Left, changes={"participants": participants},
                               actor_id=person_id, project_id=self.project_id, person_id=person_id)

    @classmethod
    def publish(cls, event):
        if isinstance(event, (cls.Joined, cls.Left)):
            name = "chat:joined" if isinstance(event, cls.Joined) else "chat:left"
            return [(name, {"chat_id": str(event.originator_id), "person_id": event.person_id})]
        return super().publish(event)


class ChatMessage(Record):
    public_name = "chat-message"


class SearchFilter(Record):
    public_name = "search-filter"


class SearchFilterGroup(Record):
    public_name = "search-filter-group"
