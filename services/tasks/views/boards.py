"""The main screens of the Kitsu web app: /data/<kind>s/with-tasks, every entity of a kind with
its tasks. Each list is ONE SQL query in which PostgreSQL writes the JSON answer (the tasks of an
entity are a correlated json_agg), sent on as is (orjson.Fragment).

Scoping as Zou: a project filter needs project access (non-admins need one, except for assets,
scoped to their teams); vendors see the entities holding a task of theirs and only those tasks;
clients get the studio side of the tasks blank; concepts are closed to vendors and clients, scenes
to vendors."""
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID, aggregate_order_by, array

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import Forbidden
from shared.sqlblocks import Lineage

from .. import access
from ..models.subscriptions import SUBSCRIPTIONS
from ..models.tasks import TASKS
from ..replicas import ENTITIES, ENTITY_TYPES, PROJECTS
from ..rules.ids import checked_id

TASK, ENTITY = TASKS.table, ENTITIES
LINEAGE = Lineage(ENTITIES, parent="parent", grandparent="grandparent")
PARENT, GRANDPARENT = LINEAGE.parent, LINEAGE.grandparent
SECONDS = 'YYYY-MM-DD"T"HH24:MI:SS'

# the task keys of each board, in Zou's order (is_subscribed and assignees always end up present)
COMMON_TASK_KEYS = ("id", "estimation", "entity_id", "end_date", "due_date", "done_date", "duration",
                    "last_comment_date", "last_preview_file_id", "priority", "real_start_date",
                    "retake_count", "start_date", "difficulty", "task_status_id", "task_type_id",
                    "data", "is_subscribed", "assignees")
TASK_KEYS = {
    "Shot": ("id", "duration", "due_date", "end_date", "done_date", "entity_id", "estimation",
             "is_subscribed", "last_comment_date", "last_preview_file_id", "nb_assets_ready",
             "priority", "real_start_date", "retake_count", "start_date", "difficulty", "nb_drawings",
             "task_status_id", "task_type_id", "assignees", "data"),
    "Asset": ("id", "due_date", "done_date", "duration", "entity_id", "estimation", "end_date",
              "is_subscribed", "last_comment_date", "last_preview_file_id", "priority",
              "real_start_date", "retake_count", "start_date", "difficulty", "task_status_id",
              "task_type_id", "assignees", "data"),
    "Edit": ("id", "duration", "due_date", "entity_id", "end_date", "estimation", "last_comment_date",
             "last_preview_file_id", "nb_assets_ready", "priority", "real_start_date", "retake_count",
             "start_date", "task_status_id", "task_type_id", "data", "is_subscribed", "assignees"),
    "Concept": ("id", "duration", "due_date", "end_date", "entity_id", "estimation", "last_comment_date",
                "nb_assets_ready", "priority", "real_start_date", "retake_count", "start_date",
                "task_status_id", "task_type_id", "data", "is_subscribed", "assignees"),
}
# what a client reads of a task's studio side: the keys stay, the values are blank
CLIENT_BLANKS = {"assignees": sa.text("'[]'::json"), "difficulty": sa.null(), "done_date": sa.null(),
                 "due_date": sa.null(), "duration": sa.literal(0), "end_date": sa.null(),
                 "estimation": sa.literal(0), "last_comment_date": sa.null(),
                 "nb_assets_ready": sa.literal(0), "nb_drawings": sa.literal(0),
                 "priority": sa.literal(0), "real_start_date": sa.null(),
                 "retake_count": sa.literal(0), "start_date": sa.null()}


def iso(column):
    return sa.func.to_char(column, SECONDS)


def json_object(pairs):
    return sa.func.json_build_object(*[part for key, value in pairs for part in (sa.literal(key), value)])


def data_key(key):
    return sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))[key]


def text_or_empty(column):
    return sa.func.coalesce(sa.cast(column, sa.String), "")


def uuid_param(query, key, sentinels=()):
    """An id criterion of the query string: 400 when malformed (the sentinels pass)."""
    value = query.get(key)
    if value is None or value in sentinels:
        return value
    return checked_id(value, f"Invalid UUID format for {key}: {value}")


def casts(entity, asset_id):
    return entity.c.entities_out.contains(array([asset_id], type_=ARRAY(UUID(as_uuid=False))))


def in_episode_casting(episode, asset_id):
    """Whether the episode casts the asset, itself or in one of its shots: Zou links an asset cast
    in a shot to the shot's episode, links production keeps but does not publish as the
    episode's row (the shots' rows, with their casting, are replicated here)."""
    shot, sequence = ENTITIES.alias("episode_shot"), ENTITIES.alias("episode_sequence")
    in_a_shot = sa.exists().where(sequence.c.parent_id == episode.c.id, shot.c.parent_id == sequence.c.id,
                                  shot.c.kind == "Shot", casts(shot, asset_id)).correlate_except(shot, sequence)
    return sa.or_(casts(episode, asset_id), in_a_shot)


class Boards(UseCases):

    @answers("board")
    def board(self, actor, board, query):
        """The route's fixed `board` names the kind: shots, assets, edits and concepts have their
        own shape, the containers (sequences, episodes, scenes) Zou's generic one."""
        answer = {"Shot": self.shots, "Asset": self.assets, "Edit": self.edits,
                  "Concept": self.concepts}.get(board)
        if answer is None:
            return self.containers(actor, board, query)
        return answer(actor, query)

    # -- the task part: a correlated json_agg per entity ------------------------------------------
    def task_value(self, key, actor):
        if actor.role == "client" and key in CLIENT_BLANKS:
            return CLIENT_BLANKS[key]
        if key == "is_subscribed":
            return sa.exists().where(SUBSCRIPTIONS.table.c.task_id == TASK.c.id,
                                     SUBSCRIPTIONS.table.c.person_id == actor.id)
        if key == "assignees":
            return sa.func.coalesce(TASK.c.assignees, sa.cast(array([]), ARRAY(UUID(as_uuid=False))))
        if key == "priority":
            return sa.func.coalesce(TASK.c.priority, 0)
        column = TASK.c[key]
        return iso(column) if isinstance(column.type, sa.DateTime) else column

    def tasks_json(self, kind, actor, assigned_only):
        keys = TASK_KEYS.get(kind, COMMON_TASK_KEYS)
        task = json_object([(key, self.task_value(key, actor)) for key in keys])
        query = sa.select(sa.func.coalesce(sa.func.json_agg(aggregate_order_by(task, TASK.c.created_at)),
                                           sa.text("'[]'::json"))).where(TASK.c.entity_id == ENTITY.c.id)
        if assigned_only:
            query = query.where(TASK.c.assignees.contains([actor.id]))
        return query.scalar_subquery()

    # -- access and criteria ----------------------------------------------------------------------
    def check_project(self, actor, project_id, required=True):
        """Zou's project access on the `project_id` criterion (none: admins only, unless not
        `required`); answers the caller as seen on that project."""
        if actor.is_admin:
            return actor
        if project_id is None:
            if required:
                raise Forbidden()
            return actor
        project = access.project_row(self.session, project_id)
        access.check_project_access(actor, project)
        return access.on_project(actor, project)

    @staticmethod
    def assigned_to(actor):
        """Entities holding a task assigned to the caller."""
        return sa.exists().where(TASK.c.entity_id == ENTITY.c.id, TASK.c.assignees.contains([actor.id]))

    def answer(self, query, pairs, order_by):
        obj = json_object(pairs)
        text = self.session.execute(query.with_only_columns(sa.func.coalesce(
            sa.func.json_agg(aggregate_order_by(obj, *order_by)), sa.text("'[]'::json")).cast(sa.Text))).scalar()
        return orjson.Fragment(text)

    def base(self, kind, query):
        """The kind's live entities, filtered by the id and project_id criteria."""
        statement = sa.select(ENTITY).where(ENTITY.c.kind == kind, ENTITY.c.replica_deleted.is_(False))
        for key, column in (("id", ENTITY.c.id), ("project_id", ENTITY.c.project_id)):
            value = uuid_param(query, key)
            if value:
                statement = statement.where(column == value)
        return statement

    # -- the boards -------------------------------------------------------------------------------
    def shots(self, actor, query):
        actor = Actor(actor)
        episode_id = uuid_param(query, "episode_id", ("all", "main"))
        actor = self.check_project(actor, uuid_param(query, "project_id"))
        vendor = actor.role == "vendor"
        statement = (self.base("Shot", query)  # a shot without a sequence is on no board: inner join
                     .join(PROJECTS, PROJECTS.c.id == ENTITY.c.project_id)
                     .join(PARENT, PARENT.c.id == ENTITY.c.parent_id)
                     .outerjoin(GRANDPARENT, GRANDPARENT.c.id == PARENT.c.parent_id))
        if episode_id not in (None, "all"):
            statement = statement.where(PARENT.c.parent_id == episode_id)
        if vendor:
            statement = statement.where(self.assigned_to(actor))
        data = sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))
        pairs = [("canceled", ENTITY.c.canceled), ("data", data), ("description", ENTITY.c.description),
                 ("entity_type_id", ENTITY.c.entity_type_id), ("episode_id", GRANDPARENT.c.id),
                 ("episode_name", text_or_empty(GRANDPARENT.c.name)), ("fps", data_key("fps")),
                 ("frame_in", data_key("frame_in")), ("frame_out", data_key("frame_out")),
                 ("id", ENTITY.c.id), ("name", ENTITY.c.name), ("nb_frames", ENTITY.c.nb_frames),
                 ("parent_id", ENTITY.c.parent_id), ("preview_file_id", ENTITY.c.preview_file_id),
                 ("project_id", ENTITY.c.project_id), ("project_name", PROJECTS.c.name),
                 ("sequence_id", PARENT.c.id), ("sequence_name", PARENT.c.name),
                 ("source_id", ENTITY.c.source_id), ("nb_entities_out", ENTITY.c.nb_entities_out),
                 ("is_casting_standby", ENTITY.c.is_casting_standby),
                 ("tasks", self.tasks_json("Shot", actor, vendor)), ("type", sa.literal("Shot"))]
        return self.answer(statement, pairs, (GRANDPARENT.c.name, PARENT.c.name, ENTITY.c.name))

    def assets(self, actor, query):
        actor = Actor(actor)
        project_id = uuid_param(query, "project_id")
        episode_id = uuid_param(query, "episode_id", ("all", "main"))
        if project_id is None and episode_id not in (None, "all", "main"):
            project_id = access.entity_row(self.session, episode_id, "Episode")["project_id"]
        actor = self.check_project(actor, project_id, required=False)
        vendor = actor.role == "vendor"
        episode = ENTITIES.alias("episode")
        cast_in = in_episode_casting(episode, ENTITY.c.id)
        statement = (self.base("Asset", query)
                     .join(ENTITY_TYPES, ENTITY_TYPES.c.id == ENTITY.c.entity_type_id))
        if episode_id == "main":
            statement = statement.where(ENTITY.c.source_id.is_(None))
        elif episode_id not in (None, "all"):
            statement = statement.where(sa.or_(ENTITY.c.source_id == episode_id, sa.exists().where(
                episode.c.id == episode_id, cast_in)))
        if vendor:
            statement = statement.where(self.assigned_to(actor))
        if not actor.is_admin:
            statement = statement.where(ENTITY.c.project_id.in_(
                sa.select(PROJECTS.c.id).where(PROJECTS.c.team.any(actor.id))))
        episodes = sa.func.array(sa.select(episode.c.id).where(
            episode.c.kind == "Episode", episode.c.project_id == ENTITY.c.project_id, cast_in)
            .order_by(episode.c.name).scalar_subquery())
        casting = episodes if project_id else sa.cast(array([]), ARRAY(UUID(as_uuid=False)))
        pairs = [("id", ENTITY.c.id), ("name", ENTITY.c.name),
                 ("preview_file_id", text_or_empty(ENTITY.c.preview_file_id)),
                 ("description", ENTITY.c.description), ("asset_type_name", ENTITY_TYPES.c.name),
                 ("asset_type_id", ENTITY.c.entity_type_id), ("canceled", ENTITY.c.canceled),
                 ("ready_for", sa.func.coalesce(sa.cast(ENTITY.c.ready_for, sa.String), "None")),
                 ("episode_id", text_or_empty(ENTITY.c.source_id)), ("casting_episode_ids", casting),
                 ("is_casting_standby", ENTITY.c.is_casting_standby), ("is_shared", ENTITY.c.is_shared),
                 ("data", sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))),
                 ("tasks", self.tasks_json("Asset", actor, vendor))]
        return self.answer(statement, pairs, (ENTITY_TYPES.c.name, ENTITY.c.name))

    def edits(self, actor, query):
        actor = Actor(actor)
        episode_id = uuid_param(query, "episode_id", ("all", "main"))
        actor = self.check_project(actor, uuid_param(query, "project_id"))
        vendor = actor.role == "vendor"
        statement = (self.base("Edit", query).join(PROJECTS, PROJECTS.c.id == ENTITY.c.project_id)
                     .outerjoin(PARENT, PARENT.c.id == ENTITY.c.parent_id))
        if episode_id == "main":
            statement = statement.where(ENTITY.c.parent_id.is_(None))
        elif episode_id not in (None, "all"):
            statement = statement.where(ENTITY.c.parent_id == episode_id)
        if vendor:
            statement = statement.where(self.assigned_to(actor))
        pairs = [("canceled", ENTITY.c.canceled),
                 ("data", sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))),
                 ("description", ENTITY.c.description), ("entity_type_id", ENTITY.c.entity_type_id),
                 ("episode_id", PARENT.c.id), ("episode_name", text_or_empty(PARENT.c.name)),
                 ("id", ENTITY.c.id), ("name", ENTITY.c.name), ("parent_id", ENTITY.c.parent_id),
                 ("preview_file_id", ENTITY.c.preview_file_id), ("project_id", ENTITY.c.project_id),
                 ("project_name", PROJECTS.c.name), ("source_id", ENTITY.c.source_id),
                 ("nb_entities_out", ENTITY.c.nb_entities_out),
                 ("tasks", self.tasks_json("Edit", actor, vendor)), ("type", sa.literal("Edit"))]
        return self.answer(statement, pairs, (ENTITY.c.name,))

    def concepts(self, actor, query):
        actor = Actor(actor)
        actor = self.check_project(actor, uuid_param(query, "project_id"))
        if actor.role in ("vendor", "client"):
            raise Forbidden()
        statement = self.base("Concept", query).join(PROJECTS, PROJECTS.c.id == ENTITY.c.project_id)
        empty = sa.cast(array([]), ARRAY(UUID(as_uuid=False)))
        pairs = [("canceled", ENTITY.c.canceled),
                 ("data", sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))),
                 ("description", ENTITY.c.description), ("entity_type_id", ENTITY.c.entity_type_id),
                 ("fps", data_key("fps")), ("frame_in", data_key("frame_in")),
                 ("frame_out", data_key("frame_out")), ("id", ENTITY.c.id), ("name", ENTITY.c.name),
                 ("nb_frames", ENTITY.c.nb_frames), ("parent_id", ENTITY.c.parent_id),
                 ("preview_file_id", ENTITY.c.preview_file_id),
                 ("preview_file_status", sa.null()),  # the picture's processing belongs to media
                 ("project_id", ENTITY.c.project_id), ("project_name", PROJECTS.c.name),
                 ("source_id", ENTITY.c.source_id), ("nb_entities_out", ENTITY.c.nb_entities_out),
                 ("is_casting_standby", ENTITY.c.is_casting_standby),
                 ("tasks", self.tasks_json("Concept", actor, False)),
                 ("entity_concept_links", sa.func.coalesce(ENTITY.c.entity_concept_links, empty)),
                 ("type", sa.literal("Concept")), ("updated_at", iso(ENTITY.c.updated_at)),
                 ("created_at", iso(ENTITY.c.created_at)), ("created_by", ENTITY.c.created_by)]
        return self.answer(statement, pairs, (ENTITY.c.name,))

    def containers(self, actor, kind, query):
        """Sequences, episodes and scenes: Zou's generic entity board."""
        actor = Actor(actor)
        episode_id = uuid_param(query, "episode_id", ("all", "main"))
        actor = self.check_project(actor, uuid_param(query, "project_id"))
        vendor = actor.role == "vendor"
        if vendor and kind == "Scene":
            raise Forbidden()
        statement = self.base(kind, query)
        if episode_id not in (None, "all"):
            statement = statement.where(ENTITY.c.parent_id == episode_id)
        if vendor:  # the containers of the shots holding a task of theirs
            shot = ENTITIES.alias("shot")
            sequence = Lineage(ENTITIES, shot).parent
            assigned_shots = sa.select(shot.c.parent_id.label("sequence_id"), sequence.c.parent_id.label(
                "episode_id")).join(sequence, sequence.c.id == shot.c.parent_id).join(
                TASK, TASK.c.entity_id == shot.c.id).where(TASK.c.assignees.contains([actor.id])).subquery()
            key = assigned_shots.c.sequence_id if kind == "Sequence" else assigned_shots.c.episode_id
            statement = statement.where(ENTITY.c.id.in_(sa.select(key)))
        data = sa.func.coalesce(ENTITY.c.data, sa.text("'{}'::jsonb"))
        pairs = [("id", ENTITY.c.id), ("name", ENTITY.c.name),
                 ("status", sa.func.coalesce(ENTITY.c.status, "running")),
                 ("episode_id", sa.func.coalesce(sa.cast(ENTITY.c.parent_id, sa.String), "None")),
                 ("description", ENTITY.c.description), ("frame_in", data_key("frame_in")),
                 ("frame_out", data_key("frame_out")), ("fps", data_key("fps")),
                 ("preview_file_id", text_or_empty(ENTITY.c.preview_file_id)),
                 ("canceled", ENTITY.c.canceled), ("data", data),
                 ("tasks", self.tasks_json(kind, actor, vendor))]
        return self.answer(statement, pairs, (ENTITY.c.name,))
