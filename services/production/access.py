"""Who may see and change what in a production (API.md §5): team membership and roles.

Roles come from the caller's token (the gateway's view of auth); teams are on the project rows."""
import sqlalchemy as sa

from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound

from .collections import PROJECT_STATUSES, PROJECTS
# re-exported: the entities area imports its permission helpers from here
from .roles import check_manager_project_access, check_project_access, is_member, project_role

__all__ = ["block_vendors", "check_manager_project_access", "check_project_access", "is_member",
           "open_project_ids", "project_role", "project_row"]


def project_row(session, project_id):
    table = PROJECTS.table
    row = session.execute(sa.select(table).where(table.c.id == parse_id(project_id))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


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
