"""Writing one entity through production, whatever the import: created under its parent (production
answers the existing one of that name), or changed where it differs."""
from ..rules.shotgun import changed

PARENT_KEYS = {"Sequence": "episode_id", "Scene": "sequence_id", "Shot": "sequence_id", "Edit": "episode_id"}


def creation(kind, fields):
    """The entity's record for production's create_entities: {project_id, asset_type_id (assets),
    body} (create_entity's parameters and body)."""
    body = {"name": fields["name"], "description": fields.get("description"), "data": fields.get("data") or {}}
    record = {"project_id": fields["project_id"], "body": body, "shotgun_id": fields.get("shotgun_id")}
    if kind == "Asset":
        record["asset_type_id"] = fields["entity_type_id"]
    elif fields.get("parent_id"):
        body[PARENT_KEYS[kind]] = fields["parent_id"]
    return record


def created(owners, row, fields):
    """The new entity once what its creation does not set (its source) is changed."""
    if fields.get("source_id"):
        return {**row, **owners.update("production", "entities", row["id"], {"source_id": fields["source_id"]})}
    return row


def save_entity(owners, kind, row, fields):
    """Create the entity, or change what differs in it (a shot's data merged, as Zou)."""
    if row is None:
        record = creation(kind, fields)
        params = {"project_id": record["project_id"], "kind": kind}
        if "asset_type_id" in record:
            params["asset_type_id"] = record["asset_type_id"]
        return created(owners, owners.call("production", "create_entity", params=params, body=record["body"]), fields)
    if "data" in fields:
        fields["data"] = {**(row.get("data") or {}), **fields["data"]}
    # an entity keeps its project and the ShotGrid id it was made with (Zou's PUT ignores it)
    changes = changed(row, {key: value for key, value in fields.items() if key not in ("project_id", "shotgun_id")})
    return {**row, **owners.update("production", "entities", row["id"], changes)} if changes else row
