"""A playlist's CSV export through the real stack, as Zou 1.0.97 answers it: a title line, an empty
line, the columns, then per entry its entity, the task of its preview and that task's last comment
(dates in the caller's timezone); 404 for an entry without a preview and for an unknown playlist;
vendors and artists refused, supervisors and clients (of playlists made for them) let in."""
import datetime
import zoneinfo

import pytest
import requests

from api import NOT_FOUND, logged_in, unique
from media_samples import picture

COLUMNS = ["Entity name", "Nb Frames", "Task Type", "Retake count", "Revision", "Task Status",
           "Last comment author", "Last comment date", "Last comment"]


def local(moment, timezone="Europe/Paris"):
    utc = datetime.datetime.fromisoformat(moment).replace(tzinfo=datetime.timezone.utc)
    return utc.astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M:%S")


def export(base_url, api, playlist_id):
    return requests.get(f"{base_url}/export/csv/playlists/{playlist_id}",
                        headers={"Authorization": f"Bearer {api.token}"}, timeout=60)


@pytest.fixture(scope="module")
def production(base_url, admin, tmp_path_factory):
    """SQ01 / SH010 (24 frames; a take with a PNG preview, then a retake comment) and SQ01 / SH020
    (a take with a PNG preview), a playlist of both, people of each role in the team."""
    people = {role: logged_in(base_url, admin, role) for role in ("user", "vendor", "supervisor", "client")}
    project = admin.post("/data/projects", {"name": unique("Playlist Csv"),
                                            "team": [api.person["id"] for api in people.values()]})[1]
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Anim"), "for_entity": "Shot"})[1]
    statuses = {row["short_name"]: row for row in admin.get("/data/task-status")[1]}
    folder = tmp_path_factory.mktemp("pictures")
    shots, previews, comments = [], [], []
    for name, frames in (("SH010", 24), ("SH020", None)):
        shot = admin.post(f"{base}/shots", {"name": name, "sequence_id": sequence["id"], "nb_frames": frames})[1]
        task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})[1]
        status, comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                                     {"task_status_id": statuses["wip"]["id"], "comment": f"take of {name}"})
        assert status == 201, comment
        preview = admin.post(f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview", {})[1]
        status, _ = admin.post(f"/pictures/preview-files/{preview['id']}",
                               files={"file": open(picture(folder / f"{name}.png", (64, 48)), "rb")})
        assert status == 201
        shots.append(shot)
        previews.append(preview)
        comments.append(comment)
    status, retake = admin.post(f"/actions/tasks/{previews[0]['task_id']}/comment",
                                {"task_status_id": statuses["retake"]["id"], "comment": 'again; "faster"'})
    assert status == 201, retake
    comments[0] = retake
    entries = [{"entity_id": shot["id"], "preview_file_id": preview["id"]} for shot, preview in zip(shots, previews)]
    status, playlist = admin.post("/data/playlists", {"name": "Daily 1", "project_id": project["id"],
                                                      "for_entity": "shot", "shots": entries})
    assert status == 201, playlist
    return dict(project=project, playlist=playlist, shots=shots, entries=entries, comments=comments,
                task_type=task_type, people=people, base=base)


def test_playlist_sheet(base_url, admin, production):
    project, playlist, comments = production["project"], production["playlist"], production["comments"]
    response = export(base_url, admin, playlist["id"])
    assert response.status_code == 200, response.text
    slug = project["name"].lower().replace(" ", "_").replace("-", "_")
    assert response.headers["Content-Disposition"] == f"attachment; filename=kitsu_{slug}_playlist_daily_1.csv"
    anim = production["task_type"]["name"]
    assert response.text.split("\r\n") == [
        f"Playlist;{project['name']} | for shots;Daily 1;{local(playlist['created_at'])};;;",
        ";;;;;;", ";".join(COLUMNS),
        f'SQ01 / SH010;24;{anim};1;1;Retake;Super Admin;{local(comments[0]["created_at"])};"again; ""faster"""',
        f"SQ01 / SH020;;{anim};0;1;Work In Progress;Super Admin;{local(comments[1]['created_at'])};take of SH020",
        ""]


def test_playlist_sheet_in_the_callers_timezone(base_url, admin, production):
    supervisor = production["people"]["supervisor"]
    status, _ = admin.put(f"/data/persons/{supervisor.person['id']}", {"timezone": "Asia/Tokyo"})
    assert status == 200
    response = export(base_url, supervisor, production["playlist"]["id"])
    assert response.status_code == 200, response.text
    lines = [line.split(";") for line in response.text.splitlines()]
    assert lines[0][3] == local(production["playlist"]["created_at"], "Asia/Tokyo")
    assert lines[4][7] == local(production["comments"][1]["created_at"], "Asia/Tokyo")


def test_playlist_sheet_refusals(base_url, admin, production):
    people, playlist = production["people"], production["playlist"]
    for role in ("user", "vendor", "client"):
        response = export(base_url, people[role], playlist["id"])
        assert response.status_code == 403, (role, response.text)
        assert response.json()["error"] is True
    status, for_client = admin.post("/data/playlists", {"name": "For client", "project_id": production["project"]["id"],
                                                        "for_client": True, "shots": production["entries"]})
    assert status == 201, for_client
    assert export(base_url, people["client"], for_client["id"]).status_code == 200
    assert export(base_url, people["vendor"], for_client["id"]).status_code == 403
    outsider = logged_in(base_url, admin, "manager")
    assert export(base_url, outsider, playlist["id"]).status_code == 403


def test_playlist_sheet_not_found(base_url, admin, production):
    shot = admin.post(f"{production['base']}/shots", {"name": "SH030", "sequence_id": production["shots"][0]["parent_id"]})[1]
    status, unshown = admin.post("/data/playlists", {
        "name": "Unshown", "project_id": production["project"]["id"], "for_entity": "shot",
        "shots": [production["entries"][0], {"entity_id": shot["id"], "preview_file_id": None}]})
    assert status == 201, unshown
    for playlist_id in (unshown["id"], shot["id"], "not-an-id"):
        response = export(base_url, admin, playlist_id)
        assert (response.status_code, response.json()) == (404, {"error": True, "message": NOT_FOUND}), playlist_id
    status, mismatched = admin.post("/data/playlists", {
        "name": "Mismatched", "project_id": production["project"]["id"], "for_entity": "shot",
        "shots": [{"entity_id": shot["id"], "preview_file_id": production["entries"][0]["preview_file_id"]}]})
    assert export(base_url, admin, mismatched["id"]).status_code == 404
