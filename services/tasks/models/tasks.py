"""Tasks (Zou's Task): the read model's rules and the Task model part: its CRUD with Zou's
access rules (shared/permissions.py through access.py), priorities, removals.

Every write goes through the generic CRUD store (`crud.save`), so the Task aggregate's events and
the read model commit together and publish Zou's `task:*` events."""
import functools

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import DateTime, Float, Integer, Json, String, Uuid, UuidList
from shared.crud.store import parse_id
from shared.errors import ApiError, CrudError, NotFound, ValidationError, WrongParameter
from shared.eventstore import command

from .. import access
from ..domain import Task
from ..replicas import ENTITIES, PROJECTS, metadata, open_project_ids
from ..rules.ids import found_id, id_list, required_id
from .records import delete_record, update_record
from .task_statuses import default_status_query
from .task_types import TASK_TYPES


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


class TaskCollection(Collection):
    """Rules that need the project and entity replicas live in access.py (called by the Tasks
    part); lists are scoped here: vendors see their assigned tasks, others the tasks of their
    projects."""

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
        complete_new_task(data, found)

    def validate_many(self, session, records):
        """As `validate` for each new task of a batch, with one query for all."""
        if not records:
            return []
        for data in records:
            data["name"] = data.get("name") or "main"
        found = session.execute(batch_creation_checks(), {
            f"{key}s": [data[key] for data in records] for key in ("entity_id", "task_type_id", "name")}).all()
        errors, keys = [], set()
        for data, checks in zip(records, found):
            try:
                complete_new_task(data, checks)
                key = tuple(data[name] for name in ("name", "project_id", "task_type_id", "entity_id"))
                if key in keys:  # the same task earlier in the batch (written before this one)
                    raise CrudError("Task already exists.")
                keys.add(key)
                errors.append(None)
            except ApiError as error:
                errors.append(error)
        return errors

    def check_get(self, actor, row):
        pass  # the Tasks part checks project and entity access with the replicas

    def check_update(self, actor, row, changes):
        pass  # the Tasks part: supervisor/manager rule

    def check_delete(self, actor, row):
        pass  # the Tasks part: manager of the project


TASKS = TaskCollection("tasks", "Task", Task, "task", metadata, task_fields(),
                       unique_together=[("name", "project_id", "task_type_id", "entity_id")],
                       # production's and media's task replicas (who works on what: shared/permissions.py)
                       replicated=("project_id", "entity_id", "assignees", "task_type_id"))
# "whose tasks": persons' task lists filter with `assignees @> ARRAY[id]`, served by this index
sa.Index("ix_task_assignees", TASKS.table.c.assignees, postgresql_using="gin")


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


def complete_new_task(data, found):
    """A new task's project and status from what `creation_checks` found, or its refusal."""
    if found.project_id is None or found.for_entity is None:
        raise NotFound()
    if found.for_entity != found.kind:
        raise ApiError({"error": True, "message": "Task type of the task does not match entity type."})
    data.update(project_id=found.project_id, task_status_id=data.get("task_status_id") or found.default_status_id)
    if found.duplicate:
        raise CrudError("Task already exists.")


@functools.cache
def batch_creation_checks():
    """`creation_checks` for a batch of new tasks (arrays of their entity ids, type ids and
    names), a row each in their order, in one statement built once."""
    wanted = sa.func.unnest(sa.cast(sa.bindparam("entity_ids"), ARRAY(UUID(as_uuid=False))),
                            sa.cast(sa.bindparam("task_type_ids"), ARRAY(UUID(as_uuid=False))),
                            sa.cast(sa.bindparam("names"), ARRAY(sa.String))).table_valued(
        "entity_id", "task_type_id", "name", with_ordinality="position").render_derived("wanted")
    types, tasks = TASK_TYPES.table, TASKS.table
    return (sa.select(
        ENTITIES.c.project_id, ENTITIES.c.kind, types.c.for_entity,
        default_status_query().scalar_subquery().label("default_status_id"),
        sa.exists().where(tasks.c.name == wanted.c.name, tasks.c.project_id == ENTITIES.c.project_id,
                          tasks.c.entity_id == wanted.c.entity_id,
                          tasks.c.task_type_id == wanted.c.task_type_id).label("duplicate"))
        .select_from(wanted.outerjoin(ENTITIES, sa.and_(ENTITIES.c.id == wanted.c.entity_id,
                                                        ENTITIES.c.replica_deleted.is_(False)))
                     .outerjoin(types, types.c.id == wanted.c.task_type_id))
        .order_by(wanted.c.position))


@functools.cache
def task_with_team():
    """The statement of Tasks.get, built (and compiled) once."""
    table = TASKS.table
    return (sa.select(table, PROJECTS.c.team.label("project_team"),
                      PROJECTS.c.team_roles.label("project_team_roles"))
            .outerjoin(PROJECTS, PROJECTS.c.id == table.c.project_id)
            .where(table.c.id == sa.bindparam("task_id")))


def task_row(session, task_id):
    """The task, 404 for a malformed or unknown id."""
    table = TASKS.table
    row = session.execute(sa.select(table).where(table.c.id == found_id(task_id))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


class Tasks(Model):
    collection = TASKS

    def __init__(self, platform):
        super().__init__(platform)
        self.removal_hooks = []  # f(session, task_row, actor_id): other models clean up what a task owns

    def row(self, task_id):
        return self.crud.row(TASKS, task_id)

    # -- the generic CRUD with Zou's rules -----------------------------------------------------
    def draft(self, actor, body):
        """POST /data/tasks: no role check (as Zou); the entity and task type decide."""
        body = self.crud.require_body(body)
        required_id(body, "entity_id")
        required_id(body, "task_type_id")
        return super().draft(actor, body)

    def get(self, actor, instance_id, query):
        """GET /data/tasks/{id}: one query (the task and its project's team)."""
        actor = Actor(actor)
        row = self.session.execute(task_with_team(), {"task_id": parse_id(instance_id)}).mappings().first()
        if row is None:
            raise NotFound()
        project = {"team": row["project_team"], "team_roles": row["project_team_roles"]}
        access.check_task_access(self.session, actor, row, project)
        return TASKS.serialize(row, actor, True)

    @command
    def update(self, actor, instance_id, body):
        actor, row = Actor(actor), self.row(instance_id)
        body = self.crud.require_body(body)
        access.check_supervisor_task_access(self.session, actor, row, body)
        if isinstance(body.get("data"), dict):  # Zou merges `data`, it does not replace it
            body = {**body, "data": {**(row["data"] or {}), **body["data"]}}
        return self.crud.save_changes(TASKS, actor, instance_id, body, row)

    @command
    def delete(self, actor, instance_id, query):
        actor, row = Actor(actor), self.row(instance_id)
        access.check_manager_project_access(actor, access.project_row(self.session, row["project_id"]))
        self.remove(row, actor.id)

    # -- the model's own commands ---------------------------------------------------------------
    def change(self, actor, row, changes):
        """Apply `changes` to a task (its aggregate decides which events they are)."""
        row.update(update_record(self.platform, TASKS, row["id"], changes, actor.id))
        return row

    @answers("set_tasks_priority")
    @command
    def set_priority(self, actor, body):
        """PUT /actions/tasks/set-priority {task_ids, priority}: the changed tasks (unknown ids
        are skipped, as Zou)."""
        actor, body = Actor(actor), body if isinstance(body, dict) else {}
        errors = [{"field": key, "message": "Field required"} for key in ("task_ids", "priority")
                  if key not in body]
        priority = body.get("priority")
        if "priority" in body and (isinstance(priority, bool) or not str(priority).lstrip("-").isdigit()):
            errors.append({"field": "priority",
                           "message": "Input should be a valid integer, unable to parse string as an integer"})
        if errors:
            raise ValidationError(errors)
        table, changed = TASKS.table, []
        rows = self.session.execute(sa.select(table).where(table.c.id.in_(id_list(body, "task_ids")))
                                    .order_by(table.c.created_at)).mappings().all()
        for row in rows:
            access.check_supervisor_task_access(self.session, actor, row, {"priority": int(priority)})
            changed.append(TASKS.serialize(self.change(actor, dict(row), {"priority": int(priority)}),
                                           actor, relations=False))
        return changed

    @answers("schedule_tasks")
    @command
    def schedule(self, actor, project_id, body):
        """Route-free (production's apply-to-production): {task_id: {start_date, due_date,
        estimation}} set on the project's tasks, by its managers; the number of tasks found."""
        actor, table = Actor(actor), TASKS.table
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        rows = self.session.execute(sa.select(table).where(
            table.c.id.in_(id_list(list(body))), table.c.project_id == project["id"])).mappings().all()
        for row in rows:
            self.change(actor, dict(row), {key: TASKS.fields[key].parse(value)
                                           for key, value in body[row["id"]].items()})
        return len(rows)

    @answers("delete_tasks")
    @command
    def delete_many(self, actor, project_id, body):
        """POST /actions/projects/{id}/delete-tasks [ids]: the project's tasks among them go,
        with everything they own; answers the valid ids received."""
        actor = Actor(actor)
        if not isinstance(body, list):
            raise WrongParameter("Data are empty. Please verify that you sent JSON data and that you set the right headers.")
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        ids = id_list(body)
        table = TASKS.table
        rows = self.session.execute(sa.select(table).where(
            table.c.id.in_(ids), table.c.project_id == project["id"])).mappings().all()
        for row in rows:
            self.remove(dict(row), actor.id)
        return ids

    @answers("delete_tasks_for_type")
    @command
    def delete_for_type(self, actor, project_id, task_type_id):
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        table = TASKS.table
        rows = self.session.execute(sa.select(table).where(
            table.c.project_id == project["id"], table.c.task_type_id == parse_id(task_type_id))).mappings().all()
        for row in rows:
            self.remove(dict(row), actor.id)

    def remove_entity_tasks(self, entity_id):
        """Production deleted an entity: its tasks go with it (Zou's forced removal)."""
        table = TASKS.table
        for row in self.session.execute(sa.select(table).where(table.c.entity_id == entity_id)).mappings().all():
            self.remove(dict(row), None)

    def remove(self, row, actor_id):
        """A task and what it owns (time, notifications, comments…: the hooks of their models)."""
        for hook in self.removal_hooks:
            hook(self.session, row, actor_id)
        delete_record(self.platform, TASKS, row["id"], actor_id)
