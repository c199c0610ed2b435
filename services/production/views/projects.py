"""Project reads beyond the generic CRUD: the open projects and all projects with their details,
the caller's project roles, a project's milestones and quotas."""
import sqlalchemy as sa

from shared.application import answers
from shared.permissions import block_clients, check_person_access, check_project_access, check_project_reader, project_role

from ..models.projects import PROJECT_STATUSES, PROJECTS, Projects, ProjectPart, open_status_ids
from ..models.schedules import MILESTONES


class ProjectViews(ProjectPart):
    @answers("open_projects")
    def open_projects(self, actor):
        actor, table = self.actor(actor), PROJECTS.table
        query = PROJECTS.scope(actor, sa.select(table).where(table.c.project_status_id.in_(open_status_ids())))
        rows = self.session.execute(query.order_by(table.c.name)).mappings().all()
        return self.platform.part(Projects).detailed(rows, actor, relations=True)

    @answers("user_project_roles")
    def user_project_roles(self, actor):
        """{project id: role} where the caller's team link sets a role of its own: their key of
        /data/user/context."""
        actor, table = self.actor(actor), PROJECTS.table
        role = table.c.team_roles[actor.id].astext
        rows = self.session.execute(sa.select(table.c.id, role.label("role")).where(
            table.c.team_roles.has_key(actor.id))).all()
        return {row.id: row.role for row in rows}

    @answers("all_projects")
    def all_projects(self, actor):
        """GET /data/projects/all: every project with its descriptors and status name, without
        the settings lists; non-admins get the projects of their teams, without those two keys."""
        actor, table, statuses = self.actor(actor), PROJECTS.table, PROJECT_STATUSES.table
        if not actor.is_admin:
            rows = self.session.execute(sa.select(table).where(table.c.team.any(actor.id))
                                        .order_by(table.c.name)).mappings()
            return [PROJECTS.serialize(row, actor) for row in rows]
        query = (sa.select(table, statuses.c.name.label("project_status_name"))
                 .outerjoin(statuses, statuses.c.id == table.c.project_status_id).order_by(table.c.name))
        rows = self.session.execute(query).mappings().all()
        descriptors = self.platform.part(Projects).descriptors([row["id"] for row in rows], actor)
        return [{**PROJECTS.serialize(row, actor), "descriptors": descriptors[row["id"]],
                 "project_status_name": row["project_status_name"]} for row in rows]

    @answers("project_milestones")
    def milestones(self, actor, project_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("client",))
        table = MILESTONES.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.date)).mappings()
        return [MILESTONES.serialize(row, actor) for row in rows]

    @answers("project_quotas")
    def quotas(self, actor, project_id, person_id=None):
        """Quotas are computed from tasks and time spents, which the tasks service holds: empty.
        Not for clients; a person's quotas go to the team's managers and supervisors, and to
        the person."""
        actor, project = self.actor(actor), self.project(project_id)
        if person_id is not None and project_role(actor, project) not in ("admin", "manager", "supervisor"):
            check_person_access(actor, person_id)
        else:
            check_project_access(actor, project)
        block_clients(actor, project)
        return {}
