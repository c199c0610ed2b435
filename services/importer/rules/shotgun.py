"""How a ShotGrid record reads as ours (Zou's extract_data per kind): pure functions of the record.

Each returns a `Reading`: the fields of our row, and the ShotGrid ids (or names) it refers to,
which the import resolves through its map before writing anything. A record that cannot be read
raises BadRecord with the reason (reported with the record's index, nothing written for it)."""
import datetime
from dataclasses import dataclass, field

ENTITY_KINDS = ("Asset", "Shot", "Scene", "Sequence", "Episode")
ROLES = {"Manager": "manager", "Admin": "admin"}
PLACEHOLDER_EMAIL = "changeme@email.com"


class BadRecord(ValueError):
    """A record the import skips, and why."""


@dataclass
class Reading:
    fields: dict
    refs: dict = field(default_factory=dict)  # what it names: {"project": 12, "parent": 4, ...}


def required(record, key):
    """A text field of the record (a name, a code…)."""
    value = record.get(key)
    if value in (None, ""):
        raise BadRecord(f"{key} is missing")
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be a text")
    return value


def identifier(record):
    """The record's ShotGrid id (an integer)."""
    value = record.get("id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRecord("id must be an integer")
    return value


def text_or(value, default):
    return value if isinstance(value, str) and value else default


def linked_id(record, key, required_link=False):
    """The id of a link ({"id": .., "type": ..}) or None."""
    link = record.get(key)
    if isinstance(link, dict) and isinstance(link.get("id"), int):
        return link["id"]
    if required_link:
        raise BadRecord(f"{key} is missing")
    return None


def linked_ids(links):
    return [link["id"] for link in links if isinstance(link, dict) and isinstance(link.get("id"), int)] \
        if isinstance(links, list) else []


def custom_data(record, mapped=()):
    """ShotGrid's custom fields (sg_*), except those mapped to a column."""
    return {key: value for key, value in record.items()
            if key.startswith("sg_") and key not in mapped}


def hex_color(rgb):
    """"255,0,0" -> "#ff0000" (ShotGrid colors); None when not a color."""
    try:
        parts = [int(part) for part in str(rgb).split(",")]
    except ValueError:
        return None
    if len(parts) != 3 or not all(0 <= part <= 255 for part in parts):
        return None
    return "#" + "".join(f"{part:02x}" for part in parts)


def date(value, key):
    """A ShotGrid date ("2024-01-02") or datetime as our ISO text; BadRecord when malformed."""
    if value in (None, ""):
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord(f"{key} is not a date: {value!r}") from None
    if moment.tzinfo:  # stored in UTC
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


def project(record):
    return Reading({"name": required(record, "name"), "shotgun_id": identifier(record),
                    "data": custom_data(record, ("sg_status",))},
                   {"status": text_or(record.get("sg_status"), "Open")})


def person(record):
    email = required(record, "email")
    if email == PLACEHOLDER_EMAIL:
        raise BadRecord("placeholder email")
    rule_set = record.get("permission_rule_set") if isinstance(record.get("permission_rule_set"), dict) else {}
    department = record.get("department") if isinstance(record.get("department"), dict) else {}
    return Reading({"first_name": text_or(record.get("firstname"), ""), "last_name": text_or(record.get("lastname"), ""),
                    "email": email, "desktop_login": text_or(record.get("login"), None),
                    "shotgun_id": identifier(record),
                    "active": record.get("sg_status_list") == "act",
                    "role": ROLES.get(text_or(rule_set.get("name"), ""), "user")},
                   {"department": text_or(department.get("name"), None)})


def project_link(record):
    """(ShotGrid project id, project name) of an entity record: one of them is needed."""
    link = record.get("project") if isinstance(record.get("project"), dict) else {}
    project_id, name = link.get("id"), link.get("name")
    project_id = project_id if isinstance(project_id, int) else None
    name = name if isinstance(name, str) and name else None
    if project_id is None and name is None:
        raise BadRecord("project is missing")
    return project_id, name


def entity(record, kind):
    """Episodes, sequences, scenes, shots and assets: fields and references."""
    project_id, project_name = project_link(record)
    fields = {"name": required(record, "code"), "description": text_or(record.get("description"), None),
              "shotgun_id": identifier(record)}
    refs = {"project": project_id, "project_name": project_name}
    if kind == "Sequence":
        refs["parent"] = ("Episode", linked_id(record, "episode"))
    elif kind == "Scene":
        sequences = linked_ids(record.get("sequence_sg_scenes_1_sequences"))
        refs["parent"] = ("Sequence", sequences[0] if sequences else None)
    elif kind == "Shot":
        refs["parent"] = ("Sequence", linked_id(record, "sg_sequence"))
        refs["source"] = ("Scene", linked_id(record, "sg_scene"))
        refs["casting"] = linked_ids(record.get("assets"))
        fields["data"] = shot_data(record)
    elif kind == "Asset":
        refs["asset_type"] = text_or(record.get("sg_asset_type"), "Props")
        refs["parents"] = linked_ids(record.get("parents"))
        fields["data"] = custom_data(record, ("sg_asset_type",))
    return Reading(fields, refs)


def shot_data(record):
    data = custom_data(record, ("sg_sequence", "sg_scene", "sg_cut_in"))
    cut_in, duration = record.get("sg_cut_in"), record.get("sg_cut_duration")
    if cut_in is not None:
        if not isinstance(cut_in, int) or (duration is not None and not isinstance(duration, int)):
            raise BadRecord("sg_cut_in and sg_cut_duration must be integers")
        data["frame_in"] = cut_in
        if duration is not None:
            data["frame_out"] = cut_in + duration
    return data


def step(record):
    name = required(record, "code")
    return Reading({"name": name, "short_name": text_or(record.get("short_name"), None),
                    "color": hex_color(record.get("color")) or "#999999",
                    "for_entity": text_or(record.get("entity_type"), "Asset"),
                    "shotgun_id": identifier(record)},
                   {"department": name.split(" ")[0]})


def status(record):
    return Reading({"name": required(record, "name"), "short_name": required(record, "code"),
                    "color": hex_color(record.get("bg_color")) or "#999999",
                    "shotgun_id": identifier(record)})


def task(record):
    step_id = linked_id(record, "step", required_link=True)
    project_id = linked_id(record, "project", required_link=True)
    target = record.get("entity") if isinstance(record.get("entity"), dict) else {}
    if target.get("type") not in ENTITY_KINDS or not isinstance(target.get("id"), int):
        raise BadRecord("entity is missing or not an asset, shot, scene, sequence or episode")
    fields = {"name": text_or(record.get("cached_display_name"), "main"),
              "start_date": date(record.get("start_date"), "start_date"),
              "due_date": date(record.get("due_date"), "due_date"),
              "sort_order": record.get("sg_sort_order") or 0, "duration": record.get("duration") or 0,
              "shotgun_id": identifier(record)}
    return Reading(fields, {"step": step_id, "project": project_id,
                            "entity": (target["type"], target["id"]),
                            "status": text_or(record.get("sg_status_list"), None),
                            "assigner": linked_id(record, "created_by"),
                            "assignees": linked_ids(record.get("task_assignees"))})


def note(record):
    tasks = linked_ids(record.get("tasks"))
    if not tasks:
        raise BadRecord("tasks is missing")
    created_at = date(record.get("created_at"), "created_at")  # malformed dates are refused, as everywhere
    return Reading({"text": text_or(record.get("content"), ""), "shotgun_id": identifier(record),
                    **({"created_at": created_at} if created_at else {})},
                   {"task": tasks[0], "author": linked_id(record, "user")})


def version(record):
    movie = record.get("sg_uploaded_movie") if isinstance(record.get("sg_uploaded_movie"), dict) else {}
    return Reading({"name": text_or(record.get("code"), None), "description": text_or(record.get("description"), None),
                    "source": "Shotgun", "shotgun_id": identifier(record),
                    "uploaded_movie_url": movie.get("url"), "uploaded_movie_name": movie.get("name")},
                   {"task": linked_id(record, "sg_task", required_link=True),
                    "author": linked_id(record, "user")})


def project_connection(record):
    return Reading({"shotgun_id": identifier(record)},
                   {"project": linked_id(record, "project", required_link=True),
                    "person": linked_id(record, "user", required_link=True)})


def changed(current, wanted):
    """The fields of `wanted` that differ from the row `current` (an update's body)."""
    return {key: value for key, value in wanted.items() if current.get(key) != value}
