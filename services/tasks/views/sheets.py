"""GET /export/csv/projects/{id}/{shots,assets,edits}.csv: a production's entities of a kind, each
with its task of each type, written by PostgreSQL in one SQL query over the tasks database (its
tasks, its replicas of production's entities and entity types and of auth's persons), in the
sheet's order, and laid out as Zou's sheets by rules/spreadsheets.py."""
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shared.application import UseCases, answers
from shared.crud import Actor

from .. import access
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES, ENTITY_TYPES, PERSONS, open_project_ids
from ..rules import spreadsheets

TASK, TYPES, STATUSES = TASKS.table, TASK_TYPES.table, TASK_STATUSES.table
PARENT, GRANDPARENT = ENTITIES.alias("sequence"), ENTITIES.alias("episode")
# the order of a sheet's lines (Zou's, comparing names as Python does: code points, COLLATE "C")
LINE_ORDER = {"shots": ("grandparent_name", "parent_name", "name"), "assets": ("type_name", "name"),
              "edits": ("parent_name", "name")}


def alive(table):
    return table.c.replica_deleted.is_(False)


def by_code_points(column):
    return sa.func.coalesce(column, "").collate("C")


def assignee_names():
    """The task's assignees' full names ("" for an unknown person), comma-separated, in order."""
    assignee = sa.func.unnest(TASK.c.assignees).table_valued("person_id", with_ordinality="position") \
        .render_derived("assignee")
    name = sa.func.coalesce(sa.func.btrim(sa.func.concat(PERSONS.c.first_name, " ", PERSONS.c.last_name)), "")
    names = (sa.select(name).select_from(assignee.outerjoin(PERSONS, sa.and_(
        PERSONS.c.id == assignee.c.person_id, alive(PERSONS)))).order_by(assignee.c.position))
    return sa.func.array_to_string(sa.func.array(names.scalar_subquery()), ",")


def sheet_query(actor, project_id, kind, layout):
    """{task_types: [names, in the sheet's order], rows: [one per entity of the kind, as the
    caller's entity lists show them, in the sheet's order: its names, description, frames, the
    durations of its tasks, its cells [status, assignees' names] per task type]} as JSON text.
    An entity's task of a type is its newest one (by creation) among those the caller's task
    lists show."""
    cells = (TASKS.scope(actor, sa.select(
        TASK.c.entity_id, TASK.c.task_type_id, STATUSES.c.short_name.label("status"),
        assignee_names().label("names"), TASK.c.duration)
        .join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
        .outerjoin(STATUSES, STATUSES.c.id == TASK.c.task_status_id)
        .where(TASK.c.project_id == project_id, ENTITIES.c.kind == kind))
        .distinct(TASK.c.entity_id, TASK.c.task_type_id)
        .order_by(TASK.c.entity_id, TASK.c.task_type_id, TASK.c.created_at.desc(), TASK.c.id.desc())
        .cte("cell"))
    priority = sa.func.coalesce(TYPES.c.priority, 0)
    types = (sa.select(TYPES.c.id, TYPES.c.name, sa.func.row_number().over(
        order_by=(priority, by_code_points(TYPES.c.name), TYPES.c.id)).label("position"))
        .where(TYPES.c.id.in_(sa.select(cells.c.task_type_id))).cte("sheet_type"))
    source = (ENTITIES.outerjoin(PARENT, sa.and_(PARENT.c.id == ENTITIES.c.parent_id, alive(PARENT)))
              .outerjoin(GRANDPARENT, sa.and_(GRANDPARENT.c.id == PARENT.c.parent_id, alive(GRANDPARENT)))
              .outerjoin(ENTITY_TYPES, sa.and_(ENTITY_TYPES.c.id == ENTITIES.c.entity_type_id, alive(ENTITY_TYPES))))
    entity_cells = (sa.select(sa.func.coalesce(sa.func.json_agg(aggregate_order_by(
        sa.func.json_build_array(sa.func.coalesce(cells.c.status, ""), sa.func.coalesce(cells.c.names, "")),
        types.c.position)), sa.text("'[]'::json")))
        .select_from(types.outerjoin(cells, sa.and_(cells.c.task_type_id == types.c.id,
                                                   cells.c.entity_id == ENTITIES.c.id))))
    duration = sa.select(sa.func.sum(cells.c.duration)).where(cells.c.entity_id == ENTITIES.c.id)
    names = {"name": ENTITIES.c.name, "parent_name": PARENT.c.name, "grandparent_name": GRANDPARENT.c.name,
             "type_name": ENTITY_TYPES.c.name}
    row = sa.func.json_build_object(
        *[part for key, column in names.items() for part in (key, column)],
        "description", ENTITIES.c.description, "nb_frames", ENTITIES.c.nb_frames,
        "frame_in", ENTITIES.c.data["frame_in"], "frame_out", ENTITIES.c.data["frame_out"],
        "fps", ENTITIES.c.data["fps"], "duration", duration.scalar_subquery(),
        "cells", entity_cells.scalar_subquery())
    order = [by_code_points(names[key]) for key in LINE_ORDER[layout]] + [ENTITIES.c.id]
    rows = (sa.select(sa.func.coalesce(sa.func.json_agg(aggregate_order_by(row, *order)), sa.text("'[]'::json")))
            .select_from(source).where(alive(ENTITIES), ENTITIES.c.project_id == project_id, ENTITIES.c.kind == kind))
    if not actor.is_admin:  # as production scopes its entity lists
        rows = rows.where(ENTITIES.c.project_id.in_(open_project_ids(actor)))
    if actor.role == "vendor":
        rows = rows.where(ENTITIES.c.id.in_(sa.select(TASK.c.entity_id).where(TASK.c.assignees.any(actor.id))))
    task_types = sa.select(sa.func.coalesce(sa.func.json_agg(aggregate_order_by(types.c.name, types.c.position)),
                                            sa.text("'[]'::json")))
    return sa.select(sa.func.json_build_object("task_types", task_types.scalar_subquery(),
                                               "rows", rows.scalar_subquery()).cast(sa.Text))


class ProductionSheets(UseCases):
    def sheet(self, actor, project_id, kind, layout):
        """The lines of the project's sheet of entities of a kind: its team's."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_project_access(actor, project)
        sheet = orjson.loads(self.session.execute(sheet_query(actor, project["id"], kind, layout)).scalar())
        return getattr(spreadsheets, layout)(project, sheet["task_types"], sheet["rows"])

    @answers("export_shots_csv")
    def shots(self, actor, project_id):
        return self.sheet(actor, project_id, "Shot", "shots")

    @answers("export_assets_csv")
    def assets(self, actor, project_id):
        return self.sheet(actor, project_id, "Asset", "assets")

    @answers("export_edits_csv")
    def edits(self, actor, project_id):
        return self.sheet(actor, project_id, "Edit", "edits")
