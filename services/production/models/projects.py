"""Projects: the collection (fields, Zou's access rules), what every part of the projects area
reads and writes them with (`ProjectPart`), and the Projects model: creation with Zou's defaults,
the detailed reads, closed-only deletion (forced: with everything of the project), the team."""
import uuid

import sqlalchemy as sa

from shared import db
from shared.application import Model, UseCases, answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Date, Integer, Json, String, Uuid, UuidList
from shared.errors import ApiError, CrudError, FK_VIOLATION, NotFound, WrongParameter
from shared.eventstore import command
from shared.permissions import check_manager_project_access, check_project_access
from shared.replicas import person_dict

from ..domain import Project, ProjectStatus
from ..replicas import PERSONS, metadata
from ..rules.entities import EMPTY_DESCRIPTION
from ..rules.projects import check_project_settings, deletable, link_data, team_role
from ..rules.requests import as_id, required, uuid_arg
from .entity_types import kind_type_id


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


class ProjectCollection(Collection):
    """Read: any user lists (non-admins: the open projects they work on), members get one;
    write: admins create and delete, managers in the team update."""

    def check_list(self, actor, filters):
        pass

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        return query.where(self.table.c.project_status_id.in_(open_status_ids()),
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
PROJECTS = ProjectCollection("projects", "Project", Project, "project", metadata, project_fields(),
                             replicated=shown_columns(project_fields()) + ("team_roles", "task_status_links"))
PROJECT_STATUSES = Collection("project-status", "ProjectStatus", ProjectStatus, "project_status",
                              metadata, {"name": String(nullable=False, unique=True),
                                         "color": String(nullable=False, default="#000000")},
                              replicated=True)
HIDDEN = {name for name, field in PROJECTS.fields.items() if field.hidden}
DESCRIPTOR_KEYS = ("id", "name", "field_name", "data_type", "choices", "for_client", "entity_type",
                   "task_type_id", "position", "departments")


def open_status_ids():
    statuses = PROJECT_STATUSES.table
    return sa.select(statuses.c.id).where(statuses.c.name == "Open")


def related_projects(actor):
    """Open projects whose team the caller is in (Zou's related-projects filter)."""
    projects = PROJECTS.table
    return sa.select(projects.c.id).where(projects.c.project_status_id.in_(open_status_ids()),
                                          projects.c.team.any(actor.id))


def project_of(row):
    """The project row a project-scoped row belongs to (its checks need the team)."""
    table = PROJECTS.table
    project = db.current_session().execute(
        sa.select(table).where(table.c.id == as_id(row["project_id"]))).mappings().first()
    if project is None:
        raise WrongParameter("Project not found")
    return project


class ProjectPart(UseCases):
    """What the parts of the projects area share: project and row lookups with Zou's messages,
    and the writes (every write goes through an aggregate, inside a @command)."""

    @staticmethod
    def actor(actor):
        return Actor(actor)

    def project(self, project_id):
        return self.crud.row(PROJECTS, uuid_arg(project_id))

    def managed(self, actor, project_id):
        """The caller and the project, when they manage its team (403 otherwise)."""
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        return actor, project

    def row_in(self, collection, row_id, **owner):
        """The row, or 404 when it is missing or belongs to another parent (e.g. project_id)."""
        row = self.crud.row(collection, uuid_arg(row_id))
        if any(row[key] != value for key, value in owner.items()):
            raise NotFound()
        return row

    def change(self, collection, row, changes, actor):
        aggregate = self.app.repository.get(uuid.UUID(row["id"]))
        aggregate.update(changes, actor.id)
        return {**row, **(self.crud.save(collection, aggregate) or {})}

    def change_many(self, collection, changes, actor):
        """Apply (row, changes) pairs of one collection with one write to the event store."""
        aggregates = []
        for row, values in changes:
            aggregate = self.app.repository.get(uuid.UUID(row["id"]))
            aggregate.update(values, actor.id)
            aggregates.append((collection, aggregate))
        self.crud.save_many(aggregates)

    def remove(self, collection, row_id, actor):
        aggregate = self.app.repository.get(uuid.UUID(str(row_id)))
        aggregate.delete(actor.id)
        self.crud.save(collection, aggregate)


class Projects(Model, ProjectPart):
    collection = PROJECTS

    # -- reads --------------------------------------------------------------------------------
    def get(self, actor, instance_id, query):
        actor, row = self.actor(actor), self.project(instance_id)
        PROJECTS.check_get(actor, row)
        relations = str(query.get("relations", "true")).lower() in ("true", "1")
        out = self.detailed([row], actor, relations)[0]
        out["project_status_name"] = self.status_name(row)
        return out

    def status_name(self, row):
        statuses = PROJECT_STATUSES.table
        return self.session.execute(
            sa.select(statuses.c.name).where(statuses.c.id == row["project_status_id"])).scalar()

    def descriptors(self, project_ids, actor):
        """{project id: its metadata descriptors, as projects show them} (clients: theirs only)."""
        from .descriptors import METADATA_DESCRIPTORS  # that model imports this one
        descriptors = {project_id: [] for project_id in project_ids}
        table = METADATA_DESCRIPTORS.table
        query = (sa.select(table).where(table.c.project_id.in_(project_ids))
                 .order_by(table.c.entity_type, table.c.position.nulls_last(), table.c.name))
        if actor.role == "client":
            query = query.where(table.c.for_client.is_(True))
        for row in self.session.execute(query).mappings():
            descriptors[row["project_id"]].append(
                {**{key: row[key] for key in DESCRIPTOR_KEYS}, "departments": list(row["departments"] or [])})
        return descriptors

    def detailed(self, rows, actor, relations):
        """Project dicts with what Zou adds to a single project: descriptors, settings links and
        the first episode of TV shows (one query each for all the rows)."""
        descriptors = self.descriptors([row["id"] for row in rows], actor)
        episodes = self.first_episodes([row["id"] for row in rows if row["production_type"] == "tvshow"])
        out = []
        for row in rows:
            project = PROJECTS.serialize(row, actor, relations)
            type_links = {tt: link_data("task_type_links", row["task_type_links"].get(tt))
                          for tt in row["task_types"] or []}
            project.update(
                descriptors=descriptors[row["id"]], task_type_links=type_links,
                task_types_priority={tt: link["priority"] for tt, link in type_links.items()},
                task_statuses_link={ts: link_data("task_status_links", row["task_status_links"].get(ts))
                                    for ts in row["task_statuses"] or []})
            if row["id"] in episodes:
                project["first_episode_id"] = episodes[row["id"]]
            out.append(project)
        return out

    def first_episodes(self, project_ids):
        from .entities import ENTITIES  # that model imports this one
        if not project_ids:
            return {}
        table = ENTITIES.table
        query = (sa.select(table.c.project_id, table.c.id)
                 .where(table.c.project_id.in_(project_ids), table.c.kind == "Episode")
                 .distinct(table.c.project_id)
                 .order_by(table.c.project_id, table.c.created_at, table.c.name))
        return {row.project_id: row.id for row in self.session.execute(query)}

    # -- create / delete ----------------------------------------------------------------------
    @command
    def create(self, actor, body):
        from ..commands.project_templates import TemplateCopies  # it imports this model
        actor, body = self.actor(actor), dict(self.crud.require_body(body))
        PROJECTS.check_create(actor, body)
        template_id = body.pop("project_template_id", None)
        body = {key: value for key, value in body.items() if key not in HIDDEN}
        if not body.get("project_status_id"):
            body["project_status_id"] = self.status_id(actor, "Open")
        project = self.crud.create(PROJECTS.name, actor, body)
        if template_id:
            self.platform.part(TemplateCopies).apply_to(actor, self.project(project["id"]), template_id,
                                                        keep=set(body))
        row = self.project(project["id"])
        out = PROJECTS.serialize(row, actor, relations=True)
        if row["production_type"] == "tvshow":
            out["first_episode_id"] = self.first_episode(actor, row["id"])
        return out

    def status_id(self, actor, name):
        table = PROJECT_STATUSES.table
        found = self.session.execute(sa.select(table.c.id).where(table.c.name == name)).scalar()
        return found or self.crud.save_new(PROJECT_STATUSES, actor, {"name": name})["id"]

    def first_episode(self, actor, project_id):
        """TV shows start with an episode E01, as one created through the episodes route."""
        from .entities import ENTITIES  # that model imports this one
        episode = self.crud.save_new(ENTITIES, actor, {
            "name": "E01", "project_id": project_id, "entity_type_id": kind_type_id(self.crud, "Episode", actor.id),
            "kind": "Episode", "description": EMPTY_DESCRIPTION["Episode"], "data": {},
            "created_by": actor.id})
        return episode["id"]

    @command
    def delete(self, actor, instance_id, query):
        force = str(query.get("force", "")).lower() in ("true", "1")
        actor, row = self.actor(actor), self.project(instance_id)
        PROJECTS.check_delete(actor, row)
        if not deletable(self.status_name(row)):
            raise ApiError({"error": True, "message": "Only closed projects can be deleted"})
        dependants = self.dependants(row["id"])
        if any(ids for _, ids in dependants) and not force:
            raise CrudError(FK_VIOLATION)
        for collection, ids in dependants:
            for row_id in ids:
                self.remove(collection, row_id, actor)
        self.remove(PROJECTS, row["id"], actor)

    def dependants(self, project_id):
        """What a forced deletion removes with the project, links before what they link."""
        # these models import this one
        from .asset_instances import ASSET_INSTANCES
        from .budgets import BUDGET_ENTRIES, BUDGETS
        from .descriptors import METADATA_DESCRIPTORS
        from .entities import ENTITIES
        from .entity_links import ENTITY_LINKS
        from .schedules import MILESTONES, SCHEDULE_ITEMS

        def ids(collection, condition):
            return [r.id for r in self.session.execute(sa.select(collection.table.c.id).where(condition))]
        entities = sa.select(ENTITIES.table.c.id).where(ENTITIES.table.c.project_id == project_id)
        budgets = sa.select(BUDGETS.table.c.id).where(BUDGETS.table.c.project_id == project_id)
        links, instances = ENTITY_LINKS.table.c, ASSET_INSTANCES.table.c
        return [
            (ENTITY_LINKS, ids(ENTITY_LINKS, sa.or_(links.entity_in_id.in_(entities),
                                                    links.entity_out_id.in_(entities)))),
            (ASSET_INSTANCES, ids(ASSET_INSTANCES, sa.or_(instances.asset_id.in_(entities),
                                                          instances.target_asset_id.in_(entities),
                                                          instances.scene_id.in_(entities)))),
            (ENTITIES, ids(ENTITIES, ENTITIES.table.c.project_id == project_id)),
            (BUDGET_ENTRIES, ids(BUDGET_ENTRIES, BUDGET_ENTRIES.table.c.budget_id.in_(budgets))),
            *[(collection, ids(collection, collection.table.c.project_id == project_id))
              for collection in (BUDGETS, METADATA_DESCRIPTORS, MILESTONES, SCHEDULE_ITEMS)],
        ]

    # -- team ---------------------------------------------------------------------------------
    @answers("project_team")
    def team(self, actor, project_id):
        """The team's persons with their project role: whole for admins and managers, else as
        auth shows them to this caller."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        rows = self.session.execute(
            sa.select(PERSONS.c.id, PERSONS.c.row)
            .where(PERSONS.c.id.in_(project["team"] or []), PERSONS.c.replica_deleted.is_(False))
            .order_by(PERSONS.c.first_name, PERSONS.c.last_name)).mappings().all()
        roles = project["team_roles"] or {}
        return [{**person_dict(row, minimal=not actor.is_manager), "project_role": roles.get(row["id"])}
                for row in rows]

    @answers("add_project_team_member")
    @command
    def add_team_member(self, actor, project_id, body):
        actor, project = self.managed(actor, project_id)
        body = required(body, "person_id")
        person_id, role = uuid_arg(body["person_id"]), team_role(body)
        found = self.session.execute(sa.select(PERSONS.c.id).where(
            PERSONS.c.id == person_id, PERSONS.c.replica_deleted.is_(False))).first()
        if found is None:
            raise WrongParameter(f"Person with id {person_id} not found")
        changes = {}
        if person_id not in project["team"]:
            changes["team"] = [*project["team"], person_id]
        if role is not None:
            changes["team_roles"] = {**project["team_roles"], person_id: role}
        project = self.change(PROJECTS, project, changes, actor)
        return PROJECTS.serialize(project, actor)

    @answers("set_project_team_member_role")
    @command
    def set_team_member_role(self, actor, project_id, person_id, body):
        actor, project = self.managed(actor, project_id)
        person_id, role = uuid_arg(person_id), team_role(body if isinstance(body, dict) else {})
        if person_id not in project["team"]:
            raise WrongParameter("Person is not a member of the project team")
        roles = {key: value for key, value in project["team_roles"].items() if key != person_id}
        if role is not None:
            roles[person_id] = role
        self.change(PROJECTS, project, {"team_roles": roles}, actor)
        return {"project_id": project["id"], "person_id": person_id, "role": role}

    @answers("remove_project_team_member")
    @command
    def remove_team_member(self, actor, project_id, person_id):
        actor, project = self.managed(actor, project_id)
        person_id = uuid_arg(person_id)
        self.change(PROJECTS, project, {
            "team": [member for member in project["team"] if member != person_id],
            "team_roles": {k: v for k, v in project["team_roles"].items() if k != person_id}}, actor)
