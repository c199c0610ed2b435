"""The rules of shared/permissions.py fed from one service's tables (its own rows or its local
replicas of other services' rows): `Access(tables)` loads the rows and facts the rules ask about,
only when they ask, and answers with the loaded project, so that the caller can go on with the
caller's role on it (`permissions.on_project`)."""
import sqlalchemy as sa

from . import permissions
from .crud.store import parse_id
from .errors import NotFound


def alive(table):
    """Rows of a replica that are not tombstones (a service's own tables delete theirs)."""
    return [table.c.replica_deleted.is_(False)] if "replica_deleted" in table.c else []


class Access:
    def __init__(self, projects, tasks, persons, task_types, entities):
        """Tables: projects {team, team_roles, task_status_links…}, tasks {project_id, entity_id,
        assignees, task_type_id}, persons {role, departments}, task types {department_id},
        entities {project_id, created_by}."""
        self.projects, self.tasks, self.persons = projects, tasks, persons
        self.task_types, self.entities = task_types, entities

    @staticmethod
    def row(session, table, row_id):
        """The row, or 404."""
        row = session.execute(sa.select(table).where(table.c.id == parse_id(row_id), *alive(table))
                              ).mappings().first()
        if row is None:
            raise NotFound()
        return dict(row)

    def project(self, session, project_id):
        return self.row(session, self.projects, project_id)

    # -- facts (asked only by the rules that need them) --------------------------------------------
    def works_on_entity(self, session, person_id, entity_id):
        """The person has a task assigned on the entity (what a vendor needs to see it)."""
        tasks = self.tasks
        return session.execute(sa.select(tasks.c.id).where(
            tasks.c.entity_id == entity_id, tasks.c.assignees.contains([person_id]), *alive(tasks)
        ).limit(1)).first() is not None

    def person_value(self, session, person_id, column):
        persons = self.persons
        return session.execute(sa.select(persons.c[column]).where(persons.c.id == person_id)).scalar()

    def departments(self, session, person_id):
        return self.person_value(session, person_id, "departments") or []

    def department_of(self, session, task_type_id):
        return session.execute(sa.select(self.task_types.c.department_id)
                               .where(self.task_types.c.id == task_type_id)).scalar()

    def creator(self, session, entity_id):
        return session.execute(sa.select(self.entities.c.created_by)
                               .where(self.entities.c.id == entity_id)).scalar()

    def in_departments(self, session, actor, task):
        """The task's type is in one of the caller's departments (any task when they have none)."""
        return permissions.in_departments(lambda: self.departments(session, actor["id"]),
                                          lambda: self.department_of(session, task["task_type_id"]))

    # -- checks: each answers the project it loaded ----------------------------------------------
    def check_entity_read(self, session, actor, entity):
        """Project access, then the vendor rule: what every per-entity read asks."""
        project = self.project(session, entity["project_id"])
        permissions.check_entity_read(actor, project,
                                      lambda: self.works_on_entity(session, actor["id"], entity["id"]))
        return project

    def check_task_access(self, session, actor, task, project=None):
        project = project or self.project(session, task["project_id"])
        permissions.check_task_access(actor, project, task,
                                      lambda: self.works_on_entity(session, actor["id"], task["entity_id"]))
        return project

    def check_task_action_access(self, session, actor, task):
        project = self.project(session, task["project_id"])
        permissions.check_task_action_access(
            actor, project, task, lambda: self.departments(session, actor["id"]),
            lambda: self.department_of(session, task["task_type_id"]),
            lambda: self.creator(session, task["entity_id"]))
        return project

    def check_supervisor_task_access(self, session, actor, task, changes=None):
        project = self.project(session, task["project_id"])
        permissions.check_supervisor_task_access(
            actor, project, changes, lambda: self.departments(session, actor["id"]),
            lambda: self.department_of(session, task["task_type_id"]))
        return project

    def check_task_department_access(self, session, actor, task, person_id):
        """Assigning `person_id` to the task."""
        project = self.project(session, task["project_id"])
        permissions.check_task_department_access(
            actor, project, lambda: self.department_of(session, task["task_type_id"]),
            lambda: self.departments(session, actor["id"]), person_id,
            lambda: self.departments(session, person_id))
        return project

    def check_unassign_access(self, session, actor, task, person_id):
        project = self.project(session, task["project_id"])
        permissions.check_unassign_access(
            actor, project, task, lambda: self.department_of(session, task["task_type_id"]),
            lambda: self.departments(session, actor["id"]), person_id)
        return project

    def check_preview_change(self, session, actor, task):
        project = self.project(session, task["project_id"])
        permissions.check_preview_change(
            actor, project, task, lambda: self.departments(session, actor["id"]),
            lambda: self.department_of(session, task["task_type_id"]))
        return project
