"""A tv show's statistics per episode (GET /data/projects/{id}/episodes/stats and retake-stats),
through the real stack; the expected numbers are those the Zou reference answered for the same
production."""
import uuid

import pytest

from api import NOT_FOUND, logged_in, unique


@pytest.fixture(scope="module")
def show(base_url, admin):
    """Two episodes; E01 holds shots of 10 and 100 frames, E02 one of 10 frames, and a sequence
    without episode one more shot. Shot tasks of two types, statuses set by comments; an asset
    task of E01 (not counted). A vendor of the team is assigned the 100-frame shot's task."""
    project = admin.post("/data/projects", {"name": unique("stats"), "production_type": "tvshow"})[1]
    base = f"/data/projects/{project['id']}"
    statuses = {s["short_name"]: s["id"] for s in admin.get("/data/task-status")[1]}
    types = [admin.post("/data/task-types", {"name": unique("tt"), "for_entity": "Shot"})[1]["id"]
             for _ in range(2)]
    asset_type_task = admin.post("/data/task-types", {"name": unique("at"), "for_entity": "Asset"})[1]["id"]
    for task_type_id in types + [asset_type_task]:
        assert admin.post(f"{base}/settings/task-types", {"task_type_id": task_type_id})[0] == 201
    episodes = [admin.post(f"{base}/episodes", {"name": name})[1]["id"] for name in ("E01", "E02")]
    sequences = [admin.post(f"{base}/sequences", {"name": "SQ01", "episode_id": e})[1]["id"] for e in episodes]
    loose = admin.post(f"{base}/sequences", {"name": "SQ99"})[1]["id"]
    shots = [admin.post(f"{base}/shots", {"name": name, "sequence_id": sequence, "nb_frames": frames})[1]["id"]
             for name, sequence, frames in (("SH01", sequences[0], 10), ("SH02", sequences[0], 100),
                                            ("SH03", sequences[1], 10), ("SH04", loose, 10))]
    asset_type = admin.get("/data/asset-types")[1][0]["id"]
    asset = admin.post(f"{base}/asset-types/{asset_type}/assets/new", {"name": "a1", "episode_id": episodes[0]})[1]
    for task_type_id in types:
        assert admin.post(f"/actions/projects/{project['id']}/task-types/{task_type_id}/shots/create-tasks")[0] == 201
    tasks = {(t["entity_id"], t["task_type_id"]): t["id"] for t in admin.get(f"{base}/tasks")[1]}
    asset_task = admin.post("/data/tasks", {"entity_id": asset["id"], "task_type_id": asset_type_task})[1]

    def comment(task_id, *names):
        for name in names:
            assert admin.post(f"/actions/tasks/{task_id}/comment",
                              {"task_status_id": statuses[name], "comment": name})[0] == 201

    comment(tasks[shots[0], types[0]], "wip")
    comment(tasks[shots[0], types[1]], "retake", "wfa", "retake")     # retaken twice, in retake
    comment(tasks[shots[1], types[0]], "retake", "wip", "retake", "wip")  # retaken twice, wip
    assert admin.put(f"/data/tasks/{tasks[shots[1], types[0]]}", {"nb_drawings": 7})[0] == 200
    comment(tasks[shots[1], types[1]], "done")
    comment(tasks[shots[2], types[1]], "retake", "done")              # retaken once, done
    comment(asset_task["id"], "retake")
    vendor = logged_in(base_url, admin, "vendor")
    assert admin.post(f"{base}/team", {"person_id": vendor.person["id"]})[0] == 201
    assert admin.put(f"/actions/tasks/{tasks[shots[1], types[0]]}/assign",
                     {"person_id": vendor.person["id"]})[0] == 200
    return dict(project=project, episodes=episodes, types=types, statuses=statuses, vendor=vendor)


def totals(count=0, frames=0, drawings=0):
    return {"count": count, "frames": frames, "drawings": drawings}


def test_episode_stats_count_each_status_per_episode_and_type(admin, show):
    status, stats = admin.get(f"/data/projects/{show['project']['id']}/episodes/stats")
    assert status == 200
    (e1, e2), (t1, t2), ids = show["episodes"], show["types"], show["statuses"]
    assert set(stats) == {e1, e2, "all"}  # the shot without episode and the asset are not counted
    assert set(stats[e1]) == {t1, t2, "all"} and set(stats[e2]) == {t1, t2, "all"}

    def entry(name, color_of, count, frames, drawings=0):
        return {"name": name, "color": color_of, "count": count, "frames": frames, "drawings": drawings}

    colors = {s["short_name"]: s["color"] for s in admin.get("/data/task-status")[1]}
    assert stats[e1][t1] == {ids["wip"]: entry("wip", colors["wip"], 2, 110, 7)}
    assert stats[e1][t2] == {ids["retake"]: entry("retake", colors["retake"], 1, 10),
                             ids["done"]: entry("done", colors["done"], 1, 100)}
    assert stats[e2][t1] == {ids["todo"]: entry("todo", colors["todo"], 1, 10)}
    assert stats[e1]["all"][ids["wip"]]["count"] == 2 and len(stats[e1]["all"]) == 3
    assert stats["all"]["all"][ids["done"]] == entry("done", colors["done"], 2, 110)
    assert stats["all"][t1][ids["todo"]]["count"] == 1


def test_retake_stats_show_the_retake_rounds_per_episode(admin, show):
    status, stats = admin.get(f"/data/projects/{show['project']['id']}/episodes/retake-stats")
    assert status == 200
    (e1, e2), (t1, t2) = show["episodes"], show["types"]
    assert stats[e1][t1] == {
        "max_retake_count": 2, "done": totals(), "retake": totals(), "other": totals(2, 110, 7),
        "evolution": {n: {"done": totals(), "retake": totals(1, 100, 7), "other": totals(1, 10)}
                      for n in ("1", "2")}}
    assert stats[e2][t2] == {"max_retake_count": 1, "done": totals(1, 10), "retake": totals(), "other": totals(),
                             "evolution": {"1": {"done": totals(), "retake": totals(1, 10), "other": totals()}}}
    assert stats[e2][t1] == {"max_retake_count": 0, "evolution": {}, "done": totals(), "retake": totals(),
                             "other": totals(1, 10)}
    assert stats["all"]["all"]["max_retake_count"] == 2 and stats["all"]["all"]["evolution"] == {}
    assert stats["all"]["all"]["done"] == totals(2, 110) and stats["all"]["all"]["retake"] == totals(1, 10)


def test_a_vendor_counts_only_their_tasks_and_outsiders_are_refused(base_url, admin, show):
    project_id = show["project"]["id"]
    (e1, _), (t1, _) = show["episodes"], show["types"]
    status, stats = show["vendor"].get(f"/data/projects/{project_id}/episodes/stats")
    assert status == 200 and set(stats) == {e1, "all"} and set(stats[e1]) == {t1, "all"}
    status, stats = show["vendor"].get(f"/data/projects/{project_id}/episodes/retake-stats")
    assert status == 200 and stats["all"]["all"]["other"] == totals(1, 100, 7)
    outsider = logged_in(base_url, admin, "user")
    for route in ("stats", "retake-stats"):
        assert outsider.get(f"/data/projects/{project_id}/episodes/{route}")[0] == 403
        assert admin.get(f"/data/projects/{uuid.uuid4()}/episodes/{route}") == (
            404, {"error": True, "message": NOT_FOUND})
        assert admin.get(f"/data/projects/nope/episodes/{route}")[0] == 404
