"""Review previews through the real stack (gateway → media, which asks tasks about the task and
its comment; tasks learns back which comment shows which preview): add-preview, an extra file in
the same revision, a task's and a project's previews, removal from a comment, who may do it; a
deleted comment's files."""
import pathlib
import time

import gazu
import pytest

from api import NOT_FOUND, logged_in, unique
from media_samples import picture, processed

PREVIEW_KEYS = {"id", "type", "name", "original_name", "revision", "position", "extension", "description",
                "path", "source", "file_size", "status", "validation_status", "annotations", "width",
                "height", "duration", "task_id", "person_id", "source_file_id", "shotgun_id", "is_movie",
                "url", "uploaded_movie_url", "uploaded_movie_name", "data", "token_in", "token_out",
                "created_at", "updated_at"}


@pytest.fixture(scope="module")
def review(base_url, admin):
    """A shot task of a project whose team has an artist, commented twice; gazu logged in as admin."""
    artist, outsider = logged_in(base_url, admin, "user"), logged_in(base_url, admin, "user")
    project = admin.post("/data/projects", {"name": unique("Review"), "team": [artist.person["id"]]})[1]
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    shot = admin.post(f"{base}/shots", {"name": "SH010", "sequence_id": sequence["id"]})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Comp"), "for_entity": "Shot"})[1]
    status, task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})
    assert status == 201, task
    status_id = admin.get("/data/task-status")[1][0]["id"]
    comments = [admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": status_id, "comment": text})[1]
                for text in ("v1 please", "v2 please")]
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(project=project, task=task, comments=comments, artist=artist, outsider=outsider)


def comment_previews(admin, task, comment):
    return {row["id"]: [p["id"] for p in row["previews"]]
            for row in admin.get(f"/data/tasks/{task['id']}/comments")[1]}[comment["id"]]


def test_previews_of_a_comment_get_revisions_and_positions(admin, review):
    task, (first, second) = review["task"], review["comments"]
    preview = gazu.task.create_preview(task, first)
    assert set(preview) == PREVIEW_KEYS | {"comments"} and preview["comments"] == [first["id"]]
    assert (preview["type"], preview["revision"], preview["position"], preview["status"]) == \
        ("PreviewFile", 1, 1, "processing")
    assert preview["task_id"] == task["id"]
    assert preview["person_id"] == admin.get("/auth/authenticated")[1]["user"]["id"]
    extra = gazu.task.create_extra_preview(task, first, preview)
    assert (extra["revision"], extra["position"]) == (1, 2)
    again = gazu.task.create_preview(task, first)  # the comment already shows revision 1
    assert (again["revision"], again["position"]) == (1, 3)
    next_one = gazu.task.create_preview(task, second)
    assert (next_one["revision"], next_one["position"]) == (2, 1)
    chosen = gazu.task.create_preview(task, second, revision=7)
    assert chosen["revision"] == 7

    listed = gazu.task.all_previews_for_task(task)
    assert all(set(p) == PREVIEW_KEYS for p in listed)
    assert [(p["revision"], p["position"]) for p in listed] == [(7, 1), (2, 1), (1, 1), (1, 2), (1, 3)]
    in_project = {p["id"] for p in gazu.task.all_preview_files_for_project(review["project"])}
    assert {p["id"] for p in listed} <= in_project
    # the tasks service learns which comment shows which preview
    assert comment_previews(admin, task, first) == [preview["id"], extra["id"], again["id"]]
    assert comment_previews(admin, task, second) == [next_one["id"], chosen["id"]]


def test_a_preview_removed_from_its_comment_is_gone(admin, review):
    task, first = review["task"], review["comments"][0]
    preview = gazu.task.create_preview(task, first)
    assert preview["id"] in comment_previews(admin, task, first)
    gazu.task.remove_preview_from_comment(task, first, preview)
    assert preview["id"] not in {p["id"] for p in gazu.task.all_previews_for_task(task)}
    assert preview["id"] not in comment_previews(admin, task, first)
    path = f"/actions/tasks/{task['id']}/comments/{first['id']}/preview-files/{preview['id']}"
    assert admin.delete(path)[0] == 404


def test_who_may_add_and_read_previews(admin, review):
    task, first = review["task"], review["comments"][0]
    path = f"/actions/tasks/{task['id']}/comments/{first['id']}/add-preview"
    status, body = review["outsider"].post(path, {})
    assert status == 403 and body["error"] is True
    assert review["outsider"].get(f"/data/tasks/{task['id']}/previews")[0] == 403
    assert review["outsider"].get(f"/data/projects/{review['project']['id']}/preview-files")[0] == 403
    assert review["artist"].post(path, {})[0] == 403  # in the team, but not on the task (Zou's action rule)
    assert review["artist"].get(f"/data/tasks/{task['id']}/previews")[0] == 200
    assert admin.put(f"/actions/tasks/{task['id']}/assign", {"person_id": review["artist"].person["id"]})[0] == 200
    status, preview = review["artist"].post(path, {})  # media knows of the assignment
    assert status == 201, preview
    status, row = review["artist"].get(f"/data/preview-files/{preview['id']}")  # by its task
    assert status == 200 and set(row) == PREVIEW_KEYS | {"comments"} and row["comments"] == [first["id"]]
    assert review["outsider"].get(f"/data/preview-files/{preview['id']}")[0] == 403


def test_previews_of_unknown_or_mismatched_rows_are_404(admin, review):
    task, first = review["task"], review["comments"][0]
    unknown = "6b12669e-a93d-45d5-82f8-68b141a65241"
    status, body = admin.post(f"/actions/tasks/{unknown}/comments/{first['id']}/add-preview", {})
    assert (status, body["message"]) == (404, NOT_FOUND)
    assert admin.post(f"/actions/tasks/{task['id']}/comments/{unknown}/add-preview", {})[0] == 404
    assert admin.get(f"/data/tasks/{unknown}/previews")[0] == 404
    status, body = admin.post(f"/actions/tasks/{task['id']}/comments/{first['id']}/add-preview",
                              {"revision": "two"})
    assert (status, body["message"], body["data"]["errors"][0]["field"]) == (400, "Validation error.", "revision")
    assert len(gazu.task.all_previews_for_task(task)) == len(admin.get(f"/data/tasks/{task['id']}/previews")[1])


# -- attachments ----------------------------------------------------------------------------------
def stored_files(cluster, folder="files/attachments"):
    """The ids of the files kept under PREVIEW_FOLDER/<folder> (…/<id[:3]>/<id[3:6]>/<id>)."""
    return {path.name for path in pathlib.Path(cluster.env["PREVIEW_FOLDER"], folder).rglob("*")
            if path.is_file()}


def test_attachments_of_a_comment_upload_list_download_delete(admin, review, tmp_path, cluster):
    task, first = review["task"], review["comments"][0]
    notes, frame = tmp_path / "notes.txt", tmp_path / "frame.png"
    notes.write_text("fix the left hand")
    frame.write_bytes(b"\x89PNG fake")
    added = gazu.task.add_attachment_files_to_comment(task, first, [str(notes), str(frame)])
    assert sorted((a["name"], a["size"], a["extension"]) for a in added) == [
        ("frame.png", 9, "png"), ("notes.txt", 17, "txt")]
    assert all(set(a) == {"id", "name", "size", "extension"} for a in added)  # Zou's summary
    assert {a["id"] for a in added} <= stored_files(cluster)
    listed = gazu.files.get_all_attachment_files_for_task(task)
    assert {a["id"] for a in listed} == {a["id"] for a in added}
    assert all(a["type"] == "AttachmentFile" and a["comment"]["id"] == a["comment_id"] == first["id"]
               and a["chat_message"] is None for a in listed)
    assert {a["id"] for a in gazu.files.get_all_attachment_files_for_project(review["project"])} >= \
        {a["id"] for a in added}
    text = next(a for a in added if a["name"] == "notes.txt")
    gazu.files.download_attachment_file(text, str(tmp_path / "back.txt"))
    assert (tmp_path / "back.txt").read_text() == "fix the left hand"
    # the tasks service learns which comment shows which files
    shown = admin.get(f"/data/comments/{first['id']}")[1]["attachment_files"]
    assert sorted(shown, key=lambda a: a["name"]) == [
        {key: a[key] for key in ("id", "name", "extension", "size")} for a in sorted(added, key=lambda a: a["name"])]

    path = f"/data/tasks/{task['id']}/comments/{first['id']}/attachments/{text['id']}"
    assert review["outsider"].delete(path)[0] == 403
    assert admin.delete(path)[0] == 204
    assert text["id"] not in stored_files(cluster)  # its bytes went with it
    assert admin.get(f"/data/attachment-files/{text['id']}")[0] == 404
    assert admin.get(f"/data/attachment-files/{text['id']}/file/notes.txt")[0] == 404
    assert text["id"] not in {a["id"] for a in admin.get(f"/data/comments/{first['id']}")[1]["attachment_files"]}


def test_attachments_refused_leave_nothing_behind(admin, review, cluster):
    task, first = review["task"], review["comments"][0]
    before, stored = admin.get(f"/data/tasks/{task['id']}/attachment-files")[1], stored_files(cluster)
    path = f"/actions/tasks/{task['id']}/comments/{first['id']}/add-attachment"
    upload = {"file": ("secret.txt", b"nope", "text/plain")}
    status, _ = review["outsider"].request("POST", path, files=upload)
    assert status == 403
    assert admin.post(path, {}) == (201, [])  # no file: nothing added, as Zou
    forged = {"id": "6b12669e-a93d-45d5-82f8-68b141a65241", "name": "x.txt", "size": 1, "extension": "txt",
              "mimetype": "text/plain"}
    assert admin.post(path, {"files": [forged]}) == (201, [])  # only the gateway names stored files
    assert admin.get(f"/data/tasks/{task['id']}/attachment-files")[1] == before
    assert stored_files(cluster) == stored
    assert review["outsider"].get(f"/data/tasks/{task['id']}/attachment-files")[0] == 403
    assert review["artist"].get(f"/data/projects/{review['project']['id']}/attachment-files")[0] == 403


def test_a_deleted_comment_takes_its_previews_and_attachments_along(admin, review, tmp_path, cluster):
    """As Zou: the comment's preview and attachment rows are deleted, and their stored files
    (the picture's original and variants, the attachment) removed."""
    task, status_id = review["task"], admin.get("/data/task-status")[1][0]["id"]
    comment = admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": status_id, "comment": "v3"})[1]
    preview = processed(gazu.task.add_preview(task, comment, picture(tmp_path / "v3.png", size=(64, 64)))["id"])
    notes = tmp_path / "notes.txt"
    notes.write_text("see the frame")
    [attachment] = gazu.task.add_attachment_files_to_comment(task, comment, [str(notes)])
    stores = ("pictures/original", "pictures/previews", "pictures/thumbnails", "files/attachments")
    assert all({preview["id"], attachment["id"]} & stored_files(cluster, store) for store in stores)

    assert admin.delete(f"/data/comments/{comment['id']}")[0] == 204
    assert admin.get(f"/data/preview-files/{preview['id']}")[0] == 404  # media followed at once
    assert admin.get(f"/data/attachment-files/{attachment['id']}")[0] == 404
    assert preview["id"] not in {p["id"] for p in gazu.task.all_previews_for_task(task)}
    deadline = time.monotonic() + 10  # the files go right after media's command commits
    while any({preview["id"], attachment["id"]} & stored_files(cluster, store) for store in stores) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any({preview["id"], attachment["id"]} & stored_files(cluster, store) for store in stores)
