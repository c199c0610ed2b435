"""Who may see and change which tasks: the rules are shared/permissions.py's (one model for every
service), fed from the tasks database and its replicas (production's projects, with their teams
and per-project roles, and entities; auth's persons) by shared/access.py."""
import functools
import uuid

import sqlalchemy as sa

from shared.access import Access
from shared.errors import Forbidden, NotFound
# re-exported: the rules that need no row of ours
from shared.permissions import (check_manager_project_access, check_project_access,  # noqa: F401
                                check_project_reader, is_member, is_project_manager, on_project,
                                project_role)

from .replicas import ENTITIES, PERSONS, PROJECTS


@functools.cache
def rules():
    """shared.access's rules over our tables, built on first use: the models that call them
    define two of the tables (and import this module)."""
    from .models.task_types import TASK_TYPES
    from .models.tasks import TASKS
    return Access(PROJECTS, TASKS.table, PERSONS, TASK_TYPES.table, ENTITIES)


def rule(name):
    def call(*args, **kwargs):
        return getattr(rules(), name)(*args, **kwargs)
    call.__name__ = name
    return call


replica_row, project_row, works_on_entity = rule("row"), rule("project"), rule("works_on_entity")
person_departments, in_departments = rule("departments"), rule("in_departments")
check_entity_read, check_task_access = rule("check_entity_read"), rule("check_task_access")
check_task_action_access = rule("check_task_action_access")
check_supervisor_task_access = rule("check_supervisor_task_access")
check_task_department_access = rule("check_task_department_access")
check_unassign_access = rule("check_unassign_access")


def person_role(session, person_id):
    return rules().person_value(session, person_id, column="role")


def entity_row(session, entity_id, kind=None):
    """The replicated entity; 404 when missing or (with `kind`) of another kind."""
    row = replica_row(session, ENTITIES, entity_id)
    if kind and row["kind"] != kind:
        raise NotFound()
    return row


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
