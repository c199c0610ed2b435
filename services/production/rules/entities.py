"""The breakdown's rules: which kinds exist, what a kind is contained in, how entities are named,
created and deleted (Zou's rules)."""
import re

from shared.errors import ValidationError, WrongParameter

from .requests import EMPTY_BODY

# Entity types that are not asset types (Zou's init-data creates them all, ConceptFolder included).
TEMPORAL_KINDS = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")
NOT_ASSET_TYPES = TEMPORAL_KINDS + ("ConceptFolder",)
# Zou answers "" or null for a description not given, depending on the kind.
EMPTY_DESCRIPTION = {"Asset": "", "Episode": "", "Sequence": "", "Edit": ""}
# Body key naming the container of each kind, and the kinds it may be.
PARENT_KEYS = {"Sequence": ("episode_id", ("Episode",)), "Shot": ("sequence_id", ("Sequence",)),
               "Scene": ("sequence_id", ("Sequence",)), "Edit": ("episode_id", ("Episode",))}
OPTIONAL_FIELDS = {"Asset": ("is_shared",), "Shot": ("nb_frames",)}
# Containers that refuse deletion while they hold entities (unless forced): the word Zou uses.
NOT_EMPTY = {"Sequence": "sequence", "Episode": "episode"}


def kind_of_type(type_name):
    """The kind of an entity created with this entity type: a temporal kind's own, else Asset."""
    return type_name if type_name in TEMPORAL_KINDS else "Asset"


def require_name(body):
    if not isinstance(body, dict):
        raise WrongParameter(EMPTY_BODY)
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise ValidationError([{"field": "name", "message": "Field required"}])


def entity_data(body):
    """The `data` of a new entity: an object, or nothing."""
    data = body.get("data")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise WrongParameter("data must be a JSON object.")
    return data


def optional_fields(kind, body):
    """The fields some kinds take from the creation body when given (an asset's is_shared…)."""
    return {key: body[key] for key in OPTIONAL_FIELDS.get(kind, ()) if key in body}


def cancelled_if_tasked(kind, force):
    """An asset or shot that has tasks is only canceled, unless the deletion is forced."""
    return kind in ("Asset", "Shot") and not force


def check_children(kind, has_children, force):
    """A sequence or episode still holding entities is deleted only when forced."""
    if has_children and kind in NOT_EMPTY and not force:
        raise WrongParameter(f"Some data are still linked to this {NOT_EMPTY[kind]}.")


def children_go_too(kind, force):
    """Whether a deleted entity's children are deleted (else they only lose their parent)."""
    return force or kind in NOT_EMPTY


def slug(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") if name else ""


def instance_name(asset_name, number):
    """An asset instance's name: `<asset slug>_<0001>`."""
    return f"{slug(asset_name)}_{number:04d}"


def frame_range(data):
    """What a shot, edit or concept answers of its data: fps, frame_in, frame_out."""
    data = data or {}
    return {"fps": data.get("fps"), "frame_in": data.get("frame_in"), "frame_out": data.get("frame_out")}


def frame_count(duration, fps):
    """The frames of a movie of `duration` seconds at a project's `fps` (text); None when the fps
    is not a number."""
    try:
        rate = float(fps)
    except (TypeError, ValueError):
        return None
    return round((duration or 0) * rate)


def full_entity_name(kind, name, parent_name, grandparent_name, type_name):
    """How Zou names an entity in full: `[Ep / ]Seq / Shot`, `Ep / Seq`, an episode by its name,
    anything else `Asset type / Asset`."""
    if kind == "Shot":
        return " / ".join(part for part in (grandparent_name, parent_name, name) if part)
    if kind == "Sequence":
        return " / ".join(part for part in (parent_name, name) if part)
    if kind == "Episode" or not type_name:
        return name
    return f"{type_name} / {name}"
