"""A tiny HTTP client for the tests (JSON in, (status, JSON or text) out) and their helpers."""
import time
import uuid

import requests
import socketio

NOT_FOUND = ("404 Not Found: The requested URL was not found on the server. If you entered "
             "the URL manually please check your spelling and try again.")


class Api:
    def __init__(self, base_url, token=None):
        self.base_url, self.token = base_url, token
        self.http = requests.Session()

    def request(self, method, path, json=None, token=None, data=None, headers=None, files=None, **params):
        headers = dict(headers or {})
        token = token or self.token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self.http.request(method, self.base_url + path, json=json, data=data, files=files,
                                     params=params or None, headers=headers, timeout=60)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return response.status_code, body

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, email, password, **extra):
        status, body = self.post("/auth/login", {"email": email, "password": password, **extra})
        assert status == 200, body
        return body


def unique(prefix="p"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def new_person(api, role="user", password="secret-password", **fields):
    name = unique()
    body = {"first_name": name, "last_name": "Test", "email": f"{name}@example.com",
            "role": role, "password": password, **fields}
    status, person = api.post("/data/persons", body)
    assert status == 201, person
    return person


def logged_in(base_url, admin, role, **fields):
    """An Api logged in as a new person of that role (`api.person` is the person)."""
    person = new_person(admin, role=role, **fields)
    api = Api(base_url)
    api.token = api.login(person["email"], "secret-password")["access_token"]
    api.person = person
    return api


def a_shot_task(admin, project_name, team=(), shot_data=None):
    """A project (with that team), a shot of SQ01 (with `shot_data`), a task on it of a new task
    type and a task status to comment with: {project, shot, task, task_type, status}."""
    project = admin.post("/data/projects", {"name": unique(project_name), "team": list(team)})[1]
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    shot = admin.post(f"{base}/shots", {"name": "SH010", "sequence_id": sequence["id"], "data": shot_data or {}})[1]
    task_type = admin.post("/data/task-types", {"name": unique(project_name), "for_entity": "Shot"})[1]
    status, task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})
    assert status == 201, task
    return dict(project=project, shot=shot, task=task, task_type=task_type, status=admin.get("/data/task-status")[1][0])


class Listener:
    """A socket.io client of /events recording every event (name, data, offset, arrival time)."""

    def __init__(self, base_url, token, user_agent="python-test", auth=None):
        self.events = []
        self.client = socketio.Client()
        self.client.on("*", self.record, namespace="/events")
        self.client.connect(base_url[: -len("/api")], namespaces=["/events"], wait_timeout=10,
                            headers={"Authorization": f"Bearer {token}", "User-Agent": user_agent},
                            auth=auth)

    def record(self, name, data, offset=None):
        self.events.append((name, data, offset, time.monotonic()))

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [event for event in self.events if predicate(*event[:3])]
            if found:
                return found[0]
            time.sleep(0.01)
        return None

    def close(self):
        self.client.disconnect()


def about(key, value):
    return lambda name, data, offset: isinstance(data, dict) and data.get(key) == value
