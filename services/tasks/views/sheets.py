"""GET /export/csv/projects/{id}/{shots,assets,edits}.csv: a production's entities of a kind, each
with its task of each type, written by PostgreSQL in one SQL query over the tasks database (its
tasks, its replicas of production's entities and entity types and of auth's persons), in the
sheet's order, and laid out as Zou's sheets by rules/spreadsheets.py; a sheet is kept until
the next commit (shared/answers.py)."""
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shared.answers import kept
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


def assignee_names(cells):
    """{task id: its assignees' full names ("" for an unknown person), comma-separated, in order}
    of the cells' tasks, as a CTE (one join for all)."""
    assignee = sa.func.unnest(cells.c.assignees).table_valued("person_id", with_ordinality="position") \
        .render_derived("assignee").lateral()
    name = sa.func.coalesce(sa.func.btrim(sa.func.concat(PERSONS.c.first_name, " ", PERSONS.c.last_name)), "")
    return (sa.select(cells.c.id, sa.func.string_agg(name, aggregate_order_by(sa.literal_column("','"),
                                                                               assignee.c.position)).label("names"))
            .select_from(cells.join(assignee, sa.true()).outerjoin(PERSONS, sa.and_(
                PERSONS.c.id == assignee.c.person_id, alive(PERSONS))))
            .group_by(cells.c.id).cte("cell_names"))


def sheet_query(actor, project_id, kind, layout):
    """{task_types: [names, in the sheet's order], rows: [one per entity of the kind, as the
    caller's entity lists show them, in the sheet's order: its names, description, frames, the
    durations of its tasks, its cells [status, assignees' names] per task type]} as JSON text.
    An entity's task of a type is its newest one (by creation) among those the caller's task
    lists show."""
    cells = (TASKS.scope(actor, sa.select(
        TASK.c.id, TASK.c.entity_id, TASK.c.task_type_id, STATUSES.c.short_name.label("status"),
        TASK.c.assignees, TASK.c.duration)
        .join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
        .outerjoin(STATUSES, STATUSES.c.id == TASK.c.task_status_id)
        .where(TASK.c.project_id == project_id, ENTITIES.c.kind == kind))
        .distinct(TASK.c.entity_id, TASK.c.task_type_id)
        .order_by(TASK.c.entity_id, TASK.c.task_type_id, TASK.c.created_at.desc(), TASK.c.id.desc())
        .cte("cell"))
    names_of = assignee_names(cells)
    priority = sa.func.coalesce(TYPES.c.priority, 0)
    types = (sa.select(TYPES.c.id, TYPES.c.name, sa.func.row_number().over(
        order_by=(priority, by_code_points(TYPES.c.name), TYPES.c.id)).label("position"))
        .where(TYPES.c.id.in_(sa.select(cells.c.task_type_id))).cte("sheet_type"))
    source = (ENTITIES.outerjoin(PARENT, sa.and_(PARENT.c.id == ENTITIES.c.parent_id, alive(PARENT)))
              .outerjoin(GRANDPARENT, sa.and_(GRANDPARENT.c.id == PARENT.c.parent_id, alive(GRANDPARENT)))
              .outerjoin(ENTITY_TYPES, sa.and_(ENTITY_TYPES.c.id == ENTITIES.c.entity_type_id, alive(ENTITY_TYPES))))
    names = {"name": ENTITIES.c.name, "parent_name": PARENT.c.name, "grandparent_name": GRANDPARENT.c.name,
             "type_name": ENTITY_TYPES.c.name}
    entities = (sa.select(ENTITIES.c.id, ENTITIES.c.description, ENTITIES.c.nb_frames, ENTITIES.c.data,
                          *[column.label(key) for key, column in names.items()])
                .select_from(source).where(alive(ENTITIES), ENTITIES.c.project_id == project_id, ENTITIES.c.kind == kind))
    if not actor.is_admin:  # as production scopes its entity lists
        entities = entities.where(ENTITIES.c.project_id.in_(open_project_ids(actor)))
    if actor.role == "vendor":
        entities = entities.where(ENTITIES.c.id.in_(sa.select(TASK.c.entity_id).where(TASK.c.assignees.any(actor.id))))
    entity = entities.cte("entity")
    # each entity's cells, one per task type in the sheet's order, and its tasks' durations
    per_entity = (sa.select(entity.c.id, sa.func.sum(cells.c.duration).label("duration"), sa.func.json_agg(
        aggregate_order_by(sa.func.json_build_array(sa.func.coalesce(cells.c.status, ""),
                                                    sa.func.coalesce(names_of.c.names, "")), types.c.position))
        .label("cells"))
        .select_from(entity.join(types, sa.true()).outerjoin(cells, sa.and_(
            cells.c.entity_id == entity.c.id, cells.c.task_type_id == types.c.id))
            .outerjoin(names_of, names_of.c.id == cells.c.id))
        .group_by(entity.c.id).cte("entity_cells"))
    row = sa.func.json_build_object(
        *[part for key in names for part in (key, entity.c[key])],
        "description", entity.c.description, "nb_frames", entity.c.nb_frames,
        "frame_in", entity.c.data["frame_in"], "frame_out", entity.c.data["frame_out"],
        "fps", entity.c.data["fps"], "duration", per_entity.c.duration,
        "cells", sa.func.coalesce(per_entity.c.cells, sa.text("'[]'::json")))
    order = [by_code_points(entity.c[key]) for key in LINE_ORDER[layout]] + [entity.c.id]
    rows = (sa.select(sa.func.coalesce(sa.func.json_agg(aggregate_order_by(row, *order)), sa.text("'[]'::json")))
            .select_from(entity.outerjoin(per_entity, per_entity.c.id == entity.c.id)))
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
        def build(session, statement):
            sheet = orjson.loads(session.execute(statement).scalar())
            return getattr(spreadsheets, layout)(project, sheet["task_types"], sheet["rows"])
        return kept(self.session, sheet_query(actor, project["id"], kind, layout), build, "sheet", project["name"])

    @answers("export_shots_csv")
    def shots(self, actor, project_id):
        return self.sheet(actor, project_id, "Shot", "shots")

    @answers("export_assets_csv")
    def assets(self, actor, project_id):
        return self.sheet(actor, project_id, "Asset", "assets")

    @answers("export_edits_csv")
    def edits(self, actor, project_id):
        return self.sheet(actor, project_id, "Edit", "edits")
