"""The role × route matrix (issue 10): one production built through the HTTP API, eight callers,
and the routes of production, tasks and media that each of them calls. Used by record.py (the
reference's answers, on any server) and by tests/test_role_matrix.py (ours, compared with them).

Writes that consume a row (deletions) get a fresh row per role; the others can be repeated."""
import time
import uuid

from api import Api

PASSWORD = "matrix-password"
# role name in the table -> (global role, in the team, role set on the team link)
ROLES = {
    "admin": ("admin", False, None),
    "manager": ("manager", True, None),
    "manager_out": ("manager", False, None),
    "supervisor": ("supervisor", True, None),
    "artist": ("user", True, None),
    "client": ("client", True, None),
    "vendor": ("vendor", True, None),
    "project_manager": ("user", True, "manager"),  # an artist studio-wide, manager of this project
}
DAY = "2025-03-03"
DAY_OFF_DATES = {role: f"2031-0{1 + index // 4}-{10 + index:02d}" for index, role in enumerate(ROLES)}


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def retry(call, expected, timeout=10, check=lambda body: True):
    """Call until it answers `expected` (another service's replica may not know a row yet)."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = call()
        if (status == expected and check(body)) or time.monotonic() > deadline:
            assert status == expected and check(body), (status, body)
            return body
        time.sleep(0.1)


# (key, method, path, body): path and body are formatted with the fixture (per role: {fresh_*})
ROUTES = [
    # production: projects, team, breakdown, casting, descriptors
    ("projects", "GET", "/data/projects", None),
    ("project", "GET", "/data/projects/{project}", None),
    ("project-update", "PUT", "/data/projects/{project}", {"description": "matrix"}),
    ("team", "GET", "/data/projects/{project}/team", None),
    ("team-role", "PUT", "/data/projects/{project}/team/{artist}", {"role": "user"}),
    ("project-asset-types", "GET", "/data/projects/{project}/asset-types", None),
    ("project-assets", "GET", "/data/projects/{project}/assets", None),
    ("asset", "GET", "/data/assets/{asset}", None),
    ("asset-not-assigned", "GET", "/data/assets/{asset2}", None),
    ("entity", "GET", "/data/entities/{asset}", None),
    ("asset-create", "POST", "/data/projects/{project}/asset-types/{asset_type}/assets/new",
     {"name": "{unique}"}),
    ("entity-update", "PUT", "/data/entities/{asset}", {"description": "matrix"}),
    ("asset-delete", "DELETE", "/data/assets/{fresh_asset}", None),
    ("shot", "GET", "/data/shots/{shot}", None),
    ("sequences", "GET", "/data/projects/{project}/sequences", None),
    ("sequence-create", "POST", "/data/projects/{project}/sequences", {"name": "{unique}"}),
    ("sequence-shots", "GET", "/data/sequences/{sequence}/shots", None),
    ("casting", "GET", "/data/projects/{project}/entities/{shot}/casting", None),
    ("casting-update", "PUT", "/data/projects/{project}/entities/{shot}/casting",
     [{"asset_id": "{asset}", "nb_occurences": 1}]),
    ("cast-in", "GET", "/data/assets/{asset}/cast-in", None),
    ("descriptors", "GET", "/data/projects/{project}/metadata-descriptors", None),
    ("milestones", "GET", "/data/projects/{project}/milestones", None),
    # tasks: tasks, assignments, comments
    ("tasks", "GET", "/data/tasks", None),
    ("task", "GET", "/data/tasks/{task}", None),
    ("task-not-assigned", "GET", "/data/tasks/{task2}", None),
    ("task-full", "GET", "/data/tasks/{task}/full", None),
    ("task-create", "POST", "/data/tasks",
     {"name": "{unique}", "project_id": "{project}", "entity_id": "{asset}",
      "task_type_id": "{task_type}", "task_status_id": "{todo}"}),
    ("task-update", "PUT", "/data/tasks/{task}", {"priority": 2}),
    ("task-delete", "DELETE", "/data/tasks/{fresh_task}", None),
    ("project-tasks", "GET", "/data/projects/{project}/tasks", None),
    ("asset-tasks", "GET", "/data/assets/{asset}/tasks", None),
    ("assets-with-tasks", "GET", "/data/assets/with-tasks?project_id={project}", None),
    ("task-assign", "PUT", "/actions/tasks/{task}/assign", {"person_id": "{artist}"}),
    ("person-tasks", "GET", "/data/persons/{artist}/tasks", None),
    ("project-task-types", "GET", "/data/projects/{project}/task-types", None),
    ("project-task-statuses", "GET", "/data/projects/{project}/settings/task-status", None),
    ("comment-create", "POST", "/actions/tasks/{task}/comment",
     {"task_status_id": "{todo}", "comment": "matrix"}),
    ("comments", "GET", "/data/tasks/{task}/comments", None),
    ("comment", "GET", "/data/tasks/{task}/comments/{comment}", None),
    ("comment-delete", "DELETE", "/data/tasks/{task}/comments/{fresh_comment}", None),
    ("project-comments", "GET", "/data/projects/{project}/comments", None),
    ("task-subscribe", "POST", "/actions/user/tasks/{task}/subscribe", None),
    ("project-subscriptions", "GET", "/data/projects/{project}/subscriptions", None),
    # tasks: time spents, day offs, news
    ("time-spent-set", "POST", f"/actions/tasks/{{task}}/time-spents/{DAY}/persons/{{artist}}",
     {"duration": 60}),
    ("task-time-spents", "GET", "/actions/tasks/{task}/time-spents", None),
    ("person-day-time-spents", "GET", f"/data/persons/{{artist}}/time-spents/{DAY}", None),
    ("project-time-spents", "GET", "/data/projects/{project}/time-spents", None),
    ("entity-time-spents", "GET", "/data/entities/{asset}/time-spents", None),
    ("person-day-offs", "GET", "/data/persons/{artist}/day-offs", None),
    ("day-off-create", "POST", "/data/day-offs",
     {"person_id": "{artist}", "date": "{day_off}", "end_date": "{day_off}"}),
    ("project-day-offs", "GET", "/data/projects/{project}/day-offs", None),
    ("project-news", "GET", "/data/projects/{project}/news", None),
    ("project-news-item", "GET", "/data/projects/{project}/news/{news}", None),
    ("entity-news", "GET", "/data/entities/{asset}/news", None),
    # media: previews and attachments
    ("task-previews", "GET", "/data/tasks/{task}/previews", None),
    ("project-previews", "GET", "/data/projects/{project}/preview-files", None),
    ("previews", "GET", "/data/preview-files", None),
    ("preview", "GET", "/data/preview-files/{preview}", None),
    ("preview-add", "POST", "/actions/tasks/{task}/comments/{comment}/add-preview", {}),
    ("preview-add-not-assigned", "POST", "/actions/tasks/{task2}/comments/{comment2}/add-preview", {}),
    ("preview-update", "PUT", "/data/preview-files/{preview}", {"description": "matrix"}),
    ("preview-delete", "DELETE", "/data/preview-files/{fresh_preview}", None),
    ("attachment-add", "POST", "/actions/tasks/{task}/comments/{comment}/add-attachment", "upload"),
    ("task-attachments", "GET", "/data/tasks/{task}/attachment-files", None),
    ("project-attachments", "GET", "/data/projects/{project}/attachment-files", None),
    ("attachments", "GET", "/data/attachment-files", None),
    ("attachment", "GET", "/data/attachment-files/{attachment}", None),
    ("attachment-download", "GET", "/data/attachment-files/{attachment}/file/matrix.txt", None),
]


def fill(value, fixture):
    """The path or body with the fixture's ids."""
    if isinstance(value, str):
        return value.format(unique=unique("m"), **fixture)
    if isinstance(value, list):
        return [fill(item, fixture) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, fixture) for key, item in value.items()}
    return value


def call(api, route, fixture):
    """One cell: the status this route answers to this caller."""
    _key, method, path, body = route
    path = fill(path, fixture)
    if body == "upload":
        return api.post(path, files={"file": ("matrix.txt", b"matrix", "text/plain")})[0]
    return api.request(method, path, json=fill(body, fixture))[0]


def run(fixture, apis):
    """{(route key, role): status} over the whole matrix."""
    return {(route[0], role): call(apis[role], route, {**fixture, **fixture["per_role"][role]})
            for route in ROUTES for role in ROLES}


# -- the production every cell is asked about ------------------------------------------------------
def build(base_url, admin_email, admin_password):
    """Persons of every role, a project whose team holds all but the admin and one manager, its
    breakdown, tasks, a comment with a preview and an attachment, time and a day off; rows that
    a cell consumes, one per role. Returns (fixture, {role: Api})."""
    admin = Api(base_url)
    admin.token = admin.login(admin_email, admin_password)["access_token"]
    department = retry(lambda: admin.post("/data/departments", {"name": unique("Matrix"), "color": "#123456"}), 201)
    persons = {"admin": admin.get("/auth/authenticated")[1]["user"]}
    for role, (global_role, _, _) in ROLES.items():
        if role != "admin":
            name = unique(role)
            persons[role] = retry(lambda: admin.post("/data/persons", {
                "first_name": name, "last_name": "Matrix", "email": f"{name}@example.com",
                "password": PASSWORD, "role": global_role,
                "departments": [department["id"]] if role in ("supervisor", "vendor", "artist") else []}), 201)
    project = retry(lambda: admin.post("/data/projects", {"name": unique("Matrix")}), 201)
    p = project["id"]
    asset_type = retry(lambda: admin.post("/data/entity-types", {"name": unique("Prop")}), 201)
    task_type = retry(lambda: admin.post("/data/task-types", {
        "name": unique("Model"), "for_entity": "Asset", "department_id": department["id"]}), 201)
    retry(lambda: admin.post(f"/data/projects/{p}/settings/task-types", {"task_type_id": task_type["id"]}), 201)
    retry(lambda: admin.post(f"/data/projects/{p}/settings/asset-types", {"asset_type_id": asset_type["id"]}), 201)
    todo = next(status for status in admin.get("/data/task-status")[1] if status["short_name"] == "todo")
    retry(lambda: admin.post(f"/data/projects/{p}/settings/task-status", {"task_status_id": todo["id"]}), 201)

    def new_asset():
        return retry(lambda: admin.post(f"/data/projects/{p}/asset-types/{asset_type['id']}/assets/new",
                                        {"name": unique("asset")}), 201)

    def new_task(asset):
        return retry(lambda: admin.post(
            f"/actions/projects/{p}/task-types/{task_type['id']}/assets/create-tasks", [asset["id"]]), 201,
            check=lambda tasks: len(tasks) == 1)[0]

    asset, asset2 = new_asset(), new_asset()
    sequence = retry(lambda: admin.post(f"/data/projects/{p}/sequences", {"name": unique("SQ")}), 201)
    shot = retry(lambda: admin.post(f"/data/projects/{p}/shots", {"name": unique("SH"),
                                                                   "sequence_id": sequence["id"]}), 201)
    task, task2 = new_task(asset), new_task(asset2)
    for person in ("artist", "vendor"):
        retry(lambda: admin.put(f"/actions/tasks/{task['id']}/assign", {"person_id": persons[person]["id"]}), 200)

    def new_comment(on_task):
        return retry(lambda: admin.post(f"/actions/tasks/{on_task['id']}/comment",
                                        {"task_status_id": todo["id"], "comment": "matrix"}), 201)

    comment, comment2 = new_comment(task), new_comment(task2)

    retry(lambda: admin.post(f"/actions/tasks/{task['id']}/time-spents/{DAY}/persons/{persons['artist']['id']}",
                             {"duration": 120}), 201)
    retry(lambda: admin.post("/data/day-offs", {"person_id": persons["artist"]["id"], "date": "2030-05-05",
                                                "end_date": "2030-05-05"}), 201)
    news = retry(lambda: admin.get(f"/data/projects/{p}/news"), 200)["data"][0]
    per_role = {role: {"fresh_asset": new_asset()["id"], "fresh_task": new_task(new_asset())["id"],
                       "fresh_comment": new_comment(task)["id"], "day_off": DAY_OFF_DATES[role]}
                for role in ROLES}
    # the files last: the comment shows them once the tasks service has heard of them
    review = f"/actions/tasks/{task['id']}/comments/{comment['id']}"
    preview = retry(lambda: admin.post(f"{review}/add-preview", {}), 201)
    for role in ROLES:
        per_role[role]["fresh_preview"] = retry(lambda: admin.post(f"{review}/add-preview", {}), 201)["id"]
    attachment = retry(lambda: admin.post(f"{review}/add-attachment",
                                          files={"file": ("matrix.txt", b"matrix", "text/plain")}), 201)[0]
    retry(lambda: admin.get(f"/data/comments/{comment['id']}"), 200,
          check=lambda shown: len(shown["previews"]) == 1 + len(ROLES) and shown["attachment_files"])
    # the team last, each member with their project role, the project manager at the very end:
    # once a service lets the project manager in, it knows the whole team
    members = [role for role, (_, member, _) in ROLES.items() if member]
    for role in sorted(members, key=lambda name: name == "project_manager"):
        link_role = ROLES[role][2]
        retry(lambda: admin.post(f"/data/projects/{p}/team", {
            "person_id": persons[role]["id"], **({"role": link_role} if link_role else {})}), 201)
    fixture = {"project": p, "asset_type": asset_type["id"], "task_type": task_type["id"], "todo": todo["id"],
               "asset": asset["id"], "asset2": asset2["id"], "sequence": sequence["id"], "shot": shot["id"],
               "task": task["id"], "task2": task2["id"], "comment": comment["id"], "comment2": comment2["id"],
               "preview": preview["id"], "attachment": attachment["id"], "news": news["id"],
               "per_role": per_role, **{role: person["id"] for role, person in persons.items()}}
    apis = {"admin": admin}
    for role in ROLES:
        if role != "admin":
            apis[role] = Api(base_url)
            apis[role].token = apis[role].login(persons[role]["email"], PASSWORD)["access_token"]
    settle(fixture, apis)
    return fixture, apis


def settle(fixture, apis):
    """Wait until every service knows the whole production: the project manager (added last to
    the team) reads the task in tasks and its previews in media, and the vendor reads the asset
    its task is on in production."""
    manager, vendor = apis["project_manager"], apis["vendor"]
    retry(lambda: manager.get(f"/data/tasks/{fixture['task']}"), 200)
    retry(lambda: manager.get(f"/data/tasks/{fixture['task']}/previews"), 200)
    retry(lambda: vendor.get(f"/data/assets/{fixture['asset']}"), 200)
    retry(lambda: vendor.get(f"/data/tasks/{fixture['task']}/previews"), 200)


HEADER = "route\tmethod\tpath\trole\tstatus"


def read_table(path):
    """{(route key, role): status} from a table written by record.py."""
    lines = path.read_text().splitlines()
    assert lines[0] == HEADER, lines[0]
    return {(key, role): int(status) for key, _, _, role, status in (line.split("\t") for line in lines[1:])}


def deactivate(fixture, apis):
    """The persons made for the matrix stop counting towards the server's user limit."""
    for role in ROLES:
        if role != "admin":
            apis["admin"].put(f"/data/persons/{fixture[role]}", {"active": False})
