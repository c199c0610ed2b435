"""The tasks service core through the real stack: task types and statuses, tasks on assets and
shots, assignments, comments that change statuses (and the events they publish), replies and
acknowledgements, person and user task lists with role scoping, batch deletion, and the entity
replica fed by production's events (including a catch-up after the tasks service was down)."""
import time
import uuid

import orjson
import pytest
from kombu import Connection, Exchange, Queue

from api import NOT_FOUND, logged_in, unique

class EventTap:
    """A private queue bound to the tasks service's events exchange: what it published."""

    def __init__(self, amqp_uri):
        self.connection = Connection(amqp_uri)
        self.queue = Queue(f"test-tap-{uuid.uuid4().hex[:8]}", Exchange("tasks.events", type="topic", durable=True),
                           routing_key="#", auto_delete=True, exclusive=True)
        self.bound = self.queue(self.connection.channel())
        self.bound.declare()

    def wait(self, names, timeout=10, until=None):
        """The events received until every name in `names` was seen (and `until(seen)` holds):
        [(name, data)]."""
        seen, deadline = [], time.monotonic() + timeout
        done = until or (lambda seen: set(names) <= {name for name, _ in seen})
        while not done(seen) and time.monotonic() < deadline:
            message = self.bound.get(no_ack=True)
            if message is None:
                time.sleep(0.05)
                continue
            envelope = orjson.loads(message.body)
            seen.append((envelope["name"], envelope["data"]))
        return seen

    def close(self):
        self.connection.release()


@pytest.fixture(scope="module")
def world(base_url, admin):
    """A project (artist, vendor and client in its team) with an asset and a shot in an episode,
    an asset task type and a shot task type; waits until the tasks service has the entities."""
    artist, vendor, client = (logged_in(base_url, admin, role) for role in ("user", "vendor", "client"))
    outsider = logged_in(base_url, admin, "user")
    character = admin.post("/data/entity-types", {"name": unique("Character")})[1]
    team = [artist.person["id"], vendor.person["id"], client.person["id"]]
    status, project = admin.post("/data/projects", {"name": unique("Tasks project"), "team": team})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"

    def entity(path, name, **extra):
        status, row = admin.post(f"{base}/{path}", {"name": name, **extra})
        assert status == 201, row
        return row

    asset = entity(f"asset-types/{character['id']}/assets/new", "Hero", description="The hero")
    episode = entity("episodes", "E01")
    sequence = entity("sequences", "SQ01", episode_id=episode["id"])
    shot = entity("shots", "SH010", sequence_id=sequence["id"], data={"frame_in": 1})
    episode_asset = entity(f"asset-types/{character['id']}/assets/new", "Sidekick", source_id=episode["id"])
    asset_type = admin.post("/data/task-types", {"name": unique("Modeling"), "for_entity": "Asset",
                                                 "color": "#78909C"})[1]
    shot_type = admin.post("/data/task-types", {"name": unique("Animation"), "for_entity": "Shot"})[1]
    statuses = {s["short_name"]: s for s in admin.get("/data/task-status")[1]}
    return dict(project=project, asset=asset, episode=episode, sequence=sequence, shot=shot,
                episode_asset=episode_asset, asset_type=asset_type, shot_type=shot_type,
                statuses=statuses, artist=artist, vendor=vendor, client=client, outsider=outsider)


def new_task(admin, world, entity="asset", task_type="asset_type", **fields):
    status, task = admin.post("/data/tasks", {"entity_id": world[entity]["id"],
                                              "task_type_id": world[task_type]["id"],
                                              "name": unique("task"), **fields})
    assert status == 201, task
    return task


# -- task types and statuses -----------------------------------------------------------------------
def test_default_task_statuses_exist_once(admin):
    status, statuses = admin.get("/data/task-status")
    assert status == 200
    by_short = {s["short_name"]: s for s in statuses}
    assert {"todo", "wip", "wfa", "retake", "done", "ready", "neutral", "approved", "rejected"} <= set(by_short)
    assert by_short["todo"]["is_default"] and by_short["todo"]["name"] == "Todo"
    assert by_short["done"]["is_done"] and by_short["wfa"]["is_feedback_request"]
    assert by_short["retake"]["is_retake"] and by_short["wip"]["is_wip"]
    assert len([s for s in statuses if s["short_name"] == "todo"]) == 1
    assert by_short["todo"]["type"] == "TaskStatus"


def test_task_type_creation_and_similar_name(admin, world):
    name = unique("Rigging")
    status, created = admin.post("/data/task-types", {"name": name, "for_entity": "Asset", "color": "#9CCC65"})
    assert status == 201
    assert created["name"] == name and created["for_entity"] == "Asset" and created["type"] == "TaskType"
    assert created["priority"] == 1 and created["allow_timelog"] is True and created["short_name"] is None
    status, again = admin.post("/data/task-types", {"name": name.upper(), "for_entity": "Shot"})
    assert status == 400
    assert again == {"error": True, "message": "A task type with similar name already exists", "data": None}
    status, one = admin.get(f"/data/task-types/{created['id']}")
    assert status == 200 and one == created
    assert admin.get("/data/task-types/not-an-id")[0] == 400
    status, denied = world["artist"].post("/data/task-types", {"name": unique("Nope")})
    assert status == 403


def test_only_one_default_status(admin):
    status, created = admin.post("/data/task-status", {"name": unique("Default"), "short_name": unique("d"),
                                                       "color": "#000000", "is_default": True})
    assert status == 201 and created["is_default"] is True
    defaults = [s for s in admin.get("/data/task-status", is_default="true")[1] if not s["for_concept"]]
    assert [s["id"] for s in defaults] == [created["id"]]
    todo = admin.get("/data/task-status", short_name="todo")[1][0]
    assert admin.put(f"/data/task-status/{todo['id']}", {"is_default": True})[0] == 200
    defaults = [s for s in admin.get("/data/task-status", is_default="true")[1] if not s["for_concept"]]
    assert [s["id"] for s in defaults] == [todo["id"]]


# -- tasks -----------------------------------------------------------------------------------------
def test_create_asset_and_shot_tasks(admin, world):
    artist = world["artist"].person["id"]
    status, task = admin.post("/data/tasks", {"entity_id": world["asset"]["id"],
                                              "task_type_id": world["asset_type"]["id"],
                                              "assignees": [artist]})
    assert status == 201, task
    assert task["name"] == "main" and task["project_id"] == world["project"]["id"]
    assert task["task_status_id"] == world["statuses"]["todo"]["id"]
    assert task["assignees"] == [artist] and task["type"] == "Task"
    assert task["priority"] == 0 and task["difficulty"] == 3 and task["duration"] == 0.0
    status, shot_task = admin.post("/data/tasks", {"entity_id": world["shot"]["id"],
                                                   "task_type_id": world["shot_type"]["id"]})
    assert status == 201 and shot_task["entity_id"] == world["shot"]["id"]

    status, duplicate = admin.post("/data/tasks", {"entity_id": world["asset"]["id"],
                                                   "task_type_id": world["asset_type"]["id"]})
    assert (status, duplicate) == (400, {"message": "Task already exists."})
    status, wrong = admin.post("/data/tasks", {"entity_id": world["shot"]["id"],
                                               "task_type_id": world["asset_type"]["id"], "name": "x"})
    assert (status, wrong) == (400, {"error": True, "message": "Task type of the task does not match entity type."})

    status, read = admin.get(f"/data/tasks/{task['id']}")
    assert status == 200 and read == task
    status, listed = admin.get("/data/tasks", entity_id=world["asset"]["id"], task_type_id=world["asset_type"]["id"])
    assert status == 200 and task["id"] in [t["id"] for t in listed]


def test_bad_task_input(admin, world):
    status, body = admin.post("/data/tasks", {"entity_id": "nope", "task_type_id": world["asset_type"]["id"]})
    assert (status, body["message"]) == (400, "A valid entity_id is required.")
    status, body = admin.post("/data/tasks", {"entity_id": world["asset"]["id"]})
    assert (status, body["message"]) == (400, "A valid task_type_id is required.")
    status, body = admin.post("/data/tasks", {"entity_id": str(uuid.uuid4()),
                                              "task_type_id": world["asset_type"]["id"]})
    assert (status, body["message"]) == (404, NOT_FOUND)
    assert admin.post("/data/tasks", None)[0] == 400
    assert admin.get("/data/tasks/not-a-uuid") == (400, {"error": True, "message": "Malformed ID.", "data": None})
    assert admin.get(f"/data/tasks/{uuid.uuid4()}")[0] == 404


def test_entity_task_lists(admin, world):
    task = new_task(admin, world, assignees=[world["artist"].person["id"]])
    status, tasks = admin.get(f"/data/assets/{world['asset']['id']}/tasks")
    assert status == 200
    mine = next(t for t in tasks if t["id"] == task["id"])
    assert mine["entity_name"] == "Hero" and mine["task_type_name"] == world["asset_type"]["name"]
    assert mine["task_status_name"] == "Todo" and mine["project_name"] == world["project"]["name"]
    assert mine["entity_type_name"].startswith("Character") and "assignees" not in mine
    status, tasks = admin.get(f"/data/assets/{world['asset']['id']}/tasks", relations="true")
    assert next(t for t in tasks if t["id"] == task["id"])["assignees"] == [world["artist"].person["id"]]
    status, types = admin.get(f"/data/assets/{world['asset']['id']}/task-types")
    assert status == 200 and world["asset_type"]["id"] in [t["id"] for t in types]
    assert admin.get(f"/data/shots/{world['asset']['id']}/tasks")[0] == 404  # not a shot
    assert world["outsider"].get(f"/data/assets/{world['asset']['id']}/tasks")[0] == 403


def test_episode_asset_tasks(admin, world):
    task = new_task(admin, world, entity="episode_asset")
    status, tasks = admin.get(f"/data/episodes/{world['episode']['id']}/asset-tasks")
    assert status == 200 and [t["id"] for t in tasks] == [task["id"]]
    assert tasks[0]["entity_name"] == "Sidekick" and "assignees" not in tasks[0]
    assert world["vendor"].get(f"/data/episodes/{world['episode']['id']}/asset-tasks")[0] == 403
    assert admin.get(f"/data/episodes/{world['shot']['id']}/asset-tasks")[0] == 404


def test_assign_and_unassign(admin, world):
    artist, vendor = world["artist"].person["id"], world["vendor"].person["id"]
    task = new_task(admin, world)
    tap = EventTap(admin_amqp(world))
    try:
        status, assigned = admin.put(f"/actions/tasks/{task['id']}/assign", {"person_id": artist})
        assert status == 200 and assigned["assignees"] == [artist] and assigned["assigner_id"]
        events = tap.wait({"task:assign", "task:update"})
        assert ("task:assign", {"task_id": task["id"], "person_id": artist,
                                "project_id": world["project"]["id"]}) in events
    finally:
        tap.close()
    status, tasks = admin.put(f"/actions/persons/{vendor}/assign", {"task_ids": [task["id"]]})
    assert status == 200 and tasks[0]["assignees"] == [artist, vendor]
    status, cleared = admin.put("/actions/tasks/clear-assignation", {"task_ids": [task["id"]], "person_id": vendor})
    assert (status, cleared) == (200, [task["id"]])
    assert admin.get(f"/data/tasks/{task['id']}")[1]["assignees"] == [artist]
    assert world["artist"].put(f"/actions/tasks/{task['id']}/assign", {"person_id": artist})[0] == 403


def admin_amqp(world):
    from conftest import TEST_VHOST
    return f"amqp://guest:guest@127.0.0.1:5672/{TEST_VHOST}"


# -- comments --------------------------------------------------------------------------------------
def test_comment_changes_status_and_publishes(admin, world):
    artist = world["artist"]
    task = new_task(admin, world, assignees=[artist.person["id"]])
    wip, wfa = world["statuses"]["wip"], world["statuses"]["wfa"]
    tap = EventTap(admin_amqp(world))
    try:
        status, comment = artist.post(f"/actions/tasks/{task['id']}/comment",
                                      {"task_status_id": wip["id"], "comment": "Blocking is up",
                                       "checklist": [{"text": "a", "checked": False}]})
        assert status == 201, comment
        events = tap.wait({"comment:new", "task:status-changed", "task:update"})
    finally:
        tap.close()
    assert comment["text"] == "Blocking is up" and comment["object_id"] == task["id"]
    assert comment["object_type"] == "Task" and comment["person_id"] == artist.person["id"]
    assert comment["task_status"]["short_name"] == "wip" and comment["person"]["id"] == artist.person["id"]
    assert comment["checklist"] == [{"text": "a", "checked": False}] and comment["replies"] == []
    assert comment["acknowledgements"] == [] and comment["type"] == "Comment"
    names = dict(events)
    assert names["comment:new"] == {"comment_id": comment["id"], "task_id": task["id"],
                                    "task_status_id": wip["id"], "project_id": world["project"]["id"]}
    assert names["task:status-changed"] == {
        "task_id": task["id"], "new_task_status_id": wip["id"], "previous_task_status_id": task["task_status_id"],
        "person_id": artist.person["id"], "project_id": world["project"]["id"]}

    read = admin.get(f"/data/tasks/{task['id']}")[1]
    assert read["task_status_id"] == wip["id"] and read["real_start_date"] and read["last_comment_date"]
    admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": wfa["id"], "comment": "Review"})
    read = admin.get(f"/data/tasks/{task['id']}")[1]
    assert read["task_status_id"] == wfa["id"] and read["end_date"]

    status, comments = artist.get(f"/data/tasks/{task['id']}/comments")
    assert status == 200 and [c["text"] for c in comments] == ["Review", "Blocking is up"]
    assert comments[1]["task_status"] == {"name": "Work In Progress", "short_name": "wip",
                                          "color": "#3273dc", "id": wip["id"]}
    assert comments[1]["person"]["first_name"] == artist.person["first_name"]


def test_comment_bad_input(admin, world):
    task = new_task(admin, world)
    status, body = admin.post(f"/actions/tasks/{task['id']}/comment", {"comment": "no status"})
    assert status == 400 and body["data"]["errors"] == [{"field": "task_status_id", "message": "Field required"}]
    assert admin.post(f"/actions/tasks/{task['id']}/comment",
                      {"task_status_id": str(uuid.uuid4()), "comment": "x"})[0] == 404
    assert admin.post(f"/actions/tasks/{uuid.uuid4()}/comment",
                      {"task_status_id": world["statuses"]["wip"]["id"]})[0] == 404
    assert world["outsider"].post(f"/actions/tasks/{task['id']}/comment",
                                  {"task_status_id": world["statuses"]["wip"]["id"]})[0] == 403


def test_replies_and_acknowledgements(admin, world):
    artist = world["artist"]
    task = new_task(admin, world, assignees=[artist.person["id"]])
    comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                         {"task_status_id": world["statuses"]["retake"]["id"], "comment": "Fix it"})[1]
    assert admin.get(f"/data/tasks/{task['id']}")[1]["retake_count"] == 1
    base = f"/data/tasks/{task['id']}/comments/{comment['id']}"
    tap = EventTap(admin_amqp(world))
    try:
        status, reply = artist.post(f"{base}/reply", {"text": "On it"})
        assert status == 200 and reply["text"] == "On it" and reply["person_id"] == artist.person["id"]
        assert reply["person"]["id"] == artist.person["id"] and reply["mentions"] == []
        status, acked = artist.post(f"{base}/ack")
        assert status == 200 and acked["acknowledgements"] == [artist.person["id"]]
        events = dict(tap.wait({"comment:reply", "comment:acknowledge"}))
    finally:
        tap.close()
    assert events["comment:reply"]["reply_id"] == reply["id"]
    assert events["comment:reply"]["task_id"] == task["id"]
    assert events["comment:acknowledge"]["person_id"] == artist.person["id"]
    assert artist.post(f"{base}/ack")[1]["acknowledgements"] == []  # a toggle
    status, read = admin.get(f"/data/comments/{comment['id']}")
    assert status == 200 and [r["id"] for r in read["replies"]] == [reply["id"]]
    status, after = artist.delete(f"{base}/reply/{reply['id']}")
    assert status == 200 and after["replies"] == [] and "acknowledgements" not in after
    assert artist.delete(f"{base}/reply/{reply['id']}")[0] == 404


# -- person and user views -------------------------------------------------------------------------
def test_person_tasks_enriched(admin, world):
    artist = world["artist"]
    shot_task = new_task(admin, world, entity="shot", task_type="shot_type", assignees=[artist.person["id"]])
    admin.post(f"/actions/tasks/{shot_task['id']}/comment",
               {"task_status_id": world["statuses"]["wip"]["id"], "comment": "Started"})
    status, tasks = admin.get(f"/data/persons/{artist.person['id']}/tasks")
    assert status == 200
    mine = next(t for t in tasks if t["id"] == shot_task["id"])
    assert mine["entity_name"] == "SH010" and mine["sequence_name"] == "SQ01"
    assert mine["episode_id"] == world["episode"]["id"] and mine["episode_name"] == "E01"
    assert mine["entity_data"] == {"frame_in": 1} and mine["entity_preview_file_id"] == ""
    assert mine["task_status_short_name"] == "wip" and mine["task_type_for_entity"] == "Shot"
    assert mine["project_name"] == world["project"]["name"] and mine["project_has_avatar"] is False
    assert mine["assignees"] == [artist.person["id"]] and mine["entity_canceled"] is False
    assert mine["last_comment"]["text"] == "Started" and mine["last_comment"]["person_id"]
    asset_tasks = [t for t in tasks if t["task_type_for_entity"] == "Asset"]
    assert asset_tasks and all(t["episode_id"] == "" and "episode_ids" in t for t in asset_tasks)
    assert all(t["task_status_short_name"] != "done" for t in tasks)

    # the artist sees the same list as /data/user/tasks; done tasks move to done-tasks
    status, own = artist.get("/data/user/tasks")
    assert status == 200 and {t["id"] for t in own} == {t["id"] for t in tasks}
    admin.post(f"/actions/tasks/{shot_task['id']}/comment", {"task_status_id": world["statuses"]["done"]["id"]})
    assert shot_task["id"] not in [t["id"] for t in artist.get("/data/user/tasks")[1]]
    assert shot_task["id"] in [t["id"] for t in artist.get("/data/user/done-tasks")[1]]
    assert shot_task["id"] in [t["id"] for t in admin.get(f"/data/persons/{artist.person['id']}/done-tasks")[1]]


def test_person_tasks_scoping(admin, world):
    vendor, client = world["vendor"], world["client"]
    new_task(admin, world, assignees=[vendor.person["id"]])
    assert client.get(f"/data/persons/{world['artist'].person['id']}/tasks") == (200, [])
    assert vendor.get(f"/data/persons/{world['artist'].person['id']}/tasks")[0] == 403
    status, own = vendor.get(f"/data/persons/{vendor.person['id']}/tasks")
    assert status == 200 and len(own) >= 1
    # the outsider is in no team: the artist's tasks are not in their projects
    assert world["outsider"].get(f"/data/persons/{world['artist'].person['id']}/tasks") == (200, [])


def test_vendor_sees_only_assigned_tasks(admin, world):
    vendor = world["vendor"]
    assigned = new_task(admin, world, assignees=[vendor.person["id"]])
    other = new_task(admin, world)
    status, listed = vendor.get("/data/tasks", project_id=world["project"]["id"])
    ids = [t["id"] for t in listed]
    assert status == 200 and assigned["id"] in ids and other["id"] not in ids
    status, artist_listed = world["artist"].get("/data/tasks", project_id=world["project"]["id"])
    assert other["id"] in [t["id"] for t in artist_listed]
    assert world["outsider"].get("/data/tasks", project_id=world["project"]["id"]) == (200, [])
    assert world["outsider"].get(f"/data/tasks/{other['id']}")[0] == 403


def test_user_scene_task_types(admin, world):
    artist = world["artist"]
    scene = admin.post(f"/data/projects/{world['project']['id']}/scenes",
                       {"name": "SC01", "sequence_id": world["sequence"]["id"]})[1]
    scene_task_type = admin.post("/data/task-types", {"name": unique("Blocking"), "for_entity": "Scene"})[1]
    status, task = admin.post("/data/tasks", {
        "entity_id": scene["id"], "task_type_id": scene_task_type["id"], "assignees": [artist.person["id"]]})
    assert status == 201, task
    status, types = artist.get(f"/data/user/scenes/{scene['id']}/task-types")
    assert status == 200 and [t["id"] for t in types] == [scene_task_type["id"]]
    assert world["client"].get(f"/data/user/scenes/{scene['id']}/task-types") == (200, [])
    assert artist.get(f"/data/user/scenes/{uuid.uuid4()}/task-types")[0] == 404


def test_task_full(admin, world):
    task = new_task(admin, world, entity="shot", task_type="shot_type", assignees=[world["artist"].person["id"]])
    status, full = admin.get(f"/data/tasks/{task['id']}/full")
    assert status == 200
    assert full["entity"]["name"] == "SH010" and full["sequence"]["name"] == "SQ01"
    assert full["episode"]["name"] == "E01" and full["task_type"]["id"] == world["shot_type"]["id"]
    assert full["task_status"]["short_name"] == "todo" and full["project"]["id"] == world["project"]["id"]
    assert [p["id"] for p in full["persons"]] == [world["artist"].person["id"]]
    assert full["is_subscribed"] is False


# -- deletion --------------------------------------------------------------------------------------
def test_delete_tasks_batch(admin, world):
    first, second = new_task(admin, world), new_task(admin, world)
    admin.post(f"/actions/tasks/{first['id']}/comment", {"task_status_id": world["statuses"]["wip"]["id"]})
    project = world["project"]["id"]
    assert world["artist"].post(f"/actions/projects/{project}/delete-tasks", [first["id"]])[0] == 403
    assert admin.post(f"/actions/projects/{project}/delete-tasks", {"ids": []})[0] == 400
    tap = EventTap(admin_amqp(world))
    try:
        status, ids = admin.post(f"/actions/projects/{project}/delete-tasks", [first["id"], second["id"], "bad"])
        assert (status, ids) == (200, [first["id"], second["id"]])
        events = tap.wait({"task:delete", "comment:delete"},
                          until=lambda seen: [n for n, _ in seen].count("task:delete") == 2)
    finally:
        tap.close()
    assert ("task:delete", {"task_id": first["id"], "entity_id": world["asset"]["id"],
                            "task_type_id": world["asset_type"]["id"], "project_id": project}) in events
    assert admin.get(f"/data/tasks/{first['id']}")[0] == 404
    assert admin.get(f"/data/tasks/{second['id']}")[0] == 404


def test_deleting_an_entity_removes_its_tasks(admin, world):
    entity_type_id = world["asset"]["entity_type_id"]
    doomed = admin.post("/data/entities", {"name": unique("Doomed"), "kind": "Asset",
                                           "project_id": world["project"]["id"], "entity_type_id": entity_type_id})[1]
    status, task = admin.post("/data/tasks", {"entity_id": doomed["id"], "task_type_id": world["asset_type"]["id"]})
    assert status == 201
    assert admin.delete(f"/data/assets/{doomed['id']}", force="true")[0] == 204
    assert admin.get(f"/data/tasks/{task['id']}")[0] == 404


def test_replica_catches_up_after_downtime(cluster, admin, world):
    cluster.stop_process("tasks")
    try:
        status, asset = admin.post("/data/entities", {
            "name": unique("Late"), "kind": "Asset", "project_id": world["project"]["id"],
            "entity_type_id": world["asset"]["entity_type_id"]})
        assert status == 201
    finally:
        cluster.start_process("tasks")
    status, task = admin.post("/data/tasks", {"entity_id": asset["id"], "task_type_id": world["asset_type"]["id"]})
    assert status == 201, task
    assert task["project_id"] == world["project"]["id"]
