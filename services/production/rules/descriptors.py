"""Metadata descriptors: the custom columns of a project's assets, shots… (`entity.data`)."""
import re
import unicodedata

from shared.errors import WrongParameter

DESCRIPTOR_TYPES = ("string", "number", "list", "taglist", "boolean", "checklist", "date", "url",
                    "textarea", "person")
ENTITY_TYPES = ("Asset", "Shot", "Sequence", "Episode", "Edit", "Project", "Task")
ALL_PROJECTS_TYPES = ENTITY_TYPES[:-1]  # not tasks


def field_name(name):
    """The key of the descriptor in `entity.data`: the name slugified with underscores."""
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def check_descriptor(data):
    if "entity_type" in data and data["entity_type"] not in ENTITY_TYPES:
        raise WrongParameter("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, "
                             "Project, or Task.")
    if "data_type" in data and data["data_type"] not in DESCRIPTOR_TYPES:
        raise WrongParameter("Invalid data_type")


def all_projects_entity_type(value):
    """The entity type of a descriptor set on every project: not tasks."""
    if value not in ALL_PROJECTS_TYPES:
        raise WrongParameter("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, "
                             "or Project.")
    return value


def in_field_order(order, descriptors):
    """The descriptors whose field name `order` ({field name: position}) lists, in its order."""
    return sorted((row for row in descriptors if row["field_name"] in order),
                  key=lambda row: order[row["field_name"]])
