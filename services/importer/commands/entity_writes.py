"""Writing one entity through production, whatever the import: created under its parent (production
answers the existing one of that name), or changed where it differs."""
from ..rules.shotgun import changed

PARENT_KEYS = {"Sequence": "episode_id", "Scene": "sequence_id", "Shot": "sequence_id", "Edit": "episode_id"}


def save_entity(owners, kind, row, fields):
    """Create the entity, or change what differs in it (a shot's data merged, as Zou)."""
    if row is None:
        body = {"name": fields["name"], "description": fields.get("description"), "data": fields.get("data") or {}}
        params = {"project_id": fields["project_id"], "kind": kind}
        if kind == "Asset":
            params["asset_type_id"] = fields["entity_type_id"]
        elif fields.get("parent_id"):
            body[PARENT_KEYS[kind]] = fields["parent_id"]
        row = owners.call("production", "create_entity", params=params, body=body)
        later = {"source_id": fields["source_id"]} if fields.get("source_id") else {}
    else:
        if "data" in fields:
            fields["data"] = {**(row.get("data") or {}), **fields["data"]}
        later = changed(row, {key: value for key, value in fields.items() if key != "project_id"})
    if later:
        row = {**row, **owners.update("production", "entities", row["id"], later)}
    return row
