"""Loads and faults a studio's cluster lives through: deletions that cascade into other services'
events while commands run (a process must never wait on itself), a steady mix of commands, the
database connections cut during a burst of writes (as a failover does), no connection to be had,
and the broker's connections cut. Every request gets an answer; none is lost."""
import subprocess
import threading
import time

import psycopg2
import requests

from api import Api, logged_in, unique
from conftest import SERVICES, TEST_DB_PREFIX, TEST_VHOST
from shared import config

ANSWER_TIMEOUT = 30  # seconds: a request not answered by then counts as a hang


def database(service):
    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=f"{TEST_DB_PREFIX}_{service}")
    connection.autocommit = True
    return connection


def sql(service, statement, *params):
    connection = database(service)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


DATABASES = [f"{TEST_DB_PREFIX}_{service}" for service in SERVICES]


def cut_database_connections():
    """What a failover or a restart does to the services: every backend of theirs ends."""
    sql("auth", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = ANY(%s) AND pid <> pg_backend_pid()", DATABASES)


def connections_in_use():
    return sql("auth", "SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(%s) "
                       "AND pid <> pg_backend_pid()", DATABASES)[0][0]


class Load:
    """Threads calling `step(api, load)` until stopped; `load.record(what, answer)` keeps every
    answer. A request without an answer within ANSWER_TIMEOUT is a hang."""

    def __init__(self, base_url, token):
        self.base_url, self.token = base_url, token
        self.answers, self.hangs, self.stop = [], [], threading.Event()

    def record(self, what, answer):
        self.answers.append((what, *answer))
        return answer

    def run(self, steps, seconds, watch=None):
        """`watch()`: called every half second while the load runs (returns nothing)."""
        def loop(step):
            api = Api(self.base_url, self.token)
            while not self.stop.is_set():
                try:
                    step(api, self)
                except (requests.exceptions.Timeout, requests.exceptions.ConnectionError):
                    self.hangs.append(step.__name__)
        threads = [threading.Thread(target=loop, args=(step,)) for step in steps]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if watch:
                watch()
        self.stop.set()
        for thread in threads:
            thread.join(ANSWER_TIMEOUT * 2)
        return self

    def statuses(self):
        return {status for _, status, _ in self.answers}

    def created(self, what):
        return [body["id"] for kind, status, body in self.answers if kind == what and status == 201]


def production(admin, base_url, nb_assets=0):
    """A project with an artist in its team, an asset task type and `nb_assets` assets, each with
    a task assigned to the artist."""
    artist = logged_in(base_url, admin, "user")
    character = admin.post("/data/entity-types", {"name": unique("Character")})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Modeling"), "for_entity": "Asset"})[1]
    project = admin.post("/data/projects", {"name": unique("Load"), "team": [artist.person["id"]]})[1]
    assets_path = f"/data/projects/{project['id']}/asset-types/{character['id']}/assets/new"
    create_tasks = f"/actions/projects/{project['id']}/task-types/{task_type['id']}/assets/create-tasks"
    world = dict(project=project, artist=artist, task_type=task_type, assets_path=assets_path,
                 create_tasks=create_tasks,
                 statuses={s["short_name"]: s for s in admin.get("/data/task-status")[1]}, tasks=[])
    for i in range(nb_assets):
        asset = admin.post(assets_path, {"name": unique("asset")})[1]
        status, task = admin.post("/data/tasks", {"entity_id": asset["id"], "task_type_id": task_type["id"],
                                                  "assignees": [artist.person["id"]]})
        assert status == 201, task
        world["tasks"].append(task)
    return world


def test_deletions_cascading_into_other_services_while_commands_run(base_url, admin, admin_token):
    """Deleting assets makes the tasks service delete their tasks, comments and notifications
    from an event handler, while its RPC workers run commands: it once deadlocked on its own
    event table lock here, every request to it timing out until it was killed."""
    doomed, kept = production(admin, base_url, 24), production(admin, base_url, 8)
    for task in doomed["tasks"]:  # comments by the admin notify the assignee
        assert admin.post(f"/actions/tasks/{task['id']}/comment", {
            "task_status_id": doomed["statuses"]["wip"]["id"], "comment": "notify"})[0] == 201
    to_delete = [task["entity_id"] for task in doomed["tasks"]]

    def delete_assets(api, load):
        if not to_delete:
            time.sleep(0.05)
            return
        load.record("delete", api.delete(f"/data/assets/{to_delete.pop()}?force=true"))

    def status_churn(api, load):  # what the deadlocked session did: statuses removed meanwhile
        status = load.record("status", api.post("/data/task-status", {"name": unique("st"), "short_name": unique("s")[:10],
                                                                  "color": "#000000"}))[1]
        load.record("status removal", api.delete(f"/data/task-status/{status['id']}"))

    def comments(api, load):
        task = kept["tasks"][len(load.answers) % len(kept["tasks"])]
        load.record("comment", api.post(f"/actions/tasks/{task['id']}/comment", {
            "task_status_id": kept["statuses"]["wfa"]["id"], "comment": "still working"}))

    load = Load(base_url, admin_token).run([delete_assets, delete_assets, status_churn, status_churn,
                                            comments, comments], seconds=20)
    assert load.hangs == [] and not to_delete
    assert load.statuses() <= {200, 201, 204}, [a for a in load.answers if a[1] >= 300][:5]
    for task in doomed["tasks"]:
        assert admin.get(f"/data/tasks/{task['id']}")[0] == 404  # the cascade went through
    assert admin.get("/data/task-types")[0] == 200


def test_eight_clients_sixty_seconds_of_mixed_commands(base_url, admin, admin_token):
    world = production(admin, base_url, 8)
    artist = world["artist"]
    statuses = [world["statuses"][name]["id"] for name in ("todo", "wip", "wfa", "retake", "done")]

    def task_life(api, load):
        task = world["tasks"][int(time.monotonic() * 1000) % len(world["tasks"])]
        status, new = load.record("task", api.post("/data/tasks", {
            "entity_id": task["entity_id"], "task_type_id": world["task_type"]["id"], "name": unique("t")}))
        if status == 201:
            load.record("assign", api.put(f"/actions/tasks/{new['id']}/assign", {"person_id": artist.person["id"]}))
            load.record("update", api.put(f"/data/tasks/{new['id']}", {"priority": 2}))
            load.record("delete task", api.delete(f"/data/tasks/{new['id']}"))

    def reviews(api, load):
        task = world["tasks"][int(time.monotonic() * 1000) % len(world["tasks"])]
        load.record("comment", api.post(f"/actions/tasks/{task['id']}/comment", {
            "task_status_id": statuses[len(load.answers) % len(statuses)], "comment": "review"}))

    def time_spent(api, load):
        task = world["tasks"][int(time.monotonic() * 1000) % len(world["tasks"])]
        day = f"2026-0{1 + len(load.answers) % 9}-1{len(load.answers) % 10}"
        load.record("time", api.post(f"/actions/tasks/{task['id']}/time-spents/{day}/persons/"
                                     f"{artist.person['id']}", {"duration": 60}, token=artist.token))

    def breakdown(api, load):
        asset = load.record("asset", api.post(world["assets_path"], {"name": unique("a")}))[1]
        load.record("asset tasks", api.post(f"/data/entities/{asset['id']}/tasks",
                                       {"task_type_id": world["task_type"]["id"]}))
        load.record("asset removal", api.delete(f"/data/assets/{asset['id']}?force=true"))

    load, connections = Load(base_url, admin_token), []
    load.run([task_life, task_life, reviews, reviews, time_spent, time_spent, breakdown, breakdown],
             seconds=60, watch=lambda: connections.append(connections_in_use()))
    assert load.hangs == []
    assert len(load.answers) > 200
    assert {status for status in load.statuses() if status >= 500} == set()
    assert max(connections) <= sum(map(config.pool_size, SERVICES))  # the connection budget holds


def test_a_lost_database_connection_answers_5xx_at_worst_and_loses_nothing(base_url, admin, admin_token):
    """pg_terminate_backend during a burst of writes in three services: answers are 2xx, or 503
    for a write caught by the cut (never a 400 or 404); every acknowledged write is there; the
    relays and the event handlers carry on by themselves (replicas converge within 10 s)."""
    world = production(admin, base_url, 4)

    def assets(api, load):
        load.record("asset", api.post(world["assets_path"], {"name": unique("a")}))

    def persons(api, load):
        name = unique("cut")
        load.record("person", api.post("/data/persons", {"first_name": name, "last_name": "Cut",
                                                    "email": f"{name}@example.com"}))

    def comments(api, load):
        task = world["tasks"][len(load.answers) % len(world["tasks"])]
        load.record("comment", api.post(f"/actions/tasks/{task['id']}/comment", {
            "task_status_id": world["statuses"]["wip"]["id"], "comment": "cut"}))

    load = Load(base_url, admin_token)
    cutter = threading.Timer(2, cut_database_connections)
    cutter.start()
    load.run([assets, assets, persons, comments], seconds=5)
    cutter.join()
    assert load.hangs == []
    assert load.statuses() <= {200, 201, 503}, [a for a in load.answers if a[1] not in (200, 201)][:5]
    created = {what: load.created(what) for what in ("asset", "person", "comment")}
    assert all(created.values()), created
    for asset_id in created["asset"]:
        assert admin.get(f"/data/assets/{asset_id}")[0] == 200
    for person_id in created["person"]:
        assert admin.get(f"/data/persons/{person_id}")[0] == 200
    for comment_id in created["comment"]:
        assert admin.get(f"/data/comments/{comment_id}")[0] == 200

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the events of the writes reach the other services
        replicated = {row[0] for row in sql("tasks", "SELECT id::text FROM entity_replica WHERE id::text = ANY(%s)",
                                            created["asset"])}
        persons = {row[0] for row in sql("production", "SELECT id::text FROM person_replica "
                                                       "WHERE id::text = ANY(%s)", created["person"])}
        if replicated == set(created["asset"]) and persons == set(created["person"]):
            break
        time.sleep(0.2)
    assert replicated == set(created["asset"]) and persons == set(created["person"])
    asset = admin.post(world["assets_path"], {"name": unique("after")})[1]  # and the next writes too
    assert len(admin.post(world["create_tasks"], [asset["id"]])[1]) == 1


def test_no_connection_to_be_had_answers_503_then_recovers(admin):
    name = f"{TEST_DB_PREFIX}_tasks"
    sql("auth", f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        sql("auth", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", name)
        assert admin.get("/data/task-types") == (503, {
            "error": True, "message": "The service is temporarily unavailable, please try again."})
    finally:
        sql("auth", f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert admin.get("/data/task-types")[0] == 200


def test_the_broker_connections_cut_everything_reconnects(base_url, admin):
    world = production(admin, base_url)
    subprocess.run(["rabbitmqctl", "-q", "close_all_connections", "--vhost", TEST_VHOST, "test: cut"],
                   check=True, capture_output=True, timeout=60)
    deadline, created = time.monotonic() + 10, None
    while time.monotonic() < deadline and created is None:  # the gateway reconnects first
        status, asset = admin.post(world["assets_path"], {"name": unique("after-cut")})
        created = asset if status == 201 else time.sleep(0.2)
    assert created, "the gateway did not reconnect"
    # the relay and the event handlers reconnected too: the next request sees the write
    status, tasks = admin.post(world["create_tasks"], [created["id"]])
    assert status == 201 and len(tasks) == 1
