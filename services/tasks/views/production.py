"""A production's task data: its task types, its task status and status automation settings, its
tasks and comments (paginated as Zou), an entity's tasks of a type, and the logged-in person's
entities of a production (/data/user/projects/…, /data/user/sequences/…).
Each answer is one SQL query over the read model and the replicas."""
import math

import sqlalchemy as sa

from shared import config
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import integer, parse_id
from shared.sqlblocks import Lineage

from .. import access
from ..models.comments import COMMENTS
from ..models.status_automations import STATUS_AUTOMATIONS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES, ENTITY_KEYS, ENTITY_TYPES, PROJECT_STATUSES, PROJECTS, replica_dict
from . import task_queries as queries

TASK = TASKS.table
TEMPORAL_KINDS = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")


def paginated(session, query, page, limit, serialize):
    """Zou's pagination: the whole list for page < 1, else the page and its envelope."""
    if page < 1:
        return [serialize(row) for row in session.execute(query).mappings()]
    limit = limit or config.NB_RECORDS_PER_PAGE
    offset = (page - 1) * limit
    rows = session.execute(query.add_columns(sa.func.count().over().label("listed_total"))
                           .offset(offset).limit(limit)).mappings().all()
    total = rows[0]["listed_total"] if rows else session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    return {"data": [serialize(row) for row in rows], "total": total,
            "nb_pages": int(math.ceil(total / float(limit))), "limit": limit, "offset": offset,
            "page": page}


class ProductionTaskViews(UseCases):

    def member_project(self, actor, project_id):
        project = access.project_row(self.session, project_id)
        access.check_project_access(actor, project)
        return project

    # -- settings: the rows are here, the project's lists of ids come from production --------------
    def linked(self, collection, ids, order_by=None):
        table = collection.table
        query = sa.select(table).where(table.c.id.in_(ids or []))
        rows = {row["id"]: row for row in self.session.execute(query).mappings()}
        return [collection.serialize(rows[i], None, relations=True) for i in ids or [] if i in rows]

    @answers("project_task_types")
    def task_types(self, actor, project_id):
        """GET /data/projects/{id}/task-types: team members."""
        project = self.member_project(Actor(actor), project_id)
        return self.linked(TASK_TYPES, project["task_types"])

    @answers("project_task_statuses")
    def task_statuses(self, actor, project_id):
        """GET /data/projects/{id}/settings/task-status. The per-link data (priority on the board,
        roles_for_board) stays in production's hidden columns: not part of this answer."""
        project = self.member_project(Actor(actor), project_id)
        return self.linked(TASK_STATUSES, project["task_statuses"])

    @answers("project_status_automations")
    def status_automations(self, actor, project_id):
        """GET /data/projects/{id}/settings/status-automations: managers of the project."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_manager_project_access(actor, project)
        return self.linked(STATUS_AUTOMATIONS, project["status_automations"])

    # -- tasks and comments of a production ----------------------------------------------------
    @answers("project_tasks")
    def project_tasks(self, actor, project_id, query):
        """GET /data/projects/{id}/tasks[?page&task_type_id&episode_id]: newest change first;
        vendors get their assigned tasks only."""
        actor = Actor(actor)
        project = self.member_project(actor, project_id)
        actor = access.on_project(actor, project)
        statement = sa.select(TASK).where(TASK.c.project_id == project["id"]).order_by(TASK.c.updated_at.desc())
        if query.get("task_type_id"):
            statement = statement.where(TASK.c.task_type_id == parse_id(query["task_type_id"]))
        if query.get("episode_id"):  # shots of the episode's sequences
            lineage = Lineage(ENTITIES)
            statement = (statement.join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
                         .join(lineage.parent, lineage.parent.c.id == ENTITIES.c.parent_id)
                         .where(lineage.parent.c.parent_id == parse_id(query["episode_id"])))
        if actor.role == "vendor":
            statement = statement.where(TASK.c.assignees.contains([actor.id]))
        return paginated(self.session, statement, integer(query, "page", 0), None,
                         lambda row: queries.task_dict(row, relations=True))

    @answers("project_comments")
    def project_comments(self, actor, project_id, query):
        """GET /data/projects/{id}/comments[?page&limit]: not for vendors and clients."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_project_reader(actor, project, blocked=("vendor", "client"))
        table = COMMENTS.table
        statement = (sa.select(table).where(table.c.project_id == project["id"])
                     .order_by(table.c.updated_at.desc()))
        return paginated(self.session, statement, integer(query, "page", 0), integer(query, "limit", 0, minimum=0),
                         lambda row: COMMENTS.serialize(row, actor, relations=True))

    @answers("entity_type_tasks")
    def entity_type_tasks(self, actor, entity_id, task_type_id):
        """GET /data/entities/{id}/task-types/{task_type_id}/tasks."""
        actor = Actor(actor)
        entity = access.entity_row(self.session, entity_id)
        self.member_project(actor, entity["project_id"])
        query = sa.select(TASK).where(TASK.c.entity_id == entity["id"],
                                      TASK.c.task_type_id == parse_id(task_type_id))
        return [queries.task_dict(row) for row in self.session.execute(query).mappings()]

    # -- the logged-in person's entities of a production ------------------------------------------
    def mine(self, actor, kind, *conditions, levels=0):
        """Entities of `kind` holding a task of mine — `levels` down (1: on one of their shots,
        2: on a shot of one of their sequences) — in open projects, each once, by name."""
        held = sa.select(TASK.c.entity_id).where(TASK.c.assignees.contains([Actor(actor).id]))
        for level in range(levels):
            child = ENTITIES.alias(f"child{level}")
            held = sa.select(child.c.parent_id).where(child.c.id.in_(held))
        statuses = PROJECT_STATUSES
        open_projects = (sa.select(PROJECTS.c.id)
                         .outerjoin(statuses, statuses.c.id == PROJECTS.c.project_status_id)
                         .where(sa.func.coalesce(statuses.c.name, "Open") == "Open"))
        return (sa.select(ENTITIES).where(ENTITIES.c.kind == kind, ENTITIES.c.id.in_(held),
                                          ENTITIES.c.project_id.in_(open_projects),
                                          ENTITIES.c.replica_deleted.is_(False), *conditions)
                .order_by(ENTITIES.c.name))

    def entity_list(self, query):
        return [replica_dict(row, row["kind"], ENTITY_KEYS)
                for row in self.session.execute(query).mappings()]

    @answers("user_asset_types")
    def user_asset_types(self, actor, project_id):
        """GET /data/user/projects/{id}/asset-types: the types of my assets there."""
        project = access.project_row(self.session, project_id)
        assets = self.mine(actor, "Asset", ENTITIES.c.project_id == project["id"])
        query = (sa.select(ENTITY_TYPES).where(
            ENTITY_TYPES.c.id.in_(assets.with_only_columns(ENTITIES.c.entity_type_id).order_by(None)),
            ENTITY_TYPES.c.name.not_in(TEMPORAL_KINDS)).order_by(ENTITY_TYPES.c.name))
        return [replica_dict(row, "AssetType") for row in self.session.execute(query).mappings()]

    @answers("user_assets")
    def user_assets(self, actor, project_id, asset_type_id):
        project = access.project_row(self.session, project_id)
        return self.entity_list(self.mine(actor, "Asset", ENTITIES.c.project_id == project["id"],
                                          ENTITIES.c.entity_type_id == parse_id(asset_type_id)))

    @answers("user_project_entities")
    def user_project_entities(self, actor, project_id, kind):
        """My sequences (a shot of theirs has a task of mine) or episodes of a production."""
        project = access.project_row(self.session, project_id)
        levels = {"Sequence": 1, "Episode": 2}[kind]
        return self.entity_list(self.mine(actor, kind, ENTITIES.c.project_id == project["id"], levels=levels))

    @answers("user_sequence_children")
    def user_sequence_children(self, actor, sequence_id, kind):
        """My shots (or scenes) of a sequence."""
        sequence = access.entity_row(self.session, sequence_id, "Sequence")
        return self.entity_list(self.mine(actor, kind, ENTITIES.c.parent_id == sequence["id"]))
