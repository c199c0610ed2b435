"""The files of the studio's work: working files (a task's scene files, revision after revision)
and output files (what a task exports for an entity, by output type). Read by who may read the
task or entity (vendors: no output lists); written through the generic CRUD by admins, and by the
actions below; new revisions with paths from the project's file tree: commands/file_revisions.py."""
import datetime

import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Collection
from shared.crud.fields import Boolean, Integer, Json, String, Uuid
from shared.crud.store import as_object, parse_id
from shared.eventstore import command
from shared.errors import ApiError, Forbidden, NotFound
from shared.storage import STORE

from ..domain import OutputFile, WorkingFile
from ..replicas import ACCESS, ENTITIES, metadata
from ..rules.file_requests import as_uuid
from .catalogues import OUTPUT_TYPES

UPLOADS, CONTENTS = "files/uploads", "files/working"  # staged by the gateway; kept as Zou keeps them
NO_FILE = "The browser (or proxy) sent a request that this server could not understand."  # Zou's 400
FILTERS = ("task_type_id", "output_type_id", "name", "representation", "file_status_id")

WORKING_FILES = Collection("working-files", "WorkingFile", WorkingFile, "working_file", metadata, {
    "shotgun_id": Integer(), "name": String(), "description": String(), "comment": String(),
    "revision": Integer(), "size": Integer(), "checksum": Integer(), "path": String(), "data": Json(),
    "task_id": Uuid(index=True), "entity_id": Uuid(index=True), "person_id": Uuid(),
    "software_id": Uuid(references="software"), "updated_by": Uuid(), "validation_status": String(default="neutral")})
OUTPUT_FILES = Collection("output-files", "OutputFile", OutputFile, "output_file", metadata, {
    "shotgun_id": Integer(), "name": String(), "canceled": Boolean(default=False), "size": Integer(),
    "checksum": Integer(), "description": String(), "comment": String(), "extension": String(),
    "revision": Integer(), "representation": String(), "nb_elements": Integer(default=1),
    "source": String(), "path": String(), "data": Json(), "quality": String(),
    "file_status_id": Uuid(references="file_status"), "entity_id": Uuid(index=True),
    "asset_instance_id": Uuid(), "output_type_id": Uuid(references="output_type"), "task_type_id": Uuid(),
    "person_id": Uuid(), "source_file_id": Uuid(), "temporal_entity_id": Uuid()})


def readable_entity(session, actor, entity_id):
    """The entity, once the caller may read it (404 unknown, 403 refused)."""
    entity = ACCESS.row(session, ENTITIES, entity_id)
    ACCESS.check_entity_read(session, actor, entity)
    return entity


def readable_instance(platform, session, actor, asset_instance_id):
    """production's asset instance and its asset, once the caller may read it."""
    instance = platform.remote().row("production", "asset-instances", parse_id(asset_instance_id))
    return instance, readable_entity(session, actor, instance["asset_id"])


def output_filters(query, names=FILTERS):
    """The conditions of an output list's query filters (Zou's: an empty one is left out)."""
    table, conditions = OUTPUT_FILES.table, []
    for name in names:
        value = query.get(name)
        if value:
            value = value if name in ("name", "representation") else as_uuid(value)
            conditions.append(table.c[name] == value if value else sa.false())
    return conditions


class WorkingFiles(Model):
    collection = WORKING_FILES

    @answers("task_working_files")
    def of_task(self, actor, task_id):
        """GET /data/tasks/{task_id}/working-files: newest revision first."""
        ACCESS.check_task_access(self.session, actor, self.platform.tasks_rows.task(task_id))
        return self.listing(WORKING_FILES.table.c.task_id == task_id)

    @answers("entity_working_files")
    def of_entity(self, actor, entity_id):
        """GET /data/entities/{entity_id}/working-files."""
        readable_entity(self.session, actor, entity_id)
        return self.listing(WORKING_FILES.table.c.entity_id == entity_id)

    def listing(self, condition):
        table = WORKING_FILES.table
        rows = self.session.execute(sa.select(table).where(condition, table.c.revision >= 0)
                                    .order_by(table.c.revision.desc(), table.c.name)).mappings()
        return [WORKING_FILES.serialize(row) for row in rows]

    def get(self, actor, instance_id, query):
        """GET /data/working-files/{id}: for who may read its task."""
        return self.shown(self.readable(actor, instance_id))

    @answers("file_info")
    def file_info(self, actor, file_id):
        """GET /data/files/{file_id}: a working file, else an output file, for who has access to
        its project (404 when neither)."""
        file_id = as_uuid(file_id)
        for collection in (WORKING_FILES, OUTPUT_FILES):
            row = self.session.execute(sa.select(collection.table).where(collection.table.c.id == file_id)
                                       ).mappings().first() if file_id else None
            if row is not None:
                break
        else:
            raise NotFound()
        if collection is WORKING_FILES:
            project_id = self.platform.tasks_rows.task(row["task_id"])["project_id"]
        else:
            project_id = ACCESS.row(self.session, ENTITIES, row["entity_id"])["project_id"]
        permissions.check_project_access(actor, ACCESS.project(self.session, project_id))
        return collection.serialize(row)

    def readable(self, actor, working_file_id):
        """The working file (404 when unknown or not an id, as Zou), for who may read its task
        (Zou lets them, clients too, also replace its content)."""
        if as_uuid(working_file_id) is None:
            raise NotFound()
        row = self.crud.row(WORKING_FILES, working_file_id)
        ACCESS.check_task_access(self.session, actor, self.platform.tasks_rows.task(row["task_id"]))
        return row

    @answers("store_working_file")
    def store_content(self, actor, working_file_id, body):
        """POST /data/working-files/{id}/file (multipart `file`): the gateway staged the bytes,
        they become the file's content (its row unchanged, as Zou); 201 with the working file."""
        row = self.readable(actor, working_file_id)
        files = (body or {}).get("files") or []
        if not files:
            raise ApiError({"error": True, "message": NO_FILE})
        STORE.move(UPLOADS, files[0]["id"], CONTENTS, row["id"])
        for extra in files[1:]:  # Zou reads the one `file` part
            STORE.remove(UPLOADS, extra["id"])
        return self.shown(row)

    @answers("working_file_content")
    def content(self, actor, working_file_id):
        """GET /data/working-files/{id}/file: the stored content, which the gateway sends."""
        row = self.readable(actor, working_file_id)
        if not STORE.exists(CONTENTS, row["id"]):
            raise ApiError({"error": True, "message": f"Working file not found for: {row['id']}"}, 404)
        return {"id": row["id"], "name": "", "mimetype": "application/octet-stream", "inline": True}

    def shown(self, row):
        """A working file as Zou shows one alone: with `outputs`, a relation Zou's API never fills
        (an output file names its source by `source_file_id`), so always empty."""
        return {**WORKING_FILES.serialize(row), "outputs": []}

    def changed(self, actor, working_file_id, changes):
        """Only who may act on the file's task changes it."""
        row = self.crud.row(WORKING_FILES, working_file_id)
        ACCESS.check_task_action_access(self.session, actor, self.platform.tasks_rows.task(row["task_id"]))
        return self.crud.save_changes(WORKING_FILES, actor, row["id"], changes, row=row)

    @answers("comment_working_file")
    @command
    def comment(self, actor, working_file_id, body):
        """PUT /actions/working-files/{id}/comment {comment}."""
        return self.changed(actor, working_file_id, {"comment": as_object(body).get("comment")})

    @answers("working_file_modified")
    @command
    def modified(self, actor, working_file_id):
        """PUT /actions/working-files/{id}/modified: its modification date is now."""
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat()
        return self.changed(actor, working_file_id, {"data": {"modified_at": now}})


class OutputFiles(Model):
    collection = OUTPUT_FILES

    @answers("entity_output_files")
    def of_entity(self, actor, entity_id, query):
        """GET /data/entities/{entity_id}/output-files (the query filters; not its instances'
        files; vendors: none of theirs to see): newest revision first, then oldest made."""
        if actor.role == "vendor":
            raise Forbidden()
        readable_entity(self.session, actor, entity_id)
        table = OUTPUT_FILES.table
        return self.listing(table.c.entity_id == entity_id, table.c.asset_instance_id.is_(None),
                            *output_filters(query), order=(table.c.revision.desc(), table.c.created_at))

    def listing(self, *conditions, order=None):
        table = OUTPUT_FILES.table
        rows = self.session.execute(sa.select(table).where(table.c.revision >= 0, *conditions).order_by(
            *(order if order is not None else (table.c.revision.desc(), table.c.name)))).mappings()
        return [OUTPUT_FILES.serialize(row) for row in rows]

    @answers("entity_output_type_files")
    def of_entity_and_type(self, actor, entity_id, output_type_id, query):
        """GET /data/entities/{entity_id}/output-types/{output_type_id}/output-files (?representation)."""
        readable_entity(self.session, actor, entity_id)
        self.crud.row(OUTPUT_TYPES, output_type_id)
        table = OUTPUT_FILES.table
        return self.listing(table.c.entity_id == entity_id, table.c.output_type_id == output_type_id,
                            table.c.asset_instance_id.is_(None), *output_filters(query, ("representation",)))

    @answers("project_output_files")
    def of_project(self, actor, project_id, query):
        """GET /data/projects/{project_id}/output-files: newest first (the project's managers)."""
        project = ACCESS.project(self.session, project_id)
        permissions.check_manager_project_access(actor, project)
        table = OUTPUT_FILES.table
        entities = sa.select(ENTITIES.c.id).where(ENTITIES.c.project_id == project["id"])
        return self.listing(table.c.entity_id.in_(entities), table.c.asset_instance_id.is_(None),
                            table.c.temporal_entity_id.is_(None), *output_filters(query),
                            order=(table.c.created_at.desc(), table.c.name))

    @answers("instance_output_files")
    def of_instance(self, actor, asset_instance_id, query):
        """GET /data/asset-instances/{id}/output-files (?temporal_entity_id and the filters)."""
        instance, _ = readable_instance(self.platform, self.session, actor, asset_instance_id)
        table = OUTPUT_FILES.table
        temporal = [table.c.temporal_entity_id == (as_uuid(query["temporal_entity_id"]) or sa.null())] \
            if query.get("temporal_entity_id") else []
        return self.listing(table.c.asset_instance_id == instance["id"], *temporal, *output_filters(query))

    @answers("instance_output_type_files")
    def of_instance_and_type(self, actor, asset_instance_id, temporal_entity_id, output_type_id, query):
        """GET /data/asset-instances/{id}/entities/{temporal_entity_id}/output-types/{output_type_id}/output-files."""
        instance, _ = readable_instance(self.platform, self.session, actor, asset_instance_id)
        self.crud.row(OUTPUT_TYPES, output_type_id)
        table = OUTPUT_FILES.table
        return self.listing(table.c.asset_instance_id == instance["id"],
                            table.c.temporal_entity_id == parse_id(temporal_entity_id),
                            table.c.output_type_id == output_type_id, *output_filters(query, ("representation",)))

    @answers("instance_output_types")
    def instance_output_types(self, actor, asset_instance_id, temporal_entity_id):
        """GET /data/asset-instances/{id}/entities/{temporal_entity_id}/output-types."""
        instance, _ = readable_instance(self.platform, self.session, actor, asset_instance_id)
        files = OUTPUT_FILES.table
        return self.types_of(sa.select(files.c.output_type_id).where(
            files.c.asset_instance_id == instance["id"], files.c.temporal_entity_id == parse_id(temporal_entity_id)))

    def types_of(self, output_type_ids):
        types = OUTPUT_TYPES.table
        rows = self.session.execute(sa.select(types).where(types.c.id.in_(output_type_ids)).order_by(types.c.name))
        return [OUTPUT_TYPES.serialize(row) for row in rows.mappings()]

    @answers("entity_output_types")
    def output_types(self, actor, entity_id):
        """GET /data/entities/{entity_id}/output-types: the types of its output files."""
        readable_entity(self.session, actor, entity_id)
        files = OUTPUT_FILES.table
        return self.types_of(sa.select(files.c.output_type_id).where(files.c.entity_id == entity_id))
