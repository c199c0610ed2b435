"""Ids read from paths, query strings and bodies: each route answers a bad one as Zou does (a 404,
a 400 with its message, or by skipping it)."""
import uuid

from shared.errors import NotFound, ValidationError, WrongParameter

EMPTY_BODY = "Data are empty. Please verify that you sent JSON data and that you set the right headers."


def optional_id(value):
    """The id in its canonical form, or None when `value` is not one."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def found_id(value):
    """An id from a path where Zou answers 404 to anything that is not a known row."""
    checked = optional_id(value)
    if checked is None:
        raise NotFound()
    return checked


def checked_id(value, message=None):
    """A query-string id: 400 when malformed (Zou checks them before any query)."""
    checked = optional_id(value)
    if checked is None:
        raise WrongParameter(message or f"Invalid id: {value}")
    return checked


def required_id(body, key):
    """Zou's message for a missing or malformed id in a task body."""
    return checked_id(body.get(key) if isinstance(body, dict) else None, f"A valid {key} is required.")


def id_list(body, key=None):
    """A list of ids (the body itself, or body[key]); anything else is a 400. Zou keeps only the
    valid ids."""
    if key is not None and not isinstance(body or {}, dict):
        raise WrongParameter(EMPTY_BODY)
    values = body if key is None else (body or {}).get(key)
    if not isinstance(values, list):
        raise WrongParameter(EMPTY_BODY)
    return [checked for checked in map(optional_id, values) if checked is not None]


def bulk_task_ids(body):
    """The task ids of a bulk action ((un)subscriptions, main previews): a non-empty list, with
    Zou's validation messages."""
    if not isinstance(body or {}, dict):
        raise ValidationError([{"field": "", "message": "Input should be a valid dictionary"}])
    task_ids = (body or {}).get("task_ids")
    if task_ids is None:
        message = "Field required"
    elif not isinstance(task_ids, list):
        message = "Input should be a valid list"
    elif not task_ids:
        message = "List should have at least 1 item after validation, not 0"
    else:
        return task_ids
    raise ValidationError([{"field": "task_ids", "message": message}])
