"""The production read model: the generic CRUD collections owned here (API.md §3.7, §4).

Collections marked `replicated` also publish whole rows (`row.<table>`), from which the tasks
service keeps its local copy of projects, entity types and entities."""
import re
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared import db
from shared.access import Access
from shared.crud import Collection
from shared.crud.store import parse_id
from shared.crud.fields import (Boolean, Choice, Date, Float, Integer, Json, String, Uuid,
                                UuidList)
from shared.errors import CrudError, Forbidden, WrongParameter
from shared.permissions import check_manager_project_access, check_project_access, check_project_reader
from shared.replicas import person_replica, replica_table

from .domain import (AssetInstance, Budget, BudgetEntry, CustomAction, Entity, EntityLink,
                     EntityType, MetadataDescriptor, Milestone, Plugin, ProductionScheduleVersion,
                     ProductionScheduleVersionTaskLink, Project, ProjectStatus, ProjectTemplate,
                     ScheduleItem)
from .entity_collections import Entities, EntityLinks, EntityTypes

metadata = sa.MetaData()
PERSONS = person_replica(metadata)  # who may act, fed by auth's events
# the tasks service's task types, statuses and automations: the ids a project's settings may name
TASK_TYPES = replica_table("task_type_replica", metadata, sa.Column("name", sa.String),
                           sa.Column("for_entity", sa.String))
TASK_STATUSES = replica_table("task_status_replica", metadata, sa.Column("name", sa.String))
STATUS_AUTOMATIONS = replica_table("status_automation_replica", metadata,
                                   sa.Column("entity_type", sa.String))

PRODUCTION_STYLES = ("2d", "2dpaper", "3d", "2d3d", "ar", "vfx", "stop-motion", "motion-design",
                     "archviz", "commercial", "catalog", "immersive", "nft", "video-game", "vr")
ENTITY_STATUSES = ("standby", "running", "complete", "canceled")


def project_fields():
    return {
        "name": String(nullable=False, unique=True), "code": String(), "description": String(),
        "shotgun_id": Integer(), "file_tree": Json(), "data": Json(), "has_avatar": Boolean(default=False),
        "fps": String(default="25"), "ratio": String(default="16:9"),
        "resolution": String(default="1920x1080"), "production_type": String(default="short"),
        "production_style": String(default="2d3d"), "start_date": Date(),
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
        "project_status_id": Uuid(index=True, references="project_status"),
        "default_preview_background_file_id": Uuid(),
        "from_schedule_version_id": Uuid(references="production_schedule_version"),
        "team": UuidList(protected=True, references="person_replica"),
        "asset_types": UuidList(references="entity_type"),
        "task_statuses": UuidList(references="task_status_replica"),
        "task_types": UuidList(references="task_type_replica"),
        "status_automations": UuidList(references="status_automation_replica"),
        "preview_background_files": UuidList(),
        # per-link data of the many-to-many settings, keyed by the linked id (never set by PUT)
        "team_roles": Json(default=dict, hidden=True, protected=True),
        "task_type_links": Json(default=dict, hidden=True, protected=True),
        "task_status_links": Json(default=dict, hidden=True, protected=True),
    }


def entity_fields():
    return {
        "name": String(nullable=False), "code": String(), "description": String(),
        "shotgun_id": Integer(protected=True), "canceled": Boolean(default=False),
        "nb_frames": Integer(), "nb_entities_out": Integer(default=0),
        "is_casting_standby": Boolean(default=False), "is_shared": Boolean(default=False),
        "status": Choice(ENTITY_STATUSES, default="running"),
        "project_id": Uuid(nullable=False, index=True, references="project"),
        "entity_type_id": Uuid(nullable=False, index=True, references="entity_type"),
        "parent_id": Uuid(index=True, references="entity"), "source_id": Uuid(index=True, references="entity"),
        "preview_file_id": Uuid(), "data": Json(mapping=True), "ready_for": Uuid(references="task_type_replica"),
        "created_by": Uuid(protected=True),
        # casting relations kept on the row for the `relations=true` answers
        "entities_out": UuidList(protected=True), "entities_in": UuidList(protected=True),
        "instance_casting": UuidList(protected=True), "entity_concept_links": UuidList(protected=True),
        # Asset, Shot, Sequence…: answered as "type"; set at creation, never changed
        "kind": String(nullable=False, index=True, protected=True, key="type"),
    }


RESOLUTION = re.compile(r"^\d*x\d+$")


def check_project_settings(data):
    """Zou's model rules shared by projects and project templates."""
    if data.get("production_style") is not None and data["production_style"] not in PRODUCTION_STYLES:
        raise WrongParameter("Invalid production_style")
    resolution = data.get("resolution")
    if resolution is not None and not RESOLUTION.match(resolution):
        raise WrongParameter(f"Invalid resolution {resolution}. Expected format: '1920x1080' or 'x1080'.")


class Projects(Collection):
    """Read: any user lists (non-admins: the open projects they work on), members get one;
    write: admins create and delete, managers in the team update."""

    def check_list(self, actor, filters):
        pass

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        statuses = PROJECT_STATUSES.table
        open_ids = sa.select(statuses.c.id).where(statuses.c.name == "Open")
        return query.where(self.table.c.project_status_id.in_(open_ids),
                           self.table.c.team.any(actor.id))

    def check_get(self, actor, row):
        check_project_access(actor, row)

    def check_update(self, actor, row, changes):
        check_manager_project_access(actor, row)

    def validate(self, session, data, row=None):
        check_project_settings(data)


def shown_columns(fields):
    """The columns of a collection's answers (what `replicated=True` publishes)."""
    return ("created_at", "updated_at", *[name for name, field in fields.items() if not field.hidden])


# the per-project roles go with the team, and which statuses the project lets clients set: every
# service applies them (shared/permissions.py)
PROJECTS = Projects("projects", "Project", Project, "project", metadata, project_fields(),
                    replicated=shown_columns(project_fields()) + ("team_roles", "task_status_links"))
PROJECT_STATUSES = Collection("project-status", "ProjectStatus", ProjectStatus, "project_status",
                              metadata, {"name": String(nullable=False, unique=True),
                                         "color": String(nullable=False, default="#000000")},
                              replicated=True)
# -- breakdown (entities area) --------------------------------------------------------------------
TASKS = replica_table(  # which entities have tasks (soft deletes, vendor scoping), fed by `row.task`
    "task_replica", metadata, sa.Column("entity_id", UUID(as_uuid=False), index=True),
    sa.Column("assignees", ARRAY(UUID(as_uuid=False))))


ENTITY_TYPES = EntityTypes("entity-types", "EntityType", EntityType, "entity_type", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String(), "description": String(),
    "task_types": UuidList(references="task_type_replica"), "archived": Boolean(default=False)},
    replicated=True)
ENTITIES = Entities("entities", "Entity", Entity, "entity", metadata, entity_fields(),
                      unique_together=[("name", "project_id", "entity_type_id", "parent_id")],
                      replicated=True)
# the lists per project and kind (…/shots, …/sequences) filter on both columns
sa.Index("ix_entity_project_id_kind", ENTITIES.table.c.project_id, ENTITIES.table.c.kind)
ENTITY_LINKS = EntityLinks("entity-links", "EntityLink", EntityLink, "entity_link", metadata, {
    "entity_in_id": Uuid(nullable=False, index=True, references="entity"),
    "entity_out_id": Uuid(nullable=False, index=True, references="entity"),
    "nb_occurences": Integer(default=1), "label": String(default=""), "data": Json()},
    unique_together=[("entity_in_id", "entity_out_id")])
class AssetInstances(Collection):
    """Listed by admins; one goes to whoever reads its asset."""
    read_rule = "admin"

    def check_get(self, actor, row):
        if not actor.is_admin:
            asset = db.current_session().execute(sa.select(ENTITIES.table).where(
                ENTITIES.table.c.id == row["asset_id"])).mappings().first()
            if asset is None:
                raise Forbidden()
            ACCESS.check_entity_read(db.current_session(), actor, asset)


ASSET_INSTANCES = AssetInstances("asset-instances", "AssetInstance", AssetInstance, "asset_instance",
                                 metadata, {
    "asset_id": Uuid(nullable=False, index=True, references="entity"),
    "target_asset_id": Uuid(index=True, references="entity"), "scene_id": Uuid(index=True, references="entity"),
    "number": Integer(protected=True), "name": String(), "description": String(),
    "active": Boolean(default=True), "data": Json(), "entity_id": Uuid(references="entity"),
    "entity_type_id": Uuid(references="entity_type")})



# -- project settings and planning (projects area) ---------------------------------------------
def as_id(value):
    """`value` as a UUID string, or None: what a body names may be anything."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def project_of(row):
    """The project row a project-scoped row belongs to (its checks need the team)."""
    table = PROJECTS.table
    project = db.current_session().execute(
        sa.select(table).where(table.c.id == as_id(row["project_id"]))).mappings().first()
    if project is None:
        raise WrongParameter("Project not found")
    return project


class ManagedInProject(Collection):
    """Rows of a project that its managers create and change (milestones); listed by admins
    (a project's own route lists its rows to its team)."""
    read_rule = "admin"

    def check_get(self, actor, row):
        check_project_reader(actor, project_of(row), blocked=("vendor",))

    def check_create(self, actor, data):
        if data.get("project_id") is None:
            self._require("admin", actor)
        else:
            check_manager_project_access(actor, project_of(data))

    def check_update(self, actor, row, changes):
        check_manager_project_access(actor, project_of(row))

    def check_delete(self, actor, row):
        check_manager_project_access(actor, project_of(row))


class MetadataDescriptors(Collection):
    """Listed by anyone within the projects they work on; written by admins (or project routes)."""

    def check_list(self, actor, filters):
        pass

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        projects, statuses = PROJECTS.table, PROJECT_STATUSES.table
        related = (sa.select(projects.c.id)
                   .join(statuses, statuses.c.id == projects.c.project_status_id)
                   .where(statuses.c.name == "Open", projects.c.team.any(actor.id)))
        query = query.where(self.table.c.project_id.in_(related))
        return query.where(self.table.c.for_client.is_(True)) if actor.role == "client" else query


class ProjectTemplates(Collection):
    """Read by managers, written by admins; names are unique with Zou's own message."""

    def check_list(self, actor, filters):
        if not actor.is_manager:
            raise Forbidden()

    def check_get(self, actor, row):
        self.check_list(actor, {})

    def validate(self, session, data, row=None):
        check_project_settings(data)
        name = data.get("name")
        if name is not None and (row is None or name != row["name"]):
            if session.execute(sa.select(self.table.c.id).where(self.table.c.name == name)).first():
                raise CrudError("A project template with this name already exists")


DESCRIPTOR_TYPES = ("string", "number", "list", "taglist", "boolean", "checklist", "date", "url",
                    "textarea", "person")
METADATA_DESCRIPTORS = MetadataDescriptors(
    "metadata-descriptors", "MetadataDescriptor", MetadataDescriptor, "metadata_descriptor", metadata, {
        "project_id": Uuid(nullable=False, index=True, references="project"),
        "entity_type": String(nullable=False), "task_type_id": Uuid(references="task_type_replica"),
        "name": String(nullable=False), "data_type": String(default="string"),
        "field_name": String(nullable=False), "choices": Json(default=list),
        "for_client": Boolean(default=False), "position": Integer(), "departments": UuidList()},
    unique_together=[("project_id", "entity_type", "field_name")])
MILESTONES = ManagedInProject("milestones", "Milestone", Milestone, "milestone", metadata, {
    "date": Date(), "name": String(), "project_id": Uuid(nullable=False, index=True, references="project"),
    "task_type_id": Uuid(references="task_type_replica")})
SCHEDULE_ITEMS = Collection("schedule-items", "ScheduleItem", ScheduleItem, "schedule_item", metadata, {
    "start_date": Date(), "end_date": Date(), "man_days": Integer(),
    "project_id": Uuid(nullable=False, index=True, references="project"),
    "task_type_id": Uuid(index=True, references="task_type_replica"),
    "object_id": Uuid(index=True)}, unique_together=[("project_id", "task_type_id", "object_id")])
BUDGETS = Collection("budgets", "Budget", Budget, "budget", metadata, {
    "project_id": Uuid(nullable=False, index=True, references="project"),
    "revision": Integer(default=1, protected=True),
    "name": String(nullable=False), "currency": String(default="USD")})
BUDGET_ENTRIES = Collection("budget-entries", "BudgetEntry", BudgetEntry, "budget_entry", metadata, {
    "budget_id": Uuid(nullable=False, index=True, protected=True, references="budget"),
    "department_id": Uuid(nullable=False), "person_id": Uuid(references="person_replica"),
    "start_date": Date(nullable=False),
    "months_duration": Integer(nullable=False), "daily_salary": Float(nullable=False),
    "position": Choice(("artist", "supervisor", "lead"), default="artist"),
    "seniority": Choice(("senior", "mid", "junior"), default="mid"), "exceptions": Json(default=dict),
    # the budget's project, so that entry events carry it (Zou emits them with the project)
    "project_id": Uuid(index=True, hidden=True)})
# Zou's CRUD default (admins only, reads included) for these: their projects' routes serve the team
for admins_only in (ENTITY_LINKS, SCHEDULE_ITEMS, BUDGETS, BUDGET_ENTRIES):
    admins_only.read_rule = "admin"


def template_fields():
    settings = ("fps", "ratio", "resolution", "production_type", "production_style", "max_retakes",
                "is_clients_isolated", "is_client_stats_visible", "is_client_task_list_visible",
                "is_client_task_panel_visible", "is_preview_download_allowed",
                "is_set_preview_automated", "is_publish_default_for_artists",
                "is_single_preview_per_revision", "is_frame_in_numbering", "revision_padding",
                "homepage", "hd_bitrate_compression", "ld_bitrate_compression", "file_tree", "data")
    project = project_fields()
    return {"name": String(nullable=False, unique=True), "description": String(),
            **{name: project[name] for name in settings},
            "metadata_descriptors": Json(default=list),
            "default_preview_background_file_id": Uuid(),
            **{name: project[name] for name in ("task_types", "task_statuses", "asset_types",
                                                "status_automations", "preview_background_files",
                                                "task_type_links", "task_status_links")}}


PROJECT_TEMPLATES = ProjectTemplates("project-templates", "ProjectTemplate", ProjectTemplate,
                                     "project_template", metadata, template_fields())



class ScheduleVersions(ManagedInProject):
    """Alternative schedules of a project: listed by admins, and by the team of the project a
    list asks for (`project_id`), never by its vendors and clients (nor read by them); written by
    the project's managers."""

    def check_list(self, actor, filters):
        if filters.get("project_id"):
            check_project_reader(actor, project_of({"project_id": parse_id(filters["project_id"])}),
                                 blocked=("vendor", "client"))
        elif not actor.is_admin:
            raise Forbidden()

    def check_get(self, actor, row):
        check_project_reader(actor, project_of(row), blocked=("vendor", "client"))

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        return query.where(self.project_column().in_(
            sa.select(PROJECTS.table.c.id).where(PROJECTS.table.c.team.any(actor.id))))

    def project_column(self):
        return self.table.c.project_id


class ScheduleVersionTaskLinks(ScheduleVersions):
    """A task's dates in a schedule version: rules of the version's project."""

    def project_column(self):
        versions = PRODUCTION_SCHEDULE_VERSIONS.table
        return sa.select(versions.c.project_id).where(
            versions.c.id == self.table.c.production_schedule_version_id).scalar_subquery()

    def check_get(self, actor, row):
        super().check_get(actor, self.version(row))

    def check_create(self, actor, data):
        super().check_create(actor, self.version(data))

    def check_update(self, actor, row, changes):
        super().check_update(actor, self.version(row))

    def check_delete(self, actor, row):
        super().check_delete(actor, self.version(row))

    @staticmethod
    def version(row):
        versions = PRODUCTION_SCHEDULE_VERSIONS.table
        version = db.current_session().execute(sa.select(versions).where(
            versions.c.id == as_id(row.get("production_schedule_version_id")))).mappings().first()
        if version is None:
            raise WrongParameter("Production schedule version not found")
        return version


class NotForVendors(Collection):
    def check_list(self, actor, filters):
        if actor.role == "vendor":
            raise Forbidden()


PRODUCTION_SCHEDULE_VERSIONS = ScheduleVersions(
    "production-schedule-versions", "ProductionScheduleVersion", ProductionScheduleVersion,
    "production_schedule_version", metadata, {
        "name": String(nullable=False), "project_id": Uuid(nullable=False, index=True, references="project"),
        "production_schedule_from": Uuid(references="production_schedule_version"),
        "locked": Boolean(default=False),
        "canceled": Boolean(default=False)})
PRODUCTION_SCHEDULE_VERSION_TASK_LINKS = ScheduleVersionTaskLinks(
    "production-schedule-version-task-links", "ProductionScheduleVersionTaskLink",
    ProductionScheduleVersionTaskLink, "production_schedule_version_task_link", metadata, {
        "production_schedule_version_id": Uuid(nullable=False, index=True,
                                               references="production_schedule_version"),
        "task_id": Uuid(nullable=False, index=True), "start_date": Date(),
        "due_date": Date(), "estimation": Float(), "assignees": UuidList(references="person_replica")},
    unique_together=[("production_schedule_version_id", "task_id")])
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

# the rows shared/permissions.py asks about (production keeps no task types: no department rule
# of tasks is asked here)
ACCESS = Access(PROJECTS.table, TASKS, PERSONS, None, ENTITIES.table)

COLLECTIONS = (PROJECTS, PROJECT_STATUSES, ENTITY_TYPES, ENTITIES, ENTITY_LINKS, ASSET_INSTANCES,
               METADATA_DESCRIPTORS, MILESTONES, SCHEDULE_ITEMS, BUDGETS, BUDGET_ENTRIES,
               PROJECT_TEMPLATES, PRODUCTION_SCHEDULE_VERSIONS, PRODUCTION_SCHEDULE_VERSION_TASK_LINKS,
               CUSTOM_ACTIONS, PLUGINS)
