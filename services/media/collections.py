"""The media read model: preview files (one row per published revision of a task's work) and the
files attached to comments; local replicas of what the permission rules ask about.

Their comment and project are kept hidden: the tasks service learns from `row.preview_file` and
`row.attachment_file` which comment shows which files; the project scopes the project's listings."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from shared.access import Access, alive
from shared.crud import Collection
from shared.crud.fields import Boolean, Choice, Float, Integer, Json, String, Uuid
from shared.replicas import ATTACHMENT_SUMMARY, PREVIEW_SUMMARY, person_replica, replica_table

from .domain import AttachmentFile, PreviewFile

metadata = sa.MetaData()


def uuid_column(name, index=False):
    return sa.Column(name, UUID(as_uuid=False), index=index)


# -- replicas: who works on what (shared/permissions.py), fed by the owners' `row.*` events -------
UUIDS = ARRAY(UUID(as_uuid=False))
PERSONS = person_replica(metadata)  # auth's
PROJECTS = replica_table("project_replica", metadata, sa.Column("team", UUIDS),  # production's
                         sa.Column("team_roles", JSONB), uuid_column("project_status_id"))
PROJECT_STATUSES = replica_table("project_status_replica", metadata, sa.Column("name", sa.String))
ENTITIES = replica_table("entity_replica", metadata, uuid_column("created_by"))  # production's
TASKS = replica_table("task_replica", metadata, uuid_column("project_id", True),  # tasks'
                      uuid_column("entity_id", True), sa.Column("assignees", UUIDS),
                      uuid_column("task_type_id"))
sa.Index("ix_task_replica_assignees", TASKS.c.assignees, postgresql_using="gin")
TASK_TYPES = replica_table("task_type_replica", metadata, uuid_column("department_id"))  # tasks'
COMMENTS = replica_table("comment_replica", metadata,  # tasks'
                         uuid_column("object_id"), uuid_column("person_id"))
REPLICAS = {"person": PERSONS, "project": PROJECTS, "project_status": PROJECT_STATUSES,
            "entity": ENTITIES, "task": TASKS, "task_type": TASK_TYPES, "comment": COMMENTS}
ACCESS = Access(PROJECTS, TASKS, PERSONS, TASK_TYPES, ENTITIES)


class PreviewFiles(Collection):
    """Listed by anyone: admins all, vendors the previews of their tasks, others those of the
    open productions whose team they are in. One preview: by its task (previews.py)."""

    def check_list(self, actor, filters):
        pass

    def check_update(self, actor, row, changes):
        pass  # previews.py, by the preview's task

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        statuses = PROJECT_STATUSES
        open_projects = (sa.select(PROJECTS.c.id)
                         .outerjoin(statuses, statuses.c.id == PROJECTS.c.project_status_id)
                         .where(sa.func.coalesce(statuses.c.name, "Open") == "Open", *alive(PROJECTS)))
        if actor.role == "vendor":
            mine = sa.select(TASKS.c.id).where(TASKS.c.assignees.contains([actor.id]), *alive(TASKS))
            return query.where(self.table.c.task_id.in_(mine), self.table.c.project_id.in_(open_projects))
        return query.where(self.table.c.project_id.in_(open_projects.where(PROJECTS.c.team.any(actor.id))))


PREVIEW_FILES = PreviewFiles("preview-files", "PreviewFile", PreviewFile, "preview_file", metadata, {
    "name": String(), "original_name": String(), "revision": Integer(default=1),
    "position": Integer(default=1), "extension": String(), "description": String(),
    "path": String(), "source": String(), "file_size": Integer(default=0),
    "status": Choice(("processing", "ready", "broken", "missing"), default="processing"),
    "validation_status": Choice(("validated", "rejected", "neutral"), default="neutral"),
    "annotations": Json(), "width": Integer(default=0), "height": Integer(default=0),
    "duration": Float(default=0.0), "task_id": Uuid(index=True), "person_id": Uuid(),
    "source_file_id": Uuid(), "shotgun_id": Integer(), "is_movie": Boolean(default=False),
    "url": String(), "uploaded_movie_url": String(), "uploaded_movie_name": String(), "data": Json(),
    "token_in": String(), "token_out": String(),
    "comment_id": Uuid(hidden=True, protected=True, index=True),
    "project_id": Uuid(hidden=True, protected=True, index=True),
}, replicated=PREVIEW_SUMMARY + ("comment_id",))

ATTACHMENT_FILES = Collection("attachment-files", "AttachmentFile", AttachmentFile, "attachment_file", metadata, {
    "name": String(), "size": Integer(), "extension": String(), "mimetype": String(),
    "comment_id": Uuid(index=True), "reply_id": String(), "chat_message_id": Uuid(),
    "task_id": Uuid(hidden=True, protected=True, index=True),
    "project_id": Uuid(hidden=True, protected=True, index=True),
}, replicated=ATTACHMENT_SUMMARY + ("comment_id",))
ATTACHMENT_FILES.read_rule = "admin"  # Zou: the listing is the admin's; a file goes by its comment

COLLECTIONS = [PREVIEW_FILES, ATTACHMENT_FILES]
