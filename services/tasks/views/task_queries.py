"""The task rows the lists share, as Zou shapes them, each list answered by ONE SQL query over the
task read model and the replicas: the "detailed" lists of an entity's tasks, and the "enriched"
rows of the to-do lists (with the entity's sequence and episode)."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID, aggregate_order_by, array

from shared.serialization import isoformat
from shared.sqljson import add_keys, collection_pairs, iso, json_list
from shared.sqlblocks import Lineage

from ..models.comments import COMMENTS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES, ENTITY_TYPES, PROJECTS, open_project_ids

TASK = TASKS.table
TASK_TYPE = TASK_TYPES.table
TASK_STATUS = TASK_STATUSES.table


def task_dict(row, relations=False):
    """The task's own fields from a joined row (the columns keep their names)."""
    return TASKS.serialize(row, None, relations)


# -- the detailed lists: an entity's tasks, an episode's asset tasks… --------------------------------
def detailed_tasks(session, condition, relations=False):
    """Tasks with project, type, status, entity type and entity names (Zou's detailed dicts)."""
    query = (sa.select(TASK, PROJECTS.c.name.label("project_name"),
                       TASK_TYPE.c.name.label("task_type_name"),
                       TASK_STATUS.c.name.label("task_status_name"),
                       ENTITY_TYPES.c.name.label("entity_type_name"),
                       ENTITIES.c.name.label("entity_name"))
             .join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
             .outerjoin(ENTITY_TYPES, ENTITY_TYPES.c.id == ENTITIES.c.entity_type_id)
             .outerjoin(PROJECTS, PROJECTS.c.id == TASK.c.project_id)
             .outerjoin(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
             .outerjoin(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
             .where(condition))
    out = []
    for row in session.execute(query).mappings():
        task = task_dict(row)
        for key in ("project_name", "task_type_name", "task_status_name", "entity_type_name", "entity_name"):
            task[key] = row[key]
        if relations:
            task["assignees"] = list(row["assignees"] or [])
        out.append(task)
    return out


def task_types_of(session, condition):
    """The task types of the tasks matching `condition`, ordered as Zou does."""
    query = (sa.select(TASK_TYPE).where(TASK_TYPE.c.id.in_(
        sa.select(TASK.c.task_type_id).join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id).where(condition)))
        .order_by(TASK_TYPE.c.priority, TASK_TYPE.c.name))
    return [TASK_TYPES.serialize(row) for row in session.execute(query).mappings()]


# -- a person's tasks (GET /data/persons/{id}/tasks, /data/user/tasks, done-tasks) -----------------
LINEAGE = Lineage(ENTITIES)
SEQUENCE, EPISODE = LINEAGE.parent, LINEAGE.grandparent


def last_comment():
    comments = COMMENTS.table
    return (sa.select(comments.c.text, comments.c.created_at, comments.c.person_id)
            .where(comments.c.object_id == TASK.c.id)
            .order_by(comments.c.created_at.desc()).limit(1).lateral("last_comment"))


def asset_episodes():
    """Episodes an asset is cast in (production links an episode to every asset its shots cast)."""
    episode = ENTITIES.alias("casting_episode")
    return (sa.select(sa.func.array_agg(aggregate_order_by(episode.c.id, episode.c.name)).label("ids"),
                      sa.func.array_agg(aggregate_order_by(episode.c.name, episode.c.name)).label("names"))
            .where(episode.c.kind == "Episode",
                   episode.c.entities_out.contains(array([ENTITIES.c.id], type_=ARRAY(UUID(as_uuid=False)))))
            .lateral("asset_episodes"))


LAST_COMMENT, ASSET_EPISODES = last_comment(), asset_episodes()


def enriched_query(with_comment=True):
    """Tasks with Zou's enriched keys (project, entity, sequence, episode, type and status
    names), and with `with_comment` the last comment and an asset's episodes: the to-do lists."""
    columns = [TASK, PROJECTS.c.name.label("project_name"),
               PROJECTS.c.has_avatar.label("project_has_avatar"),
               ENTITIES.c.name.label("entity_name"), ENTITIES.c.description.label("entity_description"),
               ENTITIES.c.data.label("entity_data"),
               ENTITIES.c.preview_file_id.label("entity_preview_file_id"),
               ENTITIES.c.source_id.label("entity_source_id"), ENTITIES.c.kind.label("entity_kind"),
               ENTITIES.c.canceled.label("entity_canceled"),
               ENTITY_TYPES.c.name.label("entity_type_name"),
               SEQUENCE.c.name.label("sequence_name"), EPISODE.c.id.label("episode_id"),
               EPISODE.c.name.label("episode_name"),
               TASK_TYPE.c.for_entity.label("task_type_for_entity"),
               TASK_TYPE.c.name.label("task_type_name"), TASK_TYPE.c.color.label("task_type_color"),
               TASK_STATUS.c.name.label("task_status_name"),
               TASK_STATUS.c.color.label("task_status_color"),
               TASK_STATUS.c.short_name.label("task_status_short_name")]
    comment, episodes = LAST_COMMENT, ASSET_EPISODES
    if with_comment:
        columns += [comment.c.text.label("last_comment_text"),
                    comment.c.created_at.label("last_comment_at"),
                    comment.c.person_id.label("last_comment_person_id"),
                    episodes.c.ids.label("episode_ids"), episodes.c.names.label("episode_names")]
    joined = (TASK.join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
              .join(PROJECTS, PROJECTS.c.id == TASK.c.project_id)
              .join(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
              .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
              .outerjoin(ENTITY_TYPES, ENTITY_TYPES.c.id == ENTITIES.c.entity_type_id))
    query = sa.select(*columns).select_from(LINEAGE.join(joined))
    if with_comment:
        query = query.outerjoin(comment, sa.true()).outerjoin(episodes, ENTITIES.c.kind == "Asset")
    return query


# the display order of the to-do lists
NAME_ORDER = (PROJECTS.c.name, EPISODE.c.name, SEQUENCE.c.name, ENTITY_TYPES.c.name, ENTITIES.c.name,
              TASK_TYPE.c.name)


def person_tasks(session, actor, person_id, done=False):
    """The person's tasks (not done, or done) in open projects — for non-admin callers, in the
    projects they work on — with Zou's enriched keys, written by PostgreSQL (a to-do list can
    hold hundreds of tasks)."""
    query = (enriched_query()
             .where(TASK.c.assignees.contains([person_id]),
                    TASK_STATUS.c.is_done.is_(done),
                    TASK.c.project_id.in_(open_project_ids(actor))))
    return json_list(session, query, ENRICHED_PAIRS, PROJECTS.c.name, TASK_TYPE.c.priority,
                     ENTITIES.c.name, row_json=with_asset_episodes)


def text_or_empty(column):
    return sa.func.coalesce(sa.cast(column, sa.Text), "")


def empty_array(column):
    return sa.func.coalesce(column, sa.text("'{}'"))


# `enriched(row)` as PostgreSQL writes it
ENRICHED_PAIRS = collection_pairs(TASKS, TASK) + [
    ("type", sa.literal("Task")), ("assignees", empty_array(TASK.c.assignees)),
    ("project_name", PROJECTS.c.name),
    ("project_has_avatar", sa.func.coalesce(PROJECTS.c.has_avatar, False)),
    ("entity_name", ENTITIES.c.name), ("entity_description", ENTITIES.c.description),
    ("entity_data", ENTITIES.c.data),
    ("entity_preview_file_id", text_or_empty(ENTITIES.c.preview_file_id)),
    ("entity_source_id", text_or_empty(ENTITIES.c.source_id)),
    ("entity_type_name", ENTITY_TYPES.c.name),
    ("entity_canceled", sa.func.coalesce(ENTITIES.c.canceled, False)),
    ("sequence_name", SEQUENCE.c.name), ("episode_id", text_or_empty(EPISODE.c.id)),
    ("episode_name", EPISODE.c.name), ("task_type_for_entity", TASK_TYPE.c.for_entity),
    ("task_type_name", TASK_TYPE.c.name), ("task_status_name", TASK_STATUS.c.name),
    ("task_type_color", TASK_TYPE.c.color), ("task_status_color", TASK_STATUS.c.color),
    ("task_status_short_name", TASK_STATUS.c.short_name),
    ("task_estimation", TASK.c.estimation), ("task_duration", TASK.c.duration),
    ("task_start_date", iso(TASK.c.start_date)), ("task_due_date", iso(TASK.c.due_date)),
    ("last_comment", sa.case((LAST_COMMENT.c.created_at.is_(None), sa.text("'{}'::json")),
                             else_=sa.func.json_build_object(
                                 "text", LAST_COMMENT.c.text, "date", iso(LAST_COMMENT.c.created_at),
                                 "person_id", LAST_COMMENT.c.person_id)))]


def with_asset_episodes(row_text):
    """Only asset tasks list their episodes."""
    return sa.case((ENTITIES.c.kind == "Asset", add_keys(row_text, [
        ("episode_ids", empty_array(ASSET_EPISODES.c.ids)),
        ("episode_names", empty_array(ASSET_EPISODES.c.names))])), else_=row_text)


ENTITY_CONTEXT = ("project_name", "project_has_avatar", "entity_name", "entity_description",
                  "entity_data", "entity_preview_file_id", "entity_source_id", "entity_type_name",
                  "entity_canceled", "sequence_name", "episode_id", "episode_name",
                  "task_type_for_entity")


def with_context(row):
    """The task and its entity context (the keys every to-do list shares)."""
    task = task_dict(row)
    for key in ENTITY_CONTEXT:
        task[key] = row[key]
    task["project_has_avatar"] = bool(row["project_has_avatar"])
    task["entity_canceled"] = bool(row["entity_canceled"])
    for key in ("entity_preview_file_id", "entity_source_id", "episode_id"):
        task[key] = row[key] or ""
    return task


def enriched(row):
    task = with_context(row)
    for key in ("task_type_name", "task_status_name", "task_type_color", "task_status_color",
                "task_status_short_name"):
        task[key] = row[key]
    task["task_estimation"], task["task_duration"] = row["estimation"], row["duration"]
    task["task_start_date"], task["task_due_date"] = isoformat(row["start_date"]), isoformat(row["due_date"])
    if row["entity_kind"] == "Asset":
        task["episode_ids"] = list(row["episode_ids"] or [])
        task["episode_names"] = list(row["episode_names"] or [])
    task["assignees"] = list(row["assignees"] or [])
    task["last_comment"] = {} if row["last_comment_at"] is None else {
        "text": row["last_comment_text"], "date": isoformat(row["last_comment_at"]),
        "person_id": row["last_comment_person_id"]}
    return task
