"""Local copies of other services' rows that media's permission rules ask about (fed by the
owners' `row.*` events), and the tasks service's task and comment rows, taken from them or, when
a row written a moment ago has not arrived yet, asked of the tasks service."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from shared import db
from shared.access import Access
from shared.crud.store import parse_id
from shared.errors import NotFound
from shared.replicas import person_replica, replica_table

metadata = sa.MetaData()  # the service's one schema: these replicas and its models' tables


def uuid_column(name, index=False):
    return sa.Column(name, UUID(as_uuid=False), index=index)


UUIDS = ARRAY(UUID(as_uuid=False))
PERSONS = person_replica(metadata)  # auth's
PROJECTS = replica_table("project_replica", metadata, sa.Column("team", UUIDS),  # production's
                         sa.Column("team_roles", JSONB), uuid_column("project_status_id"),
                         sa.Column("name", sa.String), sa.Column("fps", sa.String),
                         sa.Column("resolution", sa.String), sa.Column("file_tree", JSONB),
                         sa.Column("production_type", sa.String))
PROJECT_STATUSES = replica_table("project_status_replica", metadata, sa.Column("name", sa.String))
ENTITIES = replica_table("entity_replica", metadata, uuid_column("created_by"),  # production's
                         sa.Column("name", sa.String), uuid_column("parent_id"), sa.Column("data", JSONB),
                         uuid_column("project_id", True), uuid_column("entity_type_id"))
ENTITY_TYPES = replica_table("entity_type_replica", metadata, sa.Column("name", sa.String),  # production's
                             sa.Column("short_name", sa.String))
TASKS = replica_table("task_replica", metadata, uuid_column("project_id", True),  # tasks'
                      uuid_column("entity_id", True), sa.Column("assignees", UUIDS),
                      uuid_column("task_type_id"))
sa.Index("ix_task_replica_assignees", TASKS.c.assignees, postgresql_using="gin")
TASK_TYPES = replica_table("task_type_replica", metadata, uuid_column("department_id"),  # tasks'
                           sa.Column("name", sa.String))
COMMENTS = replica_table("comment_replica", metadata,  # tasks'
                         uuid_column("object_id"), uuid_column("person_id"))
REPLICAS = {"person": PERSONS, "project": PROJECTS, "project_status": PROJECT_STATUSES,
            "entity": ENTITIES, "entity_type": ENTITY_TYPES, "task": TASKS, "task_type": TASK_TYPES, "comment": COMMENTS}
ACCESS = Access(PROJECTS, TASKS, PERSONS, TASK_TYPES, ENTITIES)


class TasksRows:
    """The tasks service's task and comment rows."""

    def __init__(self, platform):
        self.platform = platform

    def rows_by_ids(self, collection, ids, relations=True):
        params = {"collection": collection, "ids": list(ids)}
        if not relations:
            params["relations"] = False
        return self.platform.remote().call("tasks", "rows_by_ids", params=params)

    def task(self, task_id):
        return self.known("tasks", TASKS, task_id)

    def task_and_comment(self, task_id, comment_id, missing=NotFound):
        """The task and comment of a path; a comment of another task answers `missing` (Zou:
        404 when previewing, 403 when attaching)."""
        task = self.task(task_id)
        comment = self.known("comments", COMMENTS, comment_id)
        if comment["object_id"] != task["id"]:
            raise missing()
        return task, comment

    def comments_by_id(self, ids):
        ids = sorted(set(ids))
        rows = self.rows_by_ids("comments", ids, relations=False) if ids else []
        return {comment["id"]: comment for comment in rows}

    def known(self, collection, replica, row_id):
        """A row from the local replica; one written a moment ago may not be there yet: then the
        tasks service is asked (404 when it has none either)."""
        row_id = parse_id(row_id)
        try:
            return ACCESS.row(db.current_session(), replica, row_id)
        except NotFound:
            rows = self.rows_by_ids(collection, [row_id])
            if not rows:
                raise
            return rows[0]

