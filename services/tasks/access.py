"""Who may see and change which tasks (API.md §5), from the local replicas of production's
projects and entities: team membership is the project's `team`, the role is the caller's token."""
import sqlalchemy as sa

from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound

from .collections import ENTITIES, PROJECTS, TASKS


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


def check_task_action_access(session, actor, task):
    """Who may comment or change a task: admin; in the team, managers, supervisors and clients;
    assignees; the entity's creator."""
    if actor.is_admin:
        return
    project = project_row(session, task["project_id"])
    if not is_member(actor, project):
        raise Forbidden()
    if actor.role in ("manager", "supervisor", "client") or actor.id in (task["assignees"] or []):
        return
    creator = session.execute(sa.select(ENTITIES.c.created_by)
                              .where(ENTITIES.c.id == task["entity_id"])).scalar()
    if creator != actor.id:
        raise Forbidden()


def check_supervisor_task_access(session, actor, task):
    """Task updates: admins, and managers or supervisors of the project's team."""
    check_supervisor_project_access(actor, project_row(session, task["project_id"]))
