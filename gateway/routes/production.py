"""Routes answered by the production service (the breakdown of productions)."""
from . import rows

COLLECTIONS = {
    "projects": "production",
    "project-status": "production",
    "entity-types": "production",
    "entities": "production",
    "entity-links": "production",
    "asset-instances": "production",
    "metadata-descriptors": "production",
    "milestones": "production",
    "schedule-items": "production",
    "budgets": "production",
    "budget-entries": "production",
    "project-templates": "production",
    "production-schedule-versions": "production",
    "production-schedule-version-task-links": "production",
    "custom-actions": "production",
    "plugins": "production",
    "salary-scales": "production",
}

PROJECT = "/data/projects/{project_id}"
# kind → (plural used in the paths, the path parameter Zou names its id with)
KINDS = {"Asset": ("assets", "asset_id"), "Shot": ("shots", "shot_id"),
         "Sequence": ("sequences", "sequence_id"), "Episode": ("episodes", "episode_id"),
         "Scene": ("scenes", "scene_id"), "Edit": ("edits", "edit_id"),
         "Concept": ("concepts", "concept_id")}
# Zou's filtered lookups of each kind (gazu's get_*_by_name go through these)
LISTS = {"Asset": ("/data/assets", "/data/assets/all"), "Shot": ("/data/shots", "/data/shots/all"),
         "Sequence": ("/data/sequences",), "Episode": ("/data/episodes",),
         "Scene": ("/data/scenes", "/data/scenes/all"), "Edit": ("/data/edits", "/data/edits/all"),
         "Concept": ("/data/concepts",)}
CHILDREN = (  # (container kind, listed kind, path suffix, with project/sequence names, column)
    ("Episode", "Sequence", "sequences", False, "parent_id"),
    ("Episode", "Edit", "edits", False, "parent_id"),
    ("Sequence", "Shot", "shots", True, "parent_id"),
    ("Sequence", "Scene", "scenes", False, "parent_id"),
)
INSTANCE_LISTS = (("/data/assets/{asset_id}/asset-asset-instances", "asset"),
                  ("/data/assets/{asset_id}/scene-asset-instances", "asset-scenes"),
                  ("/data/assets/{asset_id}/shot-asset-instances", "asset-shots"),
                  ("/data/scenes/{scene_id}/asset-instances", "scene"),
                  ("/data/scenes/{scene_id}/camera-instances", "camera"),
                  ("/data/shots/{shot_id}/asset-instances", "shot"))


def one(kind):
    plural, name = KINDS[kind]
    return f"/data/{plural}/{{{name}}}"


ROUTES = rows(
    "production",
    # -- entities of every kind: per project, filtered, one, deleted -----------------------------
    *[row for kind, (plural, _) in KINDS.items() for row in (
        ("GET", f"{PROJECT}/{plural}", "project_entities", "access", 200, {"kind": kind}),
        ("GET", one(kind), "entity", "access", 200, {"kind": kind}),
        ("DELETE", one(kind), "delete_entity", "access", 204, {"kind": kind}),
        *[("GET", path, "filtered_entities", "access", 200, {"kind": kind}) for path in LISTS[kind]],
        *([] if kind == "Asset" else [
            ("POST", f"{PROJECT}/{plural}", "create_entity", "access", 201, {"kind": kind})]))],
    ("POST", PROJECT + "/asset-types/{asset_type_id}/assets/new", "create_entity", "access", 201,
     {"kind": "Asset"}),
    ("GET", PROJECT + "/asset-types/{asset_type_id}/assets", "project_entities", "access", 200,
     {"kind": "Asset"}),
    ("PUT", one("Shot"), "update_entity", "access", 200, {"kind": "Shot"}),
    ("POST", "/actions/projects/{project_id}/delete-entities", "delete_entities"),
    ("POST", "/actions/projects/{project_id}/task-types/{task_type_id}/set-shot-nb-frames", "set_shot_nb_frames"),
    *[("GET", f"{one(parent)}/{suffix}", "child_entities", "access", 200,
       {"parent_kind": parent, "kind": kind, "with_names": names, "key": key})
      for parent, kind, suffix, names, key in CHILDREN],
    ("GET", one("Episode") + "/shots", "episode_shots"),
    ("GET", one("Scene") + "/shots", "scene_shots"),
    ("POST", one("Scene") + "/shots", "add_shot_to_scene", "access", 201),
    ("DELETE", one("Scene") + "/shots/{shot_id}", "remove_shot_from_scene", "access", 204),
    ("GET", one("Shot") + "/assets", "shot_assets"),
    ("GET", one("Shot") + "/asset-types", "shot_asset_types"),
    *[("GET", one(kind) + "/versions", "entity_versions", "access", 200, {"kind": kind})
      for kind in ("Shot", "Edit")],
    ("GET", one("Asset") + "/assets", "asset_assets"),
    ("POST", "/actions/assets/share", "share_assets"),
    ("POST", "/actions/projects/{project_id}/assets/share", "share_assets"),
    ("POST", "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share", "share_assets"),
    ("GET", "/data/entities/{entity_id}/entities-linked/with-tasks", "linked_entities_with_tasks"),
    ("POST", "/data/search", "search"),
    # -- asset types ------------------------------------------------------------------------------
    ("GET", "/data/asset-types", "asset_types"),
    ("GET", "/data/asset-types/{asset_type_id}", "asset_type"),
    ("GET", PROJECT + "/asset-types", "project_asset_types"),
    # -- casting and entity links -----------------------------------------------------------------
    ("GET", PROJECT + "/entities/{entity_id}/casting", "entity_casting"),
    ("PUT", PROJECT + "/entities/{entity_id}/casting", "update_entity_casting"),
    ("PUT", PROJECT + "/entities/casting/assets/{asset_id}", "cast_asset"),
    ("PUT", PROJECT + "/entities/casting", "update_entity_castings"),
    ("GET", one("Asset") + "/casting", "asset_casting"),
    ("PUT", one("Asset") + "/casting", "update_asset_casting"),
    ("DELETE", PROJECT + "/entity-links/{entity_link_id}", "delete_project_entity_link", "access", 204),
    ("GET", PROJECT + "/assets/shared-used", "shared_used_assets"),
    ("GET", PROJECT + "/episodes/{episode_id}/assets/shared-used", "shared_used_assets"),
    ("GET", PROJECT + "/sequences/{sequence_id}/casting", "shots_casting"),
    ("GET", PROJECT + "/sequences/all/casting", "shots_casting"),
    ("GET", PROJECT + "/episodes/{episode_id}/sequences/all/casting", "shots_casting"),
    ("GET", PROJECT + "/episodes/casting", "episodes_casting"),
    ("GET", PROJECT + "/asset-types/{asset_type_id}/casting", "asset_type_casting"),
    ("GET", one("Asset") + "/cast-in", "asset_cast_in"),
    ("GET", PROJECT + "/entity-links", "project_entity_links"),
    # -- asset instances --------------------------------------------------------------------------
    *[("GET", path, "asset_instances", "access", 200, {"of": of}) for path, of in INSTANCE_LISTS],
    ("POST", one("Asset") + "/asset-asset-instances", "create_asset_asset_instance", "access", 201),
    ("POST", one("Scene") + "/asset-instances", "create_scene_asset_instance", "access", 201),
    ("POST", one("Shot") + "/asset-instances", "add_shot_asset_instance", "access", 201),
    ("DELETE", one("Shot") + "/asset-instances/{asset_instance_id}", "remove_shot_asset_instance",
     "access", 204),
)
