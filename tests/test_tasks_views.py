"""The tasks service's read views through the real stack, shaped and scoped as the Zou reference
answers them: the with-tasks boards, a production's task lists and settings, the open tasks pool,
the tasks to check, the team schedule dates, the logged-in person's entities; and the actions
that go with them: comments on many tasks, moving a comment, status automations, assignment
notifications, supervisors limited to their departments."""
import pytest

from api import logged_in, new_person, unique

SHOT_KEYS = {"canceled", "data", "description", "entity_type_id", "episode_id", "episode_name", "fps",
             "frame_in", "frame_out", "id", "name", "nb_frames", "parent_id", "preview_file_id",
             "project_id", "project_name", "sequence_id", "sequence_name", "source_id",
             "nb_entities_out", "is_casting_standby", "tasks", "type"}
SHOT_TASK_KEYS = {"id", "duration", "due_date", "end_date", "done_date", "entity_id", "estimation",
                  "is_subscribed", "last_comment_date", "last_preview_file_id", "nb_assets_ready",
                  "priority", "real_start_date", "retake_count", "start_date", "difficulty",
                  "nb_drawings", "task_status_id", "task_type_id", "assignees", "data"}
ASSET_KEYS = {"id", "name", "preview_file_id", "description", "asset_type_name", "asset_type_id",
              "canceled", "ready_for", "episode_id", "casting_episode_ids", "is_casting_standby",
              "is_shared", "data", "tasks"}
CONTAINER_KEYS = {"id", "name", "status", "episode_id", "description", "frame_in", "frame_out", "fps",
                  "preview_file_id", "canceled", "data", "tasks"}


@pytest.fixture(scope="module")
def world(base_url, admin):
    """A TV show: an episode, a sequence, two shots and an asset; a department's animation type,
    a compositing type and a modeling type; artist, vendor, client, supervisor (of the
    department) and manager in the team; animation on SH010 to the artist (waiting for approval),
    compositing on SH010 to the vendor."""
    department = admin.post("/data/departments", {"name": unique("Anim"), "color": "#000000"})[1]
    roles = {"artist": "user", "vendor": "vendor", "client": "client", "supervisor": "supervisor",
             "manager": "manager"}
    people = {key: logged_in(base_url, admin, role, **({"departments": [department["id"]]}
                                                        if key == "supervisor" else {}))
              for key, role in roles.items()}
    outsider = logged_in(base_url, admin, "user")
    types = {key: admin.post("/data/task-types", {"name": unique(key), "for_entity": kind,
                                                  **({"department_id": department["id"]} if key == "anim" else {})})[1]
             for key, kind in (("anim", "Shot"), ("comp", "Shot"), ("model", "Asset"))}
    statuses = {s["short_name"]: s for s in admin.get("/data/task-status")[1]}
    status, project = admin.post("/data/projects", {
        "name": unique("Views project"), "production_type": "tvshow",
        "team": [p.person["id"] for p in people.values()]})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"
    for task_type in types.values():  # production knows the task types from the tasks service's events
        assert admin.post(f"{base}/settings/task-types", {"task_type_id": task_type["id"]})[0] == 201
    for short_name in ("todo", "wip", "wfa", "done"):
        assert admin.post(f"{base}/settings/task-status", {"task_status_id": statuses[short_name]["id"]})[0] == 201
    asset_type = admin.post("/data/entity-types", {"name": unique("Character")})[1]
    episode = admin.post(f"{base}/episodes", {"name": "E01"})[1]
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01", "episode_id": episode["id"]})[1]
    shot = admin.post(f"{base}/shots", {"name": "SH010", "sequence_id": sequence["id"], "nb_frames": 24})[1]
    shot2 = admin.post(f"{base}/shots", {"name": "SH020", "sequence_id": sequence["id"]})[1]
    asset = admin.post(f"{base}/asset-types/{asset_type['id']}/assets/new", {"name": "Hero"})[1]
    assert len(admin.get(f"{base}/task-types")[1]) == 3

    def task(entity, task_type):
        status, row = admin.post("/data/tasks", {"entity_id": entity["id"], "task_type_id": types[task_type]["id"]})
        assert status == 201, row
        return row

    tasks = {"anim": task(shot, "anim"), "comp": task(shot, "comp"), "comp2": task(shot2, "comp"),
             "model": task(asset, "model")}
    assert admin.put(f"/actions/tasks/{tasks['anim']['id']}/assign", {"person_id": people["artist"].person["id"]})[0] == 200
    assert admin.put(f"/actions/tasks/{tasks['comp']['id']}/assign", {"person_id": people["vendor"].person["id"]})[0] == 200
    assert admin.put(f"/actions/tasks/{tasks['model']['id']}/assign", {"person_id": people["artist"].person["id"]})[0] == 200
    status, comment = admin.post(f"/actions/tasks/{tasks['anim']['id']}/comment",
                                 {"task_status_id": statuses["wfa"]["id"], "comment": "please check"})
    assert status == 201, comment
    return dict(project=project, base=base, department=department, types=types, statuses=statuses,
                episode=episode, sequence=sequence, shot=shot, shot2=shot2, asset=asset,
                asset_type=asset_type, tasks=tasks, comment=comment, outsider=outsider, **people)


# -- the with-tasks boards ----------------------------------------------------------------------------
def test_shots_with_tasks_shape_and_scoping(admin, world):
    query = f"?project_id={world['project']['id']}"
    status, shots = admin.get("/data/shots/with-tasks" + query)
    assert status == 200
    assert [s["name"] for s in shots] == ["SH010", "SH020"]
    shot = shots[0]
    assert set(shot) == SHOT_KEYS
    assert (shot["type"], shot["nb_frames"], shot["episode_name"], shot["sequence_name"]) == ("Shot", 24, "E01", "SQ01")
    assert shot["episode_id"] == world["episode"]["id"] and shot["data"] == {}
    assert {t["id"] for t in shot["tasks"]} == {world["tasks"]["anim"]["id"], world["tasks"]["comp"]["id"]}
    anim = next(t for t in shot["tasks"] if t["id"] == world["tasks"]["anim"]["id"])
    assert set(anim) == SHOT_TASK_KEYS
    assert anim["assignees"] == [world["artist"].person["id"]]
    assert anim["task_status_id"] == world["statuses"]["wfa"]["id"] and anim["is_subscribed"] is False
    assert len(anim["last_comment_date"]) == 19 and anim["end_date"] is not None
    # the vendor: the shots holding a task of theirs, with those tasks only
    status, shots = world["vendor"].get("/data/shots/with-tasks" + query)
    assert status == 200 and [s["name"] for s in shots] == ["SH010"]
    assert [t["id"] for t in shots[0]["tasks"]] == [world["tasks"]["comp"]["id"]]
    # the client: the studio side of the tasks is blank
    status, shots = world["client"].get("/data/shots/with-tasks" + query)
    assert status == 200 and len(shots) == 2
    anim = next(t for t in shots[0]["tasks"] if t["id"] == world["tasks"]["anim"]["id"])
    assert (anim["assignees"], anim["end_date"], anim["difficulty"]) == ([], None, None)
    # a project is needed, and access to it; ids are checked
    assert world["artist"].get("/data/shots/with-tasks")[0] == 403
    assert world["outsider"].get("/data/shots/with-tasks" + query)[0] == 403
    status, body = admin.get("/data/shots/with-tasks?project_id=nope")
    assert status == 400 and body["message"] == "Invalid UUID format for project_id: nope"
    other = admin.get(f"/data/shots/with-tasks{query}&episode_id={world['asset']['id']}")[1]
    assert other == []


def test_assets_and_containers_with_tasks(admin, world):
    query = f"?project_id={world['project']['id']}"
    status, assets = admin.get("/data/assets/with-tasks" + query)
    assert status == 200 and len(assets) == 1
    asset = assets[0]
    assert set(asset) == ASSET_KEYS
    assert (asset["preview_file_id"], asset["ready_for"], asset["episode_id"]) == ("", "None", "")
    assert asset["asset_type_name"] == world["asset_type"]["name"] and asset["casting_episode_ids"] == []
    assert [t["id"] for t in asset["tasks"]] == [world["tasks"]["model"]["id"]]
    assert world["vendor"].get("/data/assets/with-tasks" + query)[1] == []
    # assets need no project: non-admins get their teams' assets
    assert world["outsider"].get("/data/assets/with-tasks")[1] == []
    for kind, name in (("sequences", "SQ01"), ("episodes", "E01")):
        status, rows = admin.get(f"/data/{kind}/with-tasks" + query)
        assert status == 200 and [r["name"] for r in rows] == [name], rows
        assert set(rows[0]) == CONTAINER_KEYS and rows[0]["preview_file_id"] == "" and rows[0]["tasks"] == []
    assert admin.get(f"/data/episodes/with-tasks{query}")[1][0]["episode_id"] == "None"
    sequences = world["vendor"].get(f"/data/sequences/with-tasks{query}")[1]
    assert [s["name"] for s in sequences] == ["SQ01"]
    assert world["vendor"].get(f"/data/scenes/with-tasks{query}")[0] == 403
    assert world["client"].get(f"/data/concepts/with-tasks{query}")[0] == 403
    assert admin.get(f"/data/concepts/with-tasks{query}") == (200, [])
    assert admin.get(f"/data/edits/with-tasks{query}") == (200, [])


def test_an_asset_cast_in_a_shot_is_in_its_episode(admin, world):
    """Zou links an asset cast in a shot to the shot's episode: the episode's asset board (the
    web app's asset list of a TV show) shows it, until no shot of the episode casts it."""
    pid, asset = world["project"]["id"], world["asset"]
    query = f"?project_id={pid}&episode_id={world['episode']['id']}"
    casting = f"/data/projects/{pid}/entities/{world['shot2']['id']}/casting"
    assert admin.get("/data/assets/with-tasks" + query) == (200, [])
    assert admin.put(casting, [{"asset_id": asset["id"], "nb_occurences": 1}])[0] == 200
    assets = admin.get("/data/assets/with-tasks" + query)[1]
    assert [(a["id"], a["casting_episode_ids"]) for a in assets] == [(asset["id"], [world["episode"]["id"]])]
    assert admin.put(casting, [])[0] == 200
    assert admin.get("/data/assets/with-tasks" + query) == (200, [])


# -- a production's task lists and settings ------------------------------------------------------------
def test_project_task_lists_and_settings(admin, world):
    base = world["base"]
    status, types = world["artist"].get(f"{base}/task-types")
    assert status == 200 and {t["id"] for t in types} == {t["id"] for t in world["types"].values()}
    assert types[0]["type"] == "TaskType" and "department_id" in types[0]
    status, statuses = world["artist"].get(f"{base}/settings/task-status")
    assert status == 200 and [s["short_name"] for s in statuses] == ["todo", "wip", "wfa", "done"]
    assert statuses[0]["type"] == "TaskStatus"
    assert world["outsider"].get(f"{base}/settings/task-status")[0] == 403
    assert world["artist"].get(f"{base}/settings/status-automations")[0] == 403
    assert world["manager"].get(f"{base}/settings/status-automations") == (200, [])
    status, tasks = admin.get(f"{base}/tasks")
    assert status == 200 and len(tasks) == 4 and tasks[0]["type"] == "Task" and "assignees" in tasks[0]
    assert [t["id"] for t in world["vendor"].get(f"{base}/tasks")[1]] == [world["tasks"]["comp"]["id"]]
    status, page = admin.get(f"{base}/tasks?page=1")
    assert status == 200 and (page["total"], page["page"], page["nb_pages"]) == (4, 1, 1)
    status, comments = admin.get(f"{base}/comments")
    assert status == 200 and [c["id"] for c in comments] == [world["comment"]["id"]]
    assert comments[0]["acknowledgements"] == [] and comments[0]["type"] == "Comment"
    assert world["vendor"].get(f"{base}/comments")[0] == 403
    status, tasks = world["artist"].get(
        f"/data/entities/{world['shot']['id']}/task-types/{world['types']['comp']['id']}/tasks")
    assert status == 200 and [t["id"] for t in tasks] == [world["tasks"]["comp"]["id"]]
    assert world["artist"].get(f"/data/tasks/{world['tasks']['anim']['id']}/attachment-files")[0] == 403  # Zou: admins only
    assert admin.get(f"/data/tasks/{world['tasks']['anim']['id']}/attachment-files") == (200, [])


# -- studio-wide views ----------------------------------------------------------------------------------
def test_open_tasks_checks_and_dates(admin, world):
    project_id = world["project"]["id"]
    status, pool = admin.get(f"/data/tasks/open-tasks?project_id={project_id}")
    assert status == 200 and (pool["limit"], pool["is_more"], pool["page"]) == (100, False, 1)
    assert pool["stats"]["total"] == 4 and len(pool["data"]) == 4
    anim = next(t for t in pool["data"] if t["id"] == world["tasks"]["anim"]["id"])
    assert (anim["type_name"], anim["status_short_name"], anim["entity_name"]) == (
        world["types"]["anim"]["name"], "wfa", "SH010")
    assert (anim["sequence_name"], anim["episode_name"], anim["entity_type_name"]) == ("SQ01", "E01", "Shot")
    assert {"task_status_id": world["statuses"]["wfa"]["id"], "amount": 1} in pool["stats"]["status"]
    filtered = admin.get(f"/data/tasks/open-tasks?project_id={project_id}&person_id={world['artist'].person['id']}")[1]
    assert {t["id"] for t in filtered["data"]} == {world["tasks"]["anim"]["id"], world["tasks"]["model"]["id"]}
    assert admin.get("/data/tasks/open-tasks?project_id=nope")[0] == 400
    status, stats = world["artist"].get("/data/tasks/open-tasks/stats")
    assert status == 200 and stats[project_id]["amount"] == 4
    assert world["outsider"].get("/data/tasks/open-tasks/stats")[1].get(project_id) is None
    # feedback requests: the supervisor's department, the manager's projects, nothing for artists
    for who, expected in (("supervisor", [world["tasks"]["anim"]["id"]]),
                          ("manager", [world["tasks"]["anim"]["id"]]), ("artist", [])):
        status, checks = world[who].get(f"/data/user/tasks-to-check?project_id={project_id}")
        assert status == 200 and [t["id"] for t in checks] == expected, who
    check = world["manager"].get("/data/user/tasks-to-check")[1][0]
    assert check["task_status_short_name"] == "wfa" and check["last_comment"]["text"] == "please check"
    # the team schedule: managers and supervisors of the project
    status, dates = world["manager"].get(f"/data/persons/task-dates?project_id={project_id}")
    assert status == 200
    assert {d["person_id"] for d in dates} == {world["artist"].person["id"], world["vendor"].person["id"]}
    assert set(dates[0]) == {"person_id", "min_date", "max_date", "busy_periods"}
    assert world["artist"].get("/data/persons/task-dates")[0] == 403
    assert admin.get("/data/persons/task-dates?project_id=nope")[1]["message"] == "Invalid project_id."
    status, related = admin.get(f"/data/persons/{world['vendor'].person['id']}/related-tasks/"
                                f"{world['types']['anim']['id']}")
    assert status == 200 and [t["id"] for t in related] == [world["tasks"]["anim"]["id"]]
    assert world["vendor"].get(f"/data/persons/{world['artist'].person['id']}/related-tasks/"
                               f"{world['types']['anim']['id']}")[0] == 403


def test_user_entities(world):
    artist, project_id = world["artist"], world["project"]["id"]
    status, projects = artist.get("/data/user/projects/open")
    assert status == 200 and [p["id"] for p in projects] == [project_id]
    status, types = artist.get(f"/data/user/projects/{project_id}/asset-types")
    assert status == 200 and [(t["id"], t["type"]) for t in types] == [(world["asset_type"]["id"], "AssetType")]
    status, assets = artist.get(f"/data/user/projects/{project_id}/asset-types/{world['asset_type']['id']}/assets")
    assert status == 200 and [(a["name"], a["type"]) for a in assets] == [("Hero", "Asset")]
    for kind, name in (("sequences", "SQ01"), ("episodes", "E01")):
        rows = artist.get(f"/data/user/projects/{project_id}/{kind}")[1]
        assert [r["name"] for r in rows] == [name]
    status, shots = artist.get(f"/data/user/sequences/{world['sequence']['id']}/shots")
    assert status == 200 and [s["name"] for s in shots] == ["SH010"] and shots[0]["nb_frames"] == 24
    assert artist.get(f"/data/user/sequences/{world['sequence']['id']}/scenes") == (200, [])
    assert world["client"].get(f"/data/user/projects/{project_id}/sequences") == (200, [])


# -- actions --------------------------------------------------------------------------------------------
def test_comment_many_and_move(admin, world):
    wip, anim_id = world["statuses"]["wip"]["id"], world["tasks"]["anim"]["id"]
    comp2_id = world["tasks"]["comp2"]["id"]
    body = [{"object_id": anim_id, "task_status_id": wip, "comment": "batch"},
            {"object_id": comp2_id, "task_status_id": wip, "comment": "not mine"},
            {"object_id": anim_id, "task_status_id": wip}]  # no text: skipped
    status, created = world["artist"].post(f"/actions/projects/{world['project']['id']}/tasks/comment-many",
                                           body)
    assert status == 201 and [(c["object_id"], c["text"]) for c in created] == [(anim_id, "batch")]
    assert admin.get(f"/data/tasks/{anim_id}")[1]["task_status_id"] == wip
    # moving it to the compositing task of the same shot: the anim task goes back to wfa
    comp_id = world["tasks"]["comp"]["id"]
    path = f"/actions/tasks/{anim_id}/comments/{created[0]['id']}/move"
    assert world["artist"].post(path, {"target_task_id": comp_id})[0] == 403
    status, body = admin.post(path, {"target_task_id": comp2_id})
    assert status == 400 and body["message"] == "A comment can only be moved between tasks of the same entity."
    status, moved = admin.post(path, {"target_task_id": comp_id})
    assert status == 200 and moved["object_id"] == comp_id
    assert admin.get(f"/data/tasks/{anim_id}")[1]["task_status_id"] == world["statuses"]["wfa"]["id"]
    assert admin.get(f"/data/tasks/{comp_id}")[1]["task_status_id"] == wip
    assert admin.post(path, {"target_task_id": anim_id})[1]["message"] == "Comment does not belong to the given task."
    status, body = admin.post(f"/actions/tasks/{comp_id}/comments/{created[0]['id']}/move", {})
    assert status == 400 and body["data"]["errors"] == [{"field": "target_task_id", "message": "Field required"}]


def test_assignation_notifies_and_supervisor_departments(admin, world):
    artist, supervisor = world["artist"], world["supervisor"]
    anim, comp2 = world["tasks"]["anim"], world["tasks"]["comp2"]
    # the supervisor assigns in their department, not elsewhere; the assignee is notified
    assert supervisor.put(f"/actions/tasks/{comp2['id']}/assign", {"person_id": artist.person["id"]})[0] == 403
    assert admin.put(f"/actions/tasks/{comp2['id']}/assign", {"person_id": artist.person["id"]})[0] == 200
    inbox = artist.get("/data/user/notifications")[1]
    assert any(n["notification_type"] == "assignation" and n["task_id"] == comp2["id"] for n in inbox)
    # supervisors change the planning fields of their departments' tasks only
    assert supervisor.put(f"/data/tasks/{anim['id']}", {"priority": 2})[0] == 200
    assert supervisor.put(f"/data/tasks/{anim['id']}", {"name": "other"})[0] == 403
    assert supervisor.put(f"/data/tasks/{comp2['id']}", {"priority": 2})[0] == 403
    # a bot logs no time
    bot = new_person(admin, role="user", is_bot=True)
    assert admin.put(f"/actions/tasks/{comp2['id']}/assign", {"person_id": bot["id"]})[0] == 403


def test_status_automation(admin, world):
    """Animation reaching Done sets the shot's compositing task to Work In Progress."""
    statuses, types = world["statuses"], world["types"]
    status, automation = admin.post("/data/status-automations", {
        "entity_type": "shot", "in_task_type_id": types["anim"]["id"],
        "in_task_status_id": statuses["done"]["id"], "out_field_type": "status",
        "out_task_type_id": types["comp"]["id"], "out_task_status_id": statuses["todo"]["id"]})
    assert status == 201, automation
    assert admin.post(f"{world['base']}/settings/status-automations",
                      {"status_automation_id": automation["id"]})[0] == 201
    assert len(admin.get(f"{world['base']}/settings/status-automations")[1]) == 1
    anim_id, comp_id = world["tasks"]["anim"]["id"], world["tasks"]["comp"]["id"]
    assert admin.post(f"/actions/tasks/{anim_id}/comment", {"task_status_id": statuses["done"]["id"]})[0] == 201
    assert admin.get(f"/data/tasks/{comp_id}")[1]["task_status_id"] == statuses["todo"]["id"]
    texts = [c["text"] for c in admin.get(f"/data/tasks/{comp_id}/comments")[1]]
    assert texts[0] == f"Change triggered by {types['anim']['name']} set to Done"


# -- last: it adds an edit to the world ----------------------------------------------------------------
def test_an_episode_lists_its_edit_tasks_apart_from_its_shot_tasks(admin, world):
    episode = world["episode"]
    edit = admin.post(f"/data/projects/{world['project']['id']}/edits",
                      {"name": "ED01", "episode_id": episode["id"]})[1]
    edit_type = admin.post("/data/task-types", {"name": unique("Cut"), "for_entity": "Edit"})[1]
    status, task = admin.post("/data/tasks", {"entity_id": edit["id"], "task_type_id": edit_type["id"]})
    assert status == 201, task
    status, tasks = admin.get(f"/data/episodes/{episode['id']}/edit-tasks")
    assert status == 200 and [t["id"] for t in tasks] == [task["id"]]
    shot_tasks = {t["id"] for t in admin.get(f"/data/episodes/{episode['id']}/shot-tasks")[1]}
    assert shot_tasks and task["id"] not in shot_tasks
    assert world["outsider"].get(f"/data/episodes/{episode['id']}/edit-tasks")[0] == 403
    assert admin.get(f"/data/episodes/{world['sequence']['id']}/edit-tasks")[0] == 404
