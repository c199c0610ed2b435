"""Who may do what: Zou's permission model (../shared/spec/API.md §3.7, §5), one for every service.

Pure functions of plain rows, no I/O: the caller `actor` ({id, role}, as the gateway authenticated
it), a `project` row ({team, team_roles, …}), a `task` row ({project_id, entity_id, assignees,
task_type_id}), a comment… Each service loads these rows from its own tables or replicas and asks
here. Facts that cost a query and that only some callers need (the caller's departments, a task
type's department, whether a vendor has a task on an entity, an entity's creator) may be passed as
zero-argument callables: they are called only when a rule needs them.

Roles: admin > manager > supervisor > user (artist) > client > vendor. A project's team link may
set another role on that project (`team_roles`, by person id), which then counts for every rule
about that project; admin is global only. A check refuses with `Forbidden` (403)."""
from .errors import Forbidden

ADMIN, MANAGER, SUPERVISOR = "admin", "manager", "supervisor"
ARTIST, CLIENT, VENDOR = "user", "client", "vendor"
PROJECT_ROLES = (ARTIST, SUPERVISOR, MANAGER, CLIENT, VENDOR)  # what a team link may set
# what a supervisor may change on a task of their departments
SUPERVISOR_TASK_FIELDS = frozenset({"priority", "start_date", "due_date", "estimation", "difficulty", "data"})
# What these rules read of the rows other services replicate, by table: a change to one of them
# changes rights, which every request sent after it must see, whoever sent the change.
RIGHTS = {"project": frozenset({"team", "team_roles", "project_status_id", "task_status_links"}),
          "person": frozenset({"role", "active", "departments"}),
          "task": frozenset({"assignees"})}


def changes_rights(table, fields):
    """Whether a row of `table` deleted (`fields` None), created with or changed in `fields`
    (those set) changes rights."""
    watched = RIGHTS.get(table)
    return watched is not None and (fields is None or not watched.isdisjoint(fields))


def known(fact):
    """A fact given as a value or as a callable computing it."""
    return fact() if callable(fact) else fact


def allow(condition):
    if not condition:
        raise Forbidden()


# -- roles ------------------------------------------------------------------------------------------
def is_admin(actor):
    return actor.get("role") == ADMIN


def is_member(actor, project):
    return actor.get("id") in (project.get("team") or [])


def person_project_role(person_id, global_role, project):
    """A person's role on a project: the team link's when set (never admin), else the global one."""
    if global_role == ADMIN:
        return ADMIN
    linked = (project.get("team_roles") or {}).get(person_id)
    return linked if linked in PROJECT_ROLES else global_role


def project_role(actor, project):
    """The caller's role for rules about this project: a team member's project role; anyone
    else keeps the global one (Zou resolves the project role only for members)."""
    if not is_member(actor, project):
        return actor.get("role")
    return person_project_role(actor.get("id"), actor.get("role"), project)


def on_project(actor, project):
    """The caller as seen on this project: the same dict with the project role."""
    return type(actor)({**actor, "role": project_role(actor, project)})


def has_role(actor, project, *roles):
    """The caller has one of these roles on the project (or globally, without a project)."""
    return (project_role(actor, project) if project is not None else actor.get("role")) in roles


def in_departments(departments, department_id):
    """A supervisor's reach: what belongs to one of their departments; everything when they
    have no department."""
    departments = known(departments)
    return not departments or known(department_id) in departments


# -- projects ---------------------------------------------------------------------------------------
def has_project_access(actor, project):
    return is_admin(actor) or is_member(actor, project)


def check_project_access(actor, project):
    """Admins, and the project's team."""
    allow(has_project_access(actor, project))


def is_project_manager(actor, project):
    """Admins, and the managers (globally or on this project) of the team."""
    return is_admin(actor) or (is_member(actor, project) and project_role(actor, project) == MANAGER)


def check_manager_project_access(actor, project):
    allow(is_project_manager(actor, project))


def check_departments_access(actor, project, departments, own_departments):
    """Writing what belongs to some departments (a metadata descriptor): admins, managers of the
    team, and its supervisors when it belongs to departments and all of theirs are among them
    (any when they have none)."""
    if is_project_manager(actor, project):
        return
    own = known(own_departments) or []
    allow(is_member(actor, project) and project_role(actor, project) == SUPERVISOR and departments
          and all(department in departments for department in own))


def block_vendors(actor, project=None):
    """Vendors (on the project when given) are refused."""
    allow(not has_role(actor, project, VENDOR))


def block_clients(actor, project=None):
    allow(not has_role(actor, project, CLIENT))


def check_project_reader(actor, project, blocked=()):
    """Project access, then the roles on the project that this route refuses (clients, vendors)."""
    check_project_access(actor, project)
    allow(project_role(actor, project) not in blocked)


# -- entities and tasks -----------------------------------------------------------------------------
def check_entity_access(actor, project, works_on_entity):
    """Only vendors are restricted: they need a task of theirs on the entity."""
    allow(project_role(actor, project) != VENDOR or known(works_on_entity))


def check_entity_read(actor, project, works_on_entity):
    check_project_access(actor, project)
    check_entity_access(actor, project, works_on_entity)


def check_entity_change(actor, project, entity, changes, departments, descriptors):
    """Changing an entity: admins; in the team, managers and the entity's creator; supervisors
    its metadata only (`data`), each field described for one of their departments (any field
    when they have none). `descriptors`: the project's descriptors of the entity's kind (None
    for a kind without metadata)."""
    if is_admin(actor):
        return
    allow(is_member(actor, project))
    role = project_role(actor, project)
    if role == MANAGER or entity.get("created_by") == actor.get("id"):
        return
    allow(role == SUPERVISOR and set(changes) <= {"data"})
    departments = known(departments)
    if not departments:
        return
    described = {item["field_name"]: set(item.get("departments") or []) for item in known(descriptors) or []}
    fields = changes.get("data")
    allow(isinstance(fields, dict) and fields
          and all(described.get(name, set()) & set(departments) for name in fields))


def is_assigned(actor, task):
    return actor.get("id") in (task.get("assignees") or [])


def check_task_access(actor, project, task, works_on_entity):
    """Reading a task: project access, and a vendor works on its entity."""
    check_project_access(actor, project)
    check_entity_access(actor, project, lambda: is_assigned(actor, task) or known(works_on_entity))


def check_task_action_access(actor, project, task, departments, department_id, entity_creator):
    """Acting on a task (comments, previews): admins; in the team, managers and clients, the
    assignees, supervisors of the task type's department, and the entity's creator."""
    if is_admin(actor):
        return
    allow(is_member(actor, project))
    role = project_role(actor, project)
    allow(role in (MANAGER, CLIENT) or is_assigned(actor, task)
          or (role == SUPERVISOR and in_departments(departments, department_id))
          or known(entity_creator) == actor.get("id"))


def check_supervisor_task_access(actor, project, changes, departments, department_id):
    """Changing a task: admins, managers of the team, and its supervisors for the planning
    fields of their departments' tasks."""
    if is_project_manager(actor, project):
        return
    allow(is_member(actor, project) and project_role(actor, project) == SUPERVISOR
          and set(changes or {}) <= SUPERVISOR_TASK_FIELDS and in_departments(departments, department_id))


def check_task_department_access(actor, project, department_id, departments, person_id, person_departments):
    """Assigning `person_id` to a task: admins, managers of the team, supervisors of the task's
    department (for a person sharing one of their departments), and a member assigning themself
    to a task of their department."""
    if is_project_manager(actor, project):
        return
    allow(is_member(actor, project))
    departments = known(departments) or []
    if project_role(actor, project) == SUPERVISOR and (not departments or (
            known(department_id) in departments and set(known(person_departments) or []) & set(departments))):
        return
    allow(person_id == actor.get("id") and known(department_id) in departments)


def check_unassign_access(actor, project, task, department_id, departments, person_id):
    """Unassigning: admins, managers of the team, supervisors of the task's department, and an
    assignee removing themself."""
    if is_project_manager(actor, project):
        return
    allow(is_member(actor, project))
    allow((project_role(actor, project) == SUPERVISOR and in_departments(departments, department_id))
          or (is_assigned(actor, task) and person_id == actor.get("id")))


def check_task_status_access(actor, project, status):
    """Setting a status: an artist (on the project) only the statuses artists may set, a client
    only those clients may set (the project's link to the status may say otherwise)."""
    role = project_role(actor, project) if is_member(actor, project) else None
    allow(not (role == ARTIST and not status.get("is_artist_allowed")))
    link = (project.get("task_status_links") or {}).get(status.get("id")) or {}
    client_allowed = link.get("is_client_allowed")
    if client_allowed is None:
        client_allowed = status.get("is_client_allowed")
    allow(not (has_role(actor, project, CLIENT) and not client_allowed))


def check_time_spent_access(actor, project, task, person_id):
    """Logging time for `person_id` on a task: only an assignee's time, by themself, an admin
    or a manager of the team."""
    allow(person_id in (task.get("assignees") or []) and (
        person_id == actor.get("id") or is_project_manager(actor, project)))


# -- comments ---------------------------------------------------------------------------------------
def check_comment_access(actor, project, comment, author_role, works_on_entity):
    """Reading a comment: who reads the task, but comments of clients stay between clients,
    supervisors and managers; on a project isolating its clients, a client reads only its own
    comments and those shown to clients. `author_role`: the author's role on the project."""
    if is_admin(actor):
        return
    check_entity_read(actor, project, works_on_entity)
    role = project_role(actor, project)
    if role in (SUPERVISOR, MANAGER):
        return
    if role == CLIENT:
        own = comment.get("person_id") == actor.get("id")
        allow(own or comment.get("for_client") or not project.get("is_clients_isolated"))
        allow(known(author_role) == CLIENT or comment.get("for_client"))
        return
    allow(known(author_role) != CLIENT)


def check_comment_change(actor, project, comment):
    """Deleting or changing a comment: a manager (on the project) of its team, else its author."""
    if project_role(actor, project) in (ADMIN, MANAGER):
        check_project_access(actor, project)
    else:
        check_person_access(actor, comment.get("person_id"))


def check_attachment_access(actor, project, comment):
    """Attaching files to a comment: its author, or a manager of the project."""
    allow(comment.get("person_id") == actor.get("id") or is_project_manager(actor, project))


# -- previews ---------------------------------------------------------------------------------------
def check_preview_read(actor, project, task):
    """Reading a preview: a vendor (on the project) only of a task assigned to them, others
    with project access."""
    if project_role(actor, project) == VENDOR:
        allow(is_assigned(actor, task))
    else:
        check_project_access(actor, project)


def check_preview_change(actor, project, task, departments, department_id):
    """Changing a preview: in the project, managers, the task's assignees, and supervisors of
    the task type's department."""
    check_project_access(actor, project)
    if is_project_manager(actor, project) or is_assigned(actor, task):
        return
    allow(project_role(actor, project) == SUPERVISOR and in_departments(departments, department_id))


# -- playlists --------------------------------------------------------------------------------------
def check_playlist_read(actor, project, playlist):
    """Watching a playlist: its project's team but vendors; clients only those made for them."""
    check_project_access(actor, project)
    role = project_role(actor, project)
    allow(role != VENDOR and (role != CLIENT or playlist.get("for_client")))


def check_playlist_access(actor, project, playlist, supervisors=False):
    """A playlist's builds and downloads: managers of the team (and admins), its clients for the
    playlists made for them, and its supervisors where the route lets them (`supervisors`)."""
    check_project_access(actor, project)
    role = project_role(actor, project)
    allow(role in (ADMIN, MANAGER) or (role == CLIENT and playlist.get("for_client"))
          or (supervisors and role == SUPERVISOR))


def check_playlist_change(actor, project, playlist):
    """Changing a playlist's entries: managers of the team (and admins), and its supervisors for
    the playlists they made (or that nobody made)."""
    if is_project_manager(actor, project):
        return
    allow(is_member(actor, project) and project_role(actor, project) == SUPERVISOR
          and playlist.get("created_by") in (None, actor.get("id")))


# -- persons, time, day offs -----------------------------------------------------------------------
def check_person_access(actor, person_id):
    """Admins, or the person themself."""
    allow(is_admin(actor) or actor.get("id") == person_id)


def team_day_off_reading(actor, project):
    """What the caller reads of the day offs of a project's team: True the whole records (a
    manager of the team), False the dates only (a supervisor, of the persons they supervise),
    None nothing."""
    if not is_member(actor, project):
        return None
    return {MANAGER: True, SUPERVISOR: False}.get(project_role(actor, project))


def check_day_off_read_access(actor, person_id, shared_projects, supervises):
    """Reading a person's day offs: True the whole records (an admin, the person, a manager of a
    production they are both in), False the dates only (a supervisor of such a production who
    supervises the person: `supervises`); else refused. `shared_projects`: the projects whose
    team holds both."""
    if is_admin(actor) or actor.get("id") == person_id:
        return True
    readings = {team_day_off_reading(actor, project) for project in shared_projects}
    if True in readings:
        return True
    allow(False in readings and known(supervises))
    return False


def supervises(departments, person_departments):
    """A supervisor supervises the persons sharing one of their departments (all of them when
    they have none)."""
    departments = known(departments)
    return not departments or bool(set(departments) & set(known(person_departments) or []))

