"""Playlist rules (Zou's): the request bodies of the playlist actions, the entries a playlist
gains, who hears that it is ready, and the names of its downloads."""
from shared import permissions
from shared.errors import ValidationError
from shared.names import slugified

from .file_requests import as_uuid

UNKNOWN_ENTITY = "Every entity must be one of the playlist's production."
REQUIRED, NOT_UUID = "Field required", "Input should be a valid UUID"


def entity_couple(entry, prefix, errors):
    """(entity id, preview id or None) of one {entity_id, preview_file_id?}; None when wrong."""
    if not isinstance(entry, dict):
        errors.append({"field": prefix.rstrip("."), "message": "Input should be a valid dictionary"})
        return None
    entity_id, preview_id = entry.get("entity_id"), entry.get("preview_file_id")
    if entity_id is None:
        errors.append({"field": f"{prefix}entity_id", "message": REQUIRED})
    elif as_uuid(entity_id) is None:
        errors.append({"field": f"{prefix}entity_id", "message": NOT_UUID})
    if preview_id not in (None, "") and as_uuid(preview_id) is None:
        errors.append({"field": f"{prefix}preview_file_id", "message": NOT_UUID})
    return as_uuid(entity_id), as_uuid(preview_id) if preview_id else None


def requested_entities(body, single=False):
    """[(entity id, preview id or None)] of add-entity ({entity_id, preview_file_id?}: `single`)
    or add-entities ({entities: [those], at least one}); Zou's validation error otherwise."""
    body = body if isinstance(body, dict) else {}
    errors = []
    if single:
        couples = [entity_couple(body, "", errors)]
    else:
        entries = body.get("entities")
        if entries is None:
            errors.append({"field": "entities", "message": REQUIRED})
        elif not isinstance(entries, list):
            errors.append({"field": "entities", "message": "Input should be a valid list"})
        elif not entries:
            errors.append({"field": "entities", "message": "List should have at least 1 item after validation, not 0"})
        couples = [entity_couple(entry, f"entities.{index}.", errors)
                   for index, entry in enumerate(entries if isinstance(entries, list) else [])]
    if errors:
        raise ValidationError(errors)
    return couples


def with_entries(shots, couples):
    """(the playlist's entries with the (entity, preview) couples it lacks appended, those added);
    an entry without preview has no preview_file_id."""
    shots = [dict(entry) for entry in shots or []]
    present = {(entry.get("entity_id"), entry.get("preview_file_id")) for entry in shots if isinstance(entry, dict)}
    added = []
    for entity_id, preview_id in couples:
        if (entity_id, preview_id) in present:
            continue
        present.add((entity_id, preview_id))
        added.append({"entity_id": entity_id, **({"preview_file_id": preview_id} if preview_id else {})})
    return shots + added, added


def optional_ids(body, *names):
    """{name: id or None} of a body's optional ids ("" is none); Zou's validation error."""
    body = body if isinstance(body, dict) else {}
    values = {name: body.get(name) or None for name in names}
    errors = [{"field": name, "message": NOT_UUID} for name, value in values.items()
              if value is not None and as_uuid(value) is None]
    if errors:
        raise ValidationError(errors)
    return {name: as_uuid(value) if value else None for name, value in values.items()}


def id_lists(body, *names):
    """{name: [ids]} of a body's optional id lists (empty when absent); Zou's validation error."""
    body = body if isinstance(body, dict) else {}
    lists, errors = {}, []
    for name in names:
        values = body.get(name) or []
        if not isinstance(values, list):
            errors.append({"field": name, "message": "Input should be a valid list"})
            continue
        errors += [{"field": f"{name}.{index}", "message": NOT_UUID}
                   for index, value in enumerate(values) if as_uuid(value) is None]
        lists[name] = [as_uuid(value) for value in values]
    if errors:
        raise ValidationError(errors)
    return lists


def playlist_clients(project, persons, studio_id=None, department_id=None):
    """Who hears that a playlist is ready: the persons of its project's team whose role there is
    client, neither bots nor guests of a shared preview, of the studio and department when
    given. `persons`: rows {id, role, is_bot, studio_id, departments, row}."""
    team = set(project.get("team") or [])
    return sorted(person["id"] for person in persons if person["id"] in team
                  and permissions.person_project_role(person["id"], person["role"], project) == permissions.CLIENT
                  and not person["is_bot"] and not (person["row"] or {}).get("preview_project_id")
                  and (studio_id is None or person["studio_id"] == studio_id)
                  and (department_id is None or department_id in (person["departments"] or [])))


def download_context(project, playlist, episode_name=None):
    """The project's name, and for a TV show the playlist's episode (or what it covers)."""
    name = slugified(project["name"])
    if project.get("production_type") != "tvshow":
        return name
    if playlist.get("episode_id"):
        covered = episode_name or ""
    elif playlist.get("is_for_all"):
        covered = "all assets" if playlist.get("for_entity") == "asset" else "all shots"
    else:
        covered = "main pack"
    return f"{name}_{slugified(covered)}"


def movie_download_name(created_at, context, playlist_name):
    """<job date as YYYYMMDD_HHMMSS>_<context>_<playlist>.mp4."""
    date = slugified(created_at, separator="").replace("t", "_")
    return f"{date}_{context}_{slugified(playlist_name)}.mp4"


def zip_download_name(context, playlist_name):
    return f"{context}_{slugified(playlist_name)}.zip"


def temp_sort_key(entry):
    """Temporary playlists are sorted by episode, sequence, asset type, then name."""
    return tuple(entry[key] or "" for key in ("episode_name", "sequence_name", "asset_type_name", "name"))
