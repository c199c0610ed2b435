"""Batch comments through the real stack with gazu's batch_comments (a multipart of comments and
their files: the tasks service makes the comments, media their attachments and previews) and
add_tasks_batch_comments (JSON); a batch with one refused comment writes none of them and keeps
no file. Also an attachment's thumbnail and GET /data/files/{id} (a working or an output file)."""
import json
import pathlib

import gazu
import pytest
import requests
from PIL import Image

from api import a_shot_task, logged_in, unique


@pytest.fixture(scope="module")
def work(base_url, admin):
    """Two tasks of a project (with a file tree) whose team has an artist, assigned to the first;
    a task of another project; gazu as admin."""
    artist = logged_in(base_url, admin, "user")
    made = a_shot_task(admin, "Batch", team=[artist.person["id"]])
    assert admin.put(f"/actions/tasks/{made['task']['id']}/assign", {"person_id": artist.person["id"]})[0] == 200
    assert admin.post(f"/actions/projects/{made['project']['id']}/set-file-tree", {"tree_name": "simple"})[0] == 200
    second_type = admin.post("/data/task-types", {"name": unique("Batch"), "for_entity": "Shot"})[1]
    second = admin.post("/data/tasks", {"entity_id": made["shot"]["id"], "task_type_id": second_type["id"]})[1]
    elsewhere = a_shot_task(admin, "Elsewhere")
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, artist=artist, second=second, elsewhere=elsewhere)


def picture(path, size=(320, 160), color=(250, 120, 0)):
    Image.new("RGB", size, color).save(path)
    return str(path)


def comment_count(admin, task_id):
    return len(admin.get(f"/data/tasks/{task_id}/comments")[1])


def staged(cluster):
    folder = pathlib.Path(cluster.env["PREVIEW_FOLDER"], "files", "uploads")
    return {path.name for path in folder.rglob("*") if path.is_file()}


def test_comments_with_previews_and_attachments(base_url, admin, work, tmp_path):
    task, status = work["task"], work["status"]
    notes = tmp_path / "notes.txt"
    notes.write_text("fix the light")
    made = gazu.task.batch_comments([
        {"task_status_id": status["id"], "text": "first",
         "attachment_files": [str(notes), picture(tmp_path / "ref.png")],
         "preview_files": [picture(tmp_path / "v1.png", size=(640, 320)), picture(tmp_path / "v1b.png")]},
        {"task_status_id": status["id"], "text": "second", "preview_files": [str(notes)]},  # not a preview format
    ], task=task)
    assert [comment["text"] for comment in made] == ["first", "second"]
    assert all(comment["object_id"] == task["id"] and comment["task_status_id"] == status["id"] for comment in made)
    first, second_comment = made
    assert sorted(attachment["name"] for attachment in first["attachment_files"]) == ["notes.txt", "ref.png"]
    assert [(preview["status"], preview["width"]) for preview in first["preview_files"]] == \
        [("ready", 640), ("ready", 320)]
    assert len({preview["revision"] for preview in first["preview_files"]}) == 1  # the comment's revision
    assert second_comment["attachment_files"] == [] and second_comment["preview_files"] == []
    comments = admin.get(f"/data/tasks/{task['id']}/comments")[1]
    shown = next(comment for comment in comments if comment["id"] == first["id"])
    assert sorted(preview["id"] for preview in shown["previews"]) == sorted(p["id"] for p in first["preview_files"])
    assert sorted(attachment["name"] for attachment in shown["attachment_files"]) == ["notes.txt", "ref.png"]
    preview = first["preview_files"][0]["id"]
    thumbnail = gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "thumb.png"))
    assert Image.open(tmp_path / "thumb.png").size == (150, 100) and thumbnail

    # an attachment's thumbnail (pictures only), for who may read its task
    ref = next(attachment for attachment in first["attachment_files"] if attachment["name"] == "ref.png")
    gazu.files.download_attachment_thumbnail(ref, str(tmp_path / "ref-thumb.png"))
    image = Image.open(tmp_path / "ref-thumb.png")
    assert image.size == (150, 150) and image.getpixel((75, 75)) == (250, 120, 0, 255)
    assert image.getpixel((75, 5))[3] == 0  # 2:1 fitted: transparent above
    path = f"/pictures/thumbnails/attachment-files/{ref['id']}.png"
    assert work["artist"].get(path)[0] == 200
    assert logged_in(base_url, admin, "user").get(path)[0] == 403
    text = next(attachment for attachment in first["attachment_files"] if attachment["name"] == "notes.txt")
    assert admin.get(f"/pictures/thumbnails/attachment-files/{text['id']}.png")[0] == 404


def test_several_tasks_in_json_and_who_may(base_url, admin, work):
    task, second, status, artist = work["task"], work["second"], work["status"], work["artist"]
    made = gazu.task.add_tasks_batch_comments([task, second], {"text": "both", "task_status_id": status["id"]})
    assert sorted(comment["object_id"] for comment in made) == sorted([task["id"], second["id"]])
    # an artist of the team may comment their project's tasks, not another project's
    comments = {"comments": [{"task_id": task["id"], "task_status_id": status["id"], "text": "mine"}]}
    status_code, answer = artist.post("/actions/tasks/batch-comment", comments)
    assert status_code == 201 and answer[0]["person_id"] == artist.person["id"]


def test_a_refused_batch_writes_nothing(cluster, base_url, admin, work, tmp_path):
    task, status, artist = work["task"], work["status"], work["artist"]
    before, files_before = comment_count(admin, task["id"]), staged(cluster)
    batch = [{"task_id": task["id"], "task_status_id": status["id"], "text": "ok"},
             {"task_id": work["elsewhere"]["task"]["id"], "task_status_id": status["id"], "text": "not mine"}]
    files = {"comments": (None, json.dumps(batch), "application/json"),
             "preview_file-0-0": open(picture(tmp_path / "a.png"), "rb")}
    response = requests.post(f"{base_url}/actions/tasks/batch-comment", files=files,
                             headers={"Authorization": f"Bearer {artist.token}"}, timeout=60)
    assert response.status_code == 403
    for bad, expected in (({"comments": "not json"}, 400), ({"comments": [{"text": "no status"}]}, 400),
                          ({}, 400), ({"comments": [{"task_id": task["id"], "task_status_id": task["id"]}]}, 404),
                          ({"comments": [{"task_id": "nope", "task_status_id": status["id"]}]}, 400)):
        assert admin.post("/actions/tasks/batch-comment", bad)[0] == expected, bad
    assert admin.post(f"/actions/tasks/{task['id']}/batch-comment", {"comments": "[1]"})[0] == 400
    assert comment_count(admin, task["id"]) == before
    assert staged(cluster) == files_before  # the staged upload is gone with the refusal


def test_file_information(base_url, admin, work):
    working = gazu.files.new_working_file(work["task"], name="layout")
    output_type = admin.post("/data/output-types", {"name": unique("Render"), "short_name": "rnd"})[1]
    output = gazu.files.new_entity_output_file(work["shot"], output_type, work["task_type"], "v1", name="beauty")
    for made, kind in ((working, "WorkingFile"), (output, "OutputFile")):
        status, found = admin.get(f"/data/files/{made['id']}")
        assert status == 200 and (found["id"], found["type"]) == (made["id"], kind)
        assert work["artist"].get(f"/data/files/{made['id']}")[0] == 200
        assert logged_in(base_url, admin, "user").get(f"/data/files/{made['id']}")[0] == 403
    assert admin.get("/data/files/00000000-0000-0000-0000-000000000000")[0] == 404
    assert admin.get("/data/files/not-an-id")[0] == 404
