"""Comments posted in a batch with their files: POST /actions/tasks/{task_id}/batch-comment and
POST /actions/tasks/batch-comment (each comment names its task), as gazu's batch_comments sends
them: a multipart whose `comments` field is a JSON list of {task_id?, task_status_id, text,
checklist?, links?, person_id?, created_at?}, with files `attachment_file-<i>-<j>` and
`preview_file-<i>-<j>` for comment i; or a JSON body {comments}. 201: the comments, each with its
`attachment_files` and `preview_files`.

The comments are the tasks service's: each is posted to its comment route for the same caller.
Media then keeps their attachments and makes their previews (a preview file of a format Zou does
not take is left out, as Zou does). What media can check — the list, the tasks and the caller's
right on them, the statuses and which ones an artist may set — is checked for every comment
before the first one is made, so that such a refusal writes nothing."""
import re

import orjson

from shared import permissions
from shared.application import UseCases, answers
from shared.crud.store import parse_id
from shared.errors import NotFound, ValidationError, WrongParameter
from shared.storage import STORE

from ..models.attachment_files import ATTACHMENTS, AttachmentFiles
from ..models.preview_files import PreviewFiles
from ..replicas import ACCESS
from ..rules.formats import kind_of
from ..uploads import UPLOADS, staged
from .preview_uploads import PreviewUploads

FILE_FIELD = re.compile(r"^(attachment_file|preview_file)-(\d+)(?:-|$)")
NOT_A_LIST = "comments must be a list of comments."


class BatchComments(UseCases):
    @answers("batch_comment")
    def post(self, actor, body, task_id=None):
        uploads = staged(body)
        try:
            comments = self.checked(actor, read_comments(body, task_id))
            files = files_by_comment(uploads, len(comments))
            return [self.post_one(actor, comment, *files[index]) for index, comment in enumerate(comments)]
        finally:
            for upload in uploads:  # those no comment took
                STORE.remove(UPLOADS, upload["id"])

    def checked(self, actor, comments):
        """The comments, once their tasks, statuses and the caller's rights are checked."""
        if not comments:
            return comments
        statuses = {row["id"]: row for row in self.platform.tasks_rows.rows_by_ids(
            "task-status", sorted({comment["task_status_id"] for comment in comments}), relations=False)}
        for comment in comments:
            task = self.platform.tasks_rows.task(comment["task_id"])
            project = ACCESS.check_task_action_access(self.session, actor, task)
            status = statuses.get(comment["task_status_id"])
            if status is None:
                raise NotFound()
            if permissions.project_role(actor, project) == permissions.ARTIST:
                permissions.allow(status.get("is_artist_allowed"))
        return comments

    def post_one(self, actor, comment, attachments, previews):
        """One comment made by the tasks service, then its files."""
        made = self.platform.remote().call("tasks", "comment_task", params={"task_id": comment["task_id"]}, body={
            "task_status_id": comment["task_status_id"], "comment": comment.get("text") or "",
            "checklist": comment.get("checklist") or [], "links": comment.get("links") or [],
            "person_id": comment.get("person_id"), "created_at": comment.get("created_at")})
        for upload in attachments:
            STORE.move(UPLOADS, upload["id"], ATTACHMENTS, upload["id"])
        task_id = comment["task_id"]
        attached = self.platform.part(AttachmentFiles).add(actor, task_id, made["id"], {"files": attachments})
        made_previews = (self.preview(actor, task_id, made["id"], upload) for upload in previews)
        return {**made, "attachment_files": attached, "preview_files": [preview for preview in made_previews if preview]}

    def preview(self, actor, task_id, comment_id, upload):
        """A preview of the comment's revision with the uploaded file; None when it is not one
        Zou takes (the preview is then removed)."""
        if kind_of(upload["extension"]) is None:
            return None
        created = self.platform.part(PreviewFiles).add_preview(actor, task_id, comment_id, {})
        try:
            return self.platform.part(PreviewUploads).upload(actor, created["id"], {"files": [upload]}, {})
        except WrongParameter:
            return None


def read_comments(body, task_id):
    """The request's comments, each naming its task (the path's, when given)."""
    body = body if isinstance(body, dict) else {}
    comments = body.get("comments")
    if comments is None:
        raise ValidationError([{"field": "comments", "message": "Field required"}])
    if isinstance(comments, str):
        try:
            comments = orjson.loads(comments)
        except orjson.JSONDecodeError:
            raise WrongParameter(NOT_A_LIST) from None
    if not isinstance(comments, list) or not all(isinstance(comment, dict) for comment in comments):
        raise WrongParameter(NOT_A_LIST)
    errors = []
    for index, comment in enumerate(comments):
        for field in ("task_status_id",) if task_id else ("task_id", "task_status_id"):
            if not comment.get(field):
                errors.append({"field": f"comments.{index}.{field}", "message": "Field required"})
        if not isinstance(comment.get("text") or "", str):
            errors.append({"field": f"comments.{index}.text", "message": "Input should be a valid string"})
    if errors:
        raise ValidationError(errors)
    return [{**comment, "task_id": parse_id(task_id or comment["task_id"]),
             "task_status_id": parse_id(comment["task_status_id"])} for comment in comments]


def files_by_comment(uploads, count):
    """[(attachments, previews)] for each of `count` comments, by the parts' names."""
    files = [([], []) for _ in range(count)]
    for upload in uploads:
        matched = FILE_FIELD.match(upload.get("field") or "")
        if matched and int(matched.group(2)) < count:
            files[int(matched.group(2))][matched.group(1) == "preview_file"].append(upload)
    return files
