"""Roles on a project (API.md §5): team membership and the per-project role of a team member.

Pure functions of the caller and a project row, so that collections and application modules can
both use them without importing each other."""
from shared.errors import Forbidden

PROJECT_ROLES = ("user", "supervisor", "manager", "client", "vendor")


def is_member(actor, project):
    return actor.id in (project["team"] or [])


def project_role(actor, project):
    """The role that counts on this project: the team link's role when set, else the global one."""
    if actor.is_admin:
        return "admin"
    return (project.get("team_roles") or {}).get(actor.id) or actor.role


def check_project_access(actor, project):
    """Admins, or members of the project's team."""
    if not (actor.is_admin or is_member(actor, project)):
        raise Forbidden()


def check_manager_project_access(actor, project):
    """Admins, or managers in the project's team."""
    if not (actor.is_admin or (is_member(actor, project) and project_role(actor, project) == "manager")):
        raise Forbidden()
