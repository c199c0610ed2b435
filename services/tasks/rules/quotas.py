"""Quota rules (no I/O): how much each shot weighs in a person's quota over a period."""

COUNT_MODES = ("weighted", "weighteddone", "feedback", "done")
BAD_COUNT_MODE = "count_mode must be equal to weighted, weighteddone, feedback, or done"


def time_weights(entries):
    """{shot id: weight} from (shot id, minutes logged in the period, minutes logged on the task
    in all): each entry weighs its share of its task's time (to the hundredth), summed per shot."""
    weights = {}
    for shot_id, duration, task_total in entries:
        share = round(duration / task_total, 2) if task_total else 0
        weights[shot_id] = round(weights.get(shot_id, 0) + share, 2)
    return weights
