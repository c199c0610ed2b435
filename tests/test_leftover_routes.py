"""The last Zou routes of production and tasks, through the real stack, as the Zou reference answers
them: salary scales (generic CRUD), schedule items per task type, schedule versions taken from
and applied to the production, shot frame counts from their previews, a task's last preview as
its entity's main preview, a person's quota shots, a production's time per month for its budget,
the caller's sequence subscriptions and gazu's project task types path."""
import datetime
import time
from pathlib import Path

import gazu
import psycopg2
import pytest

from api import NOT_FOUND, logged_in, unique
from media_samples import movie
from conftest import ADMIN_EMAIL, ADMIN_PASSWORD, TEST_DB_PREFIX

FORBIDDEN = 403
TODAY = datetime.date.today()
ENTITY_KEYS = {"id", "name", "code", "description", "shotgun_id", "canceled", "nb_frames", "nb_entities_out",
               "is_casting_standby", "is_shared", "status", "project_id", "entity_type_id", "parent_id",
               "source_id", "preview_file_id", "data", "ready_for", "created_by", "created_at", "updated_at",
               "type"}


@pytest.fixture(scope="module")
def world(base_url, admin):
    """A project at 25 fps: SQ01 (SH010, SH020) and E01 / SQ02 (SH030); an animation type of a
    department (used by the tasks) and a layout type (in the settings, unused); the artist on
    the animation of SH010 and SH030, the supervisor on SH010's too; a manager, a client and a
    vendor in the team, a manager outside it."""
    department = admin.post("/data/departments", {"name": unique("Anim"), "color": "#000000"})[1]
    roles = {"artist": "user", "supervisor": "supervisor", "manager": "manager", "client": "client",
             "vendor": "vendor"}
    people = {key: logged_in(base_url, admin, role, departments=[department["id"]]) for key, role in roles.items()}
    outsider = logged_in(base_url, admin, "manager")
    status, project = admin.post("/data/projects", {"name": unique("Leftovers"), "fps": "25",
                                                    "team": [p.person["id"] for p in people.values()]})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"
    anim = admin.post("/data/task-types", {"name": unique("Anim"), "for_entity": "Shot",
                                           "department_id": department["id"]})[1]
    layout = admin.post("/data/task-types", {"name": unique("Layout"), "for_entity": "Shot"})[1]
    for task_type in (anim, layout):
        assert admin.post(f"{base}/settings/task-types", {"task_type_id": task_type["id"]})[0] == 201
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    episode = admin.post(f"{base}/episodes", {"name": "E01"})[1]
    sequence2 = admin.post(f"{base}/sequences", {"name": "SQ02", "episode_id": episode["id"]})[1]
    shots = [admin.post(f"{base}/shots", {"name": name, "sequence_id": parent["id"], "nb_frames": 12})[1]
             for name, parent in (("SH010", sequence), ("SH020", sequence), ("SH030", sequence2))]
    tasks = []
    for shot in shots:
        status, task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": anim["id"]})
        assert status == 201, task
        tasks.append(task)
    for task, person in ((tasks[0], "artist"), (tasks[0], "supervisor"), (tasks[2], "artist")):
        assert admin.put(f"/actions/tasks/{task['id']}/assign", {"person_id": people[person].person["id"]})[0] == 200
    statuses = {row["short_name"]: row for row in admin.get("/data/task-status")[1]}
    return dict(project=project, base=base, department=department, anim=anim, layout=layout,
                sequence=sequence, episode=episode, shots=shots, tasks=tasks, statuses=statuses,
                outsider=outsider, **people)


def comment(admin, task, status):
    answer = admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": status["id"], "comment": "x"})
    assert answer[0] == 201, answer
    return answer[1]


# -- salary scales (generic CRUD) ----------------------------------------------------------------
def test_salary_scales_are_listed_for_every_department_position_and_seniority(admin, world):
    status, scales = admin.get("/data/salary-scales")
    assert status == 200
    ours = [row for row in scales if row["department_id"] == world["department"]["id"]]
    assert sorted((row["position"], row["seniority"]) for row in ours) == sorted(
        (position, seniority) for position in ("supervisor", "lead", "artist")
        for seniority in ("senior", "mid", "junior"))
    assert set(ours[0]) == {"id", "department_id", "position", "seniority", "salary", "created_at",
                            "updated_at", "type"}
    assert (ours[0]["salary"], ours[0]["type"]) == (0, "SalaryScale")
    assert len(admin.get("/data/salary-scales")[1]) == len(scales)  # made once
    department = admin.post("/data/departments", {"name": unique("FX"), "color": "#000000"})[1]
    assert len(admin.get("/data/salary-scales")[1]) == len(scales) + 9
    assert len(admin.get("/data/salary-scales", department_id=department["id"])[1]) == 9


def production_log_position():
    """The last position of production's event log (what it has written)."""
    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=f"{TEST_DB_PREFIX}_production") as db:
        with db.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM productionapplication_events")
            return cursor.fetchone()[0]


def test_a_refused_salary_scale_list_makes_nothing(admin, world):
    """Listing makes the missing rows and lists them in one transaction: a bad page, nothing."""
    admin.post("/data/departments", {"name": unique("Comp"), "color": "#000000"})
    before = production_log_position()
    status, body = admin.get("/data/salary-scales", page=-2147483648)
    assert (status, body["message"]) == (400, "page is out of range.")
    assert production_log_position() == before
    assert admin.get("/data/salary-scales")[0] == 200 and production_log_position() > before


def test_salary_scales_are_changed_by_admins_only_and_never_created(admin, world):
    scale = admin.get("/data/salary-scales", department_id=world["department"]["id"])[1][0]
    one = f"/data/salary-scales/{scale['id']}"
    assert admin.get(one) == (200, scale)
    status, changed = admin.put(one, {"salary": 320, "position": "lead", "department_id": world["anim"]["id"]})
    assert status == 200 and (changed["salary"], changed["position"]) == (320, "lead")
    assert changed["department_id"] == world["department"]["id"]  # a scale stays in its department
    for bad in ({"salary": "abc"}, {"salary": -5}, {"position": "boss"}):
        assert admin.put(one, bad)[0] == 400
    assert admin.post("/data/salary-scales", {"department_id": world["department"]["id"]}) == (400, {
        "error": True, "message": "Salary scales cannot be created", "data": None})
    for caller in (world["manager"], world["artist"]):
        assert caller.get("/data/salary-scales")[0] == FORBIDDEN
        assert caller.get(one)[0] == FORBIDDEN
        assert caller.put(one, {"salary": 1})[0] == FORBIDDEN
        assert caller.post("/data/salary-scales", {})[0] == FORBIDDEN
        assert caller.delete(one)[0] == FORBIDDEN
    assert admin.get(one)[1]["salary"] == 320  # nothing refused was written
    assert admin.delete(one)[0] == 204
    again = admin.get("/data/salary-scales", department_id=world["department"]["id"])[1]
    assert len(again) == 9 and scale["id"] not in [row["id"] for row in again]  # listing makes it again


# -- planning -----------------------------------------------------------------------------------
def test_schedule_items_of_the_task_types_the_tasks_use(admin, world):
    path = f"{world['base']}/schedule-items/task-types"
    status, items = admin.get(path)
    assert status == 200 and [item["task_type_id"] for item in items] == [world["anim"]["id"]]
    assert items[0] == {**items[0], "object_id": None, "man_days": None, "project_id": world["project"]["id"],
                        "start_date": TODAY.isoformat(), "end_date": (TODAY + datetime.timedelta(days=1)).isoformat()}
    assert set(items[0]) == {"id", "start_date", "end_date", "man_days", "project_id", "task_type_id", "object_id"}
    assert admin.get(path)[1] == items  # made once
    assert items[0]["id"] in [row["id"] for row in admin.get(f"{world['base']}/schedule-items")[1]]
    for caller in ("artist", "client", "supervisor"):
        assert world[caller].get(path) == (200, items)
    assert world["vendor"].get(path)[0] == FORBIDDEN
    assert world["outsider"].get(path)[0] == FORBIDDEN
    assert admin.get(f"/data/projects/{unique('x')}/schedule-items/task-types")[0] == 400


def test_a_schedule_version_taken_from_the_production_then_applied(admin, world):
    task, other = world["tasks"][0], world["tasks"][1]
    assert admin.put(f"/data/tasks/{task['id']}", {"start_date": "2024-05-01", "due_date": "2024-05-10",
                                                    "estimation": 3})[0] == 200
    version = admin.post("/data/production-schedule-versions",
                         {"name": "v1", "project_id": world["project"]["id"]})[1]
    action = f"/actions/production-schedule-versions/{version['id']}"

    def links():
        listed = admin.get(f"/data/production-schedule-versions/{version['id']}/task-links")[1]
        return {link["task_id"]: link for link in listed}

    for caller in ("supervisor", "artist", "outsider"):
        assert world[caller].post(action + "/set-task-links-from-production", {})[0] == FORBIDDEN
    assert admin.get(f"/data/production-schedule-versions/{version['id']}/task-links") == (200, [])
    assert world["manager"].post(action + "/set-task-links-from-production", {}) == (
        200, {"success": True, "task_link_count": 3})
    made = links()
    assert set(made) == {row["id"] for row in world["tasks"]}
    assert (made[task["id"]]["start_date"], made[task["id"]]["due_date"], made[task["id"]]["estimation"]) == (
        "2024-05-01", "2024-05-10", 3.0)
    assert sorted(made[task["id"]]["assignees"]) == sorted(
        [world["artist"].person["id"], world["supervisor"].person["id"]])
    assert (made[other["id"]]["start_date"], made[other["id"]]["assignees"]) == (None, [])
    link = f"/data/production-schedule-version-task-links/{made[other['id']]['id']}"
    assert admin.put(link, {"start_date": "2024-06-01", "due_date": "2024-06-05", "estimation": 2,
                            "assignees": [world["artist"].person["id"]]})[0] == 200
    for caller in ("supervisor", "client"):
        assert world[caller].post(action + "/apply-to-production", {})[0] == FORBIDDEN
    assert admin.get(f"/data/tasks/{other['id']}")[1]["start_date"] is None  # nothing refused was written
    assert world["manager"].post(action + "/apply-to-production", {}) == (200, {"success": True, "task_count": 3})
    applied = admin.get(f"/data/tasks/{other['id']}")[1]
    assert (applied["start_date"], applied["due_date"], applied["estimation"]) == (
        "2024-06-01T00:00:00", "2024-06-05T00:00:00", 2.0)
    assert applied["assignees"] == []  # a version's assignees stay in the version
    assert admin.get(f"/data/projects/{world['project']['id']}")[1]["from_schedule_version_id"] == version["id"]
    # the version follows the production again
    assert admin.post(action + "/set-task-links-from-production", {})[1]["task_link_count"] == 3
    assert (links()[other["id"]]["start_date"], links()[other["id"]]["assignees"]) == ("2024-06-01", [])
    for unknown in ("nope", "00000000-0000-0000-0000-000000000001"):
        for name in ("apply-to-production", "set-task-links-from-production"):
            assert admin.post(f"/actions/production-schedule-versions/{unknown}/{name}", {}) == (
                404, {"error": True, "message": NOT_FOUND})




def until(call, accept, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        answer = call()
        if accept(answer) or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_shot_frames_from_the_last_preview_of_a_task_type(admin, world, tmp_path):
    project, anim, shot = world["project"]["id"], world["anim"]["id"], world["shots"][1]
    task = world["tasks"][1]
    action = f"/actions/projects/{project}/task-types/{anim}/set-shot-nb-frames"
    assert admin.post(action, {}) == (200, [])  # no preview yet
    note = comment(admin, task, world["statuses"]["wip"])
    preview = admin.post(f"/actions/tasks/{task['id']}/comments/{note['id']}/add-preview", {})[1]
    status, _ = admin.request("POST", f"/pictures/preview-files/{preview['id']}",
                              files={"file": ("take.mp4", Path(movie(tmp_path / "take.mp4", 2, "320x240", 24)).read_bytes(), "video/mp4")})
    assert status == 201
    ready = until(lambda: admin.get(f"/data/preview-files/{preview['id']}")[1],
                  lambda row: row["status"] != "processing")
    assert ready["status"] == "ready" and abs(ready["duration"] - 2) < 0.1
    for caller in ("supervisor", "artist", "outsider"):
        assert world[caller].post(action, {})[0] == FORBIDDEN
    assert admin.get(f"/data/shots/{shot['id']}")[1]["nb_frames"] == 12  # nothing refused was written
    answer = until(lambda: world["manager"].post(action, {}), lambda answer: answer[1] and answer[1][0]["nb_frames"])
    assert answer == (200, [{"id": shot["id"], "nb_frames": round(ready["duration"] * 25)}])
    assert admin.get(f"/data/shots/{shot['id']}")[1]["nb_frames"] == round(ready["duration"] * 25)
    assert admin.post(f"{action}?episode_id={world['episode']['id']}", {}) == (200, [])
    unused = f"/actions/projects/{project}/task-types/{world['layout']['id']}/set-shot-nb-frames"
    assert admin.post(unused, {}) == (200, [])
    for bad, message in ((action.replace(project, "nope"), "Invalid project or task type id"),
                         (f"{action}?episode_id=nope", "Invalid episode id")):
        assert admin.post(bad, {}) == (400, {"error": True, "message": message, "data": None})


# -- main previews ------------------------------------------------------------------------------
def test_a_tasks_last_preview_becomes_its_entitys_main_preview(admin, world):
    task, shot = world["tasks"][2], world["shots"][2]
    bare = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": world["layout"]["id"]})[1]
    assert admin.put(f"/actions/tasks/{task['id']}/set-main-preview", {}) == (400, {
        "error": True, "message": "This task has no preview file to set as the main preview.", "data": None})
    notes = [comment(admin, task, world["statuses"]["wip"]) for _ in range(2)]
    first, last, extra = (admin.post(f"/actions/tasks/{task['id']}/comments/{note['id']}/add-preview", {})[1]
                          for note in (notes[0], notes[1], notes[1]))
    assert (last["revision"], extra["revision"], extra["position"]) == (first["revision"] + 1, last["revision"], 2)
    assert admin.get(f"/data/tasks/{task['id']}")[0] == 200  # once tasks knows the previews, everyone does
    for caller in ("client", "vendor", "outsider"):
        assert world[caller].put(f"/actions/tasks/{task['id']}/set-main-preview", {})[0] == FORBIDDEN
    assert admin.get(f"/data/shots/{shot['id']}")[1]["preview_file_id"] is None
    status, entity = world["artist"].put(f"/actions/tasks/{task['id']}/set-main-preview", {})
    assert status == 200 and (entity["id"], entity["preview_file_id"]) == (shot["id"], last["id"])
    assert set(entity) == ENTITY_KEYS | {"preview_file_status"}
    assert (entity["type"], entity["preview_file_status"], entity["nb_frames"]) == ("Entity", last["status"], 12)
    # several tasks: those without a preview are skipped; every task is checked before any change
    admin.put(f"/actions/preview-files/{first['id']}/set-main-preview", {})
    body = {"task_ids": [task["id"], bare["id"]]}
    assert world["vendor"].put("/actions/tasks/set-main-preview", body)[0] == FORBIDDEN
    assert admin.put("/actions/tasks/set-main-preview", {"task_ids": [task["id"], unique("x")]})[0] == 404
    assert admin.get(f"/data/shots/{shot['id']}")[1]["preview_file_id"] == first["id"]
    status, entities = admin.put("/actions/tasks/set-main-preview", body)
    assert status == 200 and [(row["id"], row["preview_file_id"]) for row in entities] == [(shot["id"], last["id"])]
    for bad, message in (({}, "Field required"), ({"task_ids": "x"}, "Input should be a valid list"),
                         ({"task_ids": []}, "List should have at least 1 item after validation, not 0")):
        assert admin.put("/actions/tasks/set-main-preview", bad) == (400, {
            "error": True, "message": "Validation error.",
            "data": {"errors": [{"field": "task_ids", "message": message}]}})


# -- quotas and budgets -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def logged_time(admin, world):
    """Time on SH010's animation (artist: 120 min in March, 60 in April; supervisor: 60 in
    March), then sent to review; SH030's animation sent to review."""
    task, artist, supervisor = world["tasks"][0], world["artist"].person["id"], world["supervisor"].person["id"]
    for day, person, minutes in (("2024-03-04", artist, 120), ("2024-04-04", artist, 60),
                                 ("2024-03-05", supervisor, 60)):
        path = f"/actions/tasks/{task['id']}/time-spents/{day}/persons/{person}"
        assert admin.post(path, {"duration": minutes})[0] == 201
    for task in (world["tasks"][0], world["tasks"][2]):
        comment(admin, task, world["statuses"]["wfa"])
    return world


def shots(caller, person, period, **query):
    status, answer = caller.get(f"/data/persons/{person.person['id']}/quota-shots/{period}", **query)
    assert status == 200, answer
    return [(row["full_name"], row["weight"]) for row in answer]


def test_quota_shots_count_modes(admin, logged_time):
    world, artist = logged_time, logged_time["artist"]
    month = f"month/{TODAY.year}/{TODAY.month}"
    # weighted: a shot task gone to review weighs the person's share of its time in the period
    assert shots(admin, artist, "month/2024/3") == [("SQ01 / SH010", 0.5)]
    assert shots(admin, artist, "month/2024/4") == [("SQ01 / SH010", 0.25)]
    assert shots(admin, world["supervisor"], "week/2024/10") == [("SQ01 / SH010", 0.25)]
    assert shots(admin, artist, "day/2024/3/4") == [("SQ01 / SH010", 0.5)]
    assert shots(admin, artist, "day/2024/3/5") == []
    assert shots(admin, artist, "month/2024/3", count_mode="weighteddone") == []
    # feedback / done: each shot task of theirs sent to review / done in the period weighs 1
    assert shots(admin, artist, month, count_mode="feedback") == [("E01 / SQ02 / SH030", 1), ("SQ01 / SH010", 1)]
    assert shots(admin, artist, month, count_mode="done") == []
    comment(admin, world["tasks"][0], world["statuses"]["done"])
    assert shots(admin, artist, month, count_mode="done") == [("SQ01 / SH010", 1)]
    assert shots(admin, artist, "month/2024/3", count_mode="weighteddone") == [("SQ01 / SH010", 0.5)]
    # narrowed to a project, a task type
    assert shots(admin, artist, "month/2024/3", task_type_id=world["layout"]["id"]) == []
    assert shots(admin, artist, "month/2024/3", project_id=world["project"]["id"]) == [("SQ01 / SH010", 0.5)]
    status, answer = admin.get(f"/data/persons/{artist.person['id']}/quota-shots/month/2024/3")
    assert set(answer[0]) == ENTITY_KEYS | {"full_name", "weight"} and answer[0]["type"] == "Entity"
    assert answer[0]["id"] == world["shots"][0]["id"]


def test_quota_shots_readers_and_bad_input(admin, logged_time):
    world = logged_time
    person = world["artist"].person["id"]
    path = f"/data/persons/{person}/quota-shots/week/2024/10"
    in_project = {"project_id": world["project"]["id"]}
    assert world["artist"].get(path)[0] == 200
    for caller in ("manager", "supervisor", "client"):
        assert world[caller].get(path)[0] == FORBIDDEN  # without a project: admins and the person
    for caller in ("manager", "supervisor"):
        assert world[caller].get(path, **in_project)[0] == 200
    for caller in ("client", "vendor", "outsider"):
        assert world[caller].get(path, **in_project)[0] == FORBIDDEN
    assert world["artist"].get(f"/data/persons/{world['manager'].person['id']}/quota-shots/week/2024/10",
                               **in_project)[0] == FORBIDDEN
    assert admin.get(f"/data/persons/{unique('x')}/quota-shots/week/2024/10")[0] == 404
    assert admin.get(path, project_id="00000000-0000-0000-0000-000000000001")[0] == 404
    assert admin.get(path, count_mode="bogus") == (400, {
        "error": True, "message": "count_mode must be equal to weighted, weighteddone, feedback, or done",
        "data": None})
    for bad in ("month/2024/13", "week/2024/60", "day/2024/2/30", "day/2024/x/3"):
        assert admin.get(f"/data/persons/{person}/quota-shots/{bad}") == (400, {
            "error": True, "message": "Invalid month or year.", "data": None})
    assert admin.get(path, task_type_id="nope")[0] == 400


def test_a_productions_time_per_department_person_and_month(admin, logged_time):
    world = logged_time
    path = f"{world['base']}/budgets/time-spents"
    artist, supervisor = world["artist"].person["id"], world["supervisor"].person["id"]
    assert admin.get(path) == (200, {world["department"]["id"]: {
        "total": 240.0, artist: {"total": 180.0, "2024-03": 120.0, "2024-04": 60.0},
        supervisor: {"total": 60.0, "2024-03": 60.0}}})
    for caller in ("manager", "supervisor", "artist"):
        assert world[caller].get(path)[0] == FORBIDDEN
    assert admin.get("/data/projects/00000000-0000-0000-0000-000000000001/budgets/time-spents") == (200, {})
    assert admin.get("/data/projects/nope/budgets/time-spents") == (400, {
        "error": True, "message": "Wrong UUID format.", "data": None})


# -- the caller's settings and subscriptions ------------------------------------------------------
def test_sequence_subscriptions_of_the_caller(admin, world):
    sequence, anim, artist = world["sequence"]["id"], world["anim"]["id"], world["artist"]
    path = f"/data/user/projects/{world['project']['id']}/task-types/{anim}/sequence-subscriptions"
    assert artist.get(path) == (200, [])
    assert artist.post(f"/actions/user/sequences/{sequence}/task-types/{anim}/subscribe")[0] == 201
    assert artist.get(path) == (200, [sequence])
    assert admin.get(path) == (200, [])
    assert artist.get(f"/data/user/projects/{world['project']['id']}/task-types/{world['layout']['id']}"
                      "/sequence-subscriptions") == (200, [])
    assert world["outsider"].get(path)[0] == FORBIDDEN
    assert artist.get(f"/data/user/projects/{unique('x')}/task-types/{anim}/sequence-subscriptions")[0] == 404


def test_gazu_reads_a_projects_task_types_in_its_settings(base_url, admin, world):
    settings = f"{world['base']}/settings/task-types"
    status, task_types = world["artist"].get(settings)
    assert status == 200 and task_types == world["artist"].get(f"{world['base']}/task-types")[1]
    assert {row["id"] for row in task_types} == {world["anim"]["id"], world["layout"]["id"]}
    assert world["outsider"].get(settings)[0] == FORBIDDEN
    gazu.set_host(base_url)
    gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert gazu.project.get_project_task_types(world["project"]["id"]) == admin.get(settings)[1]
