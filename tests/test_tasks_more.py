"""More of the tasks service through the real stack: tasks' priority set in bulk, and the news feeds
of a production (paged, filtered, with status stats), of one news item and of the open productions,
a production's and an entity's time spents and day offs, the studio time tables, bulk and sequence
subscriptions, an entity's chat and its messages, the task types' order."""

import pytest

from api import NOT_FOUND, logged_in, unique

NEWS_KEYS = {"id", "type", "author_id", "comment_id", "task_id", "task_type_id", "task_status_id",
             "task_entity_id", "preview_file_id", "preview_file_extension", "preview_file_revision",
             "project_id", "project_name", "created_at", "change", "full_entity_name", "episode_id",
             "entity_preview_file_id", "person"}
PAGE_KEYS = {"data", "total", "nb_pages", "limit", "offset", "page", "stats"}


@pytest.fixture(scope="module")
def world(base_url, admin):
    """A project with an artist in its team, a shot in a sequence with a task assigned to the artist,
    commented twice."""
    artist, outsider = logged_in(base_url, admin, "user"), logged_in(base_url, admin, "user")
    status, project = admin.post("/data/projects", {"name": unique("More project"),
                                                    "team": [artist.person["id"]]})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    shot = admin.post(f"{base}/shots", {"name": "SH010", "sequence_id": sequence["id"]})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Anim"), "for_entity": "Shot"})[1]
    status, task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"],
                                              "assignees": [artist.person["id"]]})
    assert status == 201, task
    statuses = admin.get("/data/task-status")[1]
    comments = []
    for status_row, text in ((statuses[0], "first"), (statuses[-1], "second")):
        status, comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                                     {"task_status_id": status_row["id"], "comment": text})
        assert status == 201, comment
        comments.append(comment)
    return dict(project=project, task=task, shot=shot, sequence=sequence, comments=comments,
                artist=artist, outsider=outsider)


# -- priority ------------------------------------------------------------------------------------
def test_set_priority_changes_the_known_tasks(admin, world):
    task = world["task"]
    status, changed = admin.put("/actions/tasks/set-priority",
                                {"task_ids": [task["id"], "6b12669e-a93d-45d5-82f8-68b141a65241"],
                                 "priority": 2})
    assert status == 200, changed
    assert [row["id"] for row in changed] == [task["id"]]
    assert changed[0]["priority"] == 2 and changed[0]["type"] == "Task"
    assert admin.get(f"/data/tasks/{task['id']}")[1]["priority"] == 2
    status, none = admin.put("/actions/tasks/set-priority",
                             {"task_ids": ["6b12669e-a93d-45d5-82f8-68b141a65241"], "priority": 1})
    assert (status, none) == (200, [])


def test_set_priority_validates_its_body(admin, world):
    status, body = admin.put("/actions/tasks/set-priority", {})
    assert status == 400
    assert body["message"] == "Validation error."
    assert [e["field"] for e in body["data"]["errors"]] == ["task_ids", "priority"]
    status, body = admin.put("/actions/tasks/set-priority", {"task_ids": [world["task"]["id"]],
                                                             "priority": "x"})
    assert status == 400 and body["data"]["errors"][0]["field"] == "priority"


def test_set_priority_is_refused_to_an_artist(world):
    status, _ = world["artist"].put("/actions/tasks/set-priority",
                                    {"task_ids": [world["task"]["id"]], "priority": 3})
    assert status == 403


# -- news ----------------------------------------------------------------------------------------
def test_project_news_pages_newest_first_with_stats(admin, world):
    path = f"/data/projects/{world['project']['id']}/news"
    status, page = admin.get(path)
    assert status == 200 and set(page) == PAGE_KEYS and page["total"] == 2
    assert (page["limit"], page["page"], page["offset"], page["nb_pages"]) == (50, 1, 0, 1)
    first, second = world["comments"]
    assert [item["comment_id"] for item in page["data"]] == [second["id"], first["id"]]
    item = page["data"][0]
    assert set(item) == NEWS_KEYS
    assert item["type"] == "News" and item["task_entity_id"] == world["shot"]["id"]
    assert item["full_entity_name"] == "SQ01 / SH010" and item["project_name"] == world["project"]["name"]
    assert item["person"]["id"] == first["person_id"] and "full_name" in item["person"]
    assert sum(page["stats"].values()) == len([i for i in page["data"] if i["change"]])
    status, one = admin.get(path, limit=1, page=2)
    assert (status, one["nb_pages"], one["offset"]) == (200, 2, 1)
    assert [i["comment_id"] for i in one["data"]] == [first["id"]]
    status, filtered = admin.get(path, task_status_id=first["task_status_id"])
    assert status == 200 and [i["comment_id"] for i in filtered["data"]] == [first["id"]]


def test_project_news_is_for_the_team(world):
    path = f"/data/projects/{world['project']['id']}/news"
    assert world["artist"].get(path)[0] == 200
    assert world["outsider"].get(path)[0] == 403


def test_news_item(admin, world):
    path = f"/data/projects/{world['project']['id']}/news"
    news = admin.get(path)[1]["data"]
    status, item = admin.get(f"{path}/{news[0]['id']}")
    assert status == 200 and item == news[0]
    status, body = admin.get(f"{path}/6b12669e-a93d-45d5-82f8-68b141a65241")
    assert (status, body) == (404, {"error": True, "message": NOT_FOUND})


def test_entity_news(admin, world):
    path = f"/data/projects/{world['project']['id']}/news"
    news = admin.get(path)[1]["data"]
    assert len(news) == 2
    status, page = world["artist"].get(f"/data/entities/{world['shot']['id']}/news", limit=1)
    assert status == 200, page
    assert page == {"data": news, "total": 2, "nb_pages": 1, "limit": 2000, "offset": 0, "page": 1}
    assert world["outsider"].get(f"/data/entities/{world['shot']['id']}/news")[0] == 403
    assert admin.get("/data/entities/6b12669e-a93d-45d5-82f8-68b141a65241/news") == (
        404, {"error": True, "message": NOT_FOUND})


def test_open_projects_news(admin, world):
    status, page = admin.get("/data/projects/news", limit=200)
    assert status == 200 and set(page) == PAGE_KEYS
    assert world["comments"][0]["id"] in {item["comment_id"] for item in page["data"]}
    status, mine = world["outsider"].get("/data/projects/news")
    assert (status, mine["total"], mine["data"]) == (200, 0, [])


# -- time sheets ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def logged(admin, world):
    """The artist logged 60 then 90 minutes on the task (2030-03-02 and 2030-03-10) and took a day off."""
    task, artist = world["task"], world["artist"]
    rows = []
    for date, duration in (("2030-03-02", 60), ("2030-03-10", 90)):
        status, row = admin.post(f"/actions/tasks/{task['id']}/time-spents/{date}/persons/"
                                 f"{artist.person['id']}", {"duration": duration})
        assert status == 201, row
        rows.append(row)
    status, day_off = admin.post("/data/day-offs", {"person_id": artist.person["id"], "date": "2030-05-04",
                                                    "end_date": "2030-05-05"})
    assert status == 201, day_off
    return dict(rows=rows, day_off=day_off)


def test_project_and_entity_time_spents(admin, world, logged):
    for path in (f"/data/projects/{world['project']['id']}/time-spents",
                 f"/data/entities/{world['shot']['id']}/time-spents"):
        status, rows = admin.get(path)
        assert status == 200, rows
        assert [row["id"] for row in rows] == [row["id"] for row in logged["rows"]]
        assert set(rows[0]) == {"id", "type", "duration", "date", "task_id", "person_id",
                                "created_at", "updated_at"}
    assert admin.get(f"/data/entities/{world['sequence']['id']}/time-spents") == (200, [])
    assert world["outsider"].get(f"/data/projects/{world['project']['id']}/time-spents")[0] == 403


def test_project_day_offs_of_the_team(admin, world, logged):
    status, day_offs = admin.get(f"/data/projects/{world['project']['id']}/day-offs")
    assert status == 200
    assert day_offs == {world["artist"].person["id"]: [logged["day_off"]]}
    status, seen = world["artist"].get(f"/data/projects/{world['project']['id']}/day-offs")
    assert status == 200 and seen == day_offs  # the team reads them (its own: with the description)


def test_time_tables(admin, world, logged):
    artist_id, project_id = world["artist"].person["id"], world["project"]["id"]
    tables = {"year-table": ("2030", 150.0), "month-table/2030": ("3", 150.0),
              "week-table/2030": ("10", 90.0), "day-table/2030/3": ("2", 60.0)}
    for path, (key, total) in tables.items():
        status, table = admin.get(f"/data/persons/time-spents/{path}", project_id=project_id)
        assert status == 200, (path, table)
        assert table[key] == {artist_id: total}, (path, table)
    status, table = world["artist"].get("/data/persons/time-spents/month-table/2030")
    assert (status, table) == (200, {"3": {artist_id: 150.0}})
    assert world["outsider"].get("/data/persons/time-spents/month-table/2030") == (200, {})
    status, body = admin.get("/data/persons/time-spents/day-table/2030/13")
    assert (status, body["message"]) == (400, "Invalid month or year.")


# -- one comment of a task -----------------------------------------------------------------------
def test_task_comment_read_and_delete(admin, world):
    task, first = world["task"], world["comments"][0]
    status, comment = admin.get(f"/data/tasks/{task['id']}/comments/{first['id']}")
    assert status == 200, comment
    assert (comment["id"], comment["object_id"], comment["type"]) == (first["id"], task["id"], "Comment")
    assert "person" not in comment and comment["text"] == "first"
    other = "6b12669e-a93d-45d5-82f8-68b141a65241"
    assert admin.get(f"/data/tasks/{other}/comments/{first['id']}")[0] == 404
    assert world["outsider"].get(f"/data/tasks/{task['id']}/comments/{first['id']}")[0] == 403
    status, _ = admin.delete(f"/data/tasks/{task['id']}/comments/{first['id']}")
    assert status == 204
    assert admin.get(f"/data/comments/{first['id']}")[0] == 404


# -- subscriptions: several tasks at once, a sequence's tasks of one type ---------------------------
SUBSCRIPTION_KEYS = {"id", "type", "person_id", "task_id", "entity_id", "task_type_id", "created_at",
                     "updated_at"}
UNKNOWN_ID = "6b12669e-a93d-45d5-82f8-68b141a65241"


def test_bulk_subscription(world):
    artist, task_id = world["artist"], world["task"]["id"]
    status, subscriptions = artist.post("/actions/user/tasks/subscribe", {"task_ids": [task_id]})
    assert status == 201 and set(subscriptions[0]) == SUBSCRIPTION_KEYS
    assert (subscriptions[0]["task_id"], subscriptions[0]["entity_id"]) == (task_id, None)
    again = artist.post("/actions/user/tasks/subscribe", {"task_ids": [task_id]})
    assert again == (201, subscriptions)
    assert artist.get(f"/data/user/tasks/{task_id}/subscribed") == (200, True)
    assert artist.post("/actions/user/tasks/subscribe", {"task_ids": [task_id, UNKNOWN_ID]}) == \
        (404, {"error": True, "message": NOT_FOUND})
    sent = [task_id, UNKNOWN_ID, "xx"]
    assert artist.post("/actions/user/tasks/unsubscribe", {"task_ids": sent}) == (200, sent)
    assert artist.get(f"/data/user/tasks/{task_id}/subscribed") == (200, False)


def test_bulk_subscription_validates_its_body(world):
    for body, message in (({}, "Field required"), ({"task_ids": "x"}, "Input should be a valid list"),
                          ({"task_ids": []}, "List should have at least 1 item after validation, not 0")):
        for action in ("subscribe", "unsubscribe"):
            status, answer = world["artist"].post(f"/actions/user/tasks/{action}", body)
            assert status == 400 and answer["message"] == "Validation error."
            assert answer["data"]["errors"] == [{"field": "task_ids", "message": message}]


def test_sequence_subscription(world):
    artist, sequence_id = world["artist"], world["sequence"]["id"]
    task_type_id = world["task"]["task_type_id"]
    action = f"/actions/user/sequences/{sequence_id}/task-types/{task_type_id}"
    checks = [f"/data/user/{kind}/{sequence_id}/task-types/{task_type_id}/subscribed"
              for kind in ("sequences", "entities")]
    status, subscription = artist.post(action + "/subscribe")
    assert status == 201 and set(subscription) == SUBSCRIPTION_KEYS
    assert (subscription["entity_id"], subscription["task_type_id"], subscription["task_id"]) == \
        (sequence_id, task_type_id, None)
    assert artist.post(action + "/subscribe") == (201, subscription)
    assert [artist.get(path) for path in checks] == [(200, True)] * 2
    assert artist.delete(action + "/unsubscribe")[0] == 204
    assert artist.delete(action + "/unsubscribe")[0] == 204
    assert [artist.get(path) for path in checks] == [(200, False)] * 2
    assert artist.post(f"/actions/user/sequences/{UNKNOWN_ID}/task-types/{task_type_id}/subscribe")[0] == 404
    assert artist.post(f"/actions/user/sequences/xx/task-types/{task_type_id}/subscribe")[0] == 404
    assert world["outsider"].post(action + "/subscribe")[0] == 403


# -- an entity's chat --------------------------------------------------------------------------------
MESSAGE_KEYS = {"id", "type", "chat_id", "person_id", "text", "created_at", "updated_at"}


def test_entity_chat_and_messages(admin, world):
    artist, shot_id = world["artist"], world["shot"]["id"]
    chat_path = f"/data/entities/{shot_id}/chat"
    status, chat = artist.get(chat_path)
    assert status == 200 and chat["type"] == "Chat" and chat["object_id"] == shot_id
    assert (chat["participants"], chat["messages"], chat["last_message"]) == ([], [], None)
    assert artist.get(chat_path + "/messages") == (200, [])
    assert artist.post(chat_path + "/messages", {"message": "hi"}) == \
        (400, {"error": True, "message": "You are not a participant of this chat", "data": None})
    assert artist.post(f"/actions/user/chats/{shot_id}/join")[0] == 200
    status, body = artist.post(chat_path + "/messages", {})
    assert status == 400 and body["data"]["errors"] == [{"field": "message", "message": "Field required"}]
    status, message = artist.post(chat_path + "/messages", {"message": "hello"})
    assert status == 201 and set(message) == MESSAGE_KEYS
    assert (message["chat_id"], message["person_id"], message["text"]) == \
        (chat["id"], artist.person["id"], "hello")
    listed = {**message, "attachment_files": []}
    assert artist.get(chat_path + "/messages") == (200, [listed])
    assert artist.get(f"{chat_path}/messages/{message['id']}") == (200, listed)
    status, chat = artist.get(chat_path)
    assert chat["participants"] == [artist.person["id"]] and chat["last_message"] is not None
    assert world["outsider"].get(chat_path)[0] == 403
    assert artist.delete(f"{chat_path}/messages/{message['id']}")[0] == 204
    assert artist.get(f"{chat_path}/messages/{message['id']}")[0] == 404
    assert artist.get(chat_path + "/messages") == (200, [])
    assert admin.get(f"/data/entities/{UNKNOWN_ID}/chat")[0] == 404


# -- task types' order -----------------------------------------------------------------------------
def test_reorder_task_types(admin, world):
    first, second = (admin.post("/data/task-types", {"name": unique("Order")})[1] for _ in range(2))
    status, reordered = admin.post("/actions/task-types/reorder",
                                   {"task_type_ids": [second["id"], first["id"]]})
    assert status == 200
    assert [(row["id"], row["priority"], row["type"]) for row in reordered] == \
        [(second["id"], 1, "TaskType"), (first["id"], 2, "TaskType")]
    assert admin.get(f"/data/task-types/{first['id']}")[1]["priority"] == 2
    assert admin.post("/actions/task-types/reorder", {"task_type_ids": []}) == (200, [])
    message = "Request body must be a JSON object with a 'task_type_ids' list."
    for body in ({}, [], {"task_type_ids": "x"}):
        assert admin.post("/actions/task-types/reorder", body) == \
            (400, {"error": True, "message": message, "data": None})
    assert admin.post("/actions/task-types/reorder", {"task_type_ids": [UNKNOWN_ID]})[0] == 404
    assert world["artist"].post("/actions/task-types/reorder", {"task_type_ids": []})[0] == 403
