"""How a row serialised by another Kitsu (Zou) reads as ours: its kind, its fields, and the ids it
names (mapped to ours by the import, or kept when they are ours already: a copy between projects)."""
from .shotgun import BadRecord

TEMPORAL_KINDS = ("Shot", "Sequence", "Episode", "Edit", "Scene", "Concept")
FRAME_KEYS = ("frame_in", "frame_out", "fps")


def text(value):
    return value if isinstance(value, str) else None


def entity(row):
    """(kind, fields, refs) of an entity row: `type` names temporal kinds, anything else is an
    asset whose type is asset_type_id / entity_type_id; frame_in/out and fps go to data."""
    if not all(isinstance(row.get(key), str) and row[key] for key in ("id", "name", "project_id")):
        raise BadRecord("id, name and project_id are required")
    kind = row.get("type") if row.get("type") in TEMPORAL_KINDS else "Asset"
    data = dict(row.get("data") if isinstance(row.get("data"), dict) else {})
    data.update({key: row[key] for key in FRAME_KEYS if row.get(key) is not None})
    fields = {"name": row["name"], "description": row.get("description"), "data": data}
    for key in ("nb_frames", "canceled", "is_casting_standby"):
        if key in row:
            fields[key] = row[key]
    casting = row.get("entities_out") if isinstance(row.get("entities_out"), list) else []
    refs = {"project": row["project_id"],
            "parent": text(row.get("sequence_id") or row.get("episode_id") or row.get("parent_id")),
            "entity_type": text(row.get("asset_type_id") or row.get("entity_type_id")) if kind == "Asset" else None,
            "casting": [link for link in (item.get("id") if isinstance(item, dict) else item for item in casting)
                        if isinstance(link, str)]}
    return kind, fields, refs
