"""The tasks service's time & social area through the real stack: time spents set/added and read
per task, day, week, month and year (the task's duration follows), day offs with the overlap
rule and the time they clear, subscriptions and notifications of an assignee, chats, saved
filters, and bad input answered as Zou does."""

import pytest

from api import NOT_FOUND, logged_in, unique

@pytest.fixture(scope="module")
def world(base_url, admin):
    """A project with an artist and a manager in its team, a shot in a sequence and an asset,
    and a task on each assigned to the artist."""
    artist, manager, other = (logged_in(base_url, admin, role) for role in ("user", "manager", "user"))
    props = admin.post("/data/entity-types", {"name": unique("Props")})[1]
    team = [artist.person["id"], manager.person["id"]]
    status, project = admin.post("/data/projects", {"name": unique("Time project"), "team": team})
    assert status == 201, project

    def entity(path, name, **extra):
        status, row = admin.post(f"/data/projects/{project['id']}/{path}", {"name": name, **extra})
        assert status == 201, row
        return row

    asset = entity(f"asset-types/{props['id']}/assets/new", "Lamp")
    sequence = entity("sequences", "SQ01")
    shot = entity("shots", "SH010", sequence_id=sequence["id"])
    task_type = admin.post("/data/task-types", {"name": unique("Layout"), "for_entity": "Shot"})[1]
    asset_type = admin.post("/data/task-types", {"name": unique("Rig"), "for_entity": "Asset"})[1]
    tasks = {}
    for key, entity_row, kind in (("shot", shot, task_type), ("asset", asset, asset_type)):
        status, task = admin.post("/data/tasks", {"entity_id": entity_row["id"], "task_type_id": kind["id"],
                                                  "assignees": [artist.person["id"]]})
        assert status == 201, task
        tasks[key] = task
    return dict(project=project, shot=shot, asset=asset, sequence=sequence, tasks=tasks,
                artist=artist, manager=manager, other=other)


def time_path(task, date, person):
    return f"/actions/tasks/{task['id']}/time-spents/{date}/persons/{person['id']}"


# -- time spents ---------------------------------------------------------------------------------
def test_set_and_add_time_keep_one_row_and_the_task_duration(admin, world):
    task, artist = world["tasks"]["shot"], world["artist"]
    status, spent = artist.post(time_path(task, "2026-03-02", artist.person), {"duration": 120})
    assert status == 201, spent
    assert spent["duration"] == 120.0 and spent["date"] == "2026-03-02"
    assert spent["type"] == "TimeSpent" and spent["person_id"] == artist.person["id"]
    assert "project_id" not in spent
    status, added = artist.post(time_path(task, "2026-03-02", artist.person) + "/add", {"duration": 30})
    assert (status, added["id"], added["duration"]) == (201, spent["id"], 150.0)
    status, again = admin.post(time_path(task, "2026-03-03", artist.person), {"duration": 60})
    assert status == 201, again  # admins log time for an assignee
    status, whole = admin.get(f"/actions/tasks/{task['id']}/time-spents")
    assert status == 200
    assert whole["total"] == 210.0
    assert [row["date"] for row in whole[artist.person["id"]]] == ["2026-03-02", "2026-03-03"]
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 210.0
    status, day = artist.get(f"/actions/tasks/{task['id']}/time-spents/2026-03-03")
    assert status == 200 and day["total"] == 60.0 and list(day) == ["total", artist.person["id"]]
    assert admin.get(f"/actions/tasks/{task['id']}/time-spents/2026-04-01") == (200, {"total": 0})
    # setting replaces the day's duration
    status, spent = artist.post(time_path(task, "2026-03-02", artist.person), {"duration": 10})
    assert (status, spent["duration"]) == (201, 10.0)
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 70.0


def test_time_spent_rules_and_bad_input(admin, world):
    task, artist, other = world["tasks"]["asset"], world["artist"], world["other"]
    path = time_path(task, "2026-03-05", artist.person)
    for body, message in (({"duration": 0}, "Input should be greater than 0"), ({}, "Field required"),
                          ({"duration": "abc"},
                           "Input should be a valid number, unable to parse string as a number")):
        status, error = artist.post(path, body)
        assert status == 400
        assert error == {"error": True, "message": "Validation error.",
                         "data": {"errors": [{"field": "duration", "message": message}]}}
    for date in ("2026-13-01", "bad"):
        assert artist.post(time_path(task, date, artist.person), {"duration": 5}) == (
            400, {"error": True, "message": "Invalid date format.", "data": None})
    # only for an assignee, even for an admin
    assert admin.post(time_path(task, "2026-03-05", other.person), {"duration": 5})[0] == 403
    assert other.post(path, {"duration": 5})[0] == 403
    assert admin.post(f"/actions/tasks/not-a-uuid/time-spents/2026-03-05/persons/{artist.person['id']}",
                      {"duration": 5}) == (404, {"error": True, "message": NOT_FOUND})
    assert admin.post(path.replace(artist.person["id"], "0" * 8 + "-0000-0000-0000-" + "0" * 12),
                      {"duration": 5})[0] == 404
    assert admin.get(f"/actions/tasks/{task['id']}/time-spents/2026-02-30")[0] == 400


def test_delete_time_spent_recomputes_the_duration(admin, world):
    task, artist = world["tasks"]["asset"], world["artist"]
    first = artist.post(time_path(task, "2026-03-09", artist.person), {"duration": 40})[1]
    artist.post(time_path(task, "2026-03-10", artist.person), {"duration": 20})
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 60.0
    status, removed = artist.delete(time_path(task, "2026-03-10", artist.person))
    assert (status, removed["date"], removed["duration"]) == (201, "2026-03-10", 0)
    assert artist.delete(time_path(task, "2026-03-10", artist.person))[0] == 404
    assert artist.delete(f"/data/time-spents/{first['id']}") == (204, "")
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 0.0
    assert admin.get(f"/data/time-spents/{first['id']}")[0] == 404


def test_person_time_spents_per_day_week_month_year(admin, world):
    task, artist, manager = world["tasks"]["shot"], world["artist"], world["manager"]
    artist.post(time_path(task, "2026-05-12", artist.person), {"duration": 45})
    person = f"/data/persons/{artist.person['id']}/time-spents"
    status, day = artist.get(f"{person}/2026-05-12")
    assert status == 200 and [(r["duration"], r["task_id"]) for r in day] == [(45.0, task["id"])]
    assert artist.get(f"{person}/bad") == (400, {"error": True, "message": "Invalid month or year.",
                                                 "data": None})
    week = artist.get(f"{person}/week/2026/20")[1]
    assert week == [{"task_id": task["id"], "task_type_id": task["task_type_id"],
                     "project_id": world["project"]["id"], "project_name": world["project"]["name"],
                     "entity_name": "SH010", "entity_type_name": "Shot",
                     "sequence_name": "SQ01", "episode_name": None, "duration": 45.0}]
    assert [r["duration"] for r in admin.get(f"{person}/month/2026/5")[1]] == [45.0]
    assert admin.get(f"{person}/year/2026")[1][0]["task_id"] == task["id"]
    assert [r["date"] for r in artist.get(f"{person}/month/all/2026/05")[1]] == ["2026-05-12"]
    assert artist.get(f"{person}/week/2026/60")[1]["message"] == "Invalid month or year."
    assert artist.get(f"{person}/month/2026/13")[1]["message"] == "Invalid date format."
    assert artist.get(f"{person}/month/all/2026/13")[1]["message"] == "Invalid month or year."
    ranged = manager.get(person, start_date="2026-05-01", end_date="2026-05-31")[1]
    assert [(r["date"], r["project_id"], r["task_type_id"]) for r in ranged] == [
        ("2026-05-12", world["project"]["id"], task["task_type_id"])]
    assert admin.get(person, start_date="2026-05-01")[1]["message"].startswith("If querying for a range")
    assert world["other"].get(f"{person}/2026-05-12")[0] == 403
    assert world["other"].get(f"{person}/month/all/2026/5")[0] == 403
    assert admin.get("/data/persons/not-a-uuid/time-spents/2026-05-12")[0] == 404
    # the logged-in person's views
    assert [r["duration"] for r in artist.get("/data/user/time-spents/2026-05-12")[1]] == [45.0]
    assert artist.get(f"/data/user/tasks/{task['id']}/time-spents/2026-05-12")[1]["duration"] == 45.0
    assert artist.get(f"/data/user/tasks/{task['id']}/time-spents/2026-05-13") == (200, None)
    assert len(artist.get("/data/user/time-spents", start_date="2026-05-01", end_date="2026-05-31")[1]) == 1
    assert artist.get("/data/user/time-spents/2026-5-x")[1]["message"] == "Wrong date format."


def test_project_time_spents_of_a_task_type(admin, world):
    task, artist, manager = world["tasks"]["asset"], world["artist"], world["manager"]
    spent = artist.post(time_path(task, "2026-07-06", artist.person), {"duration": 25})[1]
    path = f"/data/projects/{world['project']['id']}/task-types/{task['task_type_id']}/time-spents"
    status, by_person = manager.get(path, start_date="2026-07-01", end_date="2026-07-31")
    assert status == 200, by_person
    assert by_person == {artist.person["id"]: [spent]}
    assert admin.get(path, start_date="2026-07-07")[1] == {}
    assert admin.get(path, end_date="bad")[1] == {
        "error": True, "message": "Wrong date format for None and/or bad", "data": None}
    assert artist.get(path)[0] == 403
    unknown = "00000000-0000-0000-0000-000000000000"
    assert admin.get(f"/data/projects/{unknown}/task-types/{task['task_type_id']}/time-spents") == (200, {})
    artist.delete(time_path(task, "2026-07-06", artist.person))  # the task's duration as it was


# -- day offs ------------------------------------------------------------------------------------
def test_day_offs_overlap_and_clear_covered_time(admin, world):
    task, artist, other = world["tasks"]["asset"], world["artist"], world["other"]
    person_id = artist.person["id"]
    artist.post(time_path(task, "2026-06-09", artist.person), {"duration": 30})
    artist.post(time_path(task, "2026-06-15", artist.person), {"duration": 15})
    status, day_off = artist.post("/data/day-offs", {"person_id": person_id, "date": "2026-06-08",
                                                     "end_date": "2026-06-10", "description": "trip"})
    assert status == 201, day_off
    assert (day_off["type"], day_off["end_date"], day_off["description"]) == ("DayOff", "2026-06-10", "trip")
    assert artist.get(f"/data/persons/{person_id}/time-spents/2026-06-09")[1] == []
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 15.0
    overlap = {"error": True, "message": "Day off already exists for this period", "data": None}
    assert admin.post("/data/day-offs", {"person_id": person_id, "date": "2026-06-10",
                                         "end_date": "2026-06-12"}) == (400, overlap)
    assert admin.post("/data/day-offs", {"person_id": person_id, "date": "2026-06-20",
                                         "end_date": "2026-06-19"})[0] == 400
    assert admin.post("/data/day-offs", {"person_id": person_id, "date": "2026-06-20"}) == (
        400, {"message": "'end_date'"})
    assert other.post("/data/day-offs", {"person_id": person_id, "date": "2026-07-01",
                                         "end_date": "2026-07-01"})[0] == 403
    status, later = artist.post("/data/day-offs", {"person_id": person_id, "date": "2026-06-15",
                                                   "end_date": "2026-06-16"})
    assert status == 201
    assert admin.get(f"/data/tasks/{task['id']}")[1]["duration"] == 0.0
    assert artist.put(f"/data/day-offs/{later['id']}", {"date": "2026-06-10"}) == (400, overlap)
    status, moved = artist.put(f"/data/day-offs/{later['id']}", {"end_date": "2026-06-17"})
    assert (status, moved["end_date"]) == (200, "2026-06-17")
    # reads
    assert artist.get(f"/data/day-offs/{day_off['id']}")[1]["description"] == "trip"
    assert world["manager"].get(f"/data/day-offs/{day_off['id']}")[0] == 200
    assert other.get(f"/data/day-offs/{day_off['id']}")[0] == 403
    assert artist.get(f"/data/persons/{person_id}/day-offs/2026-06-09")[1]["id"] == day_off["id"]
    assert artist.get(f"/data/persons/{person_id}/day-offs/2026-06-11") == (200, {})
    assert artist.get(f"/data/persons/{person_id}/day-offs/2026-13-01") == (
        400, {"error": True, "message": "Invalid date format.", "data": None})
    week = artist.get(f"/data/persons/{person_id}/day-offs/week/2026/24")[1]  # June 8-14
    assert [d["id"] for d in week] == [day_off["id"]]
    month = admin.get(f"/data/persons/{person_id}/day-offs/month/2026/6")[1]
    assert [d["id"] for d in month] == [day_off["id"], later["id"]]
    assert len(admin.get(f"/data/persons/{person_id}/day-offs/year/2026")[1]) == 2
    assert len(admin.get(f"/data/persons/{person_id}/day-offs")[1]) == 2
    assert other.get(f"/data/persons/{person_id}/day-offs/week/2026/24")[0] == 403
    assert artist.get("/data/user/day-offs/2026-06-16")[1]["id"] == later["id"]
    assert artist.delete(f"/data/day-offs/{later['id']}") == (204, "")
    assert admin.get(f"/data/persons/{person_id}/day-offs/week/2026/99")[0] == 400


# -- subscriptions, notifications ------------------------------------------------------------------
def test_subscriptions_and_notifications_of_an_assignee(admin, world):
    task, artist, manager = world["tasks"]["shot"], world["artist"], world["manager"]
    status, subscription = manager.post(f"/actions/user/tasks/{task['id']}/subscribe")
    assert status == 201 and subscription["type"] == "Subscription"
    assert manager.post(f"/actions/user/tasks/{task['id']}/subscribe")[1]["id"] == subscription["id"]
    assert manager.get(f"/data/user/tasks/{task['id']}/subscribed") == (200, True)
    assert artist.get(f"/data/user/tasks/{task['id']}/subscribed") == (200, False)
    assert world["other"].post(f"/actions/user/tasks/{task['id']}/subscribe")[0] == 403
    status, listed = admin.get(f"/data/projects/{world['project']['id']}/subscriptions")
    assert status == 200 and [s["id"] for s in listed] == [subscription["id"]]
    assert manager.get(f"/data/projects/{world['project']['id']}/subscriptions")[0] == 403
    # a comment by the admin notifies the assignee and the subscriber
    wip = next(s for s in admin.get("/data/task-status")[1] if s["short_name"] == "wip")
    status, comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                                 {"task_status_id": wip["id"], "comment": "looks good"})
    assert status == 201, comment
    for person in (artist, manager):
        inbox = person.get("/data/user/notifications")[1]
        assert len(inbox) == 1, inbox
        item = inbox[0]
        assert (item["notification_type"], item["comment_id"], item["comment_text"], item["read"]) == (
            "comment", comment["id"], "looks good", False)
        assert item["full_entity_name"] == "SQ01 / SH010" and item["task_status_id"] == wip["id"]
        assert item["project_name"] == world["project"]["name"]
    assert manager.get("/data/user/notifications")[1][0]["subscription_id"] == subscription["id"]
    notification = artist.get("/data/user/notifications")[1][0]
    status, read = artist.put(f"/data/user/notifications/{notification['id']}", {"read": True})
    assert status == 200 and read["read"] is True and read["notification_type"] == "comment"
    assert artist.get(f"/data/user/notifications/{notification['id']}")[1]["read"] is True
    assert artist.get("/data/user/notifications", read="false")[1] == []
    assert manager.get(f"/data/user/notifications/{notification['id']}")[0] == 404
    assert manager.post("/actions/user/notifications/mark-all-as-read") == (200, {"success": True})
    assert manager.get("/data/user/notifications", read="false")[1] == []
    assert len(admin.get(f"/data/projects/{world['project']['id']}/notifications")[1]) == 2
    assert manager.delete(f"/actions/user/tasks/{task['id']}/unsubscribe") == (204, "")
    assert manager.get(f"/data/user/tasks/{task['id']}/subscribed") == (200, False)


# -- chats and saved filters ---------------------------------------------------------------------
def test_chats_and_filters(admin, world):
    artist, shot = world["artist"], world["shot"]
    status, chat = artist.post(f"/actions/user/chats/{shot['id']}/join")
    assert status == 200 and chat["object_id"] == shot["id"] and chat["type"] == "Chat"
    assert artist.get("/data/user/chats")[1] == [
        {"id": chat["id"], "object_id": shot["id"], "last_message": None, "entity_name": "SQ01 / SH010",
         "project_id": world["project"]["id"], "preview_file_id": None}]
    assert chat["id"] in [c["id"] for c in admin.get("/data/chats/")[1]]  # other tests add chats too
    assert artist.get("/data/chats")[0] == 403
    assert artist.delete(f"/actions/user/chats/{shot['id']}/join") == (204, "")
    assert artist.get("/data/user/chats")[1] == []
    assert world["other"].post(f"/actions/user/chats/{shot['id']}/join")[0] == 403

    project_id = world["project"]["id"]
    status, saved = artist.post("/data/user/filters", {"list_type": "asset", "name": "props",
                                                       "query": "type=props", "project_id": project_id})
    assert status == 201 and saved["search_query"] == "type=props" and saved["is_shared"] is False
    assert artist.post("/data/user/filters", {"name": "x"})[1]["data"]["errors"] == [
        {"field": "query", "message": "Field required"}]
    assert artist.get("/data/user/filters")[1] == {"asset": {project_id: [saved]}}
    status, group = artist.post("/data/user/filter-groups", {"name": "mine"})
    assert status == 201 and (group["list_type"], group["color"]) == ("todo", "")
    assert artist.get("/data/user/filter-groups")[1] == {"todo": {"all": [group]}}
    assert artist.put(f"/data/user/filters/{saved['id']}", {"name": "renamed"})[1]["name"] == "renamed"
    assert artist.get(f"/data/user/filter-groups/{group['id']}")[1]["name"] == "mine"
    assert world["other"].delete(f"/data/user/filters/{saved['id']}")[0] == 404
    assert artist.delete(f"/data/user/filters/{saved['id']}") == (204, "")
    assert artist.delete(f"/data/user/filter-groups/{group['id']}") == (204, "")
    assert artist.get("/data/user/filters")[1] == {}


# -- events --------------------------------------------------------------------------------------
def test_time_changes_publish_zou_events(cluster, admin, world):
    from test_tasks_core import EventTap  # the tasks service's events exchange, tapped
    task, artist = world["tasks"]["asset"], world["artist"]
    tap = EventTap(cluster.env["AMQP_URI"])
    try:
        spent = artist.post(time_path(task, "2026-08-03", artist.person), {"duration": 25})[1]
        artist.post(time_path(task, "2026-08-03", artist.person) + "/add", {"duration": 5})
        seen = tap.wait({"time-spent:new", "time-spent:update", "task:update"})
    finally:
        tap.close()
    assert ("time-spent:new", {"time_spent_id": spent["id"], "project_id": world["project"]["id"]}) in seen
    assert ("time-spent:update", {"time_spent_id": spent["id"], "project_id": world["project"]["id"]}) in seen
    assert ("task:update", {"task_id": task["id"], "project_id": world["project"]["id"]}) in seen
