"""The real Kitsu web app in front of the test cluster, in headless Chromium.

../shared/tools/kitsu-ui serves the prebuilt app with its own nginx (/api/ and /socket.io to our
gateway); the cluster is seeded through the API with the reference dataset's small size
(../shared/tools/zou-reference/seed.py --size small). Then: the seven steps of the tool's e2e.mjs,
tests/web/people.mjs (an artist's tasks and a status change seen live by a supervisor; what a
client may see) and tests/web/review_room.mjs (a supervisor and an artist in a playlist's review
room see the same shot and frame). Every step is checked on screen and by what the API answered
(or the socket.io messages relayed); the screenshots are kept in .run-test*/web-app/ — look at them."""
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from api import Api, logged_in, new_person, unique
from conftest import ROOT, RUN_DIR, SLOT
from media_samples import movie

TOOLS = Path(os.environ.get("KITSU_UI_TOOLS", ROOT.parent / "shared" / "tools" / "kitsu-ui"))
SEED = TOOLS.parent / "zou-reference" / "seed.py"
OUTPUT = RUN_DIR / "web-app"
UI_PORT = 8190 + SLOT
UI_URL = f"http://127.0.0.1:{UI_PORT}"
PASSWORD = "artistpassword"  # seed.py's artists'; the test's supervisor and client get it too
PROJECT = "Seed Project"


def ui_env(cluster):
    gateway = cluster.base_url[: -len("/api")]
    return {**os.environ, "KITSU_UI_HOME": f"/tmp/kitsu-ui-test{SLOT}", "KITSU_UI_PORT": str(UI_PORT),
            "API_URL": f"{gateway}/api/", "EVENTS_URL": f"{gateway}/socket.io", "KITSU_URL": UI_URL}


@pytest.fixture(scope="module")
def web_app(cluster):
    if not (TOOLS / "up.sh").exists() or not SEED.exists():
        pytest.skip(f"the web app's tools are not at {TOOLS}")
    env = ui_env(cluster)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    served = subprocess.run([str(TOOLS / "up.sh")], env=env, timeout=600, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert served.returncode == 0, served.stdout[-3000:]
    try:
        yield env
    finally:
        subprocess.run([str(TOOLS / "down.sh")], env=env, timeout=60, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def dataset(cluster, admin):
    """The small reference dataset, a supervisor and a client on its project, and a second
    production the client is not on."""
    seeded = subprocess.run(
        [os.environ.get("KITSU_VENV", str(ROOT / ".venv")) + "/bin/python", str(SEED), "--size", "small",
         "--base-url", cluster.base_url, "--results", str(OUTPUT / "seed.json")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    assert seeded.returncode == 0, seeded.stdout[-3000:]
    project = next(p for p in admin.get("/data/projects")[1] if p["name"] == PROJECT)
    people = {}
    for role in ("supervisor", "client"):
        person = new_person(admin, role=role, password=PASSWORD)
        assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": person["id"]})[0] == 201
        people[role] = person["email"]
    hidden = f"Other {unique()}"
    assert admin.post("/data/projects", {"name": hidden})[0] == 201
    return {"project": project, "hidden": hidden, **people}


def test_user_context_holds_what_every_service_owns(base_url, admin):
    """The app's first call after login: auth's keys, and those of production and tasks."""
    artist = logged_in(base_url, admin, "user")
    project = admin.post("/data/projects", {"name": unique()})[1]
    assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": artist.person["id"]})[0] == 201
    hidden = admin.post("/data/projects", {"name": unique()})[1]
    assert admin.post("/data/task-types", {"name": unique(), "for_entity": "Shot"})[0] == 201
    status, context = admin.get("/data/user/context")
    assert status == 200
    for key in ("projects", "project_status", "asset_types", "task_types", "task_status", "persons"):
        assert context[key], key
    assert {project["id"], hidden["id"]} <= {p["id"] for p in context["projects"]}
    assert context["notification_count"] == 0 and context["user_limit"] > 0
    assert context["project_roles"] == {}
    status, context = artist.get("/data/user/context")
    assert status == 200 and [p["id"] for p in context["projects"]] == [project["id"]]
    assert "user_limit" not in context and context["task_status"]
    assert admin.put(f"/data/projects/{project['id']}/team/{artist.person['id']}", {"role": "supervisor"})[0] == 200
    assert artist.get("/data/user/context")[1]["project_roles"] == {project["id"]: "supervisor"}


def run_node(script, env, timeout):
    return subprocess.run(["node", str(script)], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)


def checks_of(run):
    """The checks a tests/web script printed, one JSON line each: {name: {check, ok, detail, shot}}."""
    return {result["check"]: result for result in
            (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))}


def test_the_seven_e2e_steps(web_app, dataset):
    env = {**web_app, "KITSU_PROJECT": PROJECT, "SHOTS_DIR": str(OUTPUT / "e2e"),
           "ROUTES_FILE": str(OUTPUT / "e2e-routes.txt"), "STEP_TIMEOUT_MS": "30000"}
    run = run_node(TOOLS / "e2e.mjs", env, timeout=300)
    (OUTPUT / "e2e.txt").write_text(run.stdout)
    assert "7 passed, 0 failed" in run.stdout, run.stdout
    assert "INFO events socket.io connected: yes" in run.stdout, run.stdout


def test_people_at_work_in_the_app(web_app, dataset, admin):
    env = {**web_app, "SHOTS_DIR": str(OUTPUT / "people"), "PROJECT": PROJECT,
           "HIDDEN_PROJECT": dataset["hidden"], "ARTIST_EMAIL": "artist01@example.com",
           "WATCHER_EMAIL": dataset["supervisor"], "CLIENT_EMAIL": dataset["client"],
           "PASSWORD": PASSWORD, "STATUS": "wip"}
    run = run_node(ROOT / "tests" / "web" / "people.mjs", env, timeout=300)
    (OUTPUT / "people.txt").write_text(run.stdout)
    checks = checks_of(run)
    failed = {name: result["detail"] for name, result in checks.items() if not result["ok"]}
    assert not failed, run.stdout
    assert list(checks) == ["artist-my-tasks", "supervisor-opens-shot-list",
                            "artist-changes-status-with-comment", "supervisor-sees-new-status-live",
                            "client-sees-only-their-production", "client-does-not-see-internal-comment",
                            "no-server-errors"], run.stdout
    # what the artist did, as the API answers it now
    artist = Api(admin.base_url)
    artist.token = artist.login("artist01@example.com", PASSWORD)["access_token"]
    wip = [task for task in artist.get("/data/user/tasks")[1] if task["task_status_short_name"] == "wip"]
    assert len(wip) == 1
    assert artist.get(f"/data/tasks/{wip[0]['id']}/comments")[1][0]["text"].startswith("Started on it")




def movie_preview(admin, task, path):
    """A ready movie preview on the task: commented (its status kept), uploaded, processed."""
    comment = admin.post(f"/actions/tasks/{task['id']}/comment",
                         {"task_status_id": task["task_status_id"], "comment": "For the review"})[1]
    preview = admin.post(f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview", {})[1]
    with open(path, "rb") as content:
        status, uploaded = admin.post(f"/pictures/preview-files/{preview['id']}", files={"file": content})
    assert status == 201, uploaded
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        preview = admin.get(f"/data/preview-files/{preview['id']}")[1]
        if preview["status"] != "processing":
            break
        time.sleep(0.5)
    assert preview["status"] == "ready", preview
    return preview


@pytest.fixture(scope="module")
def review_playlist(admin, dataset, tmp_path_factory):
    """A playlist of the project's first episode with the first two shots of its first sequence,
    each with a movie preview on its Layout task."""
    project = dataset["project"]
    episode = admin.get(f"/data/projects/{project['id']}/episodes")[1][0]
    sequence = min(admin.get(f"/data/episodes/{episode['id']}/sequences")[1], key=lambda row: row["name"])
    shots = sorted(admin.get(f"/data/sequences/{sequence['id']}/shots")[1], key=lambda row: row["name"])[:2]
    folder = tmp_path_factory.mktemp("review")
    entries = []
    for shot, pattern in zip(shots, ("testsrc", "testsrc2")):
        task = next(t for t in admin.get(f"/data/shots/{shot['id']}/tasks")[1] if t["task_type_name"] == "Layout")
        preview = movie_preview(admin, task, movie(folder / f"{shot['name']}.mp4", 3, "640x360", 25, pattern=pattern))
        entries.append({"entity_id": shot["id"], "preview_file_id": preview["id"]})
    status, playlist = admin.post("/data/playlists", {"name": unique("Review"), "project_id": project["id"],
                                                      "episode_id": episode["id"], "for_entity": "shot"})
    assert status == 201, playlist
    status, playlist = admin.put(f"/data/playlists/{playlist['id']}", {"shots": entries})
    assert status == 200 and playlist["shots"] == entries, playlist
    return {"playlist": playlist, "episode": episode}


def test_a_review_room_shows_everyone_the_same_frame(web_app, dataset, review_playlist):
    """The supervisor and an artist of the team join the playlist's review room; the supervisor
    goes to the second shot and steps a few frames: the artist's player follows."""
    playlist, episode = review_playlist["playlist"], review_playlist["episode"]
    env = {**web_app, "SHOTS_DIR": str(OUTPUT / "review-room"), "PLAYLIST_ID": playlist["id"],
           "PLAYLIST_PATH": f"/productions/{playlist['project_id']}/episodes/{episode['id']}/playlists/{playlist['id']}",
           "SHOT_IDS": ",".join(entry["entity_id"] for entry in playlist["shots"]),
           "PREVIEW_IDS": ",".join(entry["preview_file_id"] for entry in playlist["shots"]),
           "SUPERVISOR_EMAIL": dataset["supervisor"], "VIEWER_EMAIL": "artist01@example.com", "PASSWORD": PASSWORD}
    run = run_node(ROOT / "tests" / "web" / "review_room.mjs", env, timeout=300)
    (OUTPUT / "review-room.txt").write_text(run.stdout)
    checks = checks_of(run)
    failed = {name: result["detail"] for name, result in checks.items() if not result["ok"]}
    assert not failed, run.stdout
    assert list(checks) == ["supervisor-opens-playlist", "supervisor-joins-room", "viewer-joins-room",
                            "supervisor-moves-to-second-shot-and-frame", "viewer-sees-same-shot-and-frame",
                            "no-server-errors"], run.stdout
