"""The episode statistics' boxes (services/tasks/rules/episode_stats.py), with the numbers the Zou
reference answered for the same tasks."""
from services.tasks.rules.episode_stats import retake_stats, state, status_stats


def row(episode_id, task_type_id, count=1, frames=10, drawings=0, **more):
    return {"episode_id": episode_id, "task_type_id": task_type_id, "count": count, "frames": frames,
            "drawings": drawings, **more}


def test_a_status_counts_in_its_episode_and_type_and_in_every_all():
    stats = status_stats([
        row("e1", "t1", task_status_id="done", name="done", color="#2", frames=None, drawings=3),
        row("e2", "t1", task_status_id="done", name="done", color="#2", count=2, frames=21)])
    assert stats["e1"] == {box: {"done": {"name": "done", "color": "#2", "count": 1, "frames": 0,
                                          "drawings": 3}} for box in ("t1", "all")}
    assert stats["all"]["all"]["done"] == {"name": "done", "color": "#2", "count": 3, "frames": 21,
                                           "drawings": 3}
    assert set(stats) == {"e1", "e2", "all"} and set(stats["all"]) == {"t1", "all"}


def test_states():
    assert [state(True, False), state(False, True), state(False, False)] == ["done", "retake", "other"]


def test_retake_rounds_count_a_task_retaken_that_often_as_retake_and_the_others_as_they_stand():
    stats = retake_stats([
        row("e1", "t1", retake_count=2, state="retake", frames=10),
        row("e1", "t1", retake_count=0, state="other", frames=11),
        row("e1", "t2", retake_count=1, state="done", frames=5, drawings=7),
        row("e1", "t2", retake_count=0, state="done", frames=4)])
    t1 = stats["e1"]["t1"]
    assert t1["max_retake_count"] == 2
    assert t1["retake"] == {"count": 1, "frames": 10, "drawings": 0}
    assert t1["done"] == {"count": 0, "frames": 0, "drawings": 0}
    assert t1["evolution"] == {str(n): {"done": {"count": 0, "frames": 0, "drawings": 0},
                                        "retake": {"count": 1, "frames": 10, "drawings": 0},
                                        "other": {"count": 1, "frames": 11, "drawings": 0}} for n in (1, 2)}
    assert stats["e1"]["t2"]["evolution"] == {"1": {"done": {"count": 1, "frames": 4, "drawings": 0},
                                                    "retake": {"count": 1, "frames": 5, "drawings": 7},
                                                    "other": {"count": 0, "frames": 0, "drawings": 0}}}
    assert stats["e1"]["all"]["max_retake_count"] == 2 and len(stats["e1"]["all"]["evolution"]) == 2
    # all the episodes together: the totals, without rounds
    assert stats["all"]["all"]["evolution"] == {} and stats["all"]["all"]["max_retake_count"] == 2
    assert stats["all"]["all"]["done"] == {"count": 2, "frames": 9, "drawings": 7}
