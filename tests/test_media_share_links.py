"""Playlist share links through the real stack: managers make, list and revoke them; a guest opens
the playlist and its previews with the link alone (no login), never another playlist's files; an
expired, revoked or password-protected link (without its password) opens nothing; bad bodies
write nothing."""
import gazu
import pytest
import requests
from PIL import Image

from api import NOT_FOUND, Api, logged_in, unique


def picture(path, color):
    Image.new("RGB", (64, 48), color).save(path)
    return str(path)


def a_playlist(admin, project, name, shot, preview):
    playlist = admin.post("/data/playlists", {"name": name, "project_id": project["id"]})[1]
    status, playlist = admin.post(f"/actions/playlists/{playlist['id']}/add-entities",
                                  {"entities": [{"entity_id": shot["id"], "preview_file_id": preview["id"]}]})
    assert status == 200, playlist
    return playlist


@pytest.fixture(scope="module")
def production(base_url, admin, tmp_path_factory):
    """Two shots, each with a picture preview, each in its own playlist; a manager and an artist
    of the project."""
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    manager = logged_in(base_url, admin, "manager")
    artist = logged_in(base_url, admin, "user")
    project = admin.post("/data/projects", {"name": unique("Shares"),
                                            "team": [manager.person["id"], artist.person["id"]]})[1]
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Comp"), "for_entity": "Shot"})[1]
    admin.post(f"{base}/settings/task-types", {"task_type_id": task_type["id"]})
    status_row = admin.get("/data/task-status")[1][0]
    folder = tmp_path_factory.mktemp("shares")
    shots, tasks, previews = [], [], []
    for number, color in ((1, (200, 30, 30)), (2, (30, 200, 30))):
        shot = admin.post(f"{base}/shots", {"name": f"SH0{number}0", "sequence_id": sequence["id"]})[1]
        task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})[1]
        comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                             {"task_status_id": status_row["id"], "comment": "take"})[1]
        previews.append(gazu.task.add_preview(task, comment, picture(folder / f"take{number}.png", color)))
        shots.append(shot)
        tasks.append(task)
    shared = a_playlist(admin, project, "Client review", shots[0], previews[0])
    private = a_playlist(admin, project, "Internal", shots[1], previews[1])
    return dict(project=project, shots=shots, tasks=tasks, previews=previews, shared=shared, private=private,
                manager=manager, artist=artist, status=status_row, task_type=task_type)


def guest(base_url):
    """A client without any login."""
    return Api(base_url)


def link_of(api, playlist, **body):
    status, link = api.post(f"/data/playlists/{playlist['id']}/share", body)
    assert status == 201, link
    return link


def test_managers_make_list_and_revoke_links(admin, production):
    playlist, manager = production["shared"], production["manager"]
    path = f"/data/playlists/{playlist['id']}/share"
    link = link_of(manager, playlist, expiration_date="2100-01-10", can_comment=False, password="open sesame")
    assert link["playlist_id"] == playlist["id"] and link["created_by"] == manager.person["id"]
    assert link["expiration_date"] == "2100-01-10T23:59:59"  # the whole day
    assert link["is_active"] is True and link["can_comment"] is False and link["has_password"] is True
    assert link["type"] == "PlaylistShareLink" and "password" not in link and len(link["token"]) == 36
    plain = link_of(manager, playlist)
    assert plain["can_comment"] is True and plain["has_password"] is False and plain["expiration_date"] is None
    status, links = manager.get(path)
    assert status == 200 and [row["token"] for row in links][-2:] == [link["token"], plain["token"]]
    status, revoked = manager.delete(f"{path}/{plain['token']}")
    assert status == 200 and revoked["is_active"] is False and revoked["token"] == plain["token"]
    assert plain["token"] not in [row["token"] for row in manager.get(path)[1]]  # only the active ones
    # a token is revoked only through its own playlist
    other = f"/data/playlists/{production['private']['id']}/share/{link['token']}"
    assert manager.delete(other) == (404, {"error": True, "message": NOT_FOUND})
    assert link["token"] in [row["token"] for row in manager.get(path)[1]]


def test_reviewers_are_mailed_the_link(admin, production, cluster):
    """Addresses and team members, each once; without a mail server (as in the tests) the mail
    goes to media's log, with the web app's guest page of the link."""
    playlist, manager = production["shared"], production["manager"]
    link = link_of(manager, playlist)
    status, body = manager.post(f"/data/playlists/{playlist['id']}/share/{link['token']}/invite",
                                {"emails": ["Client@Example.com", "client@example.com"],
                                 "person_ids": [manager.person["id"]], "message": "Please look at SH010"})
    assert status == 200, body
    assert body["sent"] == ["Client@example.com", manager.person["email"]]
    log = cluster.log("media", lines=2000)
    for address in body["sent"]:
        assert f"for {address}, 'Kitsu: a playlist is shared with you'" in log
    assert f"/playlists/shared/{link['token']}" in log and "Please look at SH010" in log


def test_who_may_keep_links(base_url, admin, production):
    playlist = production["shared"]
    path = f"/data/playlists/{playlist['id']}/share"
    before = admin.get(path)[1]
    assert production["artist"].post(path, {})[0] == 403
    assert production["artist"].get(path)[0] == 403
    assert guest(base_url).post(path, {})[0] == 401
    stranger = logged_in(base_url, admin, "manager")  # a manager, not of this project
    assert stranger.post(path, {})[0] == 403
    assert admin.get(path)[1] == before
    assert admin.get("/data/playlists/00000000-0000-0000-0000-000000000000/share")[0] == 404


def test_bad_bodies_are_refused_and_write_nothing(admin, production):
    path = f"/data/playlists/{production['shared']['id']}/share"
    before = admin.get(path)[1]
    status, body = admin.post(path, {"expiration_date": "garbage"})
    assert (status, body) == (400, {"error": True, "message": "garbage is not a valid ISO 8601 date", "data": None})
    status, body = admin.post(path, {"can_comment": "perhaps", "password": 5})
    assert status == 400 and body["message"] == "Validation error." and body["data"]["errors"] == [
        {"field": "can_comment", "message": "Input should be a valid boolean, unable to interpret input"},
        {"field": "password", "message": "Input should be a valid string"}]
    assert admin.post(path, [1])[0] == 400
    status, body = admin.post(f"{path}/{before[0]['token'] if before else 'x'}/invite", {"emails": ["not-an-email"]})
    assert status in (400, 404) and body.get("error")
    assert admin.get(path)[1] == before


def test_a_guest_opens_the_playlist_and_its_previews_without_login(base_url, admin, production):
    link = link_of(admin, production["shared"])
    visitor = guest(base_url)
    shared = f"/shared/playlists/{link['token']}"
    status, playlist = visitor.get(shared)
    assert status == 200, playlist
    assert playlist["id"] == production["shared"]["id"] and playlist["project_name"] == production["project"]["name"]
    assert playlist["project_fps"] == production["project"]["fps"]
    preview = production["previews"][0]
    [shot] = playlist["shots"]
    assert shot["preview_file_id"] == preview["id"] and shot["preview_files"] == {}
    status, context = visitor.get(f"{shared}/context")
    assert status == 200 and context["project"]["id"] == production["project"]["id"]
    assert context["project"]["team"] == [] and "task_types" in context and "task_statuses" in context
    status, row = visitor.get(f"{shared}/preview-files/{preview['id']}")
    assert status == 200 and row["id"] == preview["id"]
    for path in (f"pictures/thumbnails/preview-files/{preview['id']}.png",
                 f"pictures/originals/preview-files/{preview['id']}.png",
                 f"preview-files/{preview['id']}/download"):
        response = requests.get(f"{base_url}{shared}/{path}", timeout=30)
        assert response.status_code == 200, (path, response.text)
        assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    # no token needed, and a wrong one opens nothing
    assert visitor.get("/shared/playlists/not-a-token")[0] == 404


def test_a_guest_never_reads_another_playlists_files(base_url, admin, production):
    link = link_of(admin, production["shared"])
    shared = f"{base_url}/shared/playlists/{link['token']}"
    other = production["previews"][1]["id"]
    for path in (f"preview-files/{other}", f"pictures/thumbnails/preview-files/{other}.png",
                 f"pictures/originals/preview-files/{other}.png", f"preview-files/{other}/download",
                 f"movies/originals/preview-files/{other}.mp4"):
        response = requests.get(f"{shared}/{path}", timeout=30)
        assert response.status_code == 403, (path, response.status_code)
    # nor the team's routes, without a login
    assert requests.get(f"{base_url}/pictures/thumbnails/preview-files/{other}.png", timeout=30).status_code == 401


def test_expired_revoked_and_protected_links_open_nothing(base_url, admin, production):
    playlist, visitor = production["shared"], guest(base_url)
    preview = production["previews"][0]["id"]
    expired = link_of(admin, playlist, expiration_date="2001-01-01")
    revoked = link_of(admin, playlist)
    admin.delete(f"/data/playlists/{playlist['id']}/share/{revoked['token']}")
    for link in (expired, revoked):
        shared = f"/shared/playlists/{link['token']}"
        assert visitor.get(shared) == (404, {"error": True, "message": NOT_FOUND})
        assert visitor.get(f"{shared}/context")[0] == 404
        assert requests.get(f"{base_url}{shared}/pictures/thumbnails/preview-files/{preview}.png",
                            timeout=30).status_code == 404
    protected = link_of(admin, playlist, password="open sesame")
    shared = f"/shared/playlists/{protected['token']}"
    assert visitor.get(shared)[0] == 404
    assert visitor.get(shared, password="wrong")[0] == 404
    assert visitor.get(shared, password="open sesame")[0] == 200
    assert visitor.get(f"{shared}/preview-files/{preview}", password="open sesame")[0] == 200
    assert visitor.get(f"{shared}/preview-files/{preview}")[0] == 404
