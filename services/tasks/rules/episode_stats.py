"""A tv show's statistics per episode, as Zou shapes them for the production's stats pages: each
episode (and "all" of them) by task type (and "all" of them), the tasks by status, and the tasks
done, in retake and other with, per retake round, where the tasks stood."""
ALL = "all"
STATES = ("done", "retake", "other")


def scopes(episode_id, task_type_id):
    """The four boxes a task counts in."""
    return ((episode_id, task_type_id), (episode_id, ALL), (ALL, task_type_id), (ALL, ALL))


def totals():
    return {"count": 0, "frames": 0, "drawings": 0}


def add(total, row):
    total["count"] += row["count"]
    total["frames"] += row["frames"] or 0
    total["drawings"] += row["drawings"] or 0


def state(is_done, is_retake):
    return "done" if is_done else "retake" if is_retake else "other"


def status_stats(rows):
    """rows: {episode_id, task_type_id, task_status_id, name, color, count, frames, drawings}, one
    per episode, type and status -> {episode|all: {type|all: {status_id: {name, color, count,
    frames, drawings}}}}."""
    stats = {}
    for row in rows:
        for episode_id, task_type_id in scopes(row["episode_id"], row["task_type_id"]):
            entry = stats.setdefault(episode_id, {}).setdefault(task_type_id, {}).setdefault(
                row["task_status_id"], {"name": row["name"], "color": row["color"], **totals()})
            add(entry, row)
    return stats


def retake_stats(rows):
    """rows: {episode_id, task_type_id, retake_count, state, count, frames, drawings}, one per
    episode, type, retake count and state -> {episode|all: {type|all: {max_retake_count,
    evolution, done, retake, other}}}. Round n of the evolution (1 to the box's highest retake
    count, episodes only): a task retaken n times or more counts as retake, any other by its
    state now."""
    stats, boxes = {}, {}
    for row in rows:
        for episode_id, task_type_id in scopes(row["episode_id"], row["task_type_id"]):
            entry = stats.setdefault(episode_id, {}).setdefault(task_type_id, {
                "max_retake_count": 0, "evolution": {}, **{name: totals() for name in STATES}})
            entry["max_retake_count"] = max(entry["max_retake_count"], row["retake_count"] or 0)
            add(entry[row["state"]], row)
            if episode_id != ALL:
                boxes.setdefault((episode_id, task_type_id), []).append(row)
    for (episode_id, task_type_id), box in boxes.items():
        entry = stats[episode_id][task_type_id]
        for round_number in range(1, entry["max_retake_count"] + 1):
            states = {name: totals() for name in STATES}
            for row in box:
                add(states["retake" if (row["retake_count"] or 0) >= round_number else row["state"]], row)
            entry["evolution"][str(round_number)] = states
    return stats
