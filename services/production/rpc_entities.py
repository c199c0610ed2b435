"""RPC entry points of the entities area: assets, episodes, sequences, shots, scenes, edits,
concepts, entity types, casting, entity links, asset instances, search. Each calls one
application command or query; the `kind` of the typed routes is a fixed route param."""

from shared import db
from shared.consumer import subscribe
from shared.crud.store import flag
from shared.replicas import apply_row
from shared.service import entrypoint

from .casting import Casting
from .collections import ENTITIES, TASKS
from .entities import Entities
from .entity_reads import EntityReads
from .instances import Instances


def params(request, *names):
    return [request["params"][name] for name in names]


# The one entity id of a typed route, named as Zou names it (/data/assets/{asset_id}…).
ENTITY_PARAMS = ("asset_id", "scene_id", "shot_id", "sequence_id", "episode_id", "edit_id",
                 "concept_id", "entity_id")


def entity_id(request):
    return next(request["params"][name] for name in ENTITY_PARAMS if name in request["params"])


def kinds(request):
    return (request["params"]["kind"],)


class EntitiesRpc:
    # -- tasks replica: which entities have tasks (soft deletes) and whose (vendor scoping) -----
    @subscribe("tasks", "row.task")
    def on_task_row(self, envelope):
        apply_row(db.current_session(), TASKS, envelope)

    # -- /data/entities through the generic CRUD (Zou's creation and deletion rules) ------------
    @entrypoint
    def crud_create(self, request):
        if request["params"]["collection"] == ENTITIES.name:
            return Entities(self.platform).create_generic(request["actor"], request["body"])
        return super().crud_create(request)

    @entrypoint
    def crud_update(self, request):
        params = request["params"]
        if params["collection"] == ENTITIES.name:
            return Entities(self.platform).update_generic(request["actor"], params["instance_id"],
                                                          request["body"])
        return super().crud_update(request)

    @entrypoint
    def crud_delete(self, request):
        if request["params"]["collection"] == ENTITIES.name:
            return Entities(self.platform).delete(request["actor"], request["params"]["instance_id"],
                                                  force=flag(request["query"], "force"))
        return super().crud_delete(request)

    # -- creation, update, deletion -------------------------------------------------------------
    @entrypoint
    def create_entity(self, request):
        project_id, = params(request, "project_id")
        return Entities(self.platform).create(request["actor"], project_id, request["params"]["kind"],
                                              request["body"], request["params"].get("asset_type_id"))

    @entrypoint
    def update_entity(self, request):
        return Entities(self.platform).update(request["actor"], entity_id(request),
                                              request["body"], kinds(request))

    @entrypoint
    def delete_entity(self, request):
        return Entities(self.platform).delete(request["actor"], entity_id(request),
                                              kinds(request), flag(request["query"], "force"))

    @entrypoint
    def delete_entities(self, request):
        return Entities(self.platform).delete_many(request["actor"], request["params"]["project_id"],
                                                   request["body"], flag(request["query"], "force"))

    # -- reads --------------------------------------------------------------------------------
    @entrypoint
    def project_entities(self, request):
        return EntityReads(self.platform).project_entities(
            request["actor"], request["params"]["project_id"], request["params"]["kind"],
            request["params"].get("asset_type_id"))

    @entrypoint
    def filtered_entities(self, request):
        return EntityReads(self.platform).filtered(request["actor"], request["params"]["kind"],
                                                   request["query"])

    @entrypoint
    def child_entities(self, request):
        p = request["params"]
        return EntityReads(self.platform).children(request["actor"], entity_id(request), p["parent_kind"],
                                                   p["kind"], p.get("with_names", False),
                                                   p.get("key", "parent_id"))

    @entrypoint
    def episode_shots(self, request):
        return EntityReads(self.platform).episode_shots(request["actor"], entity_id(request))

    @entrypoint
    def entity(self, request):
        reads = EntityReads(self.platform)
        if request["params"]["kind"] == "Asset":
            return reads.asset(request["actor"], entity_id(request))
        return reads.get(request["actor"], entity_id(request), request["params"]["kind"])

    @entrypoint
    def asset_types(self, request):
        return EntityReads(self.platform).asset_types(request["actor"], request["query"])

    @entrypoint
    def asset_type(self, request):
        return EntityReads(self.platform).asset_type(request["actor"], *params(request, "asset_type_id"))

    @entrypoint
    def project_asset_types(self, request):
        return EntityReads(self.platform).project_asset_types(request["actor"], *params(request, "project_id"))

    @entrypoint
    def shot_asset_types(self, request):
        return EntityReads(self.platform).shot_asset_types(request["actor"], entity_id(request))

    @entrypoint
    def shot_assets(self, request):
        return EntityReads(self.platform).shot_assets(request["actor"], entity_id(request))

    @entrypoint
    def entity_versions(self, request):
        return EntityReads(self.platform).versions(request["actor"], entity_id(request),
                                                   request["params"]["kind"])

    @entrypoint
    def asset_assets(self, request):
        return EntityReads(self.platform).asset_assets(request["actor"], entity_id(request))

    @entrypoint
    def share_assets(self, request):
        p = request["params"]
        return Entities(self.platform).share(request["actor"], request["body"], p.get("project_id"),
                                             p.get("asset_type_id"))

    @entrypoint
    def linked_entities_with_tasks(self, request):
        return EntityReads(self.platform).linked_with_tasks(request["actor"], entity_id(request))

    @entrypoint
    def search(self, request):
        return EntityReads(self.platform).search(request["actor"], request["body"])

    # -- casting ------------------------------------------------------------------------------
    @entrypoint
    def entity_casting(self, request):
        return Casting(self.platform).entity_casting(request["actor"], *params(request, "project_id", "entity_id"))

    @entrypoint
    def update_entity_casting(self, request):
        return Casting(self.platform).update_casting(request["actor"], *params(request, "project_id", "entity_id"),
                                                     request["body"])

    @entrypoint
    def update_entity_castings(self, request):
        return Casting(self.platform).update_castings(request["actor"], *params(request, "project_id"),
                                                      request["body"])

    @entrypoint
    def asset_casting(self, request):
        return Casting(self.platform).asset_casting(request["actor"], entity_id(request))

    @entrypoint
    def update_asset_casting(self, request):
        return Casting(self.platform).asset_casting(request["actor"], entity_id(request), request["body"],
                                                    update=True)

    @entrypoint
    def delete_project_entity_link(self, request):
        return Casting(self.platform).delete_link(request["actor"],
                                                  *params(request, "project_id", "entity_link_id"))

    @entrypoint
    def shared_used_assets(self, request):
        p = request["params"]
        return Casting(self.platform).shared_used(request["actor"], p["project_id"], p.get("episode_id"))

    @entrypoint
    def cast_asset(self, request):
        return Casting(self.platform).cast_asset(request["actor"], *params(request, "project_id", "asset_id"),
                                                 request["body"])

    @entrypoint
    def shots_casting(self, request):
        p = request["params"]
        return Casting(self.platform).shots_casting(request["actor"], p["project_id"], p.get("sequence_id"),
                                                    p.get("episode_id"))

    @entrypoint
    def episodes_casting(self, request):
        return Casting(self.platform).episodes_casting(request["actor"], *params(request, "project_id"))

    @entrypoint
    def asset_type_casting(self, request):
        return Casting(self.platform).asset_type_casting(request["actor"],
                                                         *params(request, "project_id", "asset_type_id"))

    @entrypoint
    def asset_cast_in(self, request):
        return Casting(self.platform).cast_in(request["actor"], entity_id(request))

    @entrypoint
    def project_entity_links(self, request):
        return Casting(self.platform).project_links(request["actor"], request["params"]["project_id"],
                                                    request["query"])

    # -- asset instances ----------------------------------------------------------------------
    @entrypoint
    def create_asset_asset_instance(self, request):
        return Instances(self.platform).add_to_asset(request["actor"], entity_id(request),
                                                     request["body"])

    @entrypoint
    def create_scene_asset_instance(self, request):
        return Instances(self.platform).add_to_scene(request["actor"], entity_id(request),
                                                     request["body"])

    @entrypoint
    def asset_instances(self, request):
        """The instance listings; `of` (fixed param) names which one."""
        instances = Instances(self.platform)
        listing = {"asset": instances.of_asset, "scene": instances.of_scene,
                   "camera": lambda actor, scene_id: instances.of_scene(actor, scene_id, camera=True),
                   "asset-scenes": instances.scenes_of_asset, "asset-shots": instances.shots_of_asset,
                   "shot": instances.of_shot}[request["params"]["of"]]
        return listing(request["actor"], entity_id(request))

    @entrypoint
    def add_shot_asset_instance(self, request):
        return Instances(self.platform).shot_instance(request["actor"], entity_id(request),
                                                      request["body"], added=True)

    @entrypoint
    def remove_shot_asset_instance(self, request):
        return Instances(self.platform).shot_instance(
            request["actor"], *params(request, "shot_id", "asset_instance_id"), added=False)

    @entrypoint
    def scene_shots(self, request):
        return Instances(self.platform).scene_shots(request["actor"], entity_id(request))

    @entrypoint
    def add_shot_to_scene(self, request):
        return Instances(self.platform).scene_shot(request["actor"], entity_id(request),
                                                   request["body"], added=True)

    @entrypoint
    def remove_shot_from_scene(self, request):
        return Instances(self.platform).scene_shot(request["actor"], *params(request, "scene_id", "shot_id"),
                                                   added=False)
