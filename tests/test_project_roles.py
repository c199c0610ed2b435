"""The role a team link sets on a project counts in every service, as in Zou: an artist made
manager of a project manages it in production, tasks and media; a studio manager made artist of
a project is an artist there. The services hear of a role change through production's events,
before any request sent after the change is answered."""
from api import logged_in, unique


def production_with_a_preview(admin):
    """A project with a shot task, a comment and its preview (shown by the comment, so that no
    event of media's is still being applied when the test goes on)."""
    project = admin.post("/data/projects", {"name": unique("Roles")})[1]
    base = f"/data/projects/{project['id']}"
    task_type = admin.post("/data/task-types", {"name": unique("Layout"), "for_entity": "Shot"})[1]
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    shot = admin.post(f"{base}/shots", {"name": "SH010", "sequence_id": sequence["id"]})[1]
    status, task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})
    assert status == 201, task
    status_id = admin.get("/data/task-status")[1][0]["id"]
    comment = admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": status_id, "comment": "v1"})[1]
    status, preview = admin.post(f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview", {})
    assert status == 201
    assert admin.get(f"/data/comments/{comment['id']}")[1]["previews"]
    return project, task, preview


def manages(api, project, task, preview):
    """(production, tasks, media): what the project's managers may change, as `api` asks."""
    return (api.put(f"/data/projects/{project['id']}", {"description": unique("d")})[0],
            api.put(f"/data/tasks/{task['id']}", {"name": unique("main")})[0],
            api.put(f"/data/preview-files/{preview['id']}", {"description": unique("d")})[0])


def test_an_artist_made_manager_of_a_project_manages_it_everywhere(base_url, admin):
    project, task, preview = production_with_a_preview(admin)
    artist = logged_in(base_url, admin, "user")
    team = f"/data/projects/{project['id']}/team"
    assert admin.post(team, {"person_id": artist.person["id"]})[0] == 201
    assert artist.get(f"/data/tasks/{task['id']}")[0] == 200  # tasks knows the team
    assert artist.get(f"/data/tasks/{task['id']}/previews")[0] == 200  # and media
    assert manages(artist, project, task, preview) == (403, 403, 403)

    assert admin.put(f"{team}/{artist.person['id']}", {"role": "manager"})[0] == 200
    assert manages(artist, project, task, preview) == (200, 200, 200)
    other = admin.post("/data/projects", {"name": unique("Other")})[1]
    assert artist.put(f"/data/projects/{other['id']}", {"description": "not mine"})[0] == 403


def test_a_studio_manager_made_artist_of_a_project_is_an_artist_there(base_url, admin):
    project, task, preview = production_with_a_preview(admin)
    manager = logged_in(base_url, admin, "manager")
    team = f"/data/projects/{project['id']}/team"
    assert admin.post(team, {"person_id": manager.person["id"]})[0] == 201
    assert manages(manager, project, task, preview) == (200, 200, 200)

    assert admin.put(f"{team}/{manager.person['id']}", {"role": "user"})[0] == 200
    assert manages(manager, project, task, preview) == (403, 403, 403)
