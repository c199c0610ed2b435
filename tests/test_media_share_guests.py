"""A share link's guests through the real stack, without a login: a guest made then found again
(a person of auth that never logs in), their comments on the playlist's tasks (statuses the client
may set), edited and deleted (their own only), files attached, downloaded and removed, drawings on
the playlist's previews; a link without comments, another link's guest, another playlist's task
and bad bodies are refused and write nothing."""
import gazu
import pytest
import requests

from api import Api, logged_in, unique
from test_media_share_links import a_playlist, link_of, picture


@pytest.fixture(scope="module")
def shared(base_url, admin, tmp_path_factory):
    """Two shots with a picture preview each, each in its own playlist with a share link; a
    third link on the first playlist without comments."""
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    project = admin.post("/data/projects", {"name": unique("Guests")})[1]
    base = f"/data/projects/{project['id']}"
    sequence = admin.post(f"{base}/sequences", {"name": "SQ01"})[1]
    task_type = admin.post("/data/task-types", {"name": unique("Comp"), "for_entity": "Shot"})[1]
    statuses = admin.get("/data/task-status")[1]
    client_status = next(status for status in statuses if status["is_client_allowed"])
    hidden = admin.post("/data/task-status", {"name": unique("Internal"), "short_name": unique("int"),
                                               "color": "#000000", "is_client_allowed": False})[1]
    approved = admin.post("/data/task-status", {"name": unique("Approved"), "short_name": unique("ok"),
                                                 "color": "#22aa22", "is_client_allowed": True})[1]
    folder = tmp_path_factory.mktemp("guests")
    shots, tasks, previews, playlists = [], [], [], []
    for number in (1, 2):
        shot = admin.post(f"{base}/shots", {"name": f"SH0{number}0", "sequence_id": sequence["id"]})[1]
        task = admin.post("/data/tasks", {"entity_id": shot["id"], "task_type_id": task_type["id"]})[1]
        comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                             {"task_status_id": client_status["id"], "comment": "internal take"})[1]
        previews.append(gazu.task.add_preview(task, comment, picture(folder / f"take{number}.png", (9, 9, 9))))
        playlists.append(a_playlist(admin, project, f"Review {number}", shot, previews[-1]))
        shots.append(shot)
        tasks.append(task)
    return dict(project=project, tasks=tasks, previews=previews, playlists=playlists, status=client_status,
                hidden=hidden, approved=approved, link=link_of(admin, playlists[0]),
                other=link_of(admin, playlists[1]), mute=link_of(admin, playlists[0], can_comment=False))


def path(link, tail=""):
    return f"/shared/playlists/{link['token']}{tail}"


def a_guest(visitor, link, **names):
    status, guest = visitor.post(path(link, "/guest"), names)
    assert status == 201, guest
    return guest


def persons_count(admin):
    return len(admin.get("/data/persons")[1])


def comments_of(admin, task):
    return admin.get(f"/data/tasks/{task['id']}/comments")[1]


def test_a_guest_is_made_then_found_and_never_logs_in(base_url, admin, shared):
    visitor = Api(base_url)
    guest = a_guest(visitor, shared["link"], first_name="Ann", last_name="Lee")
    assert guest["role"] == "client" and guest["is_guest"] is True and guest["full_name"] == "Ann Lee"
    assert guest["data"] == {"share_link_id": shared["link"]["id"]}
    assert guest["email"].startswith("guest-") and guest["email"].endswith("@guest.kitsu")
    assert guest["password"] is None and guest["jti"] is None and "departments" not in guest  # Zou's new row
    status, found = visitor.post(path(shared["link"], "/guest"), {"guest_id": guest["id"]})
    assert status == 200 and found["id"] == guest["id"] and found["first_name"] == "Ann"
    assert a_guest(visitor, shared["link"])["first_name"] == "Guest"
    # another link's guest is not this link's: a new guest
    assert a_guest(visitor, shared["other"], guest_id=guest["id"])["id"] != guest["id"]
    status, body = visitor.post("/auth/login", {"email": guest["email"], "password": ""})
    assert status == 400
    status, body = visitor.post("/auth/login", {"email": guest["email"], "password": "anything-at-all"})
    assert status == 400 and "access_token" not in body


def test_bad_guest_bodies_make_no_person(base_url, admin, shared):
    visitor, before = Api(base_url), persons_count(admin)
    status, body = visitor.post(path(shared["link"], "/guest"), {"guest_id": "nope"})
    assert status == 400 and body["data"]["errors"] == [
        {"field": "guest_id", "message": "Input should be a valid UUID, invalid character: found `n` at 1"}]
    assert visitor.post(path(shared["link"], "/guest"), {"first_name": 5})[0] == 400
    assert visitor.post(path(shared["link"], "/guest"), [1])[0] == 400
    assert visitor.post("/shared/playlists/not-a-token/guest", {})[0] == 404
    assert persons_count(admin) == before


def test_a_guest_comments_with_a_client_status(base_url, admin, shared):
    visitor, task = Api(base_url), shared["tasks"][0]
    guest = a_guest(visitor, shared["link"], first_name="Cli")
    body = {"guest_id": guest["id"], "task_id": task["id"], "task_status_id": shared["status"]["id"],
            "text": "Lovely", "checklist": [{"text": "sky", "checked": False}]}
    before = comments_of(admin, task)
    for changed, expected in (
            ({"task_status_id": shared["hidden"]["id"]}, (400, {"error": "Task status not allowed for guests"})),
            ({"task_status_id": shared["tasks"][0]["id"]}, (400, {"error": "Task status not found"})),
            ({"task_id": shared["tasks"][1]["id"]}, (403, {"error": "Task not part of this shared playlist"}))):
        assert visitor.post(path(shared["link"], "/comments"), {**body, **changed}) == expected
    status, missing = visitor.post(path(shared["link"], "/comments"), {"text": "x"})
    assert status == 400 and [error["field"] for error in missing["data"]["errors"]] == [
        "guest_id", "task_id", "task_status_id"]
    assert comments_of(admin, task) == before
    status, comment = visitor.post(path(shared["link"], "/comments"), body)
    assert status == 201, comment
    assert comment["person_id"] == guest["id"] and comment["text"] == "Lovely" and comment["attachment_files"] == []
    assert comment["checklist"] == body["checklist"] and comment["object_id"] == task["id"]
    assert [row["id"] for row in comments_of(admin, task)][0] == comment["id"]
    # the list: the guests' comments (and those for the client), not the team's own
    status, listed = visitor.get(path(shared["link"], "/comments"))
    assert status == 200 and comment["id"] in [row["id"] for row in listed]
    mine = next(row for row in listed if row["id"] == comment["id"])
    assert mine["person"]["is_guest"] is True and mine["person"]["full_name"] == "Cli"
    assert mine["task_status"]["id"] == shared["status"]["id"]
    assert "internal take" not in [row["text"] for row in listed]


def test_a_guest_edits_and_deletes_only_their_own(base_url, admin, shared):
    visitor, task, link = Api(base_url), shared["tasks"][0], shared["link"]
    author, other = a_guest(visitor, link), a_guest(visitor, link)
    body = {"task_id": task["id"], "task_status_id": shared["status"]["id"], "text": "first"}
    comment = visitor.post(path(link, "/comments"), {**body, "guest_id": author["id"]})[1]
    team_comment = comments_of(admin, task)[-1]
    one = path(link, f"/comments/{comment['id']}")
    assert visitor.put(one, {"guest_id": other["id"], "text": "hack"}) == (403, {"error": "Forbidden"})
    assert visitor.put(path(link, f"/comments/{team_comment['id']}"),
                       {"guest_id": author["id"], "text": "hack"}) == (403, {"error": "Forbidden"})
    assert visitor.put(one, {})[0] == 400
    assert visitor.put(one, {"guest_id": author["id"], "task_status_id": shared["hidden"]["id"]}) == (
        403, {"error": "Forbidden"})
    assert visitor.put(one, {"guest_id": author["id"], "checklist": "x"})[0] == 400
    status, edited = visitor.put(one, {"guest_id": author["id"], "text": "edited", "checklist": [],
                                       "task_status_id": shared["approved"]["id"]})
    assert status == 200 and edited["text"] == "edited" and edited["editor_id"] == author["id"]
    assert edited["task_status_id"] == shared["approved"]["id"] and edited["attachment_files"] == []
    assert edited["mentions"] == [] and edited["acknowledgements"] == []
    assert next(row for row in comments_of(admin, task) if row["id"] == comment["id"])["text"] == "edited"
    assert visitor.delete(one, guest_id=other["id"]) == (403, {"error": "Forbidden"})
    assert visitor.delete(one)[0] == 400
    assert comment["id"] in [row["id"] for row in comments_of(admin, task)]
    assert visitor.delete(one, guest_id=author["id"])[0] == 204
    assert comment["id"] not in [row["id"] for row in comments_of(admin, task)]
    assert visitor.delete(one, guest_id=author["id"]) == (404, {"error": "Comment not found"})
    assert team_comment["id"] in [row["id"] for row in comments_of(admin, task)]


def test_a_guest_attaches_downloads_and_removes_files(base_url, admin, shared):
    visitor, link = Api(base_url), shared["link"]
    author, other = a_guest(visitor, link), a_guest(visitor, link)
    comment = visitor.post(path(link, "/comments"), {
        "guest_id": author["id"], "task_id": shared["tasks"][0]["id"],
        "task_status_id": shared["status"]["id"], "text": "see file"})[1]
    attach = f"{base_url}{path(link, '/comments/' + comment['id'] + '/attachments')}"
    refused = requests.post(attach, data={"guest_id": other["id"]}, files={"file": ("note.txt", b"no")}, timeout=30)
    assert (refused.status_code, refused.json()) == (403, {"error": "Forbidden"})
    response = requests.post(attach, data={"guest_id": author["id"]},
                             files={"file": ("note.txt", b"hello attachment", "text/plain")}, timeout=30)
    assert response.status_code == 201, response.text
    [attached] = response.json()["attachment_files"]
    assert attached["name"] == "note.txt" and attached["size"] == 16 and response.json()["id"] == comment["id"]
    download = f"{base_url}{path(link, '/attachment-files/' + attached['id'] + '/file/note.txt')}"
    fetched = requests.get(download, timeout=30)
    assert fetched.status_code == 200 and fetched.content == b"hello attachment"
    elsewhere = requests.get(download.replace(link["token"], shared["other"]["token"]), timeout=30)
    assert (elsewhere.status_code, elsewhere.json()) == (404, {"error": "Attachment not found"})
    one = path(link, f"/comments/{comment['id']}/attachments/{attached['id']}")
    assert visitor.delete(one, guest_id=other["id"]) == (403, {"error": "Forbidden"})
    assert requests.get(download, timeout=30).status_code == 200
    assert visitor.delete(one, guest_id=author["id"])[0] == 204
    assert requests.get(download, timeout=30).status_code == 404


def test_a_guest_draws_on_the_playlists_previews(base_url, admin, shared):
    visitor, link = Api(base_url), shared["link"]
    guest = a_guest(visitor, link)
    preview = shared["previews"][0]
    drawing = {"time": 0, "drawing": {"objects": [{"id": unique("stroke"), "type": "path"}]}}
    body = {"guest_id": guest["id"], "preview_file_id": preview["id"], "additions": [drawing],
            "updates": [], "deletions": []}
    assert visitor.put(path(link, "/annotations"), {**body, "additions": "x"})[0] == 400
    assert visitor.put(path(link, "/annotations"), {**body, "preview_file_id": shared["previews"][1]["id"]})[0] == 403
    status, drawn = visitor.put(path(link, "/annotations"), body)
    assert status == 200 and drawn["id"] == preview["id"] and drawn["type"] == "PreviewFile"
    assert drawing["drawing"]["objects"][0]["id"] in str(drawn["annotations"])
    assert drawn["annotations"] == admin.get(f"/data/preview-files/{preview['id']}")[1]["annotations"]


def test_links_without_comments_and_other_links_guests_are_refused(base_url, admin, shared):
    visitor, task = Api(base_url), shared["tasks"][0]
    guest = a_guest(visitor, shared["link"])
    stranger = a_guest(visitor, shared["other"])
    body = {"guest_id": guest["id"], "task_id": task["id"], "task_status_id": shared["status"]["id"], "text": "x"}
    before = comments_of(admin, task)
    disabled = (403, {"error": "Comments are disabled for this link"})
    mute_guest = a_guest(visitor, shared["mute"])  # guests are made, but may not comment
    assert visitor.post(path(shared["mute"], "/comments"), {**body, "guest_id": mute_guest["id"]}) == disabled
    assert visitor.post(path(shared["mute"], "/comments"), {}) == disabled
    assert visitor.put(path(shared["mute"], "/annotations"), {
        "guest_id": mute_guest["id"], "preview_file_id": shared["previews"][0]["id"]}) == (
        403, {"error": "Annotations are disabled"})
    not_ours = (403, {"error": "Guest not part of this shared playlist"})
    assert visitor.post(path(shared["link"], "/comments"), {**body, "guest_id": stranger["id"]}) == not_ours
    assert visitor.post(path(shared["other"], "/comments"), {**body, "task_id": shared["tasks"][1]["id"]}) == not_ours
    assert comments_of(admin, task) == before
    # an artist's token is no guest
    artist = logged_in(base_url, admin, "user")
    assert artist.post(path(shared["link"], "/comments"), {**body, "guest_id": artist.person["id"]}) == not_ours
