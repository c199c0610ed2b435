"""Routes answered by the media service: preview files and attachments, with their review actions
(on a task's comment; the tasks service is asked about the task and the comment)."""
from . import rows

COLLECTIONS = {"preview-files": "media", "attachment-files": "media"}
ATTACHMENTS = {"store": "files/attachments"}  # where the gateway keeps their bytes

COMMENT = "/actions/tasks/{task_id}/comments/{comment_id}"

ROUTES = rows(
    "media",
    ("POST", f"{COMMENT}/add-preview", "add_preview", "access", 201),
    ("POST", f"{COMMENT}/preview-files/{{preview_file_id}}", "add_extra_preview", "access", 201),
    ("DELETE", f"{COMMENT}/preview-files/{{preview_file_id}}", "remove_preview_from_comment", "access", 204),
    ("GET", "/data/tasks/{task_id}/previews", "task_previews"),
    ("GET", "/data/projects/{project_id}/preview-files", "project_preview_files"),
    ("POST", f"{COMMENT}/add-attachment", "add_attachments", "access", 201, ATTACHMENTS, "upload"),
    ("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/attachments/{attachment_file_id}",
     "delete_attachment", "access", 204, {**ATTACHMENTS, "file": "attachment_file_id"}, "unstore"),
    ("GET", "/data/attachment-files/{attachment_file_id}/file/{file_name}", "attachment_file", "access",
     200, ATTACHMENTS, "file"),
    ("GET", "/data/tasks/{task_id}/attachment-files", "task_attachment_files"),
    ("GET", "/data/projects/{project_id}/attachment-files", "project_attachment_files"),
)
