"""Who may see and change which tasks (API.md §5), from the local replicas of production's
projects and entities: team membership is the project's `team`, the role is the caller's token."""
import uuid

import sqlalchemy as sa

from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound

from .collections import ENTITIES, PERSONS, PROJECTS, TASK_TYPES, TASKS

# what a supervisor may change on a task of their departments (Zou's rule)
SUPERVISOR_TASK_FIELDS = {"priority", "start_date", "due_date", "estimation", "difficulty", "data"}


def replica_row(session, table, row_id):
    row = session.execute(sa.select(table).where(table.c.id == parse_id(row_id),
                                                 table.c.replica_deleted.is_(False))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


def project_row(session, project_id):
    return replica_row(session, PROJECTS, project_id)


def entity_row(session, entity_id, kind=None):
    """The replicated entity; 404 when missing or (with `kind`) of another kind."""
    row = replica_row(session, ENTITIES, entity_id)
    if kind and row["kind"] != kind:
        raise NotFound()
    return row


def is_member(actor, project):
    return actor.id in (project["team"] or [])


def check_project_access(actor, project):
    if not (actor.is_admin or is_member(actor, project)):
        raise Forbidden()


def check_manager_project_access(actor, project):
    if not (actor.is_admin or (actor.role == "manager" and is_member(actor, project))):
        raise Forbidden()


def check_supervisor_project_access(actor, project):
    if not (actor.is_admin or (actor.role in ("manager", "supervisor") and is_member(actor, project))):
        raise Forbidden()


def block_vendors(actor):
    if actor.role == "vendor":
        raise Forbidden()


def check_entity_access(session, actor, entity_id):
    """Only vendors are restricted: they need a task of theirs on the entity."""
    if actor.role != "vendor":
        return
    table = TASKS.table
    assigned = sa.select(table.c.id).where(table.c.entity_id == entity_id,
                                           table.c.assignees.contains([actor.id])).limit(1)
    if session.execute(assigned).first() is None:
        raise Forbidden()


def check_entity_read(session, actor, entity):
    """Project access, then the vendor rule: what every per-entity read asks."""
    check_project_access(actor, project_row(session, entity["project_id"]))
    check_entity_access(session, actor, entity["id"])


def check_task_access(session, actor, task):
    check_project_access(actor, project_row(session, task["project_id"]))
    if actor.role == "vendor" and actor.id not in (task["assignees"] or []):
        check_entity_access(session, actor, task["entity_id"])


def person_departments(session, person_id):
    return session.execute(sa.select(PERSONS.c.departments)
                           .where(PERSONS.c.id == person_id)).scalar() or []


def in_departments(session, actor, task):
    """A supervisor's reach: the tasks whose type is in one of their departments (all of them
    when they have no department)."""
    departments = person_departments(session, actor.id)
    if not departments:
        return True
    department_id = session.execute(sa.select(TASK_TYPES.table.c.department_id)
                                    .where(TASK_TYPES.table.c.id == task["task_type_id"])).scalar()
    return department_id in departments


def check_not_bot(session, person_id, project=None):
    """Bots have no to-do, time or day offs, unless the project lets bots collaborate."""
    try:
        person_id = str(uuid.UUID(str(person_id)))
    except ValueError:
        return  # not a person: the caller's own checks answer
    refuse_bot(session.execute(sa.select(PERSONS.c.is_bot).where(PERSONS.c.id == person_id)).scalar(), project)


def refuse_bot(is_bot, project=None):
    if is_bot and not (project and project.get("is_bot_collaboration_enabled")):
        raise Forbidden()


def check_task_action_access(session, actor, task):
    """Who may comment or change a task: admin; in the team, managers and clients; assignees;
    supervisors of the task type's department; the entity's creator."""
    if actor.is_admin:
        return
    project = project_row(session, task["project_id"])
    if not is_member(actor, project):
        raise Forbidden()
    if actor.role in ("manager", "client") or actor.id in (task["assignees"] or []):
        return
    if actor.role == "supervisor" and in_departments(session, actor, task):
        return
    creator = session.execute(sa.select(ENTITIES.c.created_by)
                              .where(ENTITIES.c.id == task["entity_id"])).scalar()
    if creator != actor.id:
        raise Forbidden()


def check_supervisor_task_access(session, actor, task, changes=None):
    """Task updates: admins, managers of the project's team, and its supervisors for the
    planning fields of their departments' tasks."""
    if actor.is_admin:
        return
    project = project_row(session, task["project_id"])
    check_supervisor_project_access(actor, project)
    if actor.role == "supervisor" and not (set(changes or {}) <= SUPERVISOR_TASK_FIELDS
                                           and in_departments(session, actor, task)):
        raise Forbidden()


def check_task_department_access(session, actor, task, person_id):
    """Who may assign `person_id` to a task: admins, managers of the team, supervisors of the
    task's department (for a person sharing one of their departments), and an artist assigning
    themself to a task of their department."""
    if actor.is_admin:
        return
    project = project_row(session, task["project_id"])
    if not is_member(actor, project):
        raise Forbidden()
    if actor.role == "manager":
        return
    departments = person_departments(session, actor.id)
    department_id = session.execute(sa.select(TASK_TYPES.table.c.department_id)
                                    .where(TASK_TYPES.table.c.id == task["task_type_id"])).scalar()
    if actor.role == "supervisor" and (not departments or (
            department_id in departments
            and set(person_departments(session, person_id)) & set(departments))):
        return
    if department_id in departments and person_id == actor.id:
        return
    raise Forbidden()
