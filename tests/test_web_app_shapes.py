"""Answers the web app reads whose keys differed from the Zou reference's (walking its pages):
a task's full answer's project and assignees, the open projects (a tv show's first episode, a new
project's file tree), the persons a manager's pages list."""
from api import a_shot_task, logged_in, new_person, unique

# the reference's keys of GET /data/tasks/{id}/full's "project" (Zou 1.0.97)
FULL_TASK_PROJECT_KEYS = {
    "code", "created_at", "data", "default_preview_background_file_id", "description", "end_date",
    "episode_span", "file_tree", "fps", "from_schedule_version_id", "has_avatar", "hd_bitrate_compression",
    "homepage", "id", "is_bot_collaboration_enabled", "is_client_stats_visible", "is_client_task_list_visible",
    "is_client_task_panel_visible", "is_clients_isolated", "is_frame_in_numbering",
    "is_preview_download_allowed", "is_publish_default_for_artists", "is_set_preview_automated",
    "is_single_preview_per_revision", "ld_bitrate_compression", "man_days", "max_retakes", "name",
    "nb_episodes", "production_style", "production_type", "project_status_id", "ratio", "resolution",
    "revision_padding", "shotgun_id", "start_date", "type", "updated_at"}

# the reference's keys of an assignee in GET /data/tasks/{id}/full's "persons" (Zou 1.0.97)
FULL_TASK_PERSON_KEYS = {
    "active", "archived", "contract_type", "country", "created_at", "daily_salary", "data",
    "desktop_login", "display_date_format", "email", "email_otp_enabled", "expiration_date",
    "fido_enabled", "first_name", "full_name", "has_avatar", "id", "is_bot",
    "is_generated_from_ldap", "is_guest", "last_name", "last_presence", "ldap_uid", "locale",
    "notifications_discord_enabled", "notifications_discord_userid", "notifications_enabled",
    "notifications_mattermost_enabled", "notifications_mattermost_userid",
    "notifications_slack_enabled", "notifications_slack_userid", "phone", "position",
    "preferred_two_factor_authentication", "preview_open_until", "preview_opened_at",
    "preview_project_id", "role", "seniority", "shotgun_id", "studio_id", "timezone",
    "totp_enabled", "type", "updated_at", "use_12_hour_clock"}


def test_a_full_task_shows_its_project_fields_without_the_settings_lists(admin):
    world = a_shot_task(admin, "full")
    status, task = admin.get(f"/data/tasks/{world['task']['id']}/full")
    assert status == 200
    assert set(task["project"]) == FULL_TASK_PROJECT_KEYS
    project = admin.get(f"/data/projects/{world['project']['id']}")[1]
    assert task["project"] == {key: project[key] for key in FULL_TASK_PROJECT_KEYS}


def test_a_full_task_shows_its_assignees_without_their_departments(admin):
    department = admin.post("/data/departments", {"name": unique("dep"), "color": "#123456"})[1]
    person = new_person(admin, departments=[department["id"]])
    world = a_shot_task(admin, "assignee")
    assert admin.put(f"/data/tasks/{world['task']['id']}", {"assignees": [person["id"]]})[0] == 200
    status, task = admin.get(f"/data/tasks/{world['task']['id']}/full")
    assert status == 200 and [assignee["id"] for assignee in task["persons"]] == [person["id"]]
    assert set(task["persons"][0]) == FULL_TASK_PERSON_KEYS


def test_open_tv_shows_name_their_first_episode(admin):
    """As the reference: a tv show is made with its episode E01, which the open projects and the
    project name; other productions have no such key."""
    status, show = admin.post("/data/projects", {"name": unique("show"), "production_type": "tvshow"})
    assert status == 201 and show["first_episode_id"]
    short = admin.post("/data/projects", {"name": unique("short")})[1]
    assert admin.get(f"/data/projects/{show['id']}")[1]["first_episode_id"] == show["first_episode_id"]
    listed = {p["id"]: p for p in admin.get("/data/projects/open")[1]}
    assert listed[show["id"]]["first_episode_id"] == show["first_episode_id"]
    assert "first_episode_id" not in listed[short["id"]]
    assert listed[short["id"]]["file_tree"] is None and listed[short["id"]]["data"] is None
    episode = admin.get(f"/data/episodes/{show['first_episode_id']}")[1]
    assert episode["description"] == "" and episode["data"] == {}  # as an episode made by its route


def test_a_manager_sees_the_team_and_the_context_persons_whole(base_url, admin):
    """As the reference: a manager's team page and user context list whole persons (an artist's
    the minimal ones); /data/persons stays minimal, and its is_guest filter (Kitsu's people
    page) is allowed to non-admins."""
    project = admin.post("/data/projects", {"name": unique("team")})[1]
    manager, artist = logged_in(base_url, admin, "manager"), logged_in(base_url, admin, "user")
    for member in (manager, artist):
        assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": member.person["id"]})[0] == 201
    whole = set(admin.get(f"/data/persons/{artist.person['id']}")[1])
    team = {p["id"]: p for p in manager.get(f"/data/projects/{project['id']}/team")[1]}
    assert set(team[artist.person["id"]]) == whole | {"project_role"}
    context = {p["id"]: p for p in manager.get("/data/user/context")[1]["persons"]}
    assert set(context[artist.person["id"]]) == whole
    assert "email" not in {p["id"]: p for p in artist.get("/data/user/context")[1]["persons"]}[manager.person["id"]]
    for caller in (manager, artist):
        status, listed = caller.get("/data/persons", is_guest="false", relations="true")
        assert status == 200 and manager.person["id"] in {p["id"] for p in listed}
        assert all("email" not in p for p in listed if p["id"] != caller.person["id"])
