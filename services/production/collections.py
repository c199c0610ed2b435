"""The production read model: the generic CRUD collections owned here (API.md §3.7, §4).

Collections marked `replicated` also publish whole rows (`row:<table>`), from which the tasks
service keeps its local copy of projects, entity types and entities."""
import sqlalchemy as sa

from shared.crud import Collection
from shared.crud.fields import (Boolean, Choice, Date, Float, Integer, Json, String, Uuid,
                                UuidList)
from shared.replicas import person_replica

from .domain import AssetInstance, Entity, EntityLink, EntityType, Project, ProjectStatus

metadata = sa.MetaData()
PERSONS = person_replica(metadata)  # who may act, fed by auth's events

PRODUCTION_STYLES = ("2d", "2dpaper", "3d", "2d3d", "ar", "vfx", "stop-motion", "motion-design",
                     "archviz", "commercial", "catalog", "immersive", "nft", "video-game", "vr")
ENTITY_STATUSES = ("standby", "running", "complete", "canceled")


def project_fields():
    return {
        "name": String(nullable=False, unique=True), "code": String(), "description": String(),
        "shotgun_id": Integer(), "file_tree": Json(), "data": Json(), "has_avatar": Boolean(default=False),
        "fps": String(default="25"), "ratio": String(default="16:9"),
        "resolution": String(default="1920x1080"), "production_type": String(default="short"),
        "production_style": Choice(PRODUCTION_STYLES, default="2d3d"), "start_date": Date(),
        "end_date": Date(), "man_days": Integer(), "nb_episodes": Integer(default=0),
        "episode_span": Integer(default=0), "max_retakes": Integer(default=0),
        "is_clients_isolated": Boolean(default=False), "is_client_stats_visible": Boolean(default=True),
        "is_client_task_list_visible": Boolean(default=True),
        "is_client_task_panel_visible": Boolean(default=True),
        "is_preview_download_allowed": Boolean(default=False),
        "is_set_preview_automated": Boolean(default=False), "homepage": String(default="assets"),
        "is_publish_default_for_artists": Boolean(default=False),
        "is_bot_collaboration_enabled": Boolean(default=False),
        "is_single_preview_per_revision": Boolean(default=False),
        "is_frame_in_numbering": Boolean(default=False), "revision_padding": Integer(default=0),
        "hd_bitrate_compression": Integer(), "ld_bitrate_compression": Integer(),
        "project_status_id": Uuid(index=True), "default_preview_background_file_id": Uuid(),
        "from_schedule_version_id": Uuid(),
        "team": UuidList(protected=True), "asset_types": UuidList(), "task_statuses": UuidList(),
        "task_types": UuidList(), "status_automations": UuidList(),
        "preview_background_files": UuidList(),
    }


def entity_fields():
    return {
        "name": String(nullable=False), "code": String(), "description": String(),
        "shotgun_id": Integer(protected=True), "canceled": Boolean(default=False),
        "nb_frames": Integer(), "nb_entities_out": Integer(default=0),
        "is_casting_standby": Boolean(default=False), "is_shared": Boolean(default=False),
        "status": Choice(ENTITY_STATUSES, default="running"),
        "project_id": Uuid(nullable=False, index=True), "entity_type_id": Uuid(nullable=False, index=True),
        "parent_id": Uuid(index=True), "source_id": Uuid(index=True), "preview_file_id": Uuid(),
        "data": Json(), "ready_for": Uuid(), "created_by": Uuid(protected=True),
        # casting relations kept on the row for the `relations=true` answers
        "entities_out": UuidList(protected=True), "entities_in": UuidList(protected=True),
        "instance_casting": UuidList(protected=True), "entity_concept_links": UuidList(protected=True),
        # Asset, Shot, Sequence…: answered as "type"; set at creation, never changed
        "kind": String(nullable=False, index=True, protected=True),
    }


PROJECTS = Collection("projects", "Project", Project, "project", metadata, project_fields(),
                      replicated=True)
PROJECT_STATUSES = Collection("project-status", "ProjectStatus", ProjectStatus, "project_status",
                              metadata, {"name": String(nullable=False, unique=True),
                                         "color": String(nullable=False, default="#000000")})
ENTITY_TYPES = Collection("entity-types", "EntityType", EntityType, "entity_type", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String(), "description": String(),
    "task_types": UuidList(), "archived": Boolean(default=False)}, replicated=True)
class Entities(Collection):
    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        del out["kind"]
        out["type"] = row["kind"]
        return out


ENTITIES = Entities("entities", "Entity", Entity, "entity", metadata, entity_fields(),
                      unique_together=[("name", "project_id", "entity_type_id", "parent_id")],
                      replicated=True)
ENTITY_LINKS = Collection("entity-links", "EntityLink", EntityLink, "entity_link", metadata, {
    "entity_in_id": Uuid(nullable=False, index=True), "entity_out_id": Uuid(nullable=False, index=True),
    "nb_occurences": Integer(default=1), "label": String(default=""), "data": Json()},
    unique_together=[("entity_in_id", "entity_out_id")])
ASSET_INSTANCES = Collection("asset-instances", "AssetInstance", AssetInstance, "asset_instance",
                             metadata, {
    "asset_id": Uuid(nullable=False, index=True), "target_asset_id": Uuid(index=True),
    "scene_id": Uuid(index=True), "number": Integer(protected=True), "name": String(),
    "description": String(), "active": Boolean(default=True), "data": Json(),
    "entity_id": Uuid(), "entity_type_id": Uuid()})

COLLECTIONS = (PROJECTS, PROJECT_STATUSES, ENTITY_TYPES, ENTITIES, ENTITY_LINKS, ASSET_INSTANCES)
