"""Kitsu -> Kitsu for the rows that are plain records of an owner's generic CRUD (projects, tasks,
comments, time spents, milestones…): each created, or updated when the map (or this Kitsu itself)
knows its id; the ids a row names are turned into ours. A row an owner refuses is reported and
skipped; Zou answers the rows it imported."""
from shared.application import answers
from shared.errors import RemoteError

from ..rules.kitsu_rows import body_of
from ..rules.shotgun import BadRecord
from .batches import Batches, require_records

OWNERS = {  # resource of the route -> (owning service, collection)
    "projects": ("production", "projects"), "entity-links": ("production", "entity-links"),
    "metadata-descriptors": ("production", "metadata-descriptors"), "milestones": ("production", "milestones"),
    "schedule-items": ("production", "schedule-items"),
    "tasks": ("tasks", "tasks"), "comments": ("tasks", "comments"), "time-spents": ("tasks", "time-spents"),
    "news": ("tasks", "news"), "notifications": ("tasks", "notifications"),
    "subscriptions": ("tasks", "subscriptions"),
    "preview-files": ("media", "preview-files"), "attachment-files": ("media", "attachment-files"),
}
NOT_KEPT = ("playlists", "build-jobs")  # no owner keeps them here yet: answered as none imported


def with_id(row):
    if not isinstance(row.get("id"), str):
        raise BadRecord("id is required")
    return row


class KitsuResources(Batches):
    @answers("import_kitsu_resource")
    def resource(self, actor, meta, query, body, resource):
        run = self.begin(actor, meta, source="kitsu", query=query)
        records = require_records(body)
        if resource in NOT_KEPT:
            return []
        service, collection = OWNERS[resource]
        readings = run.read(records, with_id)
        ours = run.ids.ours_of_any_kind([value for _, row, _ in readings for value in row.values()
                                         if isinstance(value, str)])

        def write(item):
            _, row, _ = item
            our_id = ours.get(row["id"], row["id"])
            current = None
            try:
                current = run.owners.row(service, collection, our_id)
            except RemoteError as error:
                if error.status not in (400, 404):
                    raise
            fields = body_of(row, set(current) if current else None, ours)
            if current is None:  # created with the date it had there
                return row["id"], run.owners.create(service, collection, {**fields, "created_at": row.get("created_at")})
            changes = {key: value for key, value in fields.items() if current.get(key) != value}
            return row["id"], {**current, **run.owners.update(service, collection, current["id"], changes)} \
                if changes else current
        rows = run.write(readings, write, resource)
        run.report(resource)
        return rows
