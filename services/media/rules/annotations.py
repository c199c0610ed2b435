"""A preview's annotations: drawings per frame time, {time, drawing: {objects: [{id, …}]}},
changed by additions, updates and deletions of objects (Zou's update-annotations), so that
reviewers drawing at once on the same frame keep each other's strokes."""


def object_id(drawn):
    return drawn.get("id") if isinstance(drawn, dict) else None


def frames(annotations):
    """{time: the frame's annotation (a copy)}, in the order they came."""
    return {frame.get("time"): {**frame, "drawing": {**(frame.get("drawing") or {}), "objects": list(
        (frame.get("drawing") or {}).get("objects") or [])}} for frame in annotations or [] if isinstance(frame, dict)}


def changed(annotations, additions=(), updates=(), deletions=()):
    """The annotations once the changes are applied."""
    by_time = frames(annotations)
    for frame in additions or ():
        time, objects = frame.get("time"), (frame.get("drawing") or {}).get("objects") or []
        current = by_time.setdefault(time, {**frame, "drawing": {**(frame.get("drawing") or {}), "objects": []}})
        known = {object_id(drawn) for drawn in current["drawing"]["objects"]}
        current["drawing"]["objects"] += [drawn for drawn in objects if object_id(drawn) not in known]
    for frame in updates or ():
        current = by_time.get(frame.get("time"))
        if current is None:
            continue
        new = {object_id(drawn): drawn for drawn in (frame.get("drawing") or {}).get("objects") or []}
        current["drawing"]["objects"] = [new.get(object_id(drawn), drawn) for drawn in current["drawing"]["objects"]]
    for frame in deletions or ():
        current = by_time.get(frame.get("time"))
        if current is None:
            continue
        gone = set(frame.get("objects") or [])
        current["drawing"]["objects"] = [drawn for drawn in current["drawing"]["objects"]
                                         if object_id(drawn) not in gone]
    return [frame for frame in by_time.values() if frame["drawing"]["objects"]]

