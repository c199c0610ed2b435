"""The role × route matrix (issue 10): one production built through the HTTP API, eight callers,
and the routes of production, tasks and media that each of them calls. Used by record.py (the
reference's answers, on any server) and by tests/test_role_matrix.py (ours, compared with them).

Writes that consume a row (deletions) get a fresh row per role; the others can be repeated."""
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
UPLOAD = {"file": ("matrix.txt", b"matrix", "text/plain")}  # an attachment's multipart body
DAY_OFF_DATES = {role: f"2031-0{1 + index // 4}-{10 + index:02d}" for index, role in enumerate(ROLES)}


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def expect(call, expected, check=lambda body: True):
    """The body of `call`'s answer, which must be `expected` (and pass `check`)."""
    status, body = call()
    assert status == expected and check(body), (status, body)
    return body


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
    ("team-add", "POST", "/data/projects/{project}/team", {"person_id": "{artist}"}),
    ("descriptors", "GET", "/data/projects/{project}/metadata-descriptors", None),
    ("descriptor-create", "POST", "/data/projects/{project}/metadata-descriptors",
     {"name": "{unique}", "entity_type": "Asset", "departments": ["{department}"]}),
    ("entity-metadata-update", "PUT", "/data/entities/{asset}", {"data": {"{field}": "matrix"}}),
    ("milestone-create", "POST", "/data/milestones",
     {"project_id": "{project}", "name": "{unique}", "date": "2030-01-01"}),
    ("milestones", "GET", "/data/projects/{project}/milestones", None),
    ("shots", "GET", "/data/shots", None),
    ("project-shots", "GET", "/data/shots?project_id={project}", None),
    ("sequence-scenes", "GET", "/data/sequences/{sequence}/scenes", None),
    ("concepts", "GET", "/data/projects/{project}/concepts", None),
    ("shot-asset-types", "GET", "/data/shots/{shot}/asset-types", None),
    ("asset-casting", "GET", "/data/assets/{asset}/casting", None),
    ("episodes-casting", "GET", "/data/projects/{project}/episodes/casting", None),
    ("schedule-items", "GET", "/data/projects/{project}/schedule-items", None),
    ("task-type-schedule-items", "GET", "/data/projects/{project}/schedule-items/{task_type}/asset-types",
     None),
    ("person-quotas", "GET", "/data/projects/{project}/quotas/persons/{artist}", None),
    ("schedule-versions", "GET", "/data/production-schedule-versions?project_id={project}", None),
    # the generic lists Zou keeps to admins (a project's own routes serve its team)
    ("all-milestones", "GET", "/data/milestones", None),
    ("all-entity-links", "GET", "/data/entity-links", None),
    ("all-budgets", "GET", "/data/budgets", None),
    ("all-asset-instances", "GET", "/data/asset-instances", None),
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
    ("task-rename", "PUT", "/data/tasks/{task2}", {"name": "{unique}"}),
    ("entity-tasks-create", "POST", "/data/entities/{asset}/tasks", {"task_type_ids": ["{task_type}"]}),
    ("project-tasks", "GET", "/data/projects/{project}/tasks", None),
    ("asset-tasks", "GET", "/data/assets/{asset}/tasks", None),
    ("assets-with-tasks", "GET", "/data/assets/with-tasks?project_id={project}", None),
    ("task-assign", "PUT", "/actions/tasks/{task}/assign", {"person_id": "{artist}"}),
    ("person-tasks", "GET", "/data/persons/{artist}/tasks", None),
    ("project-task-types", "GET", "/data/projects/{project}/task-types", None),
    ("project-task-statuses", "GET", "/data/projects/{project}/settings/task-status", None),
    ("comment-create", "POST", "/actions/tasks/{task}/comment",
     {"task_status_id": "{todo}", "comment": "matrix"}),
    ("comment-many", "POST", "/actions/projects/{project}/tasks/comment-many",
     [{"object_id": "{task}", "task_status_id": "{todo}", "comment": "matrix"}]),
    ("comment-reply", "POST", "/data/tasks/{task}/comments/{comment}/reply", {"text": "matrix"}),
    ("comment-ack", "POST", "/data/tasks/{task}/comments/{comment}/ack", None),
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
    ("task-type-time-spents", "GET", "/data/projects/{project}/task-types/{task_type}/time-spents", None),
    ("entity-time-spents", "GET", "/data/entities/{asset}/time-spents", None),
    ("person-day-offs", "GET", "/data/persons/{artist}/day-offs", None),
    ("day-off-create", "POST", "/data/day-offs",
     {"person_id": "{artist}", "date": "{day_off}", "end_date": "{day_off}"}),
    ("project-day-offs", "GET", "/data/projects/{project}/day-offs", None),
    ("project-news", "GET", "/data/projects/{project}/news", None),
    ("project-news-item", "GET", "/data/projects/{project}/news/{news}", None),
    ("entity-news", "GET", "/data/entities/{asset}/news", None),
    ("entity-chat", "GET", "/data/entities/{asset}/chat", None),
    ("chat-message", "POST", "/data/entities/{asset}/chat/messages", {"message": "matrix"}),
    # media: previews and attachments
    ("task-previews", "GET", "/data/tasks/{task}/previews", None),
    ("project-previews", "GET", "/data/projects/{project}/preview-files", None),
    ("previews", "GET", "/data/preview-files", None),
    ("preview", "GET", "/data/preview-files/{preview}", None),
    ("preview-add", "POST", "/actions/tasks/{task}/comments/{comment}/add-preview", {}),
    ("preview-add-not-assigned", "POST", "/actions/tasks/{task2}/comments/{comment2}/add-preview", {}),
    ("preview-update", "PUT", "/data/preview-files/{preview}", {"description": "matrix"}),
    ("preview-add-extra", "POST", "/actions/tasks/{task}/comments/{comment}/preview-files/{preview}", {}),
    ("preview-delete", "DELETE", "/data/preview-files/{fresh_preview}", None),
    ("attachment-add", "POST", "/actions/tasks/{task}/comments/{attached}/add-attachment", "upload"),
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
        return api.post(path, files=UPLOAD)[0]
    return api.request(method, path, json=fill(body, fixture))[0]


def run(fixture, apis):
    """{(route key, role): status} over the whole matrix."""
    answers = {(route[0], role): call(apis[role], route, {**fixture, **fixture["per_role"][role]})
               for route in ROUTES for role in ROLES}
    files_settled(fixture, Builder(apis["admin"]), answers)
    return answers


def files_settled(fixture, make, answers):
    """Wait until the tasks service shows every file the matrix added or removed: what runs next
    finds no event of ours still being applied."""
    def done(key, status=201):
        return sum(answers[key, role] == status for role in ROLES)
    make.files_shown(fixture["comment"], previews=1 + done("preview-add") + done("preview-add-extra"))
    make.files_shown(fixture["comment2"],
                     previews=len(ROLES) - done("preview-delete", 204) + done("preview-add-not-assigned"))
    make.files_shown(fixture["attached"], attachments=1 + done("attachment-add"))


# -- the production every cell is asked about ------------------------------------------------------
class Builder:
    """Writes the matrix's production as the admin, each write retried until the services that
    replicate its inputs know them (another service's replica may lag behind)."""

    def __init__(self, admin):
        self.admin = admin

    def post(self, path, body=None, check=lambda answer: True, **options):
        return expect(lambda: self.admin.post(path, body, **options), 201, check=check)

    def person(self, role, department):
        name, (global_role, _, _) = unique(role), ROLES[role]
        departments = [department] if role in ("supervisor", "vendor", "artist") else []
        return self.post("/data/persons", {
            "first_name": name, "last_name": "Matrix", "email": f"{name}@example.com", "password": PASSWORD,
            "role": global_role, "departments": departments})

    def project(self):
        """A project with an asset type, a task type of a department and the todo status."""
        department = self.post("/data/departments", {"name": unique("Matrix"), "color": "#123456"})["id"]
        project = self.post("/data/projects", {"name": unique("Matrix")})["id"]
        asset_type = self.post("/data/entity-types", {"name": unique("Prop")})["id"]
        task_type = self.post("/data/task-types", {"name": unique("Model"), "for_entity": "Asset",
                                                   "department_id": department})["id"]
        statuses = self.admin.get("/data/task-status")[1]
        todo = next(row["id"] for row in statuses if row["short_name"] == "todo")
        for setting, key, value in (("task-types", "task_type_id", task_type),
                                    ("asset-types", "asset_type_id", asset_type),
                                    ("task-status", "task_status_id", todo)):
            self.post(f"/data/projects/{project}/settings/{setting}", {key: value})
        return dict(department=department, project=project, asset_type=asset_type, task_type=task_type,
                    todo=todo)

    def asset(self, fixture):
        path = f"/data/projects/{fixture['project']}/asset-types/{fixture['asset_type']}/assets/new"
        return self.post(path, {"name": unique("asset")})["id"]

    def task(self, fixture, asset):
        path = f"/actions/projects/{fixture['project']}/task-types/{fixture['task_type']}/assets/create-tasks"
        return self.post(path, [asset], check=lambda tasks: len(tasks) == 1)[0]["id"]

    def comment(self, fixture, task):
        body = {"task_status_id": fixture["todo"], "comment": "matrix"}
        return self.post(f"/actions/tasks/{task}/comment", body)["id"]

    def files_shown(self, comment, previews=0, attachments=0):
        """Wait until the tasks service shows the comment's files (media's events)."""
        expect(lambda: self.admin.get(f"/data/comments/{comment}"), 200, check=lambda shown: (
            len(shown["previews"]), len(shown["attachment_files"])) == (previews, attachments))


def build(base_url, admin_email, admin_password):
    """Persons of every role, a project whose team holds all but the admin and one manager, its
    breakdown, tasks, comments with previews and an attachment, time and a day off; rows that a
    cell consumes, one per role. Returns (fixture, {role: Api})."""
    admin = Api(base_url)
    admin.token = admin.login(admin_email, admin_password)["access_token"]
    make = Builder(admin)
    fixture = make.project()
    p = fixture["project"]
    persons = {"admin": admin.get("/auth/authenticated")[1]["user"],
               **{role: make.person(role, fixture["department"]) for role in ROLES if role != "admin"}}
    fixture.update({role: person["id"] for role, person in persons.items()})
    fixture.update(asset=make.asset(fixture), asset2=make.asset(fixture))
    fixture["sequence"] = make.post(f"/data/projects/{p}/sequences", {"name": unique("SQ")})["id"]
    fixture["shot"] = make.post(f"/data/projects/{p}/shots", {"name": unique("SH"),
                                                               "sequence_id": fixture["sequence"]})["id"]
    task = fixture["task"] = make.task(fixture, fixture["asset"])
    fixture["task2"] = make.task(fixture, fixture["asset2"])
    for person in ("artist", "vendor"):
        expect(lambda: admin.put(f"/actions/tasks/{task}/assign", {"person_id": fixture[person]}), 200)
    # previews on one comment, attachments on another, the removable previews on a third: the
    # tasks service follows each comment's files one event after the other
    fixture.update(comment=make.comment(fixture, task), attached=make.comment(fixture, task),
                   comment2=make.comment(fixture, fixture["task2"]))
    make.post(f"/actions/tasks/{task}/time-spents/{DAY}/persons/{fixture['artist']}", {"duration": 120})
    make.post("/data/day-offs", {"person_id": fixture["artist"], "date": "2030-05-05",
                                 "end_date": "2030-05-05"})
    fixture["field"] = make.post(f"/data/projects/{p}/metadata-descriptors", {
        "name": unique("fx"), "entity_type": "Asset", "departments": [fixture["department"]]})["field_name"]
    fixture["news"] = expect(lambda: admin.get(f"/data/projects/{p}/news"), 200)["data"][0]["id"]
    per_role = fixture["per_role"] = {role: {
        "fresh_asset": make.asset(fixture), "fresh_task": make.task(fixture, make.asset(fixture)),
        "fresh_comment": make.comment(fixture, task), "day_off": DAY_OFF_DATES[role]} for role in ROLES}
    review = f"/actions/tasks/{task}/comments"
    fixture["preview"] = make.post(f"{review}/{fixture['comment']}/add-preview", {})["id"]
    make.files_shown(fixture["comment"], previews=1)
    for role in ROLES:
        per_role[role]["fresh_preview"] = make.post(
            f"/actions/tasks/{fixture['task2']}/comments/{fixture['comment2']}/add-preview", {})["id"]
    make.files_shown(fixture["comment2"], previews=len(ROLES))
    fixture["attachment"] = make.post(f"{review}/{fixture['attached']}/add-attachment", files=UPLOAD)[0]["id"]
    make.files_shown(fixture["attached"], attachments=1)
    # the team last, each member with their project role, the project manager at the very end:
    # once a service lets the project manager in, it knows the whole team
    for role in sorted((role for role, (_, member, _) in ROLES.items() if member),
                       key=lambda name: name == "project_manager"):
        link_role = ROLES[role][2]
        make.post(f"/data/projects/{p}/team", {"person_id": fixture[role],
                                               **({"role": link_role} if link_role else {})})
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
    expect(lambda: manager.get(f"/data/tasks/{fixture['task']}"), 200)
    expect(lambda: manager.get(f"/data/tasks/{fixture['task']}/previews"), 200)
    expect(lambda: vendor.get(f"/data/assets/{fixture['asset']}"), 200)
    expect(lambda: vendor.get(f"/data/tasks/{fixture['task']}/previews"), 200)


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
