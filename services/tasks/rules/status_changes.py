"""What a task's status does to the task (Zou's rules): the dates and counters a comment's status
sets, and the same replayed over a task's whole comment history when a comment moves away."""


def status_changes(task, status, previous, moment):
    """What a comment that sets `status` (at `moment`) changes on the task besides its status;
    `previous`: the task's status before (None when it had none)."""
    changes = {"last_comment_date": moment}
    if status["is_wip"] and not task["real_start_date"]:
        changes["real_start_date"] = moment
    if status["is_feedback_request"]:
        changes["end_date"] = moment
    if status["is_done"]:
        changes["done_date"] = moment
    if status["is_retake"] and not (previous or {}).get("is_retake"):
        changes["retake_count"] = (task["retake_count"] or 0) + 1
    return changes


def replayed_history(history, default_status_id):
    """The status, dates and retake count of a task whose comments are `history` (oldest first:
    each with task_status_id, moment and its status's is_retake, is_wip, is_feedback_request,
    is_done); a task without comments has the default status."""
    changes = {"retake_count": 0, "real_start_date": None, "last_comment_date": None,
               "end_date": None, "done_date": None, "task_status_id": default_status_id}
    previous_is_retake = False
    for entry in history:
        moment = entry["moment"]
        if entry["is_retake"] and not previous_is_retake:
            changes["retake_count"] += 1
        previous_is_retake = entry["is_retake"]
        if entry["is_wip"] and changes["real_start_date"] is None:
            changes["real_start_date"] = moment
        if entry["is_feedback_request"] and changes["end_date"] is None:
            changes["end_date"] = moment
        if entry["is_done"]:
            changes["done_date"] = moment
        changes.update(task_status_id=entry["task_status_id"], last_comment_date=moment)
    return changes


def automation_applies(entity_type, kind):
    """An automation for `entity_type` applies to an entity of `kind`: "asset" matches the assets of
    every asset type (their kind is Asset)."""
    return (kind or "").lower() == (entity_type or "").lower()
