"""Bad input answers 400 (413 for an oversized body) in Zou's error shape and writes nothing:
malformed bodies, NUL characters, out-of-range pages and limits, ids of rows that do not exist."""
import uuid

import pytest

from api import logged_in, unique

BAD_FORMAT = "One of the provided values has an invalid format."
FK_VIOLATION = {"message": "The change conflicts with records referencing this one."}
UNKNOWN = "6f1c1b8e-1f6d-4a8e-9a43-8c1f1e0b2a11"


@pytest.fixture(scope="module")
def world(admin, base_url):
    """A project with a task type, an asset and its task, and an artist of the team."""
    status, task_type = admin.post("/data/task-types", {"name": unique("tt"), "for_entity": "Asset"})
    assert status == 201, task_type
    status, project = admin.post("/data/projects", {"name": unique("bad-input")})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"
    status, asset_type = admin.post("/data/entity-types", {"name": unique("at")})
    assert status == 201, asset_type
    status, _ = admin.post(f"{base}/settings/task-types", {"task_type_id": task_type["id"]})
    assert status == 201
    status, asset = admin.post(f"{base}/asset-types/{asset_type['id']}/assets/new", {"name": unique("asset")})
    assert status == 201, asset
    status, task = admin.post("/data/tasks", {"entity_id": asset["id"], "task_type_id": task_type["id"]})
    assert status == 201, task
    artist = logged_in(base_url, admin, "user")
    return {"project": project, "base": base, "task_type": task_type, "asset_type": asset_type,
            "asset": asset, "task": task, "artist": artist}


def task_now(admin, world):
    status, task = admin.get(f"/data/tasks/{world['task']['id']}")
    assert status == 200, task
    return task


# -- malformed bodies ---------------------------------------------------------------------------
def test_assign_with_a_text_body_is_refused(admin, world):
    person = world["artist"].person["id"]
    status, body = admin.put(f"/actions/persons/{person}/assign", "abc")
    assert status == 400 and body["error"] is True and body["message"] == "Validation error."
    assert task_now(admin, world)["assignees"] == []


def test_create_tasks_with_an_object_body_creates_nothing(admin, world):
    other_type = admin.post("/data/task-types", {"name": unique("tt"), "for_entity": "Asset"})[1]
    admin.post(f"{world['base']}/settings/task-types", {"task_type_id": other_type["id"]})
    path = f"/actions/projects/{world['project']['id']}/task-types/{other_type['id']}/assets/create-tasks"
    assert admin.post(path, {"a": 1}) == (400, {"error": True, "message": "Request body must be a JSON array.",
                                               "data": None})
    assert admin.get("/data/tasks", task_type_id=other_type["id"]) == (200, [])


def test_wrongly_typed_values_are_refused(admin, world):
    task = world["task"]
    assert admin.put(f"/data/tasks/{task['id']}", {"data": "str"}) == (400, {"message": BAD_FORMAT})
    assert task_now(admin, world)["data"] is None
    person = world["artist"].person
    for value in ("yes", "true", "no"):
        assert admin.put(f"/data/persons/{person['id']}", {"active": value}) == (400, {"message": BAD_FORMAT})
    assert admin.get(f"/data/persons/{person['id']}")[1]["active"] is True
    status, changed = admin.put(f"/data/persons/{person['id']}", {"active": True})
    assert status == 200 and changed["active"] is True


# -- NUL characters -----------------------------------------------------------------------------
def test_nul_characters_are_refused_everywhere(admin, world):
    refused = (400, {"error": True, "message": BAD_FORMAT})
    name = unique("nul")
    assert admin.post("/data/projects", {"name": name + "\x00"}) == refused
    assert admin.get("/data/projects", name=name) == (200, [])
    task = world["task"]
    assert admin.put(f"/data/tasks/{task['id']}", {"description": "a\x00b"}) == refused
    assert admin.put(f"/data/tasks/{task['id']}", {"data": {"deep": ["x\x00"]}}) == refused
    assert task_now(admin, world)["description"] is None
    status, statuses = admin.get("/data/task-status")
    todo = next(item for item in statuses if item["short_name"] == "todo")
    comment = {"task_status_id": todo["id"], "comment": "hello\x00"}
    assert admin.post(f"/actions/tasks/{task['id']}/comment", comment) == refused
    assert admin.get(f"/data/tasks/{task['id']}/comments") == (200, [])
    assert admin.get("/data/persons", first_name="a\x00b") == refused
    assert admin.get("/data/tasks", **{"name\x00": "x"}) == refused
    assert admin.get("/data/projects/a\x00b") == refused


# -- pages and limits ---------------------------------------------------------------------------
@pytest.mark.parametrize("query", [{"limit": "-5"}, {"limit": "-5", "page": "1"},
                                   {"page": "99999999999999999999"},
                                   {"page": "2", "limit": "99999999999999999999"}])
def test_out_of_range_pages_and_limits_are_refused(admin, world, query):
    project = world["project"]["id"]
    for path in ("/data/projects", "/data/tasks", "/data/persons", "/data/comments",
                 f"/data/projects/{project}/comments", f"/data/projects/{project}/entity-links",
                 f"/data/projects/{project}/news", "/data/tasks/open-tasks"):
        status, body = admin.get(path, **query)
        assert status == 400 and body["error"] is True and body["data"] is None, (path, body)
    assert admin.get(f"/data/projects/{project}/tasks", page="99999999999999999999")[0] == 400


def test_negative_limit_of_the_event_log_is_refused(admin):
    status, body = admin.get("/data/events/last", limit="-1")
    assert (status, body["message"]) == (400, "limit must be a positive integer.")
    assert admin.get("/data/events/login-logs/last", limit="-1")[0] == 400
    assert admin.get("/data/events/last", limit="2")[0] == 200


# -- ids of rows that do not exist ----------------------------------------------------------------
@pytest.mark.parametrize("field", ["entity_id", "task_type_id", "task_status_id"])
def test_task_update_with_an_unknown_reference_changes_nothing(admin, world, field):
    before = task_now(admin, world)
    assert admin.put(f"/data/tasks/{before['id']}", {field: UNKNOWN}) == (400, FK_VIOLATION)
    assert task_now(admin, world)[field] == before[field]
    status, _ = admin.put(f"/data/tasks/{before['id']}", {field: before[field], "priority": 2})
    assert status == 200


def test_project_settings_name_existing_rows_only(admin, world):
    base, project_id = world["base"], world["project"]["id"]
    for setting, key, model in (("task-types", "task_type_id", "TaskType"),
                                ("task-status", "task_status_id", "TaskStatus"),
                                ("status-automations", "status_automation_id", "StatusAutomation"),
                                ("preview-background-files", "preview_background_file_id",
                                 "PreviewBackgroundFile")):
        assert admin.post(f"{base}/settings/{setting}", {key: UNKNOWN}) == (400, {
            "error": True, "message": f"{model} with id {UNKNOWN} not found", "data": None})
    assert admin.post(f"{base}/settings/batch", {"task_types": [{"task_type_id": UNKNOWN}]})[0] == 400
    assert admin.post("/data/task-type-links", {"project_id": project_id, "task_type_id": UNKNOWN}) == (
        400, FK_VIOLATION)
    for field in ("task_types", "task_statuses", "asset_types", "status_automations"):
        assert admin.put(f"/data/projects/{project_id}", {field: [UNKNOWN]}) == (400, FK_VIOLATION)
    assert admin.put(f"/data/projects/{project_id}", {"project_status_id": UNKNOWN}) == (400, FK_VIOLATION)
    status, project = admin.get(f"/data/projects/{project_id}")
    assert all(UNKNOWN not in project[field] for field in ("task_types", "task_statuses", "asset_types",
                                                           "status_automations"))
    assert project["project_status_id"] == world["project"]["project_status_id"]


def test_assignments_name_existing_persons_only(admin, world):
    task = world["task"]
    refused = (400, {"error": "Assignee doesn't exist in database."})
    assert admin.put(f"/actions/tasks/{task['id']}/assign", {"person_id": UNKNOWN}) == refused
    assert admin.put(f"/actions/persons/{UNKNOWN}/assign", {"task_ids": [task["id"]]}) == refused
    assert admin.put(f"/data/tasks/{task['id']}", {"assignees": [UNKNOWN]}) == (400, FK_VIOLATION)
    assert task_now(admin, world)["assignees"] == []


def test_breakdown_rows_name_existing_rows_only(admin, world):
    project_id, asset = world["project"]["id"], world["asset"]
    status, shot_sequence = admin.post(f"/data/projects/{project_id}/sequences", {"name": unique("sq")})
    assert status == 201, shot_sequence
    status, shot = admin.post(f"/data/projects/{project_id}/shots",
                              {"name": unique("sh"), "sequence_id": shot_sequence["id"]})
    assert status == 201, shot
    assert admin.put(f"/data/shots/{shot['id']}", {"parent_id": UNKNOWN}) == (400, FK_VIOLATION)
    assert admin.get(f"/data/shots/{shot['id']}")[1]["parent_id"] == shot_sequence["id"]
    assert admin.post("/data/entity-links", {"entity_in_id": shot["id"], "entity_out_id": UNKNOWN}) == (
        400, FK_VIOLATION)
    assert admin.post("/data/milestones", {"project_id": project_id, "task_type_id": UNKNOWN,
                                           "name": "m", "date": "2026-01-01"}) == (400, FK_VIOLATION)
    assert admin.put(f"/data/entities/{asset['id']}", {"entity_type_id": UNKNOWN}) == (400, FK_VIOLATION)
    assert admin.put(f"/data/entity-types/{world['asset_type']['id']}", {"task_types": [UNKNOWN]}) == (
        400, FK_VIOLATION)


def test_task_rows_name_existing_rows_only(admin, world):
    task_type, task = world["task_type"], world["task"]
    assert admin.post("/data/status-automations", {"in_task_type_id": UNKNOWN})[1] == FK_VIOLATION
    assert admin.post("/data/subscriptions", {"person_id": world["artist"].person["id"],
                                              "task_id": UNKNOWN}) == (400, FK_VIOLATION)
    assert admin.post("/data/time-spents", {"task_id": UNKNOWN, "person_id": world["artist"].person["id"],
                                            "duration": 1, "date": "2026-01-01"}) == (400, FK_VIOLATION)
    assert admin.put(f"/data/task-types/{task_type['id']}", {"name": task_type["name"]})[0] == 200
    assert admin.get("/data/time-spents", task_id=task["id"]) == (200, [])


# -- body size ----------------------------------------------------------------------------------
def test_json_bodies_over_the_limit_answer_413(admin, world):
    task = world["task"]
    text = "x" * (2 * 1024 * 1024 + 1)  # JSON_BODY_LIMIT_MB is 2 by default
    assert admin.put(f"/data/tasks/{task['id']}", {"description": text}) == (413, {
        "error": True,
        "message": "413 Request Entity Too Large: The data value transmitted exceeds the capacity limit."})
    assert task_now(admin, world)["description"] is None
    status, changed = admin.put(f"/data/tasks/{task['id']}", {"description": "y" * 100_000})
    assert status == 200 and len(changed["description"]) == 100_000
    admin.put(f"/data/tasks/{task['id']}", {"description": None})


def test_unknown_ids_of_paths_are_still_404(admin):
    assert admin.put(f"/data/tasks/{uuid.uuid4()}", {"priority": 1})[0] == 404


# -- server errors the fuzzing found (tests/test_fuzzing.py) --------------------------------------
def test_bodies_of_the_wrong_shape_are_refused(admin, world):
    task = world["task"]
    for path in ("/actions/user/tasks/subscribe", "/actions/user/tasks/unsubscribe"):
        status, body = admin.post(path, [""])
        assert status == 400 and body["message"] == "Validation error.", (path, body)
    assert admin.put("/actions/tasks/clear-assignation", [None, None])[0] == 400
    assert admin.put(f"/actions/tasks/{task['id']}/assign", [None, None]) == (400, {
        "error": True, "message": "A valid person_id is required.", "data": None})
    assert admin.put("/actions/tasks/clear-assignation", {"task_ids": [task["id"]], "person_id": "AAA"})[0] == 400
    assert task_now(admin, world)["assignees"] == []


def test_a_chat_message_that_is_no_object_is_refused(admin, world):
    path = f"/data/entities/{world['asset']['id']}/chat/messages"
    assert admin.post(path, ["x"]) == (400, {"error": True, "message": "Validation error.", "data": {
        "errors": [{"field": "message", "message": "Field required"}]}})
    assert admin.get(path) == (200, [])


def test_ids_in_bodies_that_are_no_uuid_are_refused(admin, world):
    person = world["artist"].person["id"]
    assert admin.post("/data/day-offs", {"date": "2000-01-01", "end_date": "2000-01-01",
                                         "person_id": "AAA"}) == (400, {"message": BAD_FORMAT})
    assert admin.get("/data/day-offs", person_id=person) == (200, [])
    status, body = admin.post("/data/production-schedule-version-task-links",
                              {"production_schedule_version_id": "", "task_id": world["task"]["id"]})
    assert status == 400 and body["message"] == "Production schedule version not found"
    manager = logged_in(admin.base_url, admin, "manager")
    assert manager.post("/data/entities", {"name": "x", "project_id": "AAA",
                                           "entity_type_id": world["asset_type"]["id"]})[0] == 403
    assert admin.post("/data/search", {"query": "asset", "project_id": "AAA"})[0] == 400


def test_malformed_multipart_bodies_are_refused(admin, world):
    task = world["task"]
    status, statuses = admin.get("/data/task-status")
    todo = next(item for item in statuses if item["short_name"] == "todo")
    comment = admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": todo["id"],
                                                                  "comment": "with a file"})[1]
    boundary = "a222103b9b30b1f9e8be6882ecedb1d2"
    status, body = admin.post(
        f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-attachment",
        data=f"--{boundary}\r\n[]--{boundary}--\r\n".encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert (status, body["message"]) == (400, "The request body is not valid multipart form data.")
    assert admin.get(f"/data/tasks/{task['id']}/attachment-files") == (200, [])
