"""Projects area, second part, through the real stack: what init-data creates, /data/projects/all,
task type and status links (project, template, reorders, batch), template lists answered with
the tasks service's rows, schedule items and schedule versions, all-projects metadata
descriptors, custom actions and plugins (shapes and statuses as the Zou reference answers)."""
import datetime

import pytest

from api import logged_in, unique

TASK_TYPE_LINK_KEYS = {"project_id", "task_type_id", "priority", "hd_bitrate_compression",
                       "ld_bitrate_compression", "is_client_visible", "id", "created_at", "updated_at", "type"}


@pytest.fixture(scope="module")
def project(admin):
    status, project = admin.post("/data/projects", {"name": unique("planning")})
    assert status == 201, project
    return project


@pytest.fixture(scope="module")
def workflow(admin):
    """Two task types and a task status of the tasks service."""
    types = [admin.post("/data/task-types", {"name": unique("TT"), "for_entity": "Shot"})[1] for _ in range(2)]
    status = admin.post("/data/task-status", {"name": unique("TS"), "short_name": unique("ts")[:12],
                                              "color": "#112233"})[1]
    assert all("id" in row for row in [*types, status]), (types, status)
    # production knows them from the tasks service's events, in their order: once the status is
    # linkable, so are the types
    probe = admin.post("/data/project-templates", {"name": unique("probe")})[1]
    assert admin.post(f"/data/project-templates/{probe['id']}/task-statuses",
                      {"task_status_id": status["id"]})[0] == 201
    return {"types": types, "status": status}


def test_init_data_like_zou(admin):
    statuses = {row["name"] for row in admin.get("/data/project-status")[1]}
    assert {"Open", "Closed"} <= statuses
    types = {row["name"] for row in admin.get("/data/entity-types")[1]}
    assert {"Shot", "Sequence", "Episode", "Scene", "Edit", "Concept", "ConceptFolder",
            "Character", "Prop", "Environment", "FX"} <= types
    asset_types = {row["name"] for row in admin.get("/data/asset-types")[1]}
    assert {"Character", "Prop", "Environment", "FX"} <= asset_types
    assert not asset_types & {"Shot", "Sequence", "Episode", "Scene", "Edit", "Concept", "ConceptFolder"}
    # the automatic first episode of a TV show uses the same Episode type
    show = admin.post("/data/projects", {"name": unique("show"), "production_type": "tvshow"})[1]
    episode = admin.get(f"/data/episodes/{show['first_episode_id']}")[1]
    episode_type = [row for row in admin.get("/data/entity-types", name="Episode")[1]]
    assert [row["id"] for row in episode_type] == [episode["entity_type_id"]]


def test_all_projects(base_url, admin, project):
    status, rows = admin.get("/data/projects/all")
    assert status == 200 and rows == sorted(rows, key=lambda row: row["name"])
    mine = next(row for row in rows if row["id"] == project["id"])
    assert mine["project_status_name"] == "Open" and mine["descriptors"] == [] and mine["type"] == "Project"
    assert "team" not in mine and "task_types" not in mine
    artist = logged_in(base_url, admin, "user")
    assert artist.get("/data/projects/all") == (200, [])
    # a team member's list (as the reference's): the plain project, no descriptors nor status name
    manager = logged_in(base_url, admin, "manager")
    assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": manager.person["id"]})[0] == 201
    status, rows = manager.get("/data/projects/all")
    assert status == 200 and [row["id"] for row in rows] == [project["id"]]
    assert set(rows[0]) == set(mine) - {"descriptors", "project_status_name"}


def test_task_type_and_status_links(base_url, admin, project, workflow):
    pid, (first, second), ts = project["id"], workflow["types"], workflow["status"]
    status, link = admin.post("/data/task-type-links", {"project_id": pid, "task_type_id": second["id"],
                                                        "priority": 5})
    assert status == 201 and set(link) == TASK_TYPE_LINK_KEYS
    assert (link["type"], link["priority"], link["is_client_visible"]) == ("ProjectTaskTypeLink", 5, True)
    status, link = admin.post("/data/task-status-links", {"project_id": pid, "task_status_id": ts["id"],
                                                          "priority": 4, "roles_for_board": ["admin"]})
    assert status == 201 and link["type"] == "ProjectTaskStatusLink"
    assert (link["roles_for_board"], link["is_client_allowed"]) == (["admin"], None)

    status, answer = admin.post(f"/data/projects/{pid}/settings/batch",
                                {"task_types": [{"task_type_id": first["id"], "priority": 2}]})
    assert status == 200 and answer["type"] == "Project" and "task_types" not in answer
    assert admin.post(f"/data/projects/{pid}/settings/batch", {"task_types": "x"}) == (400, {
        "error": True, "message": "Validation error.",
        "data": {"errors": [{"field": "task_types", "message": "Input should be a valid list"}]}})

    status, links = admin.post(f"/actions/projects/{pid}/task-type-links/reorder",
                               {"task_type_ids": [second["id"], first["id"]]})
    assert status == 200 and [(l["task_type_id"], l["priority"]) for l in links] == [
        (second["id"], 1), (first["id"], 2)]
    assert admin.post(f"/actions/projects/{pid}/task-status-links/reorder", {}) == (400, {
        "error": True, "message": "Request body must be a JSON object with a 'task_status_ids' list.",
        "data": None})
    detail = admin.get(f"/data/projects/{pid}")[1]
    assert detail["task_types"] == [second["id"], first["id"]]
    assert detail["task_types_priority"] == {second["id"]: 1, first["id"]: 2}
    assert detail["task_statuses_link"] == {ts["id"]: {"priority": 4, "roles_for_board": ["admin"],
                                                       "is_client_allowed": None}}
    assert set(detail["task_type_links"][first["id"]]) == {"priority", "hd_bitrate_compression",
                                                           "ld_bitrate_compression", "is_client_visible"}
    artist = logged_in(base_url, admin, "user")
    assert artist.post("/data/task-type-links", {"project_id": pid, "task_type_id": first["id"]})[0] == 403
    assert admin.get(f"/data/projects/{pid}/settings/preview-background-files") == (200, [])


def test_template_lists_from_the_tasks_service(base_url, admin, workflow):
    (first, second), ts = workflow["types"], workflow["status"]
    template = admin.post("/data/project-templates", {"name": unique("tpl")})[1]
    base = f"/data/project-templates/{template['id']}"
    for task_type in (first, second):
        assert admin.post(f"{base}/task-types", {"task_type_id": task_type["id"], "priority": 3})[0] == 201
    assert admin.post(f"{base}/task-statuses", {"task_status_id": ts["id"]})[0] == 201
    status, types = admin.get(f"{base}/task-types")
    assert status == 200 and [row["id"] for row in types] == [first["id"], second["id"]]
    assert types[0]["type"] == "TaskType" and types[0]["name"] == first["name"]
    assert (types[0]["priority"], types[0]["is_client_visible"], types[0]["hd_bitrate_compression"]) == (3, True, None)
    status, statuses = admin.get(f"{base}/task-statuses")
    assert status == 200 and [row["id"] for row in statuses] == [ts["id"]]
    assert statuses[0]["type"] == "TaskStatus" and statuses[0]["link_is_client_allowed"] is None
    assert statuses[0]["roles_for_board"] == ["user", "admin", "supervisor", "manager", "vendor"]
    assert admin.get(f"{base}/status-automations") == (200, [])
    assert admin.get(f"{base}/preview-background-files") == (200, [])

    status, links = admin.post(f"/actions/project-templates/{template['id']}/task-types/reorder",
                               {"task_type_ids": [second["id"], first["id"]]})
    assert status == 200 and [(l["task_type_id"], l["priority"]) for l in links] == [
        (second["id"], 1), (first["id"], 2)]
    assert links[0]["type"] == "ProjectTemplateTaskTypeLink" and links[0]["project_template_id"] == template["id"]
    assert admin.post(f"/actions/project-templates/{template['id']}/task-statuses/reorder", {}) == (400, {
        "error": True, "message": "Validation error.",
        "data": {"errors": [{"field": "task_status_ids", "message": "Field required"}]}})
    artist = logged_in(base_url, admin, "user")
    assert artist.get(f"{base}/task-types")[0] == 403


def test_schedule_items_created_on_first_read(admin, project, workflow):
    pid, task_type = project["id"], workflow["types"][0]
    assert admin.get(f"/data/projects/{pid}/schedule-items") == (200, [])
    sequences = [admin.post(f"/data/projects/{pid}/sequences", {"name": name})[1] for name in ("SQ02", "SQ01")]
    status, items = admin.get(f"/data/projects/{pid}/schedule-items/{task_type['id']}/sequences")
    assert status == 200 and [item["name"] for item in items] == ["SQ01", "SQ02"]
    today = datetime.date.today()
    assert set(items[0]) == {"id", "start_date", "end_date", "man_days", "project_id", "task_type_id",
                             "object_id", "name"}
    assert (items[0]["start_date"], items[0]["end_date"]) == (
        today.isoformat(), (today + datetime.timedelta(days=1)).isoformat())
    assert items[0]["object_id"] == sequences[1]["id"]
    again = admin.get(f"/data/projects/{pid}/schedule-items/{task_type['id']}/sequences")[1]
    assert [item["id"] for item in again] == [item["id"] for item in items]  # created once
    listed = admin.get(f"/data/projects/{pid}/schedule-items")[1]
    assert sorted(item["id"] for item in listed) == sorted(item["id"] for item in items)
    assert listed[0]["type"] == "ScheduleItem"
    assert admin.get(f"/data/projects/{pid}/schedule-items/{task_type['id']}/edits") == (200, [])
    # from today, whatever the project's start (as the Zou reference)
    later = admin.post("/data/projects", {"name": unique("later"), "start_date": "2030-01-01"})[1]["id"]
    admin.post(f"/data/projects/{later}/sequences", {"name": "SQ01"})
    items = admin.get(f"/data/projects/{later}/schedule-items/{task_type['id']}/sequences")[1]
    assert [item["start_date"] for item in items] == [today.isoformat()]


def test_production_schedule_versions(base_url, admin, project):
    pid = project["id"]
    status, version = admin.post("/data/production-schedule-versions", {"name": "v1", "project_id": pid})
    assert status == 201 and version == {**version, "production_schedule_from": None, "locked": False,
                                          "canceled": False, "type": "ProductionScheduleVersion"}
    other = admin.post("/data/production-schedule-versions", {"name": "v2", "project_id": pid})[1]
    assert admin.get(f"/data/production-schedule-versions/{version['id']}/task-links") == (200, [])
    assert admin.post(f"/actions/production-schedule-versions/{version['id']}/set-task-links-from-"
                      "production-schedule-version", {}) == (400, {
        "error": True, "message": "Validation error.",
        "data": {"errors": [{"field": "production_schedule_version_id", "message": "Field required"}]}})
    status, answer = admin.post(
        f"/actions/production-schedule-versions/{version['id']}/set-task-links-from-production-schedule-version",
        {"production_schedule_version_id": other["id"]})
    assert (status, answer) == (200, {"success": True, "task_link_count": 0})
    vendor = logged_in(base_url, admin, "vendor")
    assert vendor.get("/data/production-schedule-versions")[0] == 403
    artist = logged_in(base_url, admin, "user")
    assert artist.post("/data/production-schedule-versions", {"name": "x", "project_id": pid})[0] == 403


def test_all_projects_metadata_descriptors(base_url, admin, project):
    name = unique("allp")
    status, created = admin.post("/data/metadata-descriptors/all-projects",
                                 {"name": name, "entity_type": "Shot", "data_type": "string"})
    assert status == 201 and project["id"] in [row["project_id"] for row in created]
    assert {row["field_name"] for row in created} == {name.replace("-", "_")}
    field = name.replace("-", "_")
    status, updated = admin.put(f"/data/metadata-descriptors/all-projects/{field}",
                                {"entity_type": "Shot", "for_client": True})
    assert status == 200 and len(updated) == len(created) and all(row["for_client"] for row in updated)
    assert admin.put(f"/data/metadata-descriptors/all-projects/{field}", {"for_client": True}) == (400, {
        "error": True, "message": "Validation error.",
        "data": {"errors": [{"field": "entity_type", "message": "Field required"}]}})
    status, ordered = admin.post("/actions/metadata-descriptors/all-projects/reorder",
                                 {"entity_type": "Shot", "field_order": [field]})
    assert status == 200 and {row["position"] for row in ordered if row["field_name"] == field} == {1}
    assert admin.delete(f"/data/metadata-descriptors/all-projects/{field}")[1]["message"].startswith(
        "Wrong entity type.")
    status, removed = admin.delete(f"/data/metadata-descriptors/all-projects/{field}", entity_type="Shot")
    assert status == 200 and sorted(removed) == sorted(row["id"] for row in created)
    artist = logged_in(base_url, admin, "user")
    assert artist.post("/data/metadata-descriptors/all-projects", {"name": "x"})[0] == 403


def test_custom_actions_and_plugins(base_url, admin):
    status, action = admin.post("/data/custom-actions", {"name": unique("ca"), "url": "http://x"})
    assert status == 201 and (action["entity_type"], action["is_ajax"], action["type"]) == (
        "all", False, "CustomAction")
    status, plugin = admin.post("/data/plugins", {"plugin_id": unique("pl"), "name": "p", "version": "1",
                                                  "maintainer_name": "m", "license": "MIT"})
    assert status == 201 and plugin["type"] == "Plugin" and plugin["frontend_project_enabled"] is False
    artist = logged_in(base_url, admin, "user")
    vendor = logged_in(base_url, admin, "vendor")
    assert action["id"] in [row["id"] for row in artist.get("/data/custom-actions")[1]]
    assert vendor.get("/data/custom-actions")[0] == 403
    assert artist.get("/data/plugins")[0] == 403
    assert artist.post("/data/custom-actions", {"name": "x"})[0] == 403
