"""GET /export/csv/projects/{id}/{shots,assets,edits}.csv: a production's entities of a kind, each
with its task of each type, read by one SQL query over the tasks database (its tasks, its replicas
of production's entities and entity types and of auth's persons) and laid out as Zou's sheets by
rules/spreadsheets.py; a sheet is kept until the next commit (shared/answers.py)."""
import orjson
import sqlalchemy as sa

from shared.answers import kept
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.sqljson import json_rows

from .. import access
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES, ENTITY_TYPES, PERSONS, open_project_ids
from ..rules.spreadsheets import Sheet

TASK, TYPES, STATUSES = TASKS.table, TASK_TYPES.table, TASK_STATUSES.table
PARENT, GRANDPARENT = ENTITIES.alias("sequence"), ENTITIES.alias("episode")
ENTITY_PAIRS = [("id", ENTITIES.c.id), ("name", ENTITIES.c.name), ("description", ENTITIES.c.description),
                ("nb_frames", ENTITIES.c.nb_frames), ("data", ENTITIES.c.data),
                ("parent_name", PARENT.c.name), ("grandparent_name", GRANDPARENT.c.name),
                ("type_name", ENTITY_TYPES.c.name)]
CELL_PAIRS = [("entity_id", TASK.c.entity_id), ("task_type_id", TASK.c.task_type_id),
              ("task_type_name", TYPES.c.name), ("task_type_priority", TYPES.c.priority),
              ("status", STATUSES.c.short_name), ("assignees", TASK.c.assignees), ("duration", TASK.c.duration)]


def sheet_rows(actor, project_id, kind):
    """One statement: the entities of the kind with the names a sheet shows (their parent's,
    grandparent's and type's), their tasks' cells (as the caller's entity and task lists show
    them), and {person id: full name}, as three JSON texts."""
    alive = ENTITIES.c.replica_deleted.is_(False)
    source = (ENTITIES.outerjoin(PARENT, sa.and_(PARENT.c.id == ENTITIES.c.parent_id, PARENT.c.replica_deleted.is_(False)))
              .outerjoin(GRANDPARENT, sa.and_(GRANDPARENT.c.id == PARENT.c.parent_id,
                                              GRANDPARENT.c.replica_deleted.is_(False)))
              .outerjoin(ENTITY_TYPES, sa.and_(ENTITY_TYPES.c.id == ENTITIES.c.entity_type_id,
                                               ENTITY_TYPES.c.replica_deleted.is_(False))))
    entities = (sa.select(ENTITIES).select_from(source)
                .where(alive, ENTITIES.c.project_id == project_id, ENTITIES.c.kind == kind))
    if not actor.is_admin:  # as production scopes its entity lists
        entities = entities.where(ENTITIES.c.project_id.in_(open_project_ids(actor)))
    if actor.role == "vendor":
        entities = entities.where(ENTITIES.c.id.in_(sa.select(TASK.c.entity_id).where(TASK.c.assignees.any(actor.id))))
    cells = TASKS.scope(actor, sa.select(TASK).join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
                        .join(TYPES, TYPES.c.id == TASK.c.task_type_id)
                        .outerjoin(STATUSES, STATUSES.c.id == TASK.c.task_status_id)
                        .where(TASK.c.project_id == project_id, ENTITIES.c.kind == kind))
    name = sa.func.btrim(sa.func.concat(PERSONS.c.first_name, " ", PERSONS.c.last_name))
    names = sa.select(sa.func.coalesce(sa.func.json_object_agg(PERSONS.c.id, name), sa.text("'{}'::json"))
                      .cast(sa.Text)).where(PERSONS.c.replica_deleted.is_(False))
    return sa.select(json_rows(entities, ENTITY_PAIRS, ENTITIES.c.id).scalar_subquery().label("entities"),
                     json_rows(cells, CELL_PAIRS, TASK.c.created_at, TASK.c.id).scalar_subquery().label("cells"),
                     names.scalar_subquery().label("names"))


class ProductionSheets(UseCases):
    def sheet(self, actor, project_id, kind, layout):
        """The lines of `layout(Sheet)` for the project's entities of a kind: its team's."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        access.check_project_access(actor, project)

        def build(session, statement):
            row = session.execute(statement).one()
            return layout(Sheet(project, orjson.loads(row.entities), orjson.loads(row.cells), orjson.loads(row.names)))
        return kept(self.session, sheet_rows(actor, project["id"], kind), build, "sheet", layout.__name__,
                    project["name"])

    @answers("export_shots_csv")
    def shots(self, actor, project_id):
        return self.sheet(actor, project_id, "Shot", Sheet.shots)

    @answers("export_assets_csv")
    def assets(self, actor, project_id):
        return self.sheet(actor, project_id, "Asset", Sheet.assets)

    @answers("export_edits_csv")
    def edits(self, actor, project_id):
        return self.sheet(actor, project_id, "Edit", Sheet.edits)
