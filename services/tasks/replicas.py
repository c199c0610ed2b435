"""The tasks database's copies of other services' rows (fed by their `row.*` events: production's
projects, project statuses, entity types and entities, auth's persons, media's preview and
attachment files), what follows a copied row, and the reads every area makes of them."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from shared import db, replicas
from shared.replicas import isoformat_text, person_dict, person_replica, replica_table
from shared.serialization import isoformat
from shared.sqlblocks import Lineage

metadata = sa.MetaData()

# -- replicas (fed by production's and auth's `row.*` events) ------------------------------------
PERSONS = person_replica(metadata)
PROJECTS = replica_table(
    "project_replica", metadata,
    sa.Column("name", sa.String), sa.Column("code", sa.String),
    sa.Column("project_status_id", UUID(as_uuid=False), index=True),
    sa.Column("production_type", sa.String), sa.Column("fps", sa.String),
    sa.Column("team", ARRAY(UUID(as_uuid=False))), sa.Column("team_roles", JSONB),
    sa.Column("task_status_links", JSONB),  # a project may let clients set a status or not
    sa.Column("task_types", ARRAY(UUID(as_uuid=False))),
    sa.Column("task_statuses", ARRAY(UUID(as_uuid=False))),
    sa.Column("status_automations", ARRAY(UUID(as_uuid=False))),
    sa.Column("is_clients_isolated", sa.Boolean), sa.Column("has_avatar", sa.Boolean),
    sa.Column("description", sa.String), sa.Column("ratio", sa.String),
    sa.Column("resolution", sa.String), sa.Column("production_style", sa.String),
    sa.Column("homepage", sa.String), sa.Column("start_date", sa.Date), sa.Column("end_date", sa.Date),
    sa.Column("data", JSONB(none_as_null=True)), sa.Column("created_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime), sa.Column("is_bot_collaboration_enabled", sa.Boolean),
    sa.Column("row", JSONB))  # the whole row, for the answers that show the project (project_dict)
PROJECT_STATUSES = replica_table("project_status_replica", metadata, sa.Column("name", sa.String))
ENTITY_TYPES = replica_table("entity_type_replica", metadata, sa.Column("name", sa.String),
                             sa.Column("short_name", sa.String), sa.Column("description", sa.String),
                             sa.Column("archived", sa.Boolean), sa.Column("created_at", sa.DateTime),
                             sa.Column("updated_at", sa.DateTime))
ENTITIES = replica_table(
    "entity_replica", metadata,
    sa.Column("name", sa.String), sa.Column("code", sa.String), sa.Column("description", sa.String),
    sa.Column("kind", sa.String, index=True),
    sa.Column("project_id", UUID(as_uuid=False), index=True),
    sa.Column("entity_type_id", UUID(as_uuid=False), index=True),
    sa.Column("parent_id", UUID(as_uuid=False), index=True),
    sa.Column("source_id", UUID(as_uuid=False), index=True),
    sa.Column("preview_file_id", UUID(as_uuid=False)), sa.Column("canceled", sa.Boolean),
    sa.Column("status", sa.String), sa.Column("nb_frames", sa.Integer),
    sa.Column("nb_entities_out", sa.Integer), sa.Column("is_casting_standby", sa.Boolean),
    sa.Column("is_shared", sa.Boolean), sa.Column("ready_for", UUID(as_uuid=False)),
    sa.Column("created_by", UUID(as_uuid=False)), sa.Column("data", JSONB(none_as_null=True)),
    sa.Column("entities_out", ARRAY(UUID(as_uuid=False))),
    sa.Column("entity_concept_links", ARRAY(UUID(as_uuid=False))), sa.Column("shotgun_id", sa.Integer),
    sa.Column("created_at", sa.DateTime), sa.Column("updated_at", sa.DateTime))
sa.Index("ix_entity_replica_entities_out", ENTITIES.c.entities_out, postgresql_using="gin")
# media's preview and attachment files: which comment shows which, and what it shows of them
PREVIEWS = replica_table(
    "preview_file_replica", metadata, sa.Column("comment_id", UUID(as_uuid=False), index=True),
    sa.Column("task_id", UUID(as_uuid=False)), sa.Column("revision", sa.Integer),
    sa.Column("extension", sa.String), sa.Column("width", sa.Integer), sa.Column("height", sa.Integer),
    sa.Column("duration", sa.Float), sa.Column("status", sa.String), sa.Column("validation_status", sa.String),
    sa.Column("original_name", sa.String), sa.Column("position", sa.Integer),
    sa.Column("annotations", JSONB(none_as_null=True)))
ATTACHMENTS = replica_table(
    "attachment_file_replica", metadata, sa.Column("comment_id", UUID(as_uuid=False), index=True),
    sa.Column("name", sa.String), sa.Column("extension", sa.String), sa.Column("reply_id", sa.String),
    sa.Column("size", sa.Integer))
REPLICAS = {"project": PROJECTS, "project_status": PROJECT_STATUSES, "entity_type": ENTITY_TYPES,
            "entity": ENTITIES, "person": PERSONS, "preview_file": PREVIEWS,
            "attachment_file": ATTACHMENTS}  # the source's table -> local copy


class Replication(replicas.Replication):
    """Applies the rows; a deleted entity takes its tasks with it, a file appears in (or leaves)
    its comment: the service gives what does that (`entity_deleted(entity_id)`,
    `file_changed(source_table, file_id, actor_id)`)."""

    def __init__(self, entity_deleted, file_changed):
        super().__init__(REPLICAS)
        self.entity_deleted, self.file_changed = entity_deleted, file_changed

    def rows(self, source_table, envelopes):
        super().rows(source_table, envelopes)
        for envelope in envelopes:
            if source_table == "entity" and envelope["data"]["row"] is None:
                self.entity_deleted(envelope["data"]["id"])
            if source_table in ("preview_file", "attachment_file"):
                self.file_changed(source_table, envelope["data"]["id"], envelope.get("user_id"))


# -- reads of the copies ------------------------------------------------------------------------------
def persons(ids, minimal=False):
    """{id: person as auth shows it} for the known ids among `ids` (comments and tasks show who
    wrote them and who works on them)."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    rows = db.current_session().execute(
        sa.select(PERSONS.c.id, PERSONS.c.row)
        .where(PERSONS.c.id.in_(ids), PERSONS.c.replica_deleted.is_(False))).mappings()
    return {row["id"]: person_dict(row, minimal) for row in rows}


def minimal_persons(ids):
    return persons(ids, minimal=True)


def open_project_ids(actor):
    """Subquery of the projects a caller works on: open ones, and (non-admin) whose team has them.
    A project whose status is not replicated yet counts as open."""
    statuses = PROJECT_STATUSES
    query = (sa.select(PROJECTS.c.id)
             .outerjoin(statuses, statuses.c.id == PROJECTS.c.project_status_id)
             .where(PROJECTS.c.replica_deleted.is_(False),
                    sa.func.coalesce(statuses.c.name, "Open") == "Open"))
    if not actor.is_admin:
        query = query.where(PROJECTS.c.team.any(actor.id))
    return query


def with_entity_context(query, entity_id):
    """`query` plus the entity of column `entity_id`, its type, parent and grandparent: what
    rules.entity_names.full_entity_name reads (the inbox, news, chats)."""
    entity = ENTITIES.alias("entity")
    lineage = Lineage(ENTITIES, entity, parent="parent", grandparent="grandparent")
    parent, grandparent = lineage.parent, lineage.grandparent
    return (query.add_columns(
        entity.c.kind.label("entity_kind"), entity.c.name.label("entity_name"), entity.c.source_id,
        entity.c.preview_file_id.label("entity_preview_file_id"),
        ENTITY_TYPES.c.name.label("entity_type_name"), parent.c.id.label("parent_id"),
        parent.c.name.label("parent_name"), grandparent.c.id.label("grandparent_id"),
        grandparent.c.name.label("grandparent_name"))
        .outerjoin(lineage.join(), entity.c.id == entity_id)
        .outerjoin(ENTITY_TYPES, ENTITY_TYPES.c.id == entity.c.entity_type_id))


ENTITY_KEYS = ("id", "name", "code", "description", "shotgun_id", "canceled", "nb_frames",
               "nb_entities_out", "is_casting_standby", "is_shared", "status", "project_id",
               "entity_type_id", "parent_id", "source_id", "preview_file_id", "data", "ready_for",
               "created_by", "created_at", "updated_at")
REPLICA_ONLY = {"replica_position", "replica_deleted", "team", "task_types", "task_statuses",
                "status_automations", "kind", "entities_out", "entity_concept_links",
                "is_bot_collaboration_enabled"}


def replica_dict(row, model, keys=None):
    """A replicated row as Zou serialises it (only the columns this service keeps)."""
    names = keys or [name for name in row.keys() if name not in REPLICA_ONLY]
    out = {name: isoformat(row[name]) if hasattr(row[name], "isoformat") else row[name] for name in names}
    out["type"] = model
    return out


# what production's row.project carries beyond the project's own fields (its settings lists)
PROJECT_LISTS = ("team", "asset_types", "task_statuses", "task_types", "status_automations",
                 "preview_background_files", "team_roles", "task_status_links")


def project_dict(replica_row):
    """The project as Zou shows it inside another row's answer (its fields, no settings lists)."""
    project = {key: value for key, value in (replica_row["row"] or {}).items() if key not in PROJECT_LISTS}
    project.update(created_at=isoformat_text(project.get("created_at")),
                   updated_at=isoformat_text(project.get("updated_at")), type="Project")
    return project


def replica_rows(session, table, ids):
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return {row["id"]: row for row in session.execute(sa.select(table).where(table.c.id.in_(ids))).mappings()}
