"""Playlists through the real stack: a playlist's movie built as a job (answered running, joined by
a job worker from the previews' movies, then downloaded and removed), its zip, the playlist as
the review player loads it, temporary playlists, entries added, clients told that it is ready;
who may do what, and bad ids that leave nothing behind."""
import io
import time
import zipfile

import gazu
import pytest
import requests

from api import logged_in, unique
from media_samples import movie, probe, processed

SECONDS = (1, 1.5, 2)  # the three shots' movies


def ended(api, playlist_id, job_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, job = api.get(f"/data/playlists/{playlist_id}/jobs/{job_id}")
        assert status == 200, job
        if job["status"] != "running":
            return job
        time.sleep(0.3)
    raise AssertionError(f"build job {job_id} still running after {timeout} s")


def fetch(base_url, api, path):
    return requests.get(base_url + path, headers={"Authorization": f"Bearer {api.token}"}, timeout=60)


@pytest.fixture(scope="module")
def production(base_url, admin, tmp_path_factory):
    """A project (320x240 at 24 fps) whose three shots have a movie preview each (1, 1.5 and 2 s),
    a playlist of them, an artist of the project, a client of it and an artist of another one."""
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    artist = logged_in(base_url, admin, "user")
    client = logged_in(base_url, admin, "client")
    stranger = logged_in(base_url, admin, "user")
    project = admin.post("/data/projects", {"name": unique("Builds"), "resolution": "320x240", "fps": "24",
                                            "team": [artist.person["id"], client.person["id"]]})[1]
    admin.post("/data/projects", {"name": unique("Elsewhere"), "team": [stranger.person["id"]]})
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Anim"), "for_entity": "Shot"})[1]
    task_status = admin.get("/data/task-status")[1][0]
    folder = tmp_path_factory.mktemp("movies")
    shots, tasks, previews = [], [], []
    for number, seconds in enumerate(SECONDS, 1):
        shot = admin.post(f"{base}/shots", {"name": f"SH0{number}0", "sequence_id": sequence["id"]})[1]
        task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})[1]
        comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                             {"task_status_id": task_status["id"], "comment": "take"})[1]
        previews.append(gazu.task.add_preview(task, comment, movie(folder / f"take{number}.mov", seconds, "320x240", 24)))
        shots.append(shot)
        tasks.append(task)
    previews = [processed(preview["id"], timeout=60) for preview in previews]
    assert {preview["status"] for preview in previews} == {"ready"}
    playlist = admin.post("/data/playlists", {"name": "Dailies 01", "project_id": project["id"]})[1]
    status, playlist = admin.post(f"/actions/playlists/{playlist['id']}/add-entities",
                                  {"entities": [{"entity_id": shot["id"]} for shot in shots]})
    assert status == 200, playlist
    return dict(project=project, shots=shots, tasks=tasks, previews=previews, playlist=playlist,
                task_type=task_type, artist=artist, client=client, stranger=stranger)


def test_add_entities_appends_each_shot_with_its_newest_preview(admin, production):
    playlist = production["playlist"]
    assert playlist["shots"] == [{"entity_id": shot["id"], "preview_file_id": preview["id"]}
                                 for shot, preview in zip(production["shots"], production["previews"])]
    first, second = production["shots"][:2]
    path = f"/actions/playlists/{playlist['id']}/add-entities"
    again = admin.post(path, {"entities": [{"entity_id": first["id"]}]})[1]
    assert again["shots"] == playlist["shots"]  # the same (entity, preview) entry is not added twice
    other = admin.post("/data/playlists", {"name": unique("Mixed"), "project_id": production["project"]["id"]})[1]
    # a preview of another shot is replaced by the shot's own newest
    status, mixed = admin.post(f"/actions/playlists/{other['id']}/add-entities", {"entities": [
        {"entity_id": second["id"], "preview_file_id": production["previews"][0]["id"]}]})
    assert status == 200 and mixed["shots"] == [{"entity_id": second["id"],
                                                 "preview_file_id": production["previews"][1]["id"]}]


def test_add_entities_refuses_bad_bodies_and_writes_nothing(admin, production):
    playlist = production["playlist"]
    path = f"/actions/playlists/{playlist['id']}/add-entities"
    status, body = admin.post(path, {"entities": []})
    assert status == 400 and body["message"] == "Validation error."
    assert body["data"]["errors"][0]["field"] == "entities"
    status, body = admin.post(path, {"entities": [{"entity_id": "nope"}]})
    assert status == 400 and body["data"]["errors"] == [{"field": "entities.0.entity_id",
                                                         "message": "Input should be a valid UUID"}]
    unknown = "00000000-0000-4000-8000-000000000000"
    assert admin.post(path, {"entities": [{"entity_id": production["shots"][0]["id"]},
                                          {"entity_id": unknown}]})[0] == 400
    assert admin.get(f"/data/playlists/{playlist['id']}")[1]["shots"] == playlist["shots"]
    assert admin.post(f"/actions/playlists/{unknown}/add-entities", {"entities": []})[0] == 404


def test_a_playlist_movie_is_built_by_a_job(base_url, admin, production, cluster, tmp_path):
    playlist, project = production["playlist"], production["project"]
    status, job = admin.get(f"/data/playlists/{playlist['id']}/build/mp4")
    assert status == 200, job
    assert (job["status"], job["job_type"], job["playlist_id"], job["type"]) == (
        "running", "movie", playlist["id"], "BuildJob")
    busy = admin.get(f"/data/playlists/{playlist['id']}/build/mp4")  # the job worker has ffmpeg to run first
    assert busy == (409, {"error": True, "message": "A build is already in progress for this playlist"})
    job = ended(admin, playlist["id"], job["id"])
    assert job["status"] == "succeeded" and job["ended_at"], job
    download = fetch(base_url, admin, f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4")
    assert download.status_code == 200 and download.headers["Content-Type"] == "video/mp4"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "_dailies_01.mp4" in download.headers["Content-Disposition"]
    probed = probe(download.content, tmp_path)
    seconds, size = probed["duration"], probed["size"]
    assert abs(seconds - sum(SECONDS)) < 0.3 and size == (320, 240)

    assert job["id"] in admin.get(f"/data/playlists/{playlist['id']}")[1]["build_jobs"]
    assert job["id"] in {row["id"] for row in admin.get(f"/data/projects/{project['id']}/build-jobs")[1]}
    shown = admin.get(f"/data/projects/{project['id']}/playlists/{playlist['id']}")[1]
    assert shown["build_jobs"][0]["id"] == job["id"] and shown["build_jobs"][0]["status"] == "succeeded"

    stored = cluster.run_dir / "previews" / "movies" / "playlists" / job["id"][:3] / job["id"][3:6] / job["id"]
    assert stored.is_file()
    assert admin.delete(f"/data/playlists/{playlist['id']}/jobs/{job['id']}")[0] == 204
    assert not stored.exists()
    assert admin.get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}")[0] == 404
    assert fetch(base_url, admin, f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4").status_code == 404


def test_a_playlist_without_movies_fails_to_build(admin, production):
    empty = admin.post("/data/playlists", {"name": unique("Empty"), "project_id": production["project"]["id"]})[1]
    job = admin.get(f"/data/playlists/{empty['id']}/build/mp4")[1]
    job = ended(admin, empty["id"], job["id"])
    assert job["status"] == "failed" and job["message"]
    status, body = admin.get(f"/data/playlists/{empty['id']}/jobs/{job['id']}/build/mp4")
    assert (status, body) == (400, {"error": True, "message": "Build is not finished"})
    assert admin.delete(f"/data/playlists/{empty['id']}")[0] == 204  # its jobs go with it
    assert job["id"] not in {row["id"] for row in admin.get(
        f"/data/projects/{production['project']['id']}/build-jobs")[1]}


def test_the_zip_holds_each_entrys_movie(base_url, admin, production, cluster):
    playlist, project = production["playlist"], production["project"]
    download = fetch(base_url, admin, f"/data/playlists/{playlist['id']}/download/zip")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/zip"
    assert f'{project["name"].lower().replace("-", "_")}_dailies_01.zip' in download.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert len(names) == 3 and all(name.endswith("_v1.mp4") for name in names)
    assert [f"_sq01_sh0{number}0_" in name for number, name in enumerate(names, 1)] == [True] * 3
    zips = cluster.run_dir / "previews" / "files" / "playlist-zips"
    assert not [path for path in zips.rglob("*") if path.is_file()]  # sent once, then gone


def test_the_review_player_gets_each_entrys_previews(admin, production):
    playlist, project = production["playlist"], production["project"]
    status, shown = admin.get(f"/data/projects/{project['id']}/playlists/{playlist['id']}")
    assert status == 200 and shown["id"] == playlist["id"]
    entry, preview = shown["shots"][0], production["previews"][0]
    assert (entry["id"], entry["preview_file_id"], entry["preview_file_extension"]) == (
        production["shots"][0]["id"], preview["id"], "mp4")
    assert entry["preview_file_task_id"] == production["tasks"][0]["id"] and entry["preview_file_previews"] == []
    revisions = entry["preview_files"][production["task_type"]["id"]]
    assert [revision["id"] for revision in revisions] == [preview["id"]]
    other = admin.post("/data/projects", {"name": unique("Other")})[1]
    assert admin.get(f"/data/projects/{other['id']}/playlists/{playlist['id']}")[0] == 404

    everything = admin.get(f"/data/projects/{project['id']}/playlists/all")[1]
    assert playlist["id"] in {row["id"] for row in everything} and "shots" in everything[0]
    page = admin.get(f"/data/projects/{project['id']}/playlists/all", page=1)[1]
    assert page["page"] == 1 and page["total"] == len(everything)


def test_a_temporary_playlist_is_stored_nowhere(admin, production):
    project, shots, tasks = production["project"], production["shots"], production["tasks"]
    path = f"/data/projects/{project['id']}/playlists/temp"
    before = admin.get(f"/data/projects/{project['id']}/playlists/all")[1]
    status, entries = admin.post(path, {"task_ids": [tasks[2]["id"], tasks[0]["id"]]})
    assert status == 200 and [entry["id"] for entry in entries] == [shots[2]["id"], shots[0]["id"]]
    assert (entries[1]["preview_file_id"], entries[1]["sequence_name"], entries[1]["parent_name"],
            entries[1]["episode_name"]) == (production["previews"][0]["id"], "SQ01", "SQ01", "")
    by_entity = admin.post(path, {"entity_ids": [shots[2]["id"], shots[1]["id"]]}, sort="true")[1]
    assert [entry["name"] for entry in by_entity] == ["SH020", "SH030"]
    assert admin.post(path, {"task_ids": ["nope"]})[0] == 400
    assert admin.get(f"/data/projects/{project['id']}/playlists/all")[1] == before


def test_clients_hear_that_a_playlist_is_ready(admin, production):
    playlist, client, artist = production["playlist"], production["client"], production["artist"]
    path = f"/data/playlists/{playlist['id']}/notify-clients"
    assert artist.post(path, {})[0] == 403
    assert admin.post(path, {"studio_id": "nope"})[0] == 400
    assert admin.post(path, {}) == (200, {"status": "success"})
    notices = client.get("/data/user/notifications")[1]
    assert [(notice["notification_type"], notice["playlist_id"]) for notice in notices] == [
        ("playlist-ready", playlist["id"])]
    assert artist.get("/data/user/notifications")[1] == []


def test_who_may_build_follow_and_download(base_url, admin, production):
    playlist, project = production["playlist"], production["project"]
    artist, client, stranger = production["artist"], production["client"], production["stranger"]
    jobs = f"/data/projects/{project['id']}/build-jobs"
    before = admin.get(jobs)[1]
    for api in (artist, client, stranger):
        assert api.get(f"/data/playlists/{playlist['id']}/build/mp4")[0] == 403
    assert admin.get(jobs)[1] == before  # refused: no job
    for path in (f"/data/playlists/{playlist['id']}/download/zip",
                 f"/data/projects/{project['id']}/playlists/{playlist['id']}",
                 f"/actions/playlists/{playlist['id']}/add-entities", f"/data/projects/{project['id']}/playlists/temp"):
        method = stranger.post if "actions" in path or "temp" in path else stranger.get
        assert method(path)[0] == 403, path
    assert artist.get(f"/data/projects/{project['id']}/playlists/{playlist['id']}")[0] == 200
    assert artist.get(f"/data/playlists/{playlist['id']}/download/zip")[0] == 403
    assert client.get(f"/data/projects/{project['id']}/playlists/{playlist['id']}")[0] == 403  # not for clients
    assert artist.get(jobs)[0] == 403 and artist.get(f"/data/projects/{project['id']}/playlists/all")[0] == 403


def test_bad_ids_are_not_found_and_leave_no_job(admin, production):
    playlist, project = production["playlist"], production["project"]
    jobs = f"/data/projects/{project['id']}/build-jobs"
    before = admin.get(jobs)[1]
    unknown = "00000000-0000-4000-8000-000000000000"
    for bad in (unknown, "nope"):
        assert admin.get(f"/data/playlists/{bad}/build/mp4")[0] == 404
        assert admin.get(f"/data/playlists/{playlist['id']}/jobs/{bad}")[0] == 404
        assert admin.delete(f"/data/playlists/{playlist['id']}/jobs/{bad}")[0] == 404
        assert admin.get(f"/data/playlists/{bad}/download/zip")[0] == 404
        assert admin.post(f"/data/playlists/{bad}/notify-clients", {})[0] == 404
        assert admin.get(f"/data/projects/{bad}/build-jobs")[0] == 404
    other = admin.post("/data/playlists", {"name": unique("Other"), "project_id": project["id"]})[1]
    job = admin.get(f"/data/playlists/{other['id']}/build/mp4")[1]
    assert admin.get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}")[0] == 404  # another playlist's
    ended(admin, other["id"], job["id"])
    assert admin.get(jobs)[1] == before + [ended(admin, other["id"], job["id"])]
