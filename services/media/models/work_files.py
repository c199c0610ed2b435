"""The files of the studio's work: working files (a task's scene files, revision after revision)
and output files (what a task exports for an entity, by output type). Read by who may read the
task or entity (vendors: no output lists); written through the generic CRUD by admins, and by the
actions below. Paths are the caller's (file trees: not done yet)."""
import datetime

import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Collection
from shared.crud.fields import Boolean, Integer, Json, String, Uuid
from shared.crud.store import as_object
from shared.eventstore import command
from shared.errors import Forbidden

from ..domain import OutputFile, WorkingFile
from ..replicas import ACCESS, ENTITIES, metadata
from .catalogues import OUTPUT_TYPES

WORKING_FILES = Collection("working-files", "WorkingFile", WorkingFile, "working_file", metadata, {
    "shotgun_id": Integer(), "name": String(), "description": String(), "comment": String(),
    "revision": Integer(), "size": Integer(), "checksum": Integer(), "path": String(), "data": Json(),
    "task_id": Uuid(index=True), "entity_id": Uuid(index=True), "person_id": Uuid(),
    "software_id": Uuid(references="software"), "updated_by": Uuid()})
OUTPUT_FILES = Collection("output-files", "OutputFile", OutputFile, "output_file", metadata, {
    "shotgun_id": Integer(), "name": String(), "canceled": Boolean(default=False), "size": Integer(),
    "checksum": Integer(), "description": String(), "comment": String(), "extension": String(),
    "revision": Integer(), "representation": String(), "nb_elements": Integer(default=1),
    "source": String(), "path": String(), "data": Json(),
    "file_status_id": Uuid(references="file_status"), "entity_id": Uuid(index=True),
    "asset_instance_id": Uuid(), "output_type_id": Uuid(references="output_type"), "task_type_id": Uuid(),
    "person_id": Uuid(), "source_file_id": Uuid(), "temporal_entity_id": Uuid()})


def entity_readable(session, actor, entity_id):
    ACCESS.check_entity_read(session, actor, ACCESS.row(session, ENTITIES, entity_id))


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
        entity_readable(self.session, actor, entity_id)
        return self.listing(WORKING_FILES.table.c.entity_id == entity_id)

    def listing(self, condition):
        table = WORKING_FILES.table
        rows = self.session.execute(sa.select(table).where(condition, table.c.revision >= 0)
                                    .order_by(table.c.revision.desc(), table.c.name)).mappings()
        return [WORKING_FILES.serialize(row) for row in rows]

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
    def of_entity(self, actor, entity_id):
        """GET /data/entities/{entity_id}/output-files (vendors: none of theirs to see)."""
        if actor.role == "vendor":
            raise Forbidden()
        entity_readable(self.session, actor, entity_id)
        table = OUTPUT_FILES.table
        rows = self.session.execute(sa.select(table).where(table.c.entity_id == entity_id).order_by(
            table.c.revision.desc(), table.c.name)).mappings()
        return [OUTPUT_FILES.serialize(row) for row in rows]

    @answers("entity_output_types")
    def output_types(self, actor, entity_id):
        """GET /data/entities/{entity_id}/output-types: the types of its output files."""
        entity_readable(self.session, actor, entity_id)
        types, files = OUTPUT_TYPES.table, OUTPUT_FILES.table
        rows = self.session.execute(sa.select(types).where(types.c.id.in_(
            sa.select(files.c.output_type_id).where(files.c.entity_id == entity_id))).order_by(types.c.name))
        return [OUTPUT_TYPES.serialize(row) for row in rows.mappings()]
