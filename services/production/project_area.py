"""What the use cases of the projects area share: the platform's stores, row lookups, request
checks with Zou's messages, and the write helpers (every write goes through an aggregate)."""
import uuid

from shared.application import UseCases
from shared.crud import Actor
from shared.crud.collection import utcnow
from shared.crud.store import PROTECTED
from shared.errors import CrudError, NotFound, ValidationError, WrongParameter
from shared.serialization import isoformat

from .collections import PROJECTS

WRONG_UUID = "Wrong UUID format."
BOARD_ROLES = ["user", "admin", "supervisor", "manager", "vendor"]
# Data of the task type / task status links of projects and templates, with Zou's defaults.
LINK_DATA = {"task_type_links": {"priority": None, "hd_bitrate_compression": None,
                                 "ld_bitrate_compression": None, "is_client_visible": True},
             "task_status_links": {"priority": None, "roles_for_board": BOARD_ROLES,
                                   "is_client_allowed": None}}
LINK_IDS = uuid.UUID("3b0e7f52-9d4a-4c61-b8e2-5a7f1c9d2e40")  # namespace of links stored without id


def link_data(data_field, link=None):
    """A link's data (priority…) with the defaults, without its bookkeeping (id, dates)."""
    link = link or {}
    return {name: link.get(name, default) for name, default in LINK_DATA[data_field].items()}


def new_link(data_field, values, previous=None):
    """The stored link: its data from `values`, stamped now (created when `previous` was)."""
    now = isoformat(utcnow())
    created = (previous or {}).get("created_at") or now
    kept = {"id": previous["id"]} if previous and previous.get("id") else {}
    return {**kept, **link_data(data_field, values), "created_at": created, "updated_at": now}


def link_answer(owner_key, owner, linked_key, linked_id, data_field, model):
    """Zou's link row: the owner's and the linked ids, the link's data, id and dates."""
    link = (owner[data_field] or {}).get(linked_id) or {}
    return {owner_key: owner["id"], linked_key: linked_id, **link_data(data_field, link),
            "id": link.get("id") or str(uuid.uuid5(LINK_IDS, f"{owner['id']}:{linked_id}")),
            "created_at": link.get("created_at") or isoformat(owner["created_at"]),
            "updated_at": link.get("updated_at") or isoformat(owner["updated_at"]), "type": model}


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


class ProjectArea(UseCases):
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
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.update(changes, actor.id)
        return {**row, **(self.crud.save(collection, aggregate) or {})}

    def change_many(self, collection, changes, actor):
        """Apply (row, changes) pairs of one collection with one write to the event store."""
        aggregates = []
        for row, values in changes:
            aggregate = self.app.repository.get(uuid.UUID(row["id"]))
            aggregate.update(values, actor.id)
            aggregates.append((collection, aggregate))
        self.crud.save_many(aggregates)

    def remove(self, collection, row_id, actor):
        aggregate = self.app.repository.get(uuid.UUID(str(row_id)))
        aggregate.delete(actor.id)
        self.crud.save(collection, aggregate)
