"""Which revision a new preview gets, and where a preview goes among those of its revision."""
from shared.errors import ValidationError

NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"


def revision_of(body):
    """The body's revision (0: not given), or Zou's validation answer."""
    value = body.get("revision") if isinstance(body, dict) else None
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError([{"field": "revision", "message": NOT_AN_INTEGER}])


def reordered(preview_ids, moved_id, position):
    """The previews of one revision in their new order once `moved_id` is at `position`
    (1-based, clamped)."""
    others = [preview_id for preview_id in preview_ids if preview_id != moved_id]
    index = min(max(int(position), 1), len(others) + 1) - 1
    return others[:index] + [moved_id] + others[index:]
