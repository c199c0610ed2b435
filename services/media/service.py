"""The media service (see ARCHITECTURE.md for what it owns): preview files and comment attachments
so far. The tasks service answers which task and comment they belong to, and who may act on them."""
from nameko.rpc import RpcProxy

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.errors import keep_remote_api_errors
from shared.eventstore import EventStore
from shared.service import entrypoint

from .collections import ATTACHMENT_FILES, COLLECTIONS, PREVIEW_FILES, metadata
from .attachments import Attachments
from .previews import Previews, shown

keep_remote_api_errors()  # the tasks service's 403/404 are this service's answers


class MediaApplication(EventStore):
    pass


class MediaPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        self.previews = Previews(self)
        self.attachments = Attachments(self)


class MediaService(shared.service.CrudService):
    name = "media"
    platform = MediaPlatform(MediaApplication, metadata, COLLECTIONS)
    tasks = RpcProxy("tasks")

    @entrypoint
    def add_preview(self, request):
        return self.platform.previews.add_preview(request["actor"], self.task_context(request),
                                                  request["body"])

    @entrypoint
    def add_extra_preview(self, request):
        return self.platform.previews.add_extra_preview(request["actor"], self.task_context(request),
                                                        request["params"]["preview_file_id"])

    @entrypoint
    def remove_preview_from_comment(self, request):
        return self.platform.previews.remove_from_comment(
            request["actor"], self.task_context(request, rule="action"), request["params"]["preview_file_id"])

    @entrypoint
    def task_previews(self, request):
        return self.platform.previews.task_previews(self.task_context(request))

    @entrypoint
    def project_preview_files(self, request):
        self.project_access(request)
        return self.platform.previews.project_previews(request["params"]["project_id"])

    @entrypoint
    def crud_get(self, request):
        """A preview or attachment file's row goes to whoever may read its task (Zou's rule):
        the generic CRUD can't ask the tasks service."""
        params = request["params"]
        if params["collection"] not in (PREVIEW_FILES.name, ATTACHMENT_FILES.name):
            return super().crud_get(request)
        row = self.platform.crud.row(self.platform.crud.collection(params["collection"]), params["instance_id"])
        self.task_context({"actor": request["actor"], "params": {"task_id": row["task_id"]}})
        if params["collection"] == PREVIEW_FILES.name:
            return shown(row)
        return self.attachments_shown([row])[0]

    # -- attachments -------------------------------------------------------------------------------
    @entrypoint
    def add_attachments(self, request):
        return self.platform.attachments.add(request["actor"], self.task_context(request, rule="action"),
                                             request["body"])

    @entrypoint
    def delete_attachment(self, request):
        return self.platform.attachments.delete(request["actor"], self.task_context(request, rule="action"),
                                                request["params"]["attachment_file_id"])

    @entrypoint
    def attachment_file(self, request):
        row = self.platform.attachments.file(request["params"]["attachment_file_id"])
        self.task_context({"actor": request["actor"], "params": {"task_id": row["task_id"]}})
        return {"id": row["id"], "name": row["name"], "mimetype": row["mimetype"]}

    @entrypoint
    def task_attachment_files(self, request):
        task = self.task_context(request)["task"]
        return self.attachments_shown(self.platform.attachments.listing(task_id=task["id"]))

    @entrypoint
    def project_attachment_files(self, request):
        self.project_access(request, rule="manager")
        return self.attachments_shown(self.platform.attachments.listing(project_id=request["params"]["project_id"]))

    def attachments_shown(self, rows):
        """The rows with their comments, which the tasks service keeps."""
        ids = sorted({row["comment_id"] for row in rows if row["comment_id"]})
        comments = self.tasks.rows_by_ids(request={"params": {"collection": "comments", "ids": ids,
                                                              "relations": False}}) if ids else []
        return self.platform.attachments.shown(rows, {comment["id"]: comment for comment in comments})

    # -- what the tasks service says of the request --------------------------------------------
    def task_context(self, request, rule="read"):
        """The task (and comment) of the request as the tasks service knows them; its 403/404."""
        params = request["params"]
        return self.tasks.task_context(request={"actor": request["actor"], "params": {
            "task_id": params["task_id"], "comment_id": params.get("comment_id"), "rule": rule}})

    def project_access(self, request, rule="member"):
        self.tasks.project_access(request={"actor": request["actor"], "params": {
            "project_id": request["params"]["project_id"], "rule": rule}})
