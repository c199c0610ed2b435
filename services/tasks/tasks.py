"""Task commands: create (one, per entity, per project and type), update, assign, delete.

Every write goes through the generic CRUD store (`crud.save`), so the Task aggregate's events and
the read model commit together and publish Zou's `task:*` events."""
import functools
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError, Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.application import UseCases

from . import access
from . import queries
from .collections import (COMMENTS, ENTITIES, ENTITY_TYPES, PERSONS, PROJECTS, SUBSCRIPTIONS,
                          TASK_STATUSES, TASK_TYPES, TASKS)
from .queries import task_type_row


def valid_id(body, key):
    """Zou's message for a missing or malformed id in a task body."""
    try:
        return str(uuid.UUID(str(body.get(key) if isinstance(body, dict) else None)))
    except ValueError:
        raise WrongParameter(f"A valid {key} is required.")


EMPTY_BODY = "Data are empty. Please verify that you sent JSON data and that you set the right headers."


def id_list(body, key=None):
    """A list of ids (the body itself, or body[key]); anything else is a 400."""
    if key is not None and not isinstance(body or {}, dict):
        raise WrongParameter(EMPTY_BODY)
    values = body if key is None else (body or {}).get(key)
    if not isinstance(values, list):
        raise WrongParameter(EMPTY_BODY)
    ids = []
    for value in values:
        try:
            ids.append(str(uuid.UUID(str(value))))
        except ValueError:
            continue  # Zou keeps only the valid ids
    return ids


@functools.cache
def task_with_team():
    """The statement of Tasks.get, built (and compiled) once."""
    table = TASKS.table
    return (sa.select(table, PROJECTS.c.team.label("project_team"),
                      PROJECTS.c.team_roles.label("project_team_roles"))
            .outerjoin(PROJECTS, PROJECTS.c.id == table.c.project_id)
            .where(table.c.id == sa.bindparam("task_id")))


class Tasks(UseCases):
    def __init__(self, platform):
        super().__init__(platform)
        self.removal_hooks = []  # f(session, task_row, actor_id): other areas clean up what a task owns

    def row(self, task_id):
        return self.crud.row(TASKS, task_id)

    def serialize(self, row, actor=None, relations=True):
        return TASKS.serialize(row, actor, relations)

    # -- creation -------------------------------------------------------------------------------
    def create(self, actor, body):
        """POST /data/tasks: no role check (as Zou); the entity and task type decide."""
        body = self.crud.require_body(body)
        valid_id(body, "entity_id")
        valid_id(body, "task_type_id")
        return self.crud.create(TASKS.name, actor, body)

    @command
    def create_for_entity(self, actor, entity_id, body):
        """POST /data/entities/{id}/tasks {task_type_ids}: the tasks that did not exist yet; for
        whoever reads the entity, but the project's vendors and clients."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id)
        project = access.check_entity_read(self.session, actor, entity)
        access.check_project_reader(actor, project, blocked=("vendor", "client"))
        created = []
        for task_type_id in id_list(body, "task_type_ids"):
            if task_type_id not in (project["task_types"] or []):
                raise WrongParameter(f"Task type {task_type_id} is not enabled in project {project['id']}.")
            if not self.exists(entity_id, task_type_id):
                created.append(self.new_task(actor, entity, task_type_id))
        return created

    @command
    def create_for_kind(self, actor, project_id, task_type_id, kind, body):
        """POST /actions/projects/{p}/task-types/{t}/<kind>s/create-tasks: one task of that type
        for each entity of the kind in the project (or for the ids in the body)."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        task_type = task_type_row(self.session, task_type_id)
        query = sa.select(ENTITIES).where(ENTITIES.c.project_id == project["id"],
                                          ENTITIES.c.kind == kind,
                                          ENTITIES.c.replica_deleted.is_(False),
                                          ENTITIES.c.canceled.isnot(True))
        if body not in (None, []) and not isinstance(body, list):
            raise WrongParameter("Request body must be a JSON array.")
        ids = id_list(body) if body else None
        if ids is not None:
            query = query.where(ENTITIES.c.id.in_(ids))
        statuses = self.platform.workflow.statuses()
        created = []
        for entity in self.session.execute(query.order_by(ENTITIES.c.name)).mappings():
            if not self.exists(entity["id"], task_type["id"]):
                task = self.new_task(actor, entity, task_type["id"], assigner_id=actor.id)
                status = statuses[task["task_status_id"]]
                created.append({**task, "task_status_name": status["name"],
                                "task_status_short_name": status["short_name"],
                                "task_status_color": status["color"],
                                "task_type_name": task_type["name"],
                                "task_type_color": task_type["color"],
                                "task_type_priority": task_type["priority"]})
        return created

    def exists(self, entity_id, task_type_id, name="main"):
        table = TASKS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.entity_id == entity_id, table.c.task_type_id == task_type_id,
            table.c.name == name)).first() is not None

    def new_task(self, actor, entity, task_type_id, assigner_id=None):
        fields = {"entity_id": entity["id"], "task_type_id": task_type_id, "assigner_id": assigner_id}
        return self.crud.save_new(TASKS, actor, fields)

    # -- reads ----------------------------------------------------------------------------------
    def get(self, actor, task_id):
        """GET /data/tasks/{id}: one query (the task and its project's team)."""
        actor = Actor(actor)
        row = self.session.execute(task_with_team(), {"task_id": parse_id(task_id)}).mappings().first()
        if row is None:
            raise NotFound()
        project = {"team": row["project_team"], "team_roles": row["project_team_roles"]}
        access.check_task_access(self.session, actor, row, project)
        return self.serialize(row, actor)

    def full(self, actor, task_id, directory):
        """GET /data/tasks/{id}/full: the task with its entity, project, type, status, assignees,
        sequence and episode."""
        actor, row = Actor(actor), self.row(task_id)
        access.check_task_access(self.session, actor, row)
        session = self.session
        entity = access.entity_row(session, row["entity_id"])
        parents = queries.replica_rows(session, ENTITIES, [entity["parent_id"]])
        sequence = parents.get(entity["parent_id"])
        episodes = queries.replica_rows(session, ENTITIES, [sequence["parent_id"] if sequence else None])
        episode = episodes.get(sequence["parent_id"]) if sequence else None
        entity_type = queries.replica_rows(session, ENTITY_TYPES, [entity["entity_type_id"]]).get(
            entity["entity_type_id"])
        out = self.serialize(row, actor)
        out.update(
            entity=queries.replica_dict(entity, "Entity", queries.ENTITY_KEYS),
            entity_type=entity_type and queries.replica_dict(entity_type, "EntityType"),
            is_subscribed=self.is_subscribed(actor, row),
            persons=list(directory.persons(row["assignees"] or []).values()),
            project=queries.replica_dict(access.project_row(session, row["project_id"]), "Project"),
            task_status=TASK_STATUSES.serialize(self.crud.row(TASK_STATUSES, row["task_status_id"])),
            task_type=TASK_TYPES.serialize(queries.task_type_row(session, row["task_type_id"])))
        if sequence:
            out["sequence"] = queries.replica_dict(sequence, sequence["kind"], queries.ENTITY_KEYS)
        if episode:
            out["episode"] = queries.replica_dict(episode, episode["kind"], queries.ENTITY_KEYS)
        return out

    def is_subscribed(self, actor, row):
        table = SUBSCRIPTIONS.table
        return self.session.execute(sa.select(table.c.id).where(
            table.c.task_id == row["id"], table.c.person_id == actor.id)).first() is not None

    # -- changes --------------------------------------------------------------------------------
    @command
    def update(self, actor, task_id, body):
        actor, row = Actor(actor), self.row(task_id)
        body = self.crud.require_body(body)
        access.check_supervisor_task_access(self.session, actor, row, body)
        if isinstance(body.get("data"), dict):  # Zou merges `data`, it does not replace it
            body = {**body, "data": {**(row["data"] or {}), **body["data"]}}
        return self.crud.save_changes(TASKS, actor, task_id, body, row)

    def change(self, actor, row, changes):
        """Apply `changes` to a task (its aggregate decides which events they are)."""
        task = self.platform.app.repository.get(uuid.UUID(row["id"]))
        task.update(changes, actor.id)
        row.update(self.crud.save(TASKS, task) or {})
        return row

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
            changed.append(self.serialize(self.change(actor, dict(row), {"priority": int(priority)}),
                                          actor, relations=False))
        return changed

    @command
    def assign(self, actor, task_id, body):
        """PUT /actions/tasks/{id}/assign {person_id}."""
        actor = Actor(actor)
        person_id = valid_id(body or {}, "person_id")
        row = self.row(task_id)
        return self.serialize(self.assign_row(actor, row, person_id), actor)

    @command
    def assign_to_person(self, actor, person_id, body):
        """PUT /actions/persons/{id}/assign {task_ids}: the tasks, assigned."""
        if not isinstance(body, dict):
            raise ValidationError([{"field": "", "message": "Input should be a valid dictionary or "
                                                            "instance of AssignTasksSchema"}])
        actor, person_id = Actor(actor), parse_id(person_id)
        return [self.serialize(self.assign_row(actor, self.row(task_id), person_id), actor)
                for task_id in id_list(body, "task_ids")]

    def assign_row(self, actor, row, person_id):
        """Assign `person_id` (a known person, not a bot unless the project lets bots in); they
        are notified."""
        known = sa.select(PERSONS.c.id).where(PERSONS.c.id == person_id, PERSONS.c.replica_deleted.is_(False))
        if self.session.execute(known).first() is None:
            raise ApiError({"error": "Assignee doesn't exist in database."})
        access.check_task_department_access(self.session, actor, row, person_id)
        access.check_not_bot(self.session, person_id, access.project_row(self.session, row["project_id"]))
        assignees = list(row["assignees"] or [])
        changes = {"assigner_id": actor.id}
        if person_id not in assignees:
            changes["assignees"] = assignees + [person_id]
        row = self.change(actor, row, changes)
        if "assignees" in changes:
            self.platform.social.notify_assignation(row, person_id, actor.id)
        return row

    @command
    def clear_assignation(self, actor, body):
        """PUT /actions/tasks/clear-assignation {task_ids, person_id?}: the ids of the tasks
        cleared (those the caller may not unassign are skipped, as Zou)."""
        actor, task_ids = Actor(actor), id_list(body, "task_ids")
        person_id = valid_id(body, "person_id") if body.get("person_id") else None
        cleared = []
        for task_id in task_ids:
            row = self.row(task_id)
            try:
                access.check_unassign_access(self.session, actor, row, person_id)
            except Forbidden:
                continue
            assignees = [] if not person_id else [p for p in row["assignees"] or [] if p != person_id]
            self.change(actor, row, {"assignees": assignees})
            cleared.append(row["id"])
        return cleared

    # -- removal --------------------------------------------------------------------------------
    @command
    def delete(self, actor, task_id, query):
        actor, row = Actor(actor), self.row(task_id)
        access.check_manager_project_access(actor, access.project_row(self.session, row["project_id"]))
        self.remove(row, actor.id)

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
        """A task and what it owns (comments here; time, notifications… through the hooks)."""
        for hook in self.removal_hooks:
            hook(self.session, row, actor_id)
        comments = COMMENTS.table
        for comment_id in self.session.execute(sa.select(comments.c.id)
                                               .where(comments.c.object_id == row["id"])).scalars():
            self.delete_record(COMMENTS, comment_id, actor_id)
        self.delete_record(TASKS, row["id"], actor_id)

    def delete_record(self, collection, record_id, actor_id):
        aggregate = self.platform.app.repository.get(uuid.UUID(record_id))
        aggregate.delete(actor_id)
        self.crud.save(collection, aggregate)
