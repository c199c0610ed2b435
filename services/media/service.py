"""The media service (see ARCHITECTURE.md for what it owns): preview files and comment attachments
so far. Who may act on them is decided here, by shared/permissions.py, from local replicas of the
tasks, comments, projects and persons they belong to."""
from nameko.rpc import RpcProxy

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.consumer import CatchUp
from shared.crud.store import parse_id
from shared import db
from shared.errors import Forbidden, NotFound
from shared.eventstore import EventStore
from shared.replicas import Replication, replica_of
from shared.service import entrypoint

from .collections import (ACCESS, ATTACHMENT_FILES, COLLECTIONS, COMMENTS, PREVIEW_FILES, REPLICAS, TASKS,
                          metadata)
from .attachments import Attachments
from .previews import Previews


class MediaApplication(EventStore):
    pass


class MediaPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        self.replication = Replication(REPLICAS)
        self.previews = Previews(self)
        self.attachments = Attachments(self)


class MediaService(shared.service.CrudService):
    name = "media"
    platform = MediaPlatform(MediaApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()
    tasks = RpcProxy("tasks")

    # -- replicas: what the permission rules ask about ------------------------------------------
    on_person_row = replica_of("auth", "person")
    on_project_row = replica_of("production", "project")
    on_project_status_row = replica_of("production", "project_status")
    on_entity_row = replica_of("production", "entity")
    on_task_row = replica_of("tasks", "task")
    on_task_type_row = replica_of("tasks", "task_type")
    on_comment_row = replica_of("tasks", "comment")

    # -- previews -------------------------------------------------------------------------------
    @entrypoint
    def add_preview(self, request):
        task, comment = self.task_and_comment(request)
        return self.platform.previews.add_preview(request["actor"], task, comment, request["body"])

    @entrypoint
    def add_extra_preview(self, request):
        task, comment = self.task_and_comment(request)
        return self.platform.previews.add_extra_preview(request["actor"], task, comment,
                                                        request["params"]["preview_file_id"])

    @entrypoint
    def remove_preview_from_comment(self, request):
        task, comment = self.task_and_comment(request)
        return self.platform.previews.remove_from_comment(request["actor"], task, comment,
                                                          request["params"]["preview_file_id"])

    @entrypoint
    def task_previews(self, request):
        return self.platform.previews.task_previews(request["actor"], self.task(request["params"]["task_id"]))

    @entrypoint
    def project_preview_files(self, request):
        return self.platform.previews.project_previews(request["actor"], request["params"]["project_id"])

    # -- the generic CRUD of preview and attachment files: Zou's rules need their task ---------
    @entrypoint
    def crud_get(self, request):
        params = request["params"]
        if params["collection"] == PREVIEW_FILES.name:
            return self.platform.previews.get(request["actor"], self.preview_task(params["instance_id"]),
                                              params["instance_id"])
        if params["collection"] == ATTACHMENT_FILES.name:
            row = self.readable_attachment(request["actor"], params["instance_id"])
            return self.attachments_shown([row])[0]
        return super().crud_get(request)

    @entrypoint
    def crud_update(self, request):
        params = request["params"]
        if params["collection"] == PREVIEW_FILES.name:
            return self.platform.previews.update(request["actor"], self.preview_task(params["instance_id"]),
                                                 params["instance_id"], request["body"])
        return super().crud_update(request)

    @entrypoint
    def crud_delete(self, request):
        params = request["params"]
        if params["collection"] == PREVIEW_FILES.name:
            return self.platform.previews.delete(request["actor"], self.preview_task(params["instance_id"]),
                                                 params["instance_id"])
        return super().crud_delete(request)

    def preview_task(self, preview_file_id):
        return self.task(self.platform.previews.row(preview_file_id)["task_id"])

    # -- attachments -------------------------------------------------------------------------------
    @entrypoint
    def add_attachments(self, request):
        task, comment = self.task_and_comment(request, missing=Forbidden)
        return self.platform.attachments.add(request["actor"], task, comment, request["body"])

    @entrypoint
    def delete_attachment(self, request):
        task, comment = self.task_and_comment(request, missing=Forbidden)
        return self.platform.attachments.delete(request["actor"], task, comment,
                                                request["params"]["attachment_file_id"])

    @entrypoint
    def attachment_file(self, request):
        row = self.readable_attachment(request["actor"], request["params"]["attachment_file_id"])
        return {"id": row["id"], "name": row["name"], "mimetype": row["mimetype"]}

    @entrypoint
    def task_attachment_files(self, request):
        task_id = request["params"]["task_id"]
        return self.attachments_shown(self.platform.attachments.listing(request["actor"], task_id=task_id))

    @entrypoint
    def project_attachment_files(self, request):
        rows = self.platform.attachments.listing(request["actor"], project_id=request["params"]["project_id"])
        return self.attachments_shown(rows)

    def readable_attachment(self, actor, attachment_file_id):
        """An attachment file goes to whoever may read its task (Zou's rule)."""
        row = self.platform.attachments.file(attachment_file_id)
        self.platform.attachments.check_read(actor, self.task(row["task_id"]))
        return row

    def attachments_shown(self, rows):
        """The rows with their comments, which the tasks service keeps."""
        ids = sorted({row["comment_id"] for row in rows if row["comment_id"]})
        comments = self.tasks.rows_by_ids(request={"params": {"collection": "comments", "ids": ids,
                                                              "relations": False}}) if ids else []
        return self.platform.attachments.shown(rows, {comment["id"]: comment for comment in comments})

    # -- the tasks service's rows ----------------------------------------------------------------
    def task(self, task_id):
        return self.known("tasks", TASKS, task_id)

    def task_and_comment(self, request, missing=NotFound):
        """The task and comment of the path; a comment of another task answers `missing` (Zou:
        404 when previewing, 403 when attaching)."""
        params = request["params"]
        task = self.task(params["task_id"])
        comment = self.known("comments", COMMENTS, params["comment_id"])
        if comment["object_id"] != task["id"]:
            raise missing()
        return task, comment

    def known(self, collection, replica, row_id):
        """A row of the tasks service from the local replica; one written a moment ago may not be
        there yet: then the tasks service is asked (404 when it has none either)."""
        row_id = parse_id(row_id)
        try:
            return ACCESS.row(db.current_session(), replica, row_id)
        except NotFound:
            rows = self.tasks.rows_by_ids(request={"params": {"collection": collection, "ids": [row_id]}})
            if not rows:
                raise
            return rows[0]
