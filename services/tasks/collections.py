"""The tasks read model: the generic CRUD collections owned here (API.md §3.7, §4) and the local
replicas of production's projects, entity types and entities and of auth's persons.

Tasks are `replicated`: production learns from `row.task` which entities have tasks."""
import functools

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from shared.crud import Collection
from shared.crud.fields import (Boolean, Choice, Date, DateTime, Float, Integer, Json, String, Uuid,
                                UuidList)
from shared import permissions
from shared.errors import ApiError, CrudError, Forbidden, NotFound, WrongParameter
from shared.replicas import person_replica, replica_table

from .domain import (Chat, ChatMessage, Comment, DayOff, News, Notification, SearchFilter,
                     SearchFilterGroup, StatusAutomation, Subscription, Task, TaskStatus,
                     TaskType, TimeSpent)

metadata = sa.MetaData()

# -- replicas (fed by production's and auth's `row.*` events) ------------------------------------
PERSONS = person_replica(metadata)
PROJECTS = replica_table(
    "project_replica", metadata,
    sa.Column("name", sa.String), sa.Column("code", sa.String),
    sa.Column("project_status_id", UUID(as_uuid=False), index=True),
    sa.Column("production_type", sa.String), sa.Column("fps", sa.String),
    sa.Column("team", ARRAY(UUID(as_uuid=False))), sa.Column("team_roles", JSONB),
    sa.Column("task_status_links", JSONB),  # a project may let clients set a status or not
    sa.Column("task_types", ARRAY(UUID(as_uuid=False))),
    sa.Column("task_statuses", ARRAY(UUID(as_uuid=False))),
    sa.Column("status_automations", ARRAY(UUID(as_uuid=False))),
    sa.Column("is_clients_isolated", sa.Boolean), sa.Column("has_avatar", sa.Boolean),
    sa.Column("description", sa.String), sa.Column("ratio", sa.String),
    sa.Column("resolution", sa.String), sa.Column("production_style", sa.String),
    sa.Column("homepage", sa.String), sa.Column("start_date", sa.Date), sa.Column("end_date", sa.Date),
    sa.Column("data", JSONB(none_as_null=True)), sa.Column("created_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime), sa.Column("is_bot_collaboration_enabled", sa.Boolean))
PROJECT_STATUSES = replica_table("project_status_replica", metadata, sa.Column("name", sa.String))
ENTITY_TYPES = replica_table("entity_type_replica", metadata, sa.Column("name", sa.String),
                             sa.Column("short_name", sa.String), sa.Column("description", sa.String),
                             sa.Column("archived", sa.Boolean), sa.Column("created_at", sa.DateTime),
                             sa.Column("updated_at", sa.DateTime))
ENTITIES = replica_table(
    "entity_replica", metadata,
    sa.Column("name", sa.String), sa.Column("code", sa.String), sa.Column("description", sa.String),
    sa.Column("kind", sa.String, index=True),
    sa.Column("project_id", UUID(as_uuid=False), index=True),
    sa.Column("entity_type_id", UUID(as_uuid=False), index=True),
    sa.Column("parent_id", UUID(as_uuid=False), index=True),
    sa.Column("source_id", UUID(as_uuid=False), index=True),
    sa.Column("preview_file_id", UUID(as_uuid=False)), sa.Column("canceled", sa.Boolean),
    sa.Column("status", sa.String), sa.Column("nb_frames", sa.Integer),
    sa.Column("nb_entities_out", sa.Integer), sa.Column("is_casting_standby", sa.Boolean),
    sa.Column("is_shared", sa.Boolean), sa.Column("ready_for", UUID(as_uuid=False)),
    sa.Column("created_by", UUID(as_uuid=False)), sa.Column("data", JSONB(none_as_null=True)),
    sa.Column("entities_out", ARRAY(UUID(as_uuid=False))),
    sa.Column("entity_concept_links", ARRAY(UUID(as_uuid=False))), sa.Column("shotgun_id", sa.Integer),
    sa.Column("created_at", sa.DateTime), sa.Column("updated_at", sa.DateTime))
sa.Index("ix_entity_replica_entities_out", ENTITIES.c.entities_out, postgresql_using="gin")
# media's preview and attachment files: which comment shows which, and what it shows of them
PREVIEWS = replica_table(
    "preview_file_replica", metadata, sa.Column("comment_id", UUID(as_uuid=False), index=True),
    sa.Column("task_id", UUID(as_uuid=False)), sa.Column("revision", sa.Integer),
    sa.Column("extension", sa.String), sa.Column("width", sa.Integer), sa.Column("height", sa.Integer),
    sa.Column("duration", sa.Float), sa.Column("status", sa.String), sa.Column("validation_status", sa.String),
    sa.Column("original_name", sa.String), sa.Column("position", sa.Integer),
    sa.Column("annotations", JSONB(none_as_null=True)))
ATTACHMENTS = replica_table(
    "attachment_file_replica", metadata, sa.Column("comment_id", UUID(as_uuid=False), index=True),
    sa.Column("name", sa.String), sa.Column("extension", sa.String), sa.Column("reply_id", sa.String),
    sa.Column("size", sa.Integer))
REPLICAS = {"project": PROJECTS, "project_status": PROJECT_STATUSES, "entity_type": ENTITY_TYPES,
            "entity": ENTITIES, "person": PERSONS, "preview_file": PREVIEWS,
            "attachment_file": ATTACHMENTS}  # the source's table -> local copy



# -- collections ------------------------------------------------------------------------------------
def task_fields():
    return {
        "name": String(nullable=False, default="main"), "description": String(),
        "priority": Integer(default=0), "difficulty": Integer(default=3),
        "duration": Float(default=0.0), "estimation": Float(default=0.0),
        "completion_rate": Integer(default=0), "retake_count": Integer(default=0),
        "sort_order": Integer(default=0), "start_date": DateTime(), "due_date": DateTime(),
        "real_start_date": DateTime(), "end_date": DateTime(), "done_date": DateTime(),
        "last_comment_date": DateTime(), "nb_assets_ready": Integer(default=0), "data": Json(mapping=True),
        "nb_drawings": Integer(default=0), "shotgun_id": Integer(), "last_preview_file_id": Uuid(),
        # project and status may be left out: the entity and the default status fill them
        "project_id": Uuid(index=True, references="project_replica"),
        "task_type_id": Uuid(nullable=False, index=True, references="task_type"),
        "task_status_id": Uuid(index=True, references="task_status"),
        "entity_id": Uuid(nullable=False, index=True, references="entity_replica"),
        "assigner_id": Uuid(), "assignees": UuidList(references="person_replica"),
    }


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


def task_status_fields():
    return {
        "name": String(nullable=False), "archived": Boolean(default=False),
        "short_name": String(nullable=False, unique=True), "description": String(),
        "color": String(nullable=False), "priority": Integer(default=1),
        "is_done": Boolean(default=False), "is_artist_allowed": Boolean(default=True),
        "is_client_allowed": Boolean(default=True), "is_retake": Boolean(default=False),
        "is_feedback_request": Boolean(default=False), "is_default": Boolean(default=False),
        "is_wip": Boolean(default=False), "shotgun_id": Integer(), "for_concept": Boolean(default=False),
    }


def open_project_ids(actor):
    """Subquery of the projects a caller works on: open ones, and (non-admin) whose team has them.
    A project whose status is not replicated yet counts as open."""
    statuses = PROJECT_STATUSES
    query = (sa.select(PROJECTS.c.id)
             .outerjoin(statuses, statuses.c.id == PROJECTS.c.project_status_id)
             .where(PROJECTS.c.replica_deleted.is_(False),
                    sa.func.coalesce(statuses.c.name, "Open") == "Open"))
    if not actor.is_admin:
        query = query.where(PROJECTS.c.team.any(actor.id))
    return query


def default_status_query():
    table = TASK_STATUSES.table
    return sa.select(table.c.id).where(table.c.is_default.is_(True), table.c.for_concept.isnot(True)).limit(1)


def default_status_id(session):
    return session.execute(default_status_query()).scalar()


class TaskTypes(Collection):
    def validate(self, session, data, row=None):
        if row is None and data.get("name"):
            taken = sa.select(self.table.c.id).where(sa.func.lower(self.table.c.name) == data["name"].lower())
            if session.execute(taken).first():
                raise WrongParameter("A task type with similar name already exists")


@functools.cache
def creation_checks():
    """What a new task's validation reads, in one statement built once: its entity's project and
    kind, its type's kind, the default status, whether the same task exists already."""
    entity = ENTITIES.c.id == sa.bindparam("entity_id")
    alive = ENTITIES.c.replica_deleted.is_(False)
    types, tasks = TASK_TYPES.table, TASKS.table
    project_id = sa.select(ENTITIES.c.project_id).where(entity, alive).scalar_subquery()
    return sa.select(
        project_id.label("project_id"),
        sa.select(ENTITIES.c.kind).where(entity, alive).scalar_subquery().label("kind"),
        sa.select(types.c.for_entity).where(types.c.id == sa.bindparam("task_type_id"))
        .scalar_subquery().label("for_entity"),
        default_status_query().scalar_subquery().label("default_status_id"),
        sa.exists().where(  # all the columns of the unique key: its index answers
            tasks.c.name == sa.bindparam("name"), tasks.c.project_id == project_id,
            tasks.c.entity_id == sa.bindparam("entity_id"),
            tasks.c.task_type_id == sa.bindparam("task_type_id")).label("duplicate"))


class Tasks(Collection):
    """Rules that need the project and entity replicas live in access.py (called by tasks.py);
    lists are scoped here: vendors see their assigned tasks, others the tasks of their projects."""

    def scope(self, actor, query):
        if actor.role == "vendor":
            query = query.where(self.table.c.assignees.contains([actor.id]))
        if not actor.is_admin:
            query = query.where(self.table.c.project_id.in_(open_project_ids(actor)))
        return query

    def check_create(self, actor, data):
        pass  # Zou checks no role here: the entity and task type rules decide

    def validate(self, session, data, row=None):
        """Creation: the entity gives the project, the type must suit the entity's kind, the
        status defaults to the default one, and (name, entity, type) is unique."""
        if row is not None:
            return
        data["name"] = data.get("name") or "main"
        found = session.execute(creation_checks(), {key: data[key] for key in ("entity_id", "task_type_id", "name")}).one()
        if found.project_id is None or found.for_entity is None:
            raise NotFound()
        if found.for_entity != found.kind:
            raise ApiError({"error": True, "message": "Task type of the task does not match entity type."})
        data.update(project_id=found.project_id, task_status_id=data.get("task_status_id") or found.default_status_id)
        if found.duplicate:
            raise CrudError("Task already exists.")

    def check_get(self, actor, row):
        pass  # tasks.py checks project and entity access with the replicas

    def check_update(self, actor, row, changes):
        pass  # tasks.py: supervisor/manager rule

    def check_delete(self, actor, row):
        pass  # tasks.py: manager of the project


class Comments(Collection):
    def check_get(self, actor, row):
        pass  # comments.py checks the task access

    def check_update(self, actor, row, changes):
        pass  # comments.py

    def check_delete(self, actor, row):
        pass  # comments.py


# task types, statuses and automations are `replicated`: production checks the ids of a project's
# settings against its copies
TASK_TYPES = TaskTypes("task-types", "TaskType", TaskType, "task_type", metadata, {
    "name": String(nullable=False, index=True), "short_name": String(), "description": String(),
    "color": String(default="#FFFFFF"), "priority": Integer(default=1),
    "for_entity": String(default="Asset"), "allow_timelog": Boolean(default=True),
    "archived": Boolean(default=False), "shotgun_id": Integer(), "department_id": Uuid(index=True)},
    unique_together=[("name", "for_entity", "department_id")],
    replicated=("department_id", "name", "for_entity"))  # media's department rules, production's checks
TASK_STATUSES = Collection("task-status", "TaskStatus", TaskStatus, "task_status", metadata,
                           task_status_fields(), replicated=("name",))
class StatusAutomations(Collection):
    """Read by anyone but vendors; written by admins."""

    def check_list(self, actor, filters):
        if actor.role == "vendor":
            raise Forbidden()


STATUS_AUTOMATIONS = StatusAutomations(
    "status-automations", "StatusAutomation", StatusAutomation, "status_automation", metadata, {
        "entity_type": String(default="asset"), "in_task_type_id": Uuid(index=True, references="task_type"),
        "in_task_status_id": Uuid(index=True, references="task_status"),
        "out_field_type": Choice(("status", "ready_for"), default="status"),
        "out_task_type_id": Uuid(references="task_type"), "out_task_status_id": Uuid(references="task_status"),
        "import_last_revision": Boolean(default=False), "archived": Boolean(default=False)},
    replicated=("entity_type",))
TASKS = Tasks("tasks", "Task", Task, "task", metadata, task_fields(),
              unique_together=[("name", "project_id", "task_type_id", "entity_id")],
              # production's and media's task replicas (who works on what: shared/permissions.py)
              replicated=("project_id", "entity_id", "assignees", "task_type_id"))
# media's replica: which task a comment is on, who wrote it (who may attach files to it)
COMMENTS = Comments("comments", "Comment", Comment, "comment", metadata, comment_fields(),
                    replicated=("object_id", "person_id"))
COMMENTS.read_rule = "admin"

# "whose tasks": persons' task lists filter with `assignees @> ARRAY[id]`, served by this index
sa.Index("ix_task_assignees", TASKS.table.c.assignees, postgresql_using="gin")
sa.Index("ix_comment_task_created", COMMENTS.table.c.object_id, COMMENTS.table.c.created_at)


# -- time & social (time.py, day_offs.py, social.py) ------------------------------------------------
class AdminCollection(Collection):
    """Zou's CRUD default for these models: admins only, reads included (API.md §3.7)."""
    read_rule = "admin"


class DayOffs(AdminCollection):
    """Admins or the person themself write them; reading one: day_offs.py (`DayOffs.get`).
    Overlaps and the time spents a day off covers are handled by day_offs.py."""

    def check_create(self, actor, data):
        permissions.check_person_access(actor, data.get("person_id"))

    def check_update(self, actor, row, changes):
        moved = "person_id" in changes and changes["person_id"] != row["person_id"]
        permissions.check_person_access(actor, None if moved else row["person_id"])

    def check_delete(self, actor, row):
        permissions.check_person_access(actor, row["person_id"])


TIME_SPENTS = AdminCollection("time-spents", "TimeSpent", TimeSpent, "time_spent", metadata, {
    "duration": Float(nullable=False), "date": Date(nullable=False, index=True),
    "task_id": Uuid(index=True, references="task"), "person_id": Uuid(index=True),
    "project_id": Uuid(hidden=True, protected=True)},  # routes its events by project
    unique_together=[("person_id", "task_id", "date")])
DAY_OFFS = DayOffs("day-offs", "DayOff", DayOff, "day_off", metadata, {
    "date": Date(nullable=False), "end_date": Date(nullable=False), "description": String(),
    "person_id": Uuid(index=True)}, unique_together=[("person_id", "date")])
SUBSCRIPTIONS = AdminCollection("subscriptions", "Subscription", Subscription, "subscription",
                                metadata, {
    "person_id": Uuid(nullable=False, index=True), "task_id": Uuid(index=True, references="task"),
    "entity_id": Uuid(index=True, references="entity_replica"),
    "task_type_id": Uuid(index=True, references="task_type"), "project_id": Uuid(hidden=True, index=True)},
    unique_together=[("person_id", "task_id"), ("person_id", "task_type_id", "entity_id")])
NOTIFICATIONS = AdminCollection("notifications", "Notification", Notification, "notification",
                                metadata, {
    "read": Boolean(nullable=False, default=False), "change": Boolean(nullable=False, default=False),
    "type": Choice(("comment", "mention", "assignation", "reply", "reply-mention",
                    "playlist-ready"), nullable=False, key="notification_type"),
    "person_id": Uuid(nullable=False, index=True), "author_id": Uuid(nullable=False),
    "comment_id": Uuid(index=True), "task_id": Uuid(index=True), "playlist_id": Uuid(),
    "reply_id": Uuid(), "project_id": Uuid(hidden=True, index=True)})
NEWS = AdminCollection("news", "News", News, "news", metadata, {
    "change": Boolean(nullable=False, default=False), "author_id": Uuid(nullable=False),
    "comment_id": Uuid(index=True), "task_id": Uuid(nullable=False, index=True),
    "preview_file_id": Uuid(),
    # kept for the news lists and the `news:new` payload
    "task_status_id": Uuid(hidden=True), "task_type_id": Uuid(hidden=True),
    "project_id": Uuid(hidden=True, index=True)})
CHATS = AdminCollection("chats", "Chat", Chat, "chat", metadata, {
    "object_id": Uuid(nullable=False, index=True, references="entity_replica"),
    "object_type": String(nullable=False, default="entity"),
    "last_message": DateTime(), "participants": UuidList(),
    "project_id": Uuid(hidden=True, protected=True)})
CHAT_MESSAGES = AdminCollection("chat-messages", "ChatMessage", ChatMessage, "chat_message", metadata, {
    "chat_id": Uuid(nullable=False, index=True, references="chat"), "person_id": Uuid(nullable=False),
    "text": String(), "attachment_files": UuidList(protected=True)})
SEARCH_FILTERS = AdminCollection("search-filters", "SearchFilter", SearchFilter, "search_filter",
                                 metadata, {
    "list_type": String(nullable=False), "entity_type": String(), "name": String(nullable=False, default=""),
    "search_query": String(nullable=False, default=""), "is_shared": Boolean(nullable=False, default=False),
    "department_id": Uuid(), "search_filter_group_id": Uuid(index=True, references="search_filter_group"),
    "person_id": Uuid(index=True), "project_id": Uuid(index=True, references="project_replica")})
SEARCH_FILTER_GROUPS = AdminCollection("search-filter-groups", "SearchFilterGroup", SearchFilterGroup,
                                       "search_filter_group", metadata, {
    "list_type": String(nullable=False), "entity_type": String(), "name": String(nullable=False, default=""),
    "color": String(nullable=False, default=""), "is_shared": Boolean(nullable=False, default=False),
    "person_id": Uuid(index=True), "project_id": Uuid(index=True, references="project_replica"),
    "department_id": Uuid()})
sa.Index("ix_time_spent_person_date", TIME_SPENTS.table.c.person_id, TIME_SPENTS.table.c.date)
sa.Index("ix_notification_person_created", NOTIFICATIONS.table.c.person_id,
         NOTIFICATIONS.table.c.created_at)
TIME_AND_SOCIAL = [TIME_SPENTS, DAY_OFFS, SUBSCRIPTIONS, NOTIFICATIONS, NEWS, CHATS, CHAT_MESSAGES,
                   SEARCH_FILTERS, SEARCH_FILTER_GROUPS]

COLLECTIONS = [TASK_TYPES, TASK_STATUSES, STATUS_AUTOMATIONS, TASKS, COMMENTS] + TIME_AND_SOCIAL
