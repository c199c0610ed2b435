"""Zou's permission model (shared/permissions.py), rule by rule, on plain rows: no service, no
database. The same rules answer in production, tasks and media."""
import pytest

from shared import permissions as p
from shared.errors import Forbidden

DEPARTMENT, OTHER_DEPARTMENT = "dep-modeling", "dep-compositing"


def person(name, role):
    return {"id": name, "role": role}


ADMIN = person("admin", "admin")
MANAGER = person("manager", "manager")
MANAGER_OUT = person("manager-out", "manager")
SUPERVISOR = person("supervisor", "supervisor")
ARTIST = person("artist", "user")
CLIENT = person("client", "client")
VENDOR = person("vendor", "vendor")
PROJECT_MANAGER = person("pm", "user")        # an artist studio-wide, manager of PROJECT
DEMOTED = person("demoted", "manager")        # a manager studio-wide, artist on PROJECT
LINKED_ADMIN = person("linked-admin", "user")  # a team link claiming admin: never honoured

TEAM = [MANAGER, SUPERVISOR, ARTIST, CLIENT, VENDOR, PROJECT_MANAGER, DEMOTED, LINKED_ADMIN]
PROJECT = {"id": "project", "team": [member["id"] for member in TEAM],
           "team_roles": {"pm": "manager", "demoted": "user", "linked-admin": "admin"}}
TASK = {"id": "task", "project_id": "project", "entity_id": "asset", "task_type_id": "modeling",
        "assignees": ["artist", "vendor"]}
UNASSIGNED = {**TASK, "id": "task2", "assignees": []}


def allowed(check, *args):
    try:
        check(*args)
    except Forbidden:
        return False
    return True


def who(check, *args, among=(ADMIN, MANAGER, MANAGER_OUT, SUPERVISOR, ARTIST, CLIENT, VENDOR,
                            PROJECT_MANAGER, DEMOTED)):
    """The names of the callers the check lets through (`args` follow the caller)."""
    return {caller["id"] for caller in among if allowed(check, caller, *args)}


def never(*_):
    raise AssertionError("a fact the rule did not need was asked for")


# -- roles ----------------------------------------------------------------------------------------
def test_the_team_link_role_counts_on_its_project_only():
    assert p.project_role(PROJECT_MANAGER, PROJECT) == "manager"
    assert p.project_role(PROJECT_MANAGER, {"team": [], "team_roles": {}}) == "user"
    assert p.project_role(DEMOTED, PROJECT) == "user"
    assert p.project_role(ARTIST, PROJECT) == "user"  # no link role: the global one


def test_admin_is_global_only():
    assert p.project_role(LINKED_ADMIN, PROJECT) == "user"  # a link cannot make an admin
    assert p.project_role(ADMIN, {"team": ["admin"], "team_roles": {"admin": "vendor"}}) == "admin"
    assert p.person_project_role("linked-admin", "user", PROJECT) == "user"


def test_outside_the_team_the_global_role_counts():
    outsider_project = {"team": ["manager"], "team_roles": {"pm": "manager"}}
    assert p.project_role(PROJECT_MANAGER, outsider_project) == "user"


def test_on_project_keeps_the_callers_type_and_id():
    class Caller(dict):
        pass
    seen = p.on_project(Caller(PROJECT_MANAGER), PROJECT)
    assert type(seen) is Caller and seen == {"id": "pm", "role": "manager"}


# -- projects ---------------------------------------------------------------------------------------
def test_project_access_is_admins_and_the_team():
    assert who(p.check_project_access, PROJECT) == {"admin", "manager", "supervisor", "artist", "client",
                                                    "vendor", "pm", "demoted"}


def test_project_managers_are_admins_and_the_teams_managers_by_project_role():
    assert who(p.check_manager_project_access, PROJECT) == {"admin", "manager", "pm"}


def test_a_route_may_refuse_roles_of_the_team():
    assert who(p.check_project_reader, PROJECT, ("client",)) == {
        "admin", "manager", "supervisor", "artist", "vendor", "pm", "demoted"}
    assert not allowed(p.check_project_reader, MANAGER_OUT, PROJECT, ())


def test_supervisors_write_what_belongs_to_all_their_departments():
    def check(caller, departments, own=(DEPARTMENT,)):
        return allowed(p.check_departments_access, caller, PROJECT, departments, list(own))
    assert check(MANAGER, []) and check(PROJECT_MANAGER, []) and check(ADMIN, [])
    assert check(SUPERVISOR, [DEPARTMENT, OTHER_DEPARTMENT]) and check(SUPERVISOR, [OTHER_DEPARTMENT], own=[])
    assert not check(SUPERVISOR, [OTHER_DEPARTMENT]) and not check(SUPERVISOR, [])  # none: not theirs
    assert not check(ARTIST, [DEPARTMENT]) and not check(MANAGER_OUT, [DEPARTMENT])


def test_vendors_are_blocked_by_their_role_on_the_project():
    vendor_here = {"team": ["artist"], "team_roles": {"artist": "vendor"}}
    assert not allowed(p.block_vendors, ARTIST, vendor_here)
    assert allowed(p.block_vendors, ARTIST, None)
    assert not allowed(p.block_vendors, VENDOR)


# -- entities and tasks ----------------------------------------------------------------------------
def test_only_vendors_need_a_task_on_the_entity():
    assert who(p.check_entity_read, PROJECT, False) == {"admin", "manager", "supervisor", "artist", "client",
                                                        "pm", "demoted"}
    assert "vendor" in who(p.check_entity_read, PROJECT, lambda: True)
    p.check_entity_read(ARTIST, PROJECT, never)  # the fact is not asked of others


def test_a_vendor_reads_its_own_tasks_and_those_of_entities_it_works_on():
    assert allowed(p.check_task_access, VENDOR, PROJECT, TASK, never)
    assert not allowed(p.check_task_access, VENDOR, PROJECT, UNASSIGNED, False)
    assert allowed(p.check_task_access, VENDOR, PROJECT, UNASSIGNED, True)
    assert not allowed(p.check_task_access, MANAGER_OUT, PROJECT, TASK, True)


def test_task_action_access():
    def check(caller, task, departments=(), creator=None):
        return allowed(p.check_task_action_access, caller, PROJECT, task, list(departments),
                       "dep-modeling", creator)
    assert check(ADMIN, UNASSIGNED) and check(MANAGER, UNASSIGNED) and check(PROJECT_MANAGER, UNASSIGNED)
    assert check(CLIENT, UNASSIGNED)                          # clients may act on the team's tasks
    assert check(ARTIST, TASK) and not check(ARTIST, UNASSIGNED)
    assert check(VENDOR, TASK) and not check(VENDOR, UNASSIGNED)
    assert check(SUPERVISOR, UNASSIGNED, [DEPARTMENT]) and check(SUPERVISOR, UNASSIGNED, [])
    assert not check(SUPERVISOR, UNASSIGNED, [OTHER_DEPARTMENT])
    assert check(ARTIST, UNASSIGNED, creator="artist")        # the entity's creator
    assert not check(DEMOTED, UNASSIGNED)                     # a manager studio-wide, an artist here
    assert not check(MANAGER_OUT, UNASSIGNED)


def test_supervisors_change_only_the_planning_of_their_departments_tasks():
    def check(caller, changes, departments=(DEPARTMENT,)):
        return allowed(p.check_supervisor_task_access, caller, PROJECT, changes, list(departments),
                       DEPARTMENT)
    assert check(MANAGER, {"name": "x"}) and check(PROJECT_MANAGER, {"name": "x"}) and check(ADMIN, {})
    assert check(SUPERVISOR, {"priority": 2, "due_date": "2026-01-01"})
    assert not check(SUPERVISOR, {"name": "x"})
    assert not check(SUPERVISOR, {"priority": 2}, [OTHER_DEPARTMENT])
    assert not check(ARTIST, {"priority": 2}) and not check(MANAGER_OUT, {"priority": 2})


def test_who_may_assign_whom():
    def check(caller, person_id, departments, person_departments=()):
        return allowed(p.check_task_department_access, caller, PROJECT, DEPARTMENT, list(departments),
                       person_id, list(person_departments))
    assert check(MANAGER, "vendor", []) and check(PROJECT_MANAGER, "vendor", [])
    assert check(SUPERVISOR, "vendor", [DEPARTMENT], [DEPARTMENT])
    assert not check(SUPERVISOR, "vendor", [DEPARTMENT], [OTHER_DEPARTMENT])
    assert check(SUPERVISOR, "vendor", [])                      # no department: any
    assert check(ARTIST, "artist", [DEPARTMENT])                # themself, in the task's department
    assert not check(ARTIST, "artist", [OTHER_DEPARTMENT]) and not check(ARTIST, "vendor", [DEPARTMENT])
    assert not check(MANAGER_OUT, "vendor", [])


def test_who_may_unassign():
    def check(caller, task, person_id, departments=()):
        return allowed(p.check_unassign_access, caller, PROJECT, task, DEPARTMENT, list(departments),
                       person_id)
    assert check(PROJECT_MANAGER, TASK, None) and check(SUPERVISOR, TASK, "vendor", [DEPARTMENT])
    assert check(ARTIST, TASK, "artist") and not check(ARTIST, TASK, None)
    assert not check(ARTIST, UNASSIGNED, "artist")
    assert not check(SUPERVISOR, TASK, "vendor", [OTHER_DEPARTMENT])


def test_statuses_artists_and_clients_may_set():
    closed = {"id": "done", "is_artist_allowed": False, "is_client_allowed": False}
    assert who(p.check_task_status_access, PROJECT, closed) == {
        "admin", "manager", "manager-out", "supervisor", "vendor", "pm"}  # a vendor is no artist
    opened_here = {**PROJECT, "task_status_links": {"done": {"is_client_allowed": True}}}
    assert allowed(p.check_task_status_access, CLIENT, opened_here, closed)
    closed_here = {**PROJECT, "task_status_links": {"done": {"is_client_allowed": False}}}
    assert not allowed(p.check_task_status_access, CLIENT, closed_here, {**closed, "is_client_allowed": True})


def test_time_is_logged_for_an_assignee_by_themself_or_a_manager_of_the_team():
    assert who(p.check_time_spent_access, PROJECT, TASK, "artist") == {"admin", "manager", "artist", "pm"}
    assert who(p.check_time_spent_access, PROJECT, UNASSIGNED, "artist") == set()


def test_supervisors_change_the_metadata_of_their_departments():
    asset = {"id": "asset", "created_by": "artist"}
    descriptors = [{"field_name": "fx", "departments": [DEPARTMENT]},
                   {"field_name": "lighting", "departments": []}]

    def check(caller, changes, departments=(DEPARTMENT,), entity=asset):
        return allowed(p.check_entity_change, caller, PROJECT, entity, changes, list(departments),
                       descriptors)
    assert check(MANAGER, {"name": "x"}) and check(PROJECT_MANAGER, {"name": "x"})
    assert check(ARTIST, {"name": "x"})  # its creator
    assert check(SUPERVISOR, {"data": {"fx": 1}}) and check(SUPERVISOR, {"data": {"lighting": 1}}, [])
    assert not check(SUPERVISOR, {"data": {"lighting": 1}}) and not check(SUPERVISOR, {"data": {}})
    assert not check(SUPERVISOR, {"name": "x"}) and not check(DEMOTED, {"name": "x"})
    assert not check(MANAGER_OUT, {"name": "x"})


# -- comments and their files -----------------------------------------------------------------------
def test_comments_of_clients_stay_with_clients_supervisors_and_managers():
    comment = {"person_id": "client2", "for_client": False}
    assert who(p.check_comment_access, PROJECT, comment, "client", True) == {"admin", "manager", "supervisor",
                                                                               "client", "pm"}
    studio_comment = {"person_id": "manager", "for_client": False}
    assert "client" not in who(p.check_comment_access, PROJECT, studio_comment, "manager", True)
    shown_to_clients = {**studio_comment, "for_client": True}
    assert "client" in who(p.check_comment_access, PROJECT, shown_to_clients, "manager", True)


def test_an_isolated_client_reads_only_its_own_and_shared_comments():
    isolated = {**PROJECT, "is_clients_isolated": True}
    other_client = {"person_id": "client2", "for_client": False}
    assert not allowed(p.check_comment_access, CLIENT, isolated, other_client, "client", True)
    own = {**other_client, "person_id": "client"}
    assert allowed(p.check_comment_access, CLIENT, isolated, own, "client", True)


def test_comments_change_by_their_author_or_a_manager_in_the_team():
    comment = {"person_id": "artist"}
    assert who(p.check_comment_change, PROJECT, comment) == {"admin", "manager", "artist", "pm"}
    assert not allowed(p.check_comment_change, MANAGER_OUT, PROJECT, {"person_id": "manager-out"})


def test_files_are_attached_by_the_comments_author_or_a_project_manager():
    assert who(p.check_attachment_access, PROJECT, {"person_id": "artist"}) == {
        "admin", "manager", "artist", "pm"}


# -- previews ----------------------------------------------------------------------------------------
def test_a_vendor_reads_the_previews_of_its_tasks_only():
    assert allowed(p.check_preview_read, VENDOR, PROJECT, TASK)
    assert not allowed(p.check_preview_read, VENDOR, PROJECT, UNASSIGNED)
    assert allowed(p.check_preview_read, CLIENT, PROJECT, UNASSIGNED)
    assert not allowed(p.check_preview_read, MANAGER_OUT, PROJECT, TASK)


def test_previews_change_by_managers_assignees_and_the_departments_supervisors():
    assert who(p.check_preview_change, PROJECT, UNASSIGNED, [DEPARTMENT], DEPARTMENT) == {
        "admin", "manager", "supervisor", "pm"}
    assert who(p.check_preview_change, PROJECT, TASK, [OTHER_DEPARTMENT], DEPARTMENT) == {
        "admin", "manager", "artist", "vendor", "pm"}


# -- persons and day offs ----------------------------------------------------------------------------
def test_a_person_is_theirs_and_the_admins():
    assert who(p.check_person_access, "artist") == {"admin", "artist"}


def test_day_offs_are_read_whole_by_managers_and_as_dates_by_supervisors_they_supervise():
    shared = [PROJECT]
    assert p.check_day_off_read_access(ARTIST, "artist", [], never) is True
    assert p.check_day_off_read_access(ADMIN, "artist", [], never) is True
    assert p.check_day_off_read_access(PROJECT_MANAGER, "artist", shared, never) is True
    assert p.check_day_off_read_access(SUPERVISOR, "artist", shared, True) is False
    for caller, supervised in ((SUPERVISOR, False), (MANAGER_OUT, True), (CLIENT, True), (DEMOTED, True)):
        with pytest.raises(Forbidden):
            p.check_day_off_read_access(caller, "artist", shared, supervised)


def test_a_supervisor_supervises_the_persons_of_their_departments():
    assert p.supervises([], ["any"]) and p.supervises([DEPARTMENT], [DEPARTMENT, OTHER_DEPARTMENT])
    assert not p.supervises([DEPARTMENT], [OTHER_DEPARTMENT]) and not p.supervises([DEPARTMENT], None)
    assert p.team_day_off_reading(MANAGER_OUT, PROJECT) is None
    assert p.team_day_off_reading(SUPERVISOR, PROJECT) is False


def test_what_changes_rights():
    """Changes every next request must see, whoever made them (gateway/positions.py)."""
    assert p.changes_rights("project", {"team"}) and p.changes_rights("person", {"role", "phone"})
    assert p.changes_rights("task", {"assignees"}) and p.changes_rights("project", None)  # deleted
    assert not p.changes_rights("project", {"name"}) and not p.changes_rights("task", {"priority"})
    assert not p.changes_rights("entity", None)
