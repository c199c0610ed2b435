"""ShotGrid import (/import/shotgun/*) through the real stack: a project imported in the
documented order and read back with gazu, imported again with changes, removals, errors, bad
records reported one by one, non-admins refused."""
import random

import gazu
import pytest

from api import logged_in, unique

BASE = random.randint(10**6, 10**8)  # ShotGrid ids of this run (the map outlives a module)


def sg(offset):
    return BASE + offset


def shotgun_project(name):
    """A small ShotGrid project, as the ShotGrid API returns its records, per route."""
    project = {"id": sg(1), "name": name, "sg_status": "Active", "sg_fps": 24, "type": "Project"}
    link = {"id": sg(1), "name": name, "type": "Project"}
    email = f"{unique('sg')}@example.com"
    return {
        "projects": [project],
        "persons": [{"id": sg(10), "firstname": "Ada", "lastname": "Grid", "email": email, "login": "ada",
                     "sg_status_list": "act", "permission_rule_set": {"name": "Manager"},
                     "department": {"name": "Animation"}, "type": "HumanUser"}],
        "steps": [{"id": sg(20), "code": f"Model {name}", "short_name": "MOD", "color": "255,0,0",
                   "entity_type": "Asset"},
                  {"id": sg(21), "code": f"Anim {name}", "short_name": "ANI", "color": "0,255,0",
                   "entity_type": "Shot"}],
        "status": [{"id": sg(30), "name": f"Working {name}", "code": f"w{BASE}", "bg_color": "0,0,255"}],
        "episodes": [{"id": sg(40), "code": "E01", "description": "pilot", "project": link}],
        "sequences": [{"id": sg(50), "code": "SQ01", "description": "opening", "project": link,
                       "episode": {"id": sg(40), "type": "Episode"}}],
        "scenes": [{"id": sg(60), "code": "SC01", "project": link,
                    "sequence_sg_scenes_1_sequences": [{"id": sg(50), "type": "Sequence"}]}],
        "assets": [{"id": sg(70), "code": "Bob", "description": "hero", "sg_asset_type": "Character",
                    "project": link, "parents": []},
                   {"id": sg(71), "code": "Hat", "description": "", "sg_asset_type": "Prop",
                    "project": link, "parents": [{"id": sg(70), "type": "Asset"}]}],
        "shots": [{"id": sg(80), "code": "SH010", "project": link, "sg_sequence": {"id": sg(50)},
                   "sg_scene": None, "assets": [{"id": sg(70)}, {"id": sg(71)}],
                   "sg_cut_in": 101, "sg_cut_duration": 48, "sg_custom": "abc"},
                  {"id": sg(81), "code": "SH020", "project": link, "sg_sequence": {"id": sg(50)},
                   "assets": [{"id": sg(70)}], "sg_cut_in": 1, "sg_cut_duration": 24}],
        "tasks": [{"id": sg(90), "cached_display_name": "Anim", "start_date": "2024-01-02",
                   "due_date": "2024-02-03", "sg_sort_order": 2, "duration": 5, "step": {"id": sg(21)},
                   "sg_status_list": f"w{BASE}", "project": {"id": sg(1)},
                   "entity": {"type": "Shot", "id": sg(80)}, "created_by": {"id": sg(10)},
                   "task_assignees": [{"id": sg(10), "type": "HumanUser"}]},
                  {"id": sg(91), "cached_display_name": "Model", "step": {"id": sg(20)},
                   "project": {"id": sg(1)}, "entity": {"type": "Asset", "id": sg(70)},
                   "task_assignees": []}],
        "notes": [{"id": sg(100), "content": "Nice timing", "user": {"id": sg(10), "type": "HumanUser"},
                   "tasks": [{"id": sg(90)}], "created_at": "2024-01-05T10:00:00"}],
        "versions": [{"id": sg(110), "code": "v001", "description": "first", "user": {"id": sg(10)},
                      "sg_task": {"id": sg(90)}, "sg_uploaded_movie": {"url": "http://x/y.mp4", "name": "y.mp4"}}],
        "project-connections": [{"id": sg(120), "project": {"id": sg(1)}, "user": {"id": sg(10)}}],
    }


ORDER = ("projects", "persons", "steps", "status", "episodes", "sequences", "scenes", "assets", "shots",
         "tasks", "notes", "versions", "project-connections")


@pytest.fixture(scope="module")
def imported(admin):
    name = unique("sgproj")
    payload = shotgun_project(name)
    answers = {}
    for route in ORDER:
        status, rows = admin.post(f"/import/shotgun/{route}", payload[route])
        assert status == 200, (route, rows)
        assert len(rows) == len(payload[route]), (route, rows)
        answers[route] = rows
    return name, payload, answers


def test_shotgun_project_read_back_with_gazu(base_url, imported):
    name, payload, answers = imported
    assert answers["projects"][0]["shotgun_id"] == sg(1)
    assert answers["projects"][0]["data"] == {"sg_fps": 24}
    assert {row["shotgun_id"] for row in answers["shots"]} == {sg(80), sg(81)}
    assert answers["steps"][0]["color"] == "#ff0000"
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    project = gazu.project.get_project_by_name(name)
    assert project["id"] == answers["projects"][0]["id"]
    sequence = gazu.shot.get_sequence_by_name(project, "SQ01")
    assert sequence["parent_id"] == answers["episodes"][0]["id"]
    shots = {shot["name"]: shot for shot in gazu.shot.all_shots_for_sequence(sequence)}
    assert set(shots) == {"SH010", "SH020"}
    shot = gazu.shot.get_shot(shots["SH010"]["id"])
    assert shot["data"]["frame_in"] == 101 and shot["data"]["frame_out"] == 149
    assert shot["data"]["sg_custom"] == "abc"
    # the ShotGrid id stays on the entity itself, as Zou's import keeps it
    assert shot["shotgun_id"] == sg(80) and sequence["shotgun_id"] is not None
    casting = gazu.casting.get_shot_casting(shot)
    assert {row["asset_name"] for row in casting} == {"Bob", "Hat"}
    bob = gazu.asset.get_asset_by_name(project, "Bob")
    assert [row["asset_name"] for row in gazu.casting.get_asset_casting(bob)] == ["Hat"]
    tasks = gazu.task.all_tasks_for_shot(shot)
    assert len(tasks) == 1
    tasks = [gazu.task.get_task(tasks[0]["id"])]
    person = answers["persons"][0]
    assert tasks[0]["assignees"] == [person["id"]] and person["role"] == "manager"
    assert tasks[0]["task_status_id"] == answers["status"][0]["id"]
    comments = gazu.task.all_comments_for_task(tasks[0])
    assert [comment["text"] for comment in comments] == ["Nice timing"]
    assert comments[0]["created_at"] == "2024-01-05T10:00:00"  # the note's own date, as Zou
    assert comments[0]["person_id"] == person["id"]
    assert answers["versions"][0]["task_id"] == tasks[0]["id"]
    team = gazu.project.get_team(project)
    assert person["id"] in [member["id"] if isinstance(member, dict) else member for member in team]


def test_shotgun_reimport_updates_without_duplicates(admin, imported):
    name, payload, answers = imported
    shots = [dict(record) for record in payload["shots"]]
    shots[0].update(sg_cut_in=201, description="retimed", sg_custom="xyz")
    status, rows = admin.post("/import/shotgun/shots", shots)
    assert status == 200
    assert [row["id"] for row in rows] == [row["id"] for row in answers["shots"]]
    assert rows[0]["description"] == "retimed"
    assert rows[0]["data"]["frame_in"] == 201 and rows[0]["data"]["sg_custom"] == "xyz"
    project_id = answers["projects"][0]["id"]
    status, listed = admin.get(f"/data/projects/{project_id}/shots")
    assert sorted(shot["name"] for shot in listed) == ["SH010", "SH020"]
    for route in ("projects", "persons", "steps", "status", "assets", "tasks", "notes"):
        status, again = admin.post(f"/import/shotgun/{route}", payload[route])
        assert status == 200 and [row["id"] for row in again] == [row["id"] for row in answers[route]], route
    status, tasks = admin.get(f"/data/projects/{project_id}/tasks")
    assert len(tasks) == 2


def test_shotgun_removals(admin, imported):
    name, payload, answers = imported
    status, body = admin.post("/import/shotgun/remove/scene", {"id": sg(60)})
    assert (status, body) == (200, {"removed_instance_id": answers["scenes"][0]["id"], "success": True})
    assert admin.post("/import/shotgun/remove/scene", {"id": sg(60)}) == (200, {"success": True})
    status, body = admin.post("/import/shotgun/remove/note", {"id": sg(100)})
    assert body == {"removed_instance_id": answers["notes"][0]["id"], "success": True}
    assert admin.get(f"/data/tasks/{answers['tasks'][0]['id']}/comments")[1] == []
    status, body = admin.post("/import/shotgun/remove/shot", {"id": sg(81)})
    assert body["success"] is True
    assert admin.get(f"/data/shots/{answers['shots'][1]['id']}")[0] == 404


def test_shotgun_errors_posted_listed_deleted(admin, base_url):
    user = logged_in(base_url, admin, "user")
    status, error = user.post("/import/shotgun/errors", {"event": "Shotgun_Shot_Change", "n": 3})
    assert status == 201
    assert set(error) == {"event_data", "source", "id", "created_at", "updated_at", "type"}
    assert error["source"] == "shotgun" and error["type"] == "DataImportError"
    status, listed = admin.get("/import/shotgun/errors")
    assert error["id"] in [row["id"] for row in listed]
    assert admin.delete(f"/import/shotgun/errors/{error['id']}")[0] == 204
    assert admin.delete(f"/import/shotgun/errors/{error['id']}")[0] == 404
    assert admin.delete("/import/shotgun/errors/not-an-id")[0] in (400, 404)


def test_shotgun_bad_records_reported_each(admin, imported):
    name, payload, answers = imported
    good = dict(payload["tasks"][1], id=sg(95), cached_display_name="Model 2")
    bad = [dict(good, id=sg(96), step={"id": sg(999)}),  # unknown step
           dict(good, id=sg(97), project=None),  # missing project
           dict(good, id=sg(98), due_date="2024-13-45"),  # malformed date
           dict(good, id=sg(99), step={"id": sg(21)}),  # a shot's step on an asset: refused by tasks
           good]
    status, rows = admin.post("/import/shotgun/tasks", bad)
    assert status == 200 and [row["shotgun_id"] for row in rows] == [sg(95)]
    status, errors = admin.get("/import/shotgun/errors")
    reported = {row["event_data"]["record"]["id"]: row["event_data"] for row in errors
                if isinstance(row["event_data"], dict) and row["event_data"].get("kind") == "Task"}
    assert reported[sg(96)]["index"] == 0 and "step" in reported[sg(96)]["reason"]
    assert reported[sg(97)]["index"] == 1 and "project" in reported[sg(97)]["reason"]
    assert reported[sg(98)]["index"] == 2 and "date" in reported[sg(98)]["reason"]
    assert reported[sg(99)]["index"] == 3 and "does not match entity type" in reported[sg(99)]["reason"]
    project_id = answers["projects"][0]["id"]
    status, tasks = admin.get(f"/data/projects/{project_id}/tasks")
    assert sorted(task["shotgun_id"] or 0 for task in tasks) == sorted([sg(90), sg(91), sg(95)])


def test_shotgun_entity_refused_by_production_reported_alone(admin, imported):
    """A page of shots created in one production command: the one production refuses (its
    sequence is another project's) is reported with its index and not written; the others are."""
    name, payload, answers = imported
    other = unique("sgproj")
    status, projects = admin.post("/import/shotgun/projects", [{"id": sg(2), "name": other, "sg_status": "Active"}])
    assert status == 200
    link = {"id": sg(2), "name": other, "type": "Project"}
    shots = [{"id": sg(85), "code": "SH100", "project": link, "sg_sequence": {"id": sg(50)}},
             {"id": sg(86), "code": "SH110", "project": link, "sg_cut_in": 1, "sg_cut_duration": 10}]
    status, rows = admin.post("/import/shotgun/shots", shots)
    assert status == 200 and [(row["shotgun_id"], row["name"]) for row in rows] == [(sg(86), "SH110")]
    status, errors = admin.get("/import/shotgun/errors")
    reported = {row["event_data"]["record"]["id"]: row["event_data"] for row in errors
                if isinstance(row["event_data"], dict) and row["event_data"].get("kind") == "Shot"}
    assert reported[sg(85)]["index"] == 0 and sg(86) not in reported
    status, written = admin.get(f"/data/projects/{projects[0]['id']}/shots")
    assert status == 200 and [shot["name"] for shot in written] == ["SH110"]


def test_shotgun_import_refused_to_non_admins(admin, base_url):
    user = logged_in(base_url, admin, "manager")
    assert user.post("/import/shotgun/projects", [{"id": 1, "name": "nope"}])[0] == 403
    assert user.post("/import/shotgun/tasks", [])[0] == 403
    assert admin.post("/import/shotgun/projects", {"id": 1})[0] == 400


def test_shotgun_pages_refused_records_write_nothing_others_all(cluster, admin, imported):
    """A page of tasks and one of notes, each created by one tasks command: a record it refuses
    (the same task twice, a note on a task deleted since) is reported and writes nothing; the
    others are written, each comment with its own `comment:new`."""
    from test_tasks_core import EventTap  # the tasks service's events exchange, tapped
    name, payload, answers = imported
    model = dict(payload["tasks"][1], entity={"type": "Asset", "id": sg(71)}, cached_display_name="Model")
    tasks = [dict(model, id=sg(130)), dict(model, id=sg(132), cached_display_name="Texture"),
             dict(model, id=sg(131))]  # the first again (same page share as the first: see Import.create_batch)
    status, rows = admin.post("/import/shotgun/tasks", tasks)
    assert status == 200 and [row["shotgun_id"] for row in rows] == [sg(130), sg(132)]
    errors = {row["event_data"]["record"]["id"]: row["event_data"] for row in admin.get("/import/shotgun/errors")[1]
              if isinstance(row["event_data"], dict) and row["event_data"].get("kind") == "Task"}
    assert errors[sg(131)]["index"] == 2 and "already exists" in errors[sg(131)]["reason"]
    kept, deleted = rows
    assert admin.delete(f"/data/tasks/{deleted['id']}")[0] == 204
    note = payload["notes"][0]
    notes = [dict(note, id=sg(140 + i), content=f"note {i}", tasks=[{"id": sg(132 if i == 2 else 130)}])
             for i in range(5)]
    tap = EventTap(cluster.env["AMQP_URI"])
    try:
        status, comments = admin.post("/import/shotgun/notes", notes)
        assert status == 200 and [row["shotgun_id"] for row in comments] == [sg(140), sg(141), sg(143), sg(144)]
        ids = {comment["id"] for comment in comments}
        seen = tap.wait({"comment:new"}, until=lambda seen: ids <= {data["comment_id"] for name, data in seen
                                                                    if name == "comment:new"})
    finally:
        tap.close()
    assert {data["comment_id"]: data["task_id"] for name, data in seen if name == "comment:new"} == {
        comment_id: kept["id"] for comment_id in ids}
    errors = {row["event_data"]["record"]["id"]: row["event_data"] for row in admin.get("/import/shotgun/errors")[1]
              if isinstance(row["event_data"], dict) and row["event_data"].get("kind") == "Note"}
    assert errors[sg(142)]["index"] == 2 and sg(140) not in errors
    listed = admin.get(f"/data/tasks/{kept['id']}/comments")[1]
    assert sorted(comment["text"] for comment in listed) == ["note 0", "note 1", "note 3", "note 4"]
    assert admin.get("/data/comments", shotgun_id=sg(142))[1] == []
