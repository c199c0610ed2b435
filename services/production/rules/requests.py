"""How bodies and path values are read, with Zou's answers when they are wrong."""
import uuid

from shared.crud.store import PROTECTED
from shared.errors import CrudError, ValidationError, WrongParameter

WRONG_UUID = "Wrong UUID format."
EMPTY_BODY = "Data are empty. Please verify that you sent JSON data and that you set the right headers."
BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "t": True, "y": True,
            "false": False, "0": False, "no": False, "off": False, "f": False, "n": False}


def uuid_arg(value, message=WRONG_UUID):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise WrongParameter(message)


def as_id(value):
    """`value` as a UUID string, or None: what a body names may be anything."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def required_id(body, key):
    """A body's id field, with the validation answer of a missing or malformed one."""
    if not isinstance(body, dict) or body.get(key) in (None, ""):
        raise ValidationError([{"field": key, "message": "Field required"}])
    try:
        return str(uuid.UUID(str(body[key])))
    except ValueError:
        raise ValidationError([{"field": key, "message": "Input should be a valid UUID"}])


def required(body, *names):
    """Zou's validation answer for missing body fields, all listed at once."""
    body = body if isinstance(body, dict) else {}
    missing = [{"field": name, "message": "Field required"} for name in names if body.get(name) is None]
    if missing:
        raise ValidationError(missing)
    return body


def boolean(value, name):
    """A body flag as Zou's schemas read it (true, "yes", 1…), else its validation answer."""
    if isinstance(value, bool):
        return value
    if str(value).lower() in BOOLEANS and not isinstance(value, float):
        return BOOLEANS[str(value).lower()]
    raise ValidationError([{"field": name, "message": "Input should be a valid boolean, unable to interpret input"}])


def parsed_changes(collection, body):
    """A PUT body as the generic update reads it: unknown and protected keys are ignored."""
    changes = {key: collection.fields[key].parse(value) for key, value in body.items()
               if key in collection.fields and key not in PROTECTED
               and not collection.fields[key].protected}
    for key, value in changes.items():
        if value is None and not collection.fields[key].nullable:
            raise CrudError("A required field is missing.")
    return changes
