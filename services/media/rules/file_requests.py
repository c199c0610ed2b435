"""The bodies of the file routes (paths, new working and output files, next revisions), read
as Zou's schemas read them: defaults, required fields, integers; errors all listed at once."""
import uuid

from shared.errors import ValidationError

REQUIRED = object()
NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"

WORKING_FILE_PATH = {"name": "main", "mode": "working", "software_id": None, "comment": "", "revision": 0,
                     "sep": "/"}
OUTPUT_FILE_PATH = {"name": "main", "mode": "output", "output_type_id": REQUIRED, "task_type_id": REQUIRED,
                    "revision": 0, "extension": "", "representation": "", "separator": "/", "nb_elements": 1}
NEW_WORKING_FILE = {"name": REQUIRED, "description": "", "mode": "working", "comment": "", "person_id": None,
                    "software_id": None, "revision": 0, "sep": "/"}
NEW_OUTPUT_FILE = {"name": "main", "mode": "output", "output_type_id": REQUIRED, "task_type_id": REQUIRED,
                   "person_id": None, "working_file_id": None, "file_status_id": None, "comment": "",
                   "revision": 0, "extension": "", "representation": "", "nb_elements": 1, "sep": "/"}
NEXT_REVISION = {"name": "main", "output_type_id": REQUIRED, "task_type_id": REQUIRED}
GUESS_FROM_PATH = {"project_id": REQUIRED, "file_path": REQUIRED, "sep": "/"}


def read(body, schema):
    """The body's values for the schema's fields (others ignored), or Zou's validation answer."""
    body = body if isinstance(body, dict) else {}
    values, errors = {}, []
    for field, default in schema.items():
        value = body.get(field)
        if value is None:
            if default is REQUIRED:
                errors.append({"field": field, "message": "Field required"})
            values[field] = None if default is REQUIRED else default
        elif isinstance(default, int) and not isinstance(default, bool):
            try:
                values[field] = int(value)
            except (TypeError, ValueError):
                errors.append({"field": field, "message": NOT_AN_INTEGER})
        elif isinstance(value, (dict, list)):
            errors.append({"field": field, "message": "Input should be a valid string"})
        elif default is REQUIRED and value == "":
            errors.append({"field": field, "message": "String should have at least 1 character"})
        else:
            values[field] = str(value)
    if errors:
        raise ValidationError(errors)
    return values


def as_uuid(value):
    """`value` as a UUID string, or None (a body or query may name anything)."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
