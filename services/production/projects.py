"""Projects beyond the generic CRUD: creation with Zou's defaults, closed-only deletion, the
detailed project dicts (descriptors, settings links, first episode), the team and the settings."""
import sqlalchemy as sa

from shared.replicas import person_dict

from shared.errors import ApiError, CrudError, FK_VIOLATION, ValidationError, WrongParameter
from shared.eventstore import command
from shared.permissions import (PROJECT_ROLES, block_clients, check_manager_project_access,
                                check_person_access, check_project_access, check_project_reader,
                                project_role)

from .breakdown import kind_type_id
from .collections import (ASSET_INSTANCES, BUDGET_ENTRIES, BUDGETS, ENTITIES, ENTITY_LINKS,
                          ENTITY_TYPES, METADATA_DESCRIPTORS, MILESTONES, PERSONS,
                          PROJECT_STATUSES, PROJECT_TEMPLATES, PROJECTS, SCHEDULE_ITEMS,
                          STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES)
from .project_area import ProjectArea, link_data, new_link, required, uuid_arg
from .templates import apply_template

HIDDEN = {name for name, field in PROJECTS.fields.items() if field.hidden}
DESCRIPTOR_KEYS = ("id", "name", "field_name", "data_type", "choices", "for_client", "entity_type",
                   "task_type_id", "position", "departments")


# Project settings lists: (project field, body key, link dict builder or None, (table of the
# linkable rows, their model name)); task types, statuses and automations are the tasks service's
# rows, known here from its events; preview background files are not built: none exists.
SETTINGS = {
    "asset-types": ("asset_types", "asset_type_id", None, (ENTITY_TYPES.table, "EntityType")),
    "task-types": ("task_types", "task_type_id", "task_type_links", (TASK_TYPES, "TaskType")),
    "task-status": ("task_statuses", "task_status_id", "task_status_links", (TASK_STATUSES, "TaskStatus")),
    "status-automations": ("status_automations", "status_automation_id", None,
                           (STATUS_AUTOMATIONS, "StatusAutomation")),
    "preview-background-files": ("preview_background_files", "preview_background_file_id", None,
                                 (None, "PreviewBackgroundFile")),
}


def check_linkable(session, known, linked_id):
    """Zou's 400 when the row a setting would link does not exist."""
    table, model = known
    found = None
    if table is not None:
        query = sa.select(table.c.id).where(table.c.id == linked_id)
        if "replica_deleted" in table.c:
            query = query.where(table.c.replica_deleted.is_(False))
        found = session.execute(query).first()
    if found is None:
        raise WrongParameter(f"{model} with id {linked_id} not found")


class ProjectsApp(ProjectArea):
    # -- queries ------------------------------------------------------------------------------
    def get(self, actor, project_id, query):
        actor, row = self.actor(actor), self.project(project_id)
        PROJECTS.check_get(actor, row)
        relations = str(query.get("relations", "true")).lower() in ("true", "1")
        out = self.detailed([row], actor, relations)[0]
        statuses = PROJECT_STATUSES.table
        out["project_status_name"] = self.session.execute(
            sa.select(statuses.c.name).where(statuses.c.id == row["project_status_id"])).scalar()
        return out

    def open_projects(self, actor):
        actor, table, statuses = self.actor(actor), PROJECTS.table, PROJECT_STATUSES.table
        open_ids = sa.select(statuses.c.id).where(statuses.c.name == "Open")
        query = PROJECTS.scope(actor, sa.select(table).where(table.c.project_status_id.in_(open_ids)))
        rows = self.session.execute(query.order_by(table.c.name)).mappings().all()
        return self.detailed(rows, actor, relations=True)

    def all_projects(self, actor):
        """GET /data/projects/all: every project (non-admins: those of their teams) with its
        descriptors and status name, without the settings lists."""
        actor, table, statuses = self.actor(actor), PROJECTS.table, PROJECT_STATUSES.table
        query = (sa.select(table, statuses.c.name.label("project_status_name"))
                 .outerjoin(statuses, statuses.c.id == table.c.project_status_id).order_by(table.c.name))
        if not actor.is_admin:
            query = query.where(table.c.team.any(actor.id))
        rows = self.session.execute(query).mappings().all()
        descriptors = self.descriptors([row["id"] for row in rows], actor)
        return [{**PROJECTS.serialize(row, actor), "descriptors": descriptors[row["id"]],
                 "project_status_name": row["project_status_name"]} for row in rows]

    def descriptors(self, project_ids, actor):
        """{project id: its metadata descriptors, as projects show them} (clients: theirs only)."""
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
        actor, body = self.actor(actor), dict(self.crud.require_body(body))
        PROJECTS.check_create(actor, body)
        template_id = body.pop("project_template_id", None)
        body = {key: value for key, value in body.items() if key not in HIDDEN}
        if not body.get("project_status_id"):
            body["project_status_id"] = self.status_id(actor, "Open")
        project = self.crud.create(PROJECTS.name, actor, body)
        if template_id:
            template = self.crud.row(PROJECT_TEMPLATES, uuid_arg(template_id))
            row = self.project(project["id"])
            apply_template(self, actor, row, template, keep=set(body))
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
        """TV shows start with an episode E01."""
        episode = self.crud.save_new(ENTITIES, actor, {
            "name": "E01", "project_id": project_id, "entity_type_id": kind_type_id(self.crud, "Episode", actor.id),
            "kind": "Episode", "created_by": actor.id})
        return episode["id"]

    @command
    def delete(self, actor, project_id, force):
        actor, row = self.actor(actor), self.project(project_id)
        PROJECTS.check_delete(actor, row)
        statuses = PROJECT_STATUSES.table
        status = self.session.execute(
            sa.select(statuses.c.name).where(statuses.c.id == row["project_status_id"])).scalar()
        if status != "Closed":
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
    def team(self, actor, project_id):
        """The team's persons, as auth shows them to this caller, with their project role."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        rows = self.session.execute(
            sa.select(PERSONS.c.id, PERSONS.c.row)
            .where(PERSONS.c.id.in_(project["team"] or []), PERSONS.c.replica_deleted.is_(False))
            .order_by(PERSONS.c.first_name, PERSONS.c.last_name)).mappings().all()
        roles = project["team_roles"] or {}
        return [{**person_dict(row, minimal=not actor.is_admin), "project_role": roles.get(row["id"])}
                for row in rows]

    @command
    def add_team_member(self, actor, project_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        body = required(body, "person_id")
        person_id, role = uuid_arg(body["person_id"]), self.role_arg(body)
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

    @command
    def set_team_member_role(self, actor, project_id, person_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        person_id, role = uuid_arg(person_id), self.role_arg(body if isinstance(body, dict) else {})
        if person_id not in project["team"]:
            raise WrongParameter("Person is not a member of the project team")
        roles = {key: value for key, value in project["team_roles"].items() if key != person_id}
        if role is not None:
            roles[person_id] = role
        self.change(PROJECTS, project, {"team_roles": roles}, actor)
        return {"project_id": project["id"], "person_id": person_id, "role": role}

    @staticmethod
    def role_arg(body):
        role = body.get("role")
        if role is not None and role not in PROJECT_ROLES:
            raise ValidationError([{"field": "role", "message": "Input should be 'user', 'supervisor', "
                                                                "'manager', 'client' or 'vendor'"}])
        return role

    @command
    def remove_team_member(self, actor, project_id, person_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        person_id = uuid_arg(person_id)
        self.change(PROJECTS, project, {
            "team": [member for member in project["team"] if member != person_id],
            "team_roles": {k: v for k, v in project["team_roles"].items() if k != person_id}}, actor)

    # -- settings -----------------------------------------------------------------------------
    @command
    def add_setting(self, actor, project_id, setting, body):
        """Link an asset type, task type, task status… to the project (201 with the project)."""
        field, key, links, known = SETTINGS[setting]
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        body = required(body, key)
        linked_id = uuid_arg(body[key])
        check_linkable(self.session, known, linked_id)
        changes = {}
        if linked_id not in project[field]:
            changes[field] = [*project[field], linked_id]
        if links == "task_type_links":
            changes[links] = {**project[links], linked_id: new_link(links, {"priority": body.get("priority")})}
        project = self.change(PROJECTS, project, changes, actor)
        return PROJECTS.serialize(project, actor)

    @command
    def add_settings_batch(self, actor, project_id, body):
        """POST …/settings/batch {task_types: [{task_type_id, priority?}…]}: several task types at
        once, one project event (Zou 1.0.97 reads no other list); answers the project."""
        body = body if isinstance(body, dict) else {}
        task_types = body.get("task_types", [])
        if not isinstance(task_types, list):
            raise ValidationError([{"field": "task_types", "message": "Input should be a valid list"}])
        for position, item in enumerate(task_types):
            if not isinstance(item, dict):
                raise ValidationError([{"field": f"task_types.{position}", "message":
                                        "Input should be a valid dictionary or instance of ProjectTaskTypeSchema"}])
            required(item, "task_type_id")
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        links = dict(project["task_type_links"])
        for item in task_types:
            linked_id = uuid_arg(item["task_type_id"])
            check_linkable(self.session, SETTINGS["task-types"][3], linked_id)
            links[linked_id] = new_link("task_type_links", {"priority": item.get("priority")}, links.get(linked_id))
        listed = project["task_types"]
        project = self.change(PROJECTS, project, {
            "task_types": listed + [i for i in dict.fromkeys(links) if i not in listed], "task_type_links": links}, actor)
        return PROJECTS.serialize(project, actor)

    def preview_background_files(self, actor, project_id):
        """GET …/settings/preview-background-files: the files are the media service's (not built): []."""
        check_project_access(self.actor(actor), self.project(project_id))
        return []

    @command
    def remove_setting(self, actor, project_id, setting, linked_id):
        field, _, links, _ = SETTINGS[setting]
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        linked_id = uuid_arg(linked_id)
        changes = {field: [item for item in project[field] if item != linked_id]}
        if links:
            changes[links] = {k: v for k, v in project[links].items() if k != linked_id}
        self.change(PROJECTS, project, changes, actor)

    # -- planning -----------------------------------------------------------------------------
    def milestones(self, actor, project_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("client",))
        table = MILESTONES.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.date)).mappings()
        return [MILESTONES.serialize(row, actor) for row in rows]

    def quotas(self, actor, project_id, person_id=None):
        """Quotas are computed from tasks and time spents, which the tasks service holds: empty.
        Not for clients; a person's quotas go to the team's managers and supervisors, and to
        the person."""
        actor, project = self.actor(actor), self.project(project_id)
        if person_id is not None and project_role(actor, project) not in ("admin", "manager", "supervisor"):
            check_person_access(actor, person_id)
        else:
            check_project_access(actor, project)
        block_clients(actor, project)
        return {}
