"""Who may see and change what in a production (API.md §5): team membership and roles.

Roles come from the caller's token (the gateway's view of auth); teams are on the project rows."""
import sqlalchemy as sa

from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound

from .collections import PROJECT_STATUSES, PROJECTS


def project_row(session, project_id):
    table = PROJECTS.table
    row = session.execute(sa.select(table).where(table.c.id == parse_id(project_id))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


def is_member(actor, project):
    return actor.id in (project["team"] or [])


def check_project_access(actor, project):
    """Admins, or members of the project's team."""
    if not (actor.is_admin or is_member(actor, project)):
        raise Forbidden()


def check_manager_project_access(actor, project):
    """Admins, or managers in the project's team."""
    if not (actor.is_admin or (actor.role == "manager" and is_member(actor, project))):
        raise Forbidden()


def block_vendors(actor):
    if actor.role == "vendor":
        raise Forbidden()


def open_project_ids(session, actor):
    """The projects a non-admin works on: open ones whose team they are in."""
    projects, statuses = PROJECTS.table, PROJECT_STATUSES.table
    query = (sa.select(projects.c.id)
             .join(statuses, statuses.c.id == projects.c.project_status_id)
             .where(statuses.c.name == "Open"))
    if not actor.is_admin:
        query = query.where(projects.c.team.any(actor.id))
    return [row.id for row in session.execute(query)]
