"""A client that got the answer to a write sees it in its very next request, in every service:
no sleep, no retry. Each request follows a write in another service whose events the next one's
service learns from its replicas (asset -> its tasks, person -> an assignment, shot -> casting
-> its tasks)."""
from api import unique

ITERATIONS = 200


def test_every_next_request_sees_the_write_before_it(admin):
    character = admin.post("/data/entity-types", {"name": unique("Character")})[1]
    asset_type = admin.post("/data/task-types", {"name": unique("Modeling"), "for_entity": "Asset"})[1]
    shot_type = admin.post("/data/task-types", {"name": unique("Layout"), "for_entity": "Shot"})[1]
    status, project = admin.post("/data/projects", {"name": unique("RYW project")})
    assert status == 201, project
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    create_tasks = f"/actions/projects/{project['id']}/task-types/{{}}/{{}}/create-tasks"
    failures = []

    def expect(what, answer, status):
        if answer[0] != status:
            failures.append((what, answer))
        return answer[1]

    for i in range(ITERATIONS):
        asset = expect("asset", admin.post(f"{base}/asset-types/{character['id']}/assets/new",
                                           {"name": f"asset{i}"}), 201)
        tasks = expect("asset tasks", admin.post(create_tasks.format(asset_type["id"], "assets"),
                                                 [asset["id"]]), 201)
        if len(tasks) != 1:
            failures.append(("asset tasks", tasks))
            continue
        person = expect("person", admin.post("/data/persons", {
            "first_name": "RYW", "last_name": str(i), "email": f"{unique('ryw')}@example.com"}), 201)
        expect("assignment", admin.put(f"/actions/persons/{person['id']}/assign",
                                       {"task_ids": [tasks[0]["id"]]}), 200)
        shot = expect("shot", admin.post(f"{base}/shots", {"name": f"SH{i:04}",
                                                           "sequence_id": sequence["id"]}), 201)
        expect("casting", admin.put(f"{base}/entities/{shot['id']}/casting", [{"asset_id": asset["id"]}]), 200)
        shot_tasks = expect("shot tasks", admin.post(create_tasks.format(shot_type["id"], "shots"),
                                                     [shot["id"]]), 201)
        if len(shot_tasks) != 1:
            failures.append(("shot tasks", shot_tasks))
    assert failures == []
