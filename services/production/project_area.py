"""What the use cases of the projects area share: the platform's stores, row lookups, request
checks with Zou's messages, and the write helpers (every write goes through an aggregate)."""
import uuid

from shared import db
from shared.crud import Actor
from shared.crud.store import PROTECTED
from shared.errors import CrudError, NotFound, ValidationError, WrongParameter

from .collections import PROJECTS

WRONG_UUID = "Wrong UUID format."


def uuid_arg(value, message=WRONG_UUID):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise WrongParameter(message)


def required(body, *names):
    """Zou's validation answer for missing body fields, all listed at once."""
    body = body if isinstance(body, dict) else {}
    missing = [{"field": name, "message": "Field required"} for name in names if body.get(name) is None]
    if missing:
        raise ValidationError(missing)
    return body


def parsed_changes(collection, body):
    """A PUT body as the generic update reads it: unknown and protected keys are ignored."""
    changes = {key: collection.fields[key].parse(value) for key, value in body.items()
               if key in collection.fields and key not in PROTECTED
               and not collection.fields[key].protected}
    for key, value in changes.items():
        if value is None and not collection.fields[key].nullable:
            raise CrudError("A required field is missing.")
    return changes


class ProjectArea:
    def __init__(self, platform):
        self.platform = platform
        self.crud = platform.crud

    @property
    def session(self):
        return db.current_session()

    @staticmethod
    def actor(actor):
        return Actor(actor)

    def project(self, project_id):
        return self.crud.row(PROJECTS, uuid_arg(project_id))

    def row_in(self, collection, row_id, **owner):
        """The row, or 404 when it is missing or belongs to another parent (e.g. project_id)."""
        row = self.crud.row(collection, uuid_arg(row_id))
        if any(row[key] != value for key, value in owner.items()):
            raise NotFound()
        return row

    # -- writes (inside a @command) ----------------------------------------------------------
    def change(self, collection, row, changes, actor):
        aggregate = self.platform.app.repository.get(uuid.UUID(row["id"]))
        aggregate.update(changes, actor.id)
        return {**row, **(self.crud.save(collection, aggregate) or {})}

    def remove(self, collection, row_id, actor):
        aggregate = self.platform.app.repository.get(uuid.UUID(str(row_id)))
        aggregate.delete(actor.id)
        self.crud.save(collection, aggregate)
