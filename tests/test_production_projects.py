"""Projects area of the production service through the real stack: projects (gazu and HTTP),
team, settings, metadata descriptors, budgets, templates, permissions and closed-only deletion."""
import time
import uuid

import gazu
import pytest

from api import logged_in, new_person, unique

FORBIDDEN = 403
NOT_FOUND = ("404 Not Found: The requested URL was not found on the server. If you entered "
             "the URL manually please check your spelling and try again.")


@pytest.fixture(scope="module")
def artist(base_url, admin):
    return logged_in(base_url, admin, "user")


@pytest.fixture(scope="module")
def manager(base_url, admin):
    return logged_in(base_url, admin, "manager")


@pytest.fixture(scope="module")
def vendor(base_url, admin):
    return logged_in(base_url, admin, "vendor")


def add_member(admin, project, person, role=None):
    body = {"person_id": person["id"], **({"role": role} if role else {})}
    status, answer = admin.post(f"/data/projects/{project['id']}/team", body)
    assert status == 201, answer
    return answer


@pytest.fixture
def project(admin):
    status, created = admin.post("/data/projects", {"name": unique("prj")})
    assert status == 201, created
    return created


def close(admin, project):
    closed = [s for s in admin.get("/data/project-status")[1] if s["name"] == "Closed"]
    status_id = closed[0]["id"] if closed else admin.post("/data/project-status", {"name": "Closed"})[1]["id"]
    assert admin.put(f"/data/projects/{project['id']}", {"project_status_id": status_id})[0] == 200


def test_gazu_projects_round_trip(base_url, admin):
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    name = unique("gazu-prj")
    created = gazu.project.new_project(name, production_type="tvshow")
    assert created["name"] == name and created["production_type"] == "tvshow"
    assert created["production_style"] == "2d3d" and created["fps"] == "25" and created["team"] == []
    episode_id = created["first_episode_id"]
    assert gazu.project.new_project(name)["id"] == created["id"]  # get-or-create by name
    opened = {p["id"]: p for p in gazu.project.all_open_projects()}
    assert opened[created["id"]]["first_episode_id"] == episode_id
    assert opened[created["id"]]["descriptors"] == [] and opened[created["id"]]["task_type_links"] == {}
    fetched = gazu.project.get_project(created["id"])
    assert fetched["project_status_name"] == "Open" and fetched["first_episode_id"] == episode_id
    status, episode = admin.get(f"/data/entities/{episode_id}")
    assert status == 200 and episode["name"] == "E01" and episode["type"] == "Episode"

    person = new_person(admin, role="user")
    deadline = time.time() + 10
    while True:
        try:
            gazu.project.add_person_to_team(created, person)
            break
        except gazu.exception.ParameterException:
            assert time.time() < deadline
            time.sleep(0.1)
    assert person["id"] in gazu.project.get_project(created["id"])["team"]
    gazu.project.update_project({"id": created["id"], "description": "updated", "team": []})
    fetched = gazu.project.get_project(created["id"])
    assert fetched["description"] == "updated" and fetched["team"] == [person["id"]]  # team is protected

    close(admin, created)
    gazu.project.remove_project(created, force=True)
    assert admin.get(f"/data/projects/{created['id']}")[0] == 404
    assert admin.get(f"/data/entities/{episode_id}")[0] == 404
    gazu.log_out()


def test_create_rules_and_bad_input(admin, artist):
    name = unique("prj")
    assert artist.post("/data/projects", {"name": name})[0] == FORBIDDEN
    status, body = admin.post("/data/projects", {"name": name, "production_style": "bogus"})
    assert status == 400 and body["message"] == "Invalid production_style"
    status, body = admin.post("/data/projects", {"name": name, "resolution": "big"})
    assert status == 400 and body["message"].startswith("Invalid resolution big.")
    status, body = admin.post("/data/projects", {"name": name, "bogus": 1})
    assert status == 400 and "invalid keyword argument" in body["message"]
    assert admin.get("/data/projects", name=name)[1] == []  # nothing half-written
    status, created = admin.post("/data/projects", {"name": name, "resolution": "x1080"})
    assert status == 201 and "first_episode_id" not in created
    status, body = admin.post("/data/projects", {"name": name})
    assert status == 400 and body == {"message": "A record with the same unique values already exists."}


def test_read_scoping_and_update_permissions(base_url, admin, artist, manager, vendor, project):
    path = f"/data/projects/{project['id']}"
    assert artist.get(path)[0] == FORBIDDEN
    assert project["id"] not in [p["id"] for p in artist.get("/data/projects")[1]]
    add_member(admin, project, artist.person)
    assert artist.get(path)[0] == 200
    assert project["id"] in [p["id"] for p in artist.get("/data/projects")[1]]
    assert project["id"] in [p["id"] for p in artist.get("/data/projects/open")[1]]
    assert artist.put(path, {"description": "no"})[0] == FORBIDDEN
    assert manager.put(path, {"description": "no"})[0] == FORBIDDEN  # not in the team
    add_member(admin, project, manager.person)
    status, updated = manager.put(path, {"description": "yes"})
    assert status == 200 and updated["description"] == "yes" and "team" not in updated
    assert vendor.get(path)[0] == FORBIDDEN
    assert manager.delete(path)[0] == FORBIDDEN
    # a per-project role counts: the artist made manager on this project may update it
    status, link = admin.put(f"{path}/team/{artist.person['id']}", {"role": "manager"})
    assert status == 200 and link == {"project_id": project["id"], "person_id": artist.person["id"],
                                      "role": "manager"}
    assert artist.put(path, {"description": "artist"})[0] == 200


def test_team_routes(admin, artist, project):
    path = f"/data/projects/{project['id']}/team"
    status, body = admin.post(path, {})
    assert status == 400 and body["data"]["errors"] == [{"field": "person_id", "message": "Field required"}]
    unknown = str(uuid.uuid4())
    status, body = admin.post(path, {"person_id": unknown})
    assert status == 400 and body["message"] == f"Person with id {unknown} not found"
    answer = add_member(admin, project, artist.person, role="supervisor")
    assert answer["id"] == project["id"] and "team" not in answer
    status, team = admin.get(path)
    assert status == 200 and [(p["id"], p["project_role"]) for p in team] == [(artist.person["id"], "supervisor")]
    assert admin.put(f"{path}/{artist.person['id']}", {"role": "boss"})[0] == 400
    status, body = admin.put(f"{path}/{unknown}", {"role": "user"})
    assert status == 400 and body["message"] == "Person is not a member of the project team"
    assert artist.delete(f"{path}/{artist.person['id']}")[0] == FORBIDDEN
    assert admin.delete(f"{path}/{artist.person['id']}")[0] == 204
    assert admin.delete(f"{path}/{artist.person['id']}")[0] == 204  # no-op when absent
    assert admin.get(f"/data/projects/{project['id']}")[1]["team"] == []


def test_settings(admin, artist, project):
    base = f"/data/projects/{project['id']}/settings"
    asset_type = admin.post("/data/entity-types", {"name": unique("Props")})[1]
    unknown = str(uuid.uuid4())
    task_type = admin.post("/data/task-types", {"name": unique("Layout")})[1]["id"]
    task_status = admin.post("/data/task-status", {"name": unique("Check"), "short_name": unique("c"),
                                                   "color": "#000000"})[1]["id"]
    status, body = admin.post(f"{base}/asset-types", {"asset_type_id": unknown})
    assert status == 400 and body["message"] == f"EntityType with id {unknown} not found"
    status, answer = admin.post(f"{base}/asset-types", {"asset_type_id": asset_type["id"]})
    assert status == 201 and answer["type"] == "Project" and "asset_types" not in answer
    # task types and statuses are the tasks service's rows: production knows them from its events
    assert admin.post(f"{base}/task-types", {"task_type_id": task_type, "priority": 3})[0] == 201
    assert admin.post(f"{base}/task-status", {"task_status_id": task_status})[0] == 201
    assert admin.post(f"{base}/task-types", {"task_type_id": "nope"})[0] == 400
    assert admin.post(f"{base}/task-types", {})[0] == 400
    assert artist.post(f"{base}/task-types", {"task_type_id": task_type})[0] == FORBIDDEN
    project_now = admin.get(f"/data/projects/{project['id']}")[1]
    assert project_now["asset_types"] == [asset_type["id"]] and project_now["task_types"] == [task_type]
    assert project_now["task_types_priority"] == {task_type: 3}
    assert project_now["task_type_links"][task_type]["is_client_visible"] is True
    assert project_now["task_statuses_link"][task_status]["roles_for_board"] == [
        "user", "admin", "supervisor", "manager", "vendor"]
    assert admin.delete(f"{base}/task-types/{task_type}")[0] == 204
    assert admin.delete(f"{base}/asset-types/{asset_type['id']}")[0] == 204
    project_now = admin.get(f"/data/projects/{project['id']}")[1]
    assert project_now["task_types"] == [] and project_now["asset_types"] == []


def test_metadata_descriptors(admin, artist, project):
    base = f"/data/projects/{project['id']}/metadata-descriptors"
    body = {"name": "Difficulty Level", "entity_type": "Shot", "data_type": "list", "choices": ["easy", "hard"]}
    status, descriptor = admin.post(base, body)
    assert status == 201 and descriptor["field_name"] == "difficulty_level"
    assert descriptor["departments"] == [] and descriptor["position"] is None
    status, answer = admin.post(base, {**body, "data_type": "string"})
    assert status == 400 and answer["message"] == "Metadata descriptor already exists."
    assert admin.post(base, {"name": "x", "data_type": "bogus"})[1]["message"] == "Invalid data_type"
    assert admin.post(base, {"name": "x", "entity_type": "Bogus"})[0] == 400
    assert admin.post(base, {"entity_type": "Shot"})[0] == 400
    second = admin.post(base, {"name": "Camera", "entity_type": "Shot"})[1]
    assert artist.post(base, {"name": "Other"})[0] == FORBIDDEN
    assert artist.get(base)[0] == FORBIDDEN
    status, listed = admin.get(base)
    assert status == 200 and [d["name"] for d in listed] == ["Camera", "Difficulty Level"]
    status, ordered = admin.post(f"{base}/reorder", {"entity_type": "Shot",
                                                     "descriptor_ids": [descriptor["id"], second["id"]]})
    assert status == 200 and [(d["name"], d["position"]) for d in ordered] == [
        ("Difficulty Level", 1), ("Camera", 2)]
    status, answer = admin.post(f"{base}/reorder", {"entity_type": "Shot", "descriptor_ids": ["bad"]})
    assert status == 400 and answer["message"].startswith("Descriptor bad not found")
    status, renamed = admin.put(f"{base}/{descriptor['id']}", {"name": "Level", "field_name": "x"})
    assert status == 200 and renamed["field_name"] == "level" and renamed["departments"] == []
    assert admin.get(f"{base}/{descriptor['id']}")[1]["name"] == "Level"
    assert admin.get("/data/metadata-descriptors", project_id=project["id"])[0] == 200
    assert [d["name"] for d in admin.get(f"/data/projects/{project['id']}")[1]["descriptors"]] == ["Level", "Camera"]
    assert admin.delete(f"{base}/{descriptor['id']}")[0] == 204
    assert admin.get(f"{base}/{descriptor['id']}") == (404, {"error": True, "message": NOT_FOUND})


def test_budgets_and_entries(admin, manager, artist, project):
    base = f"/data/projects/{project['id']}/budgets"
    status, budget = admin.post(base, {"name": "Main", "currency": "EUR"})
    assert status == 200 and budget["revision"] == 1 and budget["type"] == "Budget"
    status, second = admin.post(base, {"name": "Main"})
    assert second["revision"] == 2 and second["currency"] == "USD"
    assert admin.post(base, {})[1]["data"]["errors"] == [{"field": "name", "message": "Field required"}]
    assert manager.get(base)[0] == FORBIDDEN
    add_member(admin, project, artist.person)
    assert artist.get(base)[0] == FORBIDDEN  # managers only
    status, budgets = admin.get(base)
    assert status == 200 and budgets[0] == {"id": budget["id"], "project_id": project["id"],
                                            "revision": 1, "name": "Main", "currency": "EUR"}
    status, updated = admin.put(f"{base}/{budget['id']}", {"name": "Renamed", "revision": 9})
    assert status == 200 and updated["name"] == "Renamed" and updated["revision"] == 1
    assert admin.get(f"{base}/bad")[1]["message"] == "Wrong UUID format."
    assert admin.get(f"{base}/{uuid.uuid4()}")[0] == 404

    department = admin.post("/data/departments", {"name": unique("dep"), "color": "#123456"})[1]
    entries = f"{base}/{budget['id']}/entries"
    status, answer = admin.post(entries, {"department_id": department["id"]})
    assert status == 400 and {e["field"] for e in answer["data"]["errors"]} == {
        "start_date", "months_duration", "daily_salary"}
    status, entry = admin.post(entries, {"department_id": department["id"], "start_date": "2026-01-01",
                                         "months_duration": 3, "daily_salary": 100})
    assert status == 200 and entry["position"] == "artist" and entry["seniority"] == "mid"
    assert entry["daily_salary"] == 100.0 and entry["start_date"] == "2026-01-01"
    assert "project_id" not in entry
    status, listed = admin.get(entries)
    assert status == 200 and [e["id"] for e in listed] == [entry["id"]] and "type" not in listed[0]
    status, changed = admin.put(f"{entries}/{entry['id']}", {"months_duration": 4})
    assert status == 200 and changed["months_duration"] == 4
    assert admin.get(f"{entries}/{entry['id']}")[1]["months_duration"] == 4
    assert admin.delete(f"{entries}/bad")[0] == 400
    assert admin.delete(f"{entries}/{entry['id']}")[0] == 204
    assert admin.delete(f"{entries}/{entry['id']}")[0] == 404
    assert admin.delete(f"{base}/{second['id']}")[0] == 204
    assert [b["id"] for b in admin.get(base)[1]] == [budget["id"]]


def test_templates(admin, manager, project):
    name = unique("tpl")
    status, template = admin.post("/data/project-templates", {"name": name, "fps": "30"})
    assert status == 201 and template["type"] == "ProjectTemplate" and template["metadata_descriptors"] == []
    status, body = admin.post("/data/project-templates", {"name": name})
    assert status == 400 and body == {"message": "A project template with this name already exists"}
    assert manager.get("/data/project-templates")[0] == 200
    assert manager.post("/data/project-templates", {"name": unique("tpl")})[0] == FORBIDDEN
    base = f"/data/project-templates/{template['id']}"
    assert admin.post(f"{base}/task-types", {"task_type_id": str(uuid.uuid4())})[1] == {
        "message": "The change conflicts with records referencing this one."}
    task_type = admin.post("/data/task-types", {"name": unique("Layout")})[1]["id"]
    status, link = admin.post(f"{base}/task-types", {"task_type_id": task_type, "priority": 2})
    assert status == 201 and link["type"] == "ProjectTemplateTaskTypeLink" and link["priority"] == 2
    asset_type = admin.post("/data/entity-types", {"name": unique("Char")})[1]
    assert admin.post(f"{base}/asset-types", {"asset_type_id": asset_type["id"]})[0] == 201
    assert [t["id"] for t in admin.get(f"{base}/asset-types")[1]] == [asset_type["id"]]

    admin.post(f"/data/projects/{project['id']}/metadata-descriptors", {"name": "Mood", "entity_type": "Shot"})
    status, applied = admin.post(f"/data/projects/{project['id']}/apply-template/{template['id']}")
    assert status == 200 and applied["fps"] == "30"
    project_now = admin.get(f"/data/projects/{project['id']}")[1]
    assert project_now["task_types"] == [task_type] and project_now["asset_types"] == [asset_type["id"]]
    assert project_now["task_types_priority"] == {task_type: 2}

    status, copied = admin.post(f"/data/project-templates/from-project/{project['id']}", {"name": unique("tpl")})
    assert status == 201 and copied["fps"] == "30"
    assert [d["field_name"] for d in copied["metadata_descriptors"]] == ["mood"]
    assert copied["task_types"] == [task_type]
    status, created = admin.post("/data/projects", {"name": unique("prj"), "fps": "24",
                                                    "project_template_id": copied["id"]})
    assert status == 201 and created["fps"] == "24" and created["task_types"] == [task_type]
    descriptors = admin.get(f"/data/projects/{created['id']}/metadata-descriptors")[1]
    assert [d["field_name"] for d in descriptors] == ["mood"]
    assert admin.delete(f"{base}/task-types/{task_type}")[0] == 204
    assert admin.get(base)[1]["task_types"] == []
    assert admin.delete(base)[0] == 204


def test_closed_only_deletion(admin, project):
    path = f"/data/projects/{project['id']}"
    status, body = admin.delete(path)
    assert status == 400 and body == {"error": True, "message": "Only closed projects can be deleted"}
    episode_type = admin.post("/data/entity-types", {"name": unique("Ep")})[1]
    status, entity = admin.post("/data/entities", {"name": "E09", "project_id": project["id"],
                                                   "entity_type_id": episode_type["id"]})
    close(admin, project)
    if status == 201:  # an entity references the project: refused without force
        assert admin.delete(path)[0] == 400
    admin.post(f"{path}/budgets", {"name": "B"})
    assert admin.delete(path, force="true")[0] == 204
    assert admin.get(path)[0] == 404
    if status == 201:
        assert admin.get(f"/data/entities/{entity['id']}")[0] == 404


def test_milestones_and_quotas(admin, vendor, project):
    path = f"/data/projects/{project['id']}"
    assert admin.get(f"{path}/milestones") == (200, [])
    assert admin.get(f"{path}/quotas/{uuid.uuid4()}") == (200, {})
    assert admin.get(f"{path}/quotas/persons/{uuid.uuid4()}") == (200, {})
    add_member(admin, project, vendor.person)
    assert vendor.get(f"{path}/milestones")[0] == 200  # Zou refuses the project's clients here, not its vendors
