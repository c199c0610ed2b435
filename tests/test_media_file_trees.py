"""Working and output files with paths from a project's file tree, through the real stack (gazu's
files module where it has a function): a custom tree, the trees Zou ships, revisions, a path
read back, bad input answered without a row, and an artist of another project refused."""
import gazu
import pytest

from api import a_shot_task, logged_in, unique

CUSTOM_TREE = {
    "working": {"mountpoint": "/studio", "root": "prod",
                "folder_path": {"shot": "<Project>/<Sequence>/<Shot>/<TaskType>/<Software>",
                                "asset": "<Project>/<AssetType>/<Asset>/<TaskType>", "style": "lowercase"},
                "file_name": {"shot": "<Shot>_<TaskType>_<Name>_v<Version>", "asset": "<Asset>_<Name>_v<Version>",
                              "style": "uppercase"}},
    "output": {"mountpoint": "/studio", "root": "out",
               "folder_path": {"shot": "<Project>/<Sequence>/<Shot>/<OutputType>", "asset": "<Asset>/<OutputType>",
                               "instance": "<TemporalEntity>/<Asset>/<Instance.number>", "style": "lowercase"},
               "file_name": {"shot": "<Shot>_<OutputType>_<Name>_v<Version>", "asset": "<Asset>_v<Version>",
                             "instance": "<Asset>_<Instance.name>_v<Version>", "style": "lowercase"}}}


@pytest.fixture(scope="module")
def files(base_url, admin):
    made = a_shot_task(admin, "Trees")
    project = made["project"]
    assert admin.put(f"/data/projects/{project['id']}", {"file_tree": CUSTOM_TREE})[0] == 200
    software = admin.post("/data/softwares", {"name": unique("Blender"), "short_name": "bl",
                                              "file_extension": ".blend"})[1]
    output_type = admin.post("/data/output-types", {"name": unique("Cache"), "short_name": "cache"})[1]
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, software=software, output_type=output_type,
                prefix=f"/studio/prod/{slug(project['name'])}/sq01/sh010/{slug(made['task_type']['name'])}")


def slug(name):
    return name.lower().replace("-", "_")


def test_working_files_with_a_custom_tree(admin, files):
    task, software, shot = files["task"], files["software"], files["shot"]
    path = gazu.files.build_working_file_path(task, software=software, name="Main Layout")
    assert path == f"{files['prefix']}/{slug(software['name'])}/" \
                   f"SH010_{slug(files['task_type']['name']).upper()}_MAIN_LAYOUT_V001"
    first = gazu.files.new_working_file(task, name="layout", software=software, comment="blocking")
    assert (first["revision"], first["comment"], first["type"], first["validation_status"]) == \
        (1, "blocking", "WorkingFile", "neutral")
    assert first["path"].endswith("_LAYOUT_V001") and first["entity_id"] == shot["id"]
    second = gazu.files.new_working_file(task, name="layout", software=software)
    assert second["revision"] == 2
    status, body = admin.post(f"/data/tasks/{task['id']}/working-file-path", {"name": "layout",
                                                                              "software_id": software["id"]})
    assert (status, body["name"][-4:]) == (200, "V003")
    last = gazu.files.get_last_working_files(task)
    assert set(last) == {"layout"} and last["layout"]["id"] == second["id"]
    assert admin_id(admin) in admin.get(f"/data/tasks/{task['id']}")[1]["assignees"]  # Zou assigns the maker
    duplicate = admin.post(f"/data/tasks/{task['id']}/working-files/new", {"name": "layout", "revision": 2,
                                                                           "software_id": software["id"]})
    assert duplicate == (400, {"error": "The given working file already exists."})


def admin_id(admin):
    return admin.get("/auth/authenticated")[1]["user"]["id"]


def test_output_files_and_their_revisions(admin, files):
    shot, output_type, task_type = files["shot"], files["output_type"], files["task_type"]
    path = gazu.files.build_entity_output_file_path(shot, output_type, task_type, name="beauty")
    assert path == f"/studio/out/{slug(files['project']['name'])}/sq01/sh010/{slug(output_type['name'])}/" \
                   f"sh010_{slug(output_type['name'])}_beauty_v001"
    made = gazu.files.new_entity_output_file(shot, output_type, task_type, "first", name="beauty",
                                             representation="exr", nb_elements=3)
    assert (made["revision"], made["nb_elements"], made["type"]) == (1, 3, "OutputFile")
    assert made["file_name"].endswith("_beauty_v001_[1-3]") and made["path"].endswith("_beauty_v001_[1-3]")
    assert made["file_status_id"] and made["person_id"] == admin_id(admin)
    assert gazu.files.get_next_entity_output_revision(shot, output_type, task_type, name="beauty") == 2
    second = gazu.files.new_entity_output_file(shot, output_type, task_type, "second", name="beauty",
                                               representation="exr")
    assert second["revision"] == 2
    last = gazu.files.get_last_output_files_for_entity(shot)
    assert [row["id"] for row in last] == [second["id"]]
    listed = admin.get(f"/data/entities/{shot['id']}/output-types/{output_type['id']}/output-files")[1]
    assert [row["revision"] for row in listed] == [2, 1]
    assert [row["id"] for row in gazu.files.all_output_files_for_project(files["project"])] == \
        [second["id"], made["id"]]


def test_a_shipped_tree_and_a_path_read_back(admin, files, base_url):
    made = a_shot_task(admin, "Shipped")
    project, task = made["project"], made["task"]
    status, body = admin.post(f"/data/tasks/{task['id']}/working-file-path", {})
    assert (status, body) == (400, {"message": "No tree can be found for given project.", "received_data": {}})
    status, updated = admin.post(f"/actions/projects/{project['id']}/set-file-tree", {"tree_name": "simple"})
    assert status == 200 and updated["file_tree"]["working"]["mountpoint"] == "/simple"
    path = admin.post(f"/data/tasks/{task['id']}/working-file-path", {"software_id": files["software"]["id"]})[1]
    assert path["path"].startswith(f"/simple/productions/{slug(project['name'])}/shots/sq01/sh010/")
    assert path["name"].endswith("_main_v001")
    guessed = admin.post("/data/entities/guess_from_path", {"project_id": project["id"],
                                                            "file_path": path["path"]})
    assert guessed[0] == 200 and {"Template": "shot"} in guessed[1]
    assert admin.post(f"/actions/projects/{project['id']}/set-file-tree", {"tree_name": "nope"})[0] == 400


def test_bad_input_leaves_no_row(admin, files):
    task, shot = files["task"], files["shot"]
    before = len(admin.get(f"/data/tasks/{task['id']}/working-files")[1])
    assert admin.post(f"/data/tasks/{task['id']}/working-files/new",
                      {"name": "x", "software_id": task["id"]})[0] == 404
    status, body = admin.post(f"/data/tasks/{task['id']}/working-files/new", {"comment": "no name"})
    assert (status, body["data"]["errors"]) == (400, [{"field": "name", "message": "Field required"}])
    assert admin.post(f"/data/tasks/{task['id']}/working-file-path", {"mode": "nope"})[1]["message"] == \
        "Mode nope cannot be found on given tree."
    assert len(admin.get(f"/data/tasks/{task['id']}/working-files")[1]) == before
    outputs = len(admin.get(f"/data/entities/{shot['id']}/output-files")[1])
    status, body = admin.post(f"/data/entities/{shot['id']}/output-files/new", {})
    assert status == 400 and [e["field"] for e in body["data"]["errors"]] == ["output_type_id", "task_type_id"]
    assert admin.post(f"/data/entities/{shot['id']}/output-files/new", {
        "output_type_id": files["task_type"]["id"], "task_type_id": files["task_type"]["id"]}) == \
        (400, {"error": "Cannot find given output type."})
    assert admin.post(f"/data/entities/{shot['id']}/output-files/new", {
        "output_type_id": files["output_type"]["id"], "task_type_id": files["task_type"]["id"],
        "person_id": shot["id"]}) == (400, {"error": "Cannot find given person."})
    assert len(admin.get(f"/data/entities/{shot['id']}/output-files")[1]) == outputs


def test_an_artist_of_another_project_is_refused(base_url, admin, files):
    artist = logged_in(base_url, admin, "user")
    a_shot_task(admin, "Elsewhere", team=[artist.person["id"]])
    task, shot = files["task"], files["shot"]
    assert artist.post(f"/data/tasks/{task['id']}/working-file-path", {})[0] == 403
    assert artist.post(f"/data/tasks/{task['id']}/working-files/new", {"name": "mine"})[0] == 403
    assert artist.post(f"/data/entities/{shot['id']}/output-files/new", {
        "output_type_id": files["output_type"]["id"], "task_type_id": files["task_type"]["id"]})[0] == 403
    assert artist.get(f"/data/projects/{files['project']['id']}/output-files")[0] == 403
    assert artist.post(f"/actions/projects/{files['project']['id']}/set-file-tree", {"tree_name": "simple"})[0] == 403
    assert artist.post("/data/entities/guess-from-path", {"project_id": files["project"]["id"],
                                                          "file_path": "/studio/prod"})[0] == 403
