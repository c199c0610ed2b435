"""A working file's content through the real stack with gazu's own functions: bytes uploaded and
downloaded back unchanged, who may (the team's artists and clients, not an artist of another
project, not a vendor who works on none of the entity's tasks), and bad input answered as Zou
without a stray stored file; and an entity's output files as Zou lists them (its query filters,
not its asset instances' files)."""
import pathlib
import uuid

import gazu
import pytest

from api import NOT_FOUND, a_shot_task, logged_in, unique

CONTENT = bytes(range(256)) * 64 + b"\x00end"  # binary, NULs included
NO_FILE = {"error": True, "message": "The browser (or proxy) sent a request that this server could not understand."}


@pytest.fixture(scope="module")
def work(base_url, admin):
    made = a_shot_task(admin, "WorkingFiles")
    assert admin.post(f"/actions/projects/{made['project']['id']}/set-file-tree", {"tree_name": "simple"})[0] == 200
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    working_file = gazu.files.new_working_file(made["task"], name="layout")
    return dict(made, working_file=working_file)


def stored(cluster, prefix):
    """The ids of the files kept under PREVIEW_FOLDER/files/<prefix>."""
    folder = pathlib.Path(cluster.env["PREVIEW_FOLDER"], "files", prefix)
    return {path.name for path in folder.rglob("*") if path.is_file()}


def test_content_round_trip_with_gazu(admin, work, tmp_path):
    source = tmp_path / "layout.blend"
    source.write_bytes(CONTENT)
    working_file = work["working_file"]
    answer = gazu.files.upload_working_file(working_file, str(source))
    assert {key: answer[key] for key in ("id", "name", "revision", "size")} == \
        {"id": working_file["id"], "name": "layout", "revision": 1, "size": None}  # Zou: the row unchanged
    assert answer["outputs"] == [] and answer["type"] == "WorkingFile"
    target = tmp_path / "back.blend"
    gazu.files.download_working_file(working_file, str(target))
    assert target.read_bytes() == CONTENT
    source.write_bytes(b"second version")
    gazu.files.upload_working_file(working_file["id"], str(source))
    gazu.files.download_working_file(working_file["id"], str(target))
    assert target.read_bytes() == b"second version"
    status, shown = admin.get(f"/data/working-files/{working_file['id']}")
    assert status == 200 and shown["outputs"] == [] and shown["task_id"] == work["task"]["id"]


def test_who_may_read_and_replace_the_content(base_url, admin, work):
    working_file, project = work["working_file"], work["project"]
    url = f"/data/working-files/{working_file['id']}/file"
    outsider = logged_in(base_url, admin, "user")
    a_shot_task(admin, "Elsewhere", team=[outsider.person["id"]])
    vendor = logged_in(base_url, admin, "vendor")
    client = logged_in(base_url, admin, "client")
    artist = logged_in(base_url, admin, "user")
    for person in (vendor, client, artist):
        assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": person.person["id"]})[0] == 201
    for refused in (outsider, vendor):
        assert refused.get(url)[0] == 403
        assert refused.post(url, files={"file": ("x.blend", b"not mine")})[0] == 403
        assert refused.get(f"/data/working-files/{working_file['id']}")[0] == 403
    status, answer = artist.post(url, files={"file": ("x.blend", b"from the team")})
    assert (status, answer["id"]) == (201, working_file["id"])
    assert client.get(url) == (200, "from the team")  # Zou: a client of the project too


def test_bad_input_answers_as_zou_and_keeps_nothing(cluster, admin, work):
    working_file = work["working_file"]
    url = f"/data/working-files/{working_file['id']}/file"
    staged = stored(cluster, "uploads")
    assert admin.post(url, files={"file": ("kept.blend", b"kept")})[0] == 201
    assert admin.post(url, data={"comment": "no file"}) == (400, NO_FILE)
    assert admin.post(url, {"file": "not multipart"}) == (400, NO_FILE)
    assert admin.post("/data/working-files/7d3c43b8-3c3b-4c1e-9f53-1a0a5c3e9b11/file",
                      files={"file": ("x.blend", b"lost")}) == (404, {"error": True, "message": NOT_FOUND})
    assert admin.post("/data/working-files/not-an-id/file", files={"file": ("x.blend", b"lost")})[0] == 404
    assert admin.get("/data/working-files/not-an-id/file")[0] == 404
    assert stored(cluster, "uploads") == staged  # refused uploads leave no staged file
    assert admin.get(url) == (200, "kept")
    another = gazu.files.new_working_file(work["task"], name="empty")
    assert admin.get(f"/data/working-files/{another['id']}/file") == \
        (404, {"error": True, "message": f"Working file not found for: {another['id']}"})
    assert another["id"] not in stored(cluster, "working")


def test_entity_output_files_honour_the_filters_and_leave_out_instances(admin, work):
    shot, task_type = work["shot"], work["task_type"]
    output_type = admin.post("/data/output-types", {"name": unique("Render"), "short_name": "rnd"})[1]
    beauty = gazu.files.new_entity_output_file(shot, output_type, task_type, "a", name="beauty", representation="exr")
    depth = gazu.files.new_entity_output_file(shot, output_type, task_type, "b", name="depth", representation="png")
    again = gazu.files.new_entity_output_file(shot, output_type, task_type, "c", name="beauty", representation="exr")
    status, instance_file = admin.post("/data/output-files", {  # an asset instance's file, in this shot
        "name": "beauty", "entity_id": shot["id"], "asset_instance_id": str(uuid.uuid4()),
        "output_type_id": output_type["id"], "task_type_id": task_type["id"], "revision": 1})
    assert status == 201

    def ids(**filters):
        return [row["id"] for row in gazu.files.all_output_files_for_entity(shot, **filters)]

    assert ids() == [again["id"], beauty["id"], depth["id"]]  # newest revision first, then oldest made
    assert instance_file["id"] not in ids()
    assert ids(name="depth") == ids(representation="png") == [depth["id"]]
    assert ids(output_type=output_type, name="beauty") == [again["id"], beauty["id"]]
    assert ids(task_type=task_type, file_status=beauty["file_status_id"]) == ids()
    assert ids(task_type=str(uuid.uuid4())) == ids(file_status=str(uuid.uuid4())) == []
