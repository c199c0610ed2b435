"""Studio settings kept with the productions: custom actions and plugins (generic CRUD)."""
from shared.crud import Collection
from shared.crud.fields import Boolean, String
from shared.errors import Forbidden

from ..domain import CustomAction, Plugin
from ..replicas import metadata


class NotForVendors(Collection):
    def check_list(self, actor, filters):
        if actor.role == "vendor":
            raise Forbidden()


CUSTOM_ACTIONS = NotForVendors("custom-actions", "CustomAction", CustomAction, "custom_action", metadata, {
    "name": String(nullable=False), "url": String(), "entity_type": String(default="all"),
    "is_ajax": Boolean(default=False)})
PLUGINS = Collection("plugins", "Plugin", Plugin, "plugin", metadata, {
    "plugin_id": String(nullable=False, unique=True), "name": String(nullable=False),
    "description": String(), "version": String(nullable=False), "maintainer_name": String(nullable=False),
    "maintainer_email": String(), "website": String(), "license": String(nullable=False),
    "revision": String(), "frontend_project_enabled": Boolean(default=False),
    "frontend_studio_enabled": Boolean(default=False), "icon": String()})
PLUGINS.read_rule = "admin"
