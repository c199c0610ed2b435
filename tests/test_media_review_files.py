"""Review around the previews through the real stack: a comment posted by gazu with attachments
(a multipart whose form fields are the comment), playlists of a project and their entities."""
import gazu
import pytest
from PIL import Image

from api import a_shot_task, logged_in, unique


@pytest.fixture(scope="module")
def review(base_url, admin):
    artist = logged_in(base_url, admin, "user")
    made = a_shot_task(admin, "Playlists", team=[artist.person["id"]])
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, artist=artist)


def test_gazu_comments_with_attachments(admin, review, tmp_path):
    notes, sketch = tmp_path / "notes.txt", tmp_path / "sketch.png"
    notes.write_text("more light on the left")
    Image.new("RGB", (32, 32), (1, 2, 3)).save(sketch)
    comment = gazu.task.add_comment(review["task"], review["status"], "see attached",
                                    checklist=[{"text": "key light", "checked": False}],
                                    attachments=[str(notes), str(sketch)])
    assert comment["text"] == "see attached"
    assert comment["checklist"] == [{"text": "key light", "checked": False}]
    assert sorted(attached["name"] for attached in comment["attachment_files"]) == ["notes.txt", "sketch.png"]
    attached = next(a for a in comment["attachment_files"] if a["name"] == "notes.txt")
    status, text = admin.get(f"/data/attachment-files/{attached['id']}/file/notes.txt")
    assert (status, text) == (200, "more light on the left")


def test_playlists_of_a_project(base_url, admin, review, tmp_path):
    project, shot, task = review["project"], review["shot"], review["task"]
    comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                         {"task_status_id": review["status"]["id"], "comment": "v1"})[1]
    Image.new("RGB", (64, 36), (9, 9, 9)).save(tmp_path / "v1.png")
    preview = gazu.task.add_preview(task, comment, str(tmp_path / "v1.png"))
    playlist = gazu.playlist.new_playlist(project, unique("Dailies"))
    assert playlist["type"] == "Playlist" and playlist["for_entity"] == "shot"
    assert {"id", "name", "project_id", "shots", "episode_id", "for_client", "created_by"} <= set(playlist)
    listed = gazu.playlist.all_playlists_for_project(project)
    assert playlist["id"] in {row["id"] for row in listed} and "shots" not in listed[0]
    playlist = gazu.playlist.add_entity_to_playlist(playlist, shot, persist=True)
    assert playlist["shots"] == [{"entity_id": shot["id"], "preview_file_id": preview["id"]}]
    previews = gazu.playlist.get_entity_preview_files(shot)
    assert [p["id"] for p in previews[review["task_type"]["id"]]] == [preview["id"]]
    assert admin.get(f"/data/shots/{shot['id']}/preview-files")[1] == previews
    listed = admin.get(f"/data/entities/{shot['id']}/preview-files")[1]
    assert [(p["id"], p["status"], p["original_name"]) for p in listed] == [(preview["id"], "ready", "v1")]
    assert preview["id"] not in {p["id"] for p in admin.get("/data/playlists/preview-files/running")[1]}
    assert gazu.playlist.get_playlist(playlist)["shots"] == playlist["shots"]
    artist = review["artist"]
    assert artist.post("/data/playlists", {"name": "mine", "project_id": project["id"]})[0] == 403
    assert artist.get(f"/data/playlists/{playlist['id']}")[0] == 200
    gazu.playlist.delete_playlist(playlist)
    assert admin.get(f"/data/playlists/{playlist['id']}")[0] == 404


def test_the_studio_catalogues(admin, review):
    output_type = gazu.files.new_output_type(unique("Cache"), "cache")
    assert (output_type["type"], output_type["short_name"]) == ("OutputType", "cache")
    assert gazu.files.get_output_type_by_name(output_type["name"])["id"] == output_type["id"]
    software = gazu.files.new_software(unique("Blender"), "bl", ".blend")
    assert (software["file_extension"], software["archived"], software["monthly_cost"]) == (".blend", False, 0)
    assert software["id"] in {row["id"] for row in gazu.files.all_softwares()}
    status = gazu.files.new_file_status(unique("WIP"), "#ff0000")
    assert status["type"] == "FileStatus"
    assert admin.post("/data/output-types", {"short_name": "x"})[1] == {"message": "A required field is missing."}
    assert review["artist"].post("/data/softwares", {"name": unique("Maya"), "short_name": "ma",
                                                     "file_extension": ".ma"})[0] == 403


def test_working_and_output_files(admin, review):
    task, shot = review["task"], review["shot"]
    software = admin.post("/data/softwares", {"name": unique("Houdini"), "short_name": "hou",
                                              "file_extension": ".hip"})[1]
    made = [admin.post("/data/working-files", {"name": "main", "revision": revision, "task_id": task["id"],
                                               "entity_id": shot["id"], "software_id": software["id"],
                                               "path": f"/prod/sh010/main_v{revision:03}"})
            for revision in (1, 2)]
    assert [status for status, _ in made] == [201, 201]
    listed = gazu.files.get_working_files_for_task(task)
    assert [row["revision"] for row in listed] == [2, 1] and listed[0]["type"] == "WorkingFile"
    assert [row["id"] for row in admin.get(f"/data/entities/{shot['id']}/working-files")[1]] == \
        [row["id"] for row in listed]
    commented = gazu.files.update_comment(made[0][1], "blocking done")
    assert commented["comment"] == "blocking done"
    assert admin.put(f"/actions/working-files/{made[0][1]['id']}/modified")[0] == 200
    assert admin.post("/data/working-files", {"name": "x", "software_id": review["task"]["id"]})[0] == 400

    output_type = gazu.files.new_output_type(unique("Render"), "render")
    status, output = admin.post("/data/output-files", {"name": "beauty", "revision": 1, "entity_id": shot["id"],
                                                       "output_type_id": output_type["id"],
                                                       "task_type_id": review["task_type"]["id"]})
    assert status == 201 and output["type"] == "OutputFile"
    assert [row["id"] for row in admin.get(f"/data/entities/{shot['id']}/output-files")[1]] == [output["id"]]
    assert [row["id"] for row in gazu.files.all_output_types_for_entity(shot)] == [output_type["id"]]
