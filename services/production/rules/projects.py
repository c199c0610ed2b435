"""Projects and project templates: their settings, team roles, and the data of the task type and
task status links they keep (priority, board roles…), with Zou's defaults."""
import re
import uuid

from shared.crud.collection import utcnow
from shared.errors import ValidationError, WrongParameter
from shared.permissions import PROJECT_ROLES
from shared.serialization import isoformat

PRODUCTION_STYLES = ("2d", "2dpaper", "3d", "2d3d", "ar", "vfx", "stop-motion", "motion-design",
                     "archviz", "commercial", "catalog", "immersive", "nft", "video-game", "vr")
RESOLUTION = re.compile(r"^\d*x\d+$")
BOARD_ROLES = ["user", "admin", "supervisor", "manager", "vendor"]
# Data of the task type / task status links of projects and templates, with Zou's defaults.
LINK_DATA = {"task_type_links": {"priority": None, "hd_bitrate_compression": None,
                                 "ld_bitrate_compression": None, "is_client_visible": True},
             "task_status_links": {"priority": None, "roles_for_board": BOARD_ROLES,
                                   "is_client_allowed": None}}
LINK_IDS = uuid.UUID("3b0e7f52-9d4a-4c61-b8e2-5a7f1c9d2e40")  # namespace of links stored without id


def check_project_settings(data):
    """Zou's model rules shared by projects and project templates."""
    if data.get("production_style") is not None and data["production_style"] not in PRODUCTION_STYLES:
        raise WrongParameter("Invalid production_style")
    resolution = data.get("resolution")
    if resolution is not None and not RESOLUTION.match(resolution):
        raise WrongParameter(f"Invalid resolution {resolution}. Expected format: '1920x1080' or 'x1080'.")


def team_role(body):
    """The project role a team body names (None: the person's own role)."""
    role = body.get("role")
    if role is not None and role not in PROJECT_ROLES:
        raise ValidationError([{"field": "role", "message": "Input should be 'user', 'supervisor', "
                                                            "'manager', 'client' or 'vendor'"}])
    return role


def deletable(status_name):
    """Only closed projects can be deleted."""
    return status_name == "Closed"


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


def link_overlay(data_field, link):
    """What a template link adds to (or overrides in) the linked row, as Zou lists them."""
    if data_field == "task_type_links":
        return link_data(data_field, link)
    if data_field == "task_status_links":
        data = link_data(data_field, link)
        return {"priority": data["priority"], "roles_for_board": data["roles_for_board"],
                "link_is_client_allowed": data["is_client_allowed"]}
    return {}


def merged(current, added):
    """`current` with what `added` has more, in order."""
    return [*current, *[item for item in added if item not in current]]


def template_changes(project, template, settings, relations, keep=()):
    """The changes applying a template makes to a project: its settings (but those in `keep`),
    its linked ids (`relations`, added to the project's), its link data (the project's win) and
    its default background when it has one."""
    changes = {name: template[name] for name in settings if name not in keep and name not in relations}
    for name in settings:
        if name in relations:
            changes[name] = merged(project[name] or [], template[name] or [])
    for name in LINK_DATA:
        changes[name] = {**(template[name] or {}), **(project[name] or {})}
    if "default_preview_background_file_id" not in keep and template["default_preview_background_file_id"]:
        changes["default_preview_background_file_id"] = template["default_preview_background_file_id"]
    return changes
