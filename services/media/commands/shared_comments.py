"""A shared playlist's comments, for its link's guests: the comments they see (those written for
the client and the guests' own, on the tasks whose previews the playlist shows), their own posted
(a status the client may set), edited and deleted, and files attached to them. The comments are
the tasks service's, written in the guest's name (share_guests.ShareGuests.as_guest); the
attachments are media's own (models/attachment_files.py), for the comment's author."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import ApiError

from ..models.attachment_files import ATTACHMENT_FILES, AttachmentFiles
from ..replicas import COMMENTS, PERSONS
from ..rules.file_requests import as_uuid
from ..rules.share_links import guest_fields
from .share_guests import ShareGuests, found_or, refused

COMMENT_NOT_FOUND = "Comment not found"
# what Zou shows of a comment in the shared list, and of its author and editor
LISTED = ("shotgun_id", "object_id", "object_type", "text", "data", "replies", "checklist", "pinned", "for_client",
          "links", "task_status_id", "person_id", "editor_id", "preview_file_id", "id", "created_at", "updated_at",
          "type", "person", "task_status", "attachment_files")
AUTHOR = ("first_name", "last_name", "full_name", "has_avatar", "role", "id", "is_guest")
EDITOR = ("first_name", "last_name", "has_avatar", "role", "id")


class SharedComments(UseCases):
    @property
    def guests(self):
        return self.platform.part(ShareGuests)

    def attachments(self, comment_id):
        table = ATTACHMENT_FILES.table
        rows = self.session.execute(sa.select(table).where(table.c.comment_id == comment_id)
                                    .order_by(table.c.created_at)).mappings()
        return [{key: row[key] for key in ("id", "name", "extension", "size")} for row in rows]

    def with_attachments(self, comment_id):
        """The comment (the tasks service's row, with its relations) and media's files of it."""
        [row] = self.platform.tasks_rows.rows_by_ids("comments", [comment_id])
        return {**row, "attachment_files": self.attachments(comment_id)}

    def own_comment(self, link, comment_id, guest_id):
        """The guest's comment on one of the playlist's tasks (media's copy: task and author)."""
        if not as_uuid(comment_id):
            raise refused(COMMENT_NOT_FOUND, 404)
        comment = found_or(COMMENT_NOT_FOUND, self.platform.tasks_rows.known, "comments", COMMENTS, comment_id)
        if comment["object_id"] not in self.guests.task_ids(link):
            raise refused(COMMENT_NOT_FOUND, 404)
        if comment["person_id"] != guest_id:
            raise refused("Forbidden")
        return comment

    # -- the list ---------------------------------------------------------------------------------
    @answers("shared_playlist_comments")
    def list(self, token, query):
        """GET …/comments: newest first, with their authors, statuses and attachments."""
        link = self.guests.opened(token, query)
        remote = self.platform.remote(actor={"id": link["created_by"], "role": "admin"})
        replies = [remote.send("tasks", "task_comments", params={"task_id": task_id})
                   for task_id in sorted(self.guests.task_ids(link))]
        comments = [comment for reply in replies for comment in remote.answer(reply)]
        people = {row["id"]: row["row"] or {} for row in self.session.execute(
            sa.select(PERSONS.c.id, PERSONS.c.row).where(PERSONS.c.id.in_(
                ({comment["person_id"] for comment in comments} | {comment["editor_id"] for comment in comments})
                - {None}))).mappings()}
        shown = [comment for comment in comments
                 if comment["for_client"] or people.get(comment["person_id"], {}).get("is_guest")]
        shown.sort(key=lambda comment: comment["created_at"], reverse=True)
        return [listed(comment, people) for comment in shown]

    # -- a guest's own comments ------------------------------------------------------------------
    @answers("shared_playlist_comment")
    def post(self, token, query, body):
        """POST …/comments {guest_id, task_id, task_status_id, text?, checklist?}: 201."""
        link = self.guests.commenting(token, query)
        fields = guest_fields(body, {"guest_id": True, "task_id": True, "task_status_id": True, "text": False,
                                     "checklist": False}, "GuestCommentSchema",
                              ids=("guest_id", "task_id", "task_status_id"))
        guest = self.guests.guest_of(link, fields["guest_id"])
        if str(as_uuid(fields["task_id"])) not in self.guests.task_ids(link):
            raise refused("Task not part of this shared playlist")
        if not self.status_row(fields["task_status_id"]):
            raise refused("Task status not found", 400)
        status = self.client_status(fields["task_status_id"])
        if status is None:
            raise refused("Task status not allowed for guests", 400)
        made = self.guests.as_guest(guest["id"]).call(
            "tasks", "comment_task", params={"task_id": str(as_uuid(fields["task_id"]))},
            body={"task_status_id": status["id"], "comment": fields["text"] or "",
                  "checklist": fields["checklist"] or []})
        return {**made, "attachment_files": []}

    def status_row(self, status_id):
        rows = self.platform.tasks_rows.rows_by_ids("task-status", [str(as_uuid(status_id))], relations=False)
        return rows[0] if rows else None

    def client_status(self, status_id):
        """The status, when a client may set it; else None."""
        status = self.status_row(status_id)
        return status if status and status.get("is_client_allowed") else None

    @answers("edit_shared_playlist_comment")
    def edit(self, token, comment_id, query, body):
        """PUT …/comments/{comment_id} {guest_id, text?, checklist?, task_status_id?}: the
        comment, the guest its editor (its status a client's: the task keeps its own)."""
        link = self.guests.commenting(token, query)
        fields = guest_fields(body, {"guest_id": True, "text": False, "checklist": False, "task_status_id": False},
                              "GuestCommentEditSchema", ids=("guest_id", "task_status_id"))
        guest = self.guests.guest_of(link, fields["guest_id"])
        comment = self.own_comment(link, comment_id, guest["id"])
        changes = {"editor_id": guest["id"], **{name: fields[name] for name in ("text", "checklist")
                                                if fields[name] is not None}}
        if fields["task_status_id"]:
            status = self.client_status(fields["task_status_id"])
            if status is None:
                raise refused("Forbidden")
            changes["task_status_id"] = status["id"]
        self.guests.as_guest(guest["id"]).update("tasks", "comments", comment["id"], changes)
        return self.with_attachments(comment["id"])

    @answers("delete_shared_playlist_comment")
    def delete(self, token, comment_id, query, body):
        """DELETE …/comments/{comment_id}?guest_id=: 204."""
        link = self.guests.commenting(token, query)
        guest = self.named_guest(link, query, body)
        comment = self.own_comment(link, comment_id, guest["id"])
        self.guests.as_guest(guest["id"]).call("tasks", "delete_task_comment", params={
            "task_id": comment["object_id"], "comment_id": comment["id"]})

    def named_guest(self, link, query, body):
        """The guest named by the query (or the body), required."""
        given = {**(body if isinstance(body, dict) else {}), **(query or {})}
        fields = guest_fields({"guest_id": given.get("guest_id")}, {"guest_id": True}, "GuestSchema",
                              ids=("guest_id",))
        return self.guests.guest_of(link, fields["guest_id"])

    # -- their attachments ------------------------------------------------------------------------
    @answers("attach_to_shared_playlist_comment")
    def attach(self, token, comment_id, query, body):
        """POST …/comments/{comment_id}/attachments (multipart: guest_id, files): 201, the
        comment with all its attachments."""
        link = self.guests.commenting(token, query)
        body = body if isinstance(body, dict) else {}
        try:
            guest = self.guests.guest_of(link, body.get("guest_id") or (query or {}).get("guest_id"))
        except ApiError:  # Zou: whoever the form names, not the link's guest: forbidden
            raise refused("Forbidden") from None
        comment = self.own_comment(link, comment_id, guest["id"])
        self.platform.part(AttachmentFiles).add(self.author(guest), comment["object_id"], comment["id"],
                                                {"files": body.get("files") or []})
        return self.with_attachments(comment["id"])

    @answers("detach_from_shared_playlist_comment")
    def detach(self, token, comment_id, attachment_file_id, query, body):
        """DELETE …/comments/{comment_id}/attachments/{attachment_file_id}?guest_id=: 204."""
        link = self.guests.commenting(token, query)
        guest = self.named_guest(link, query, body)
        comment = self.own_comment(link, comment_id, guest["id"])
        table = ATTACHMENT_FILES.table
        attached = as_uuid(attachment_file_id) and self.session.execute(sa.select(table.c.id).where(
            table.c.id == str(as_uuid(attachment_file_id)), table.c.comment_id == comment["id"])).first()
        if not attached:
            raise refused(COMMENT_NOT_FOUND, 404)
        self.platform.part(AttachmentFiles).remove(self.author(guest), comment["object_id"], comment["id"],
                                                   str(as_uuid(attachment_file_id)))

    @answers("shared_attachment_file")
    def download(self, token, attachment_file_id, query):
        """GET …/attachment-files/{id}/file/{name}: a file of a comment on the playlist's tasks."""
        link = self.guests.opened(token, query)
        row = self.crud.row(ATTACHMENT_FILES, attachment_file_id)
        if row["task_id"] not in self.guests.task_ids(link):
            raise refused("Attachment not found", 404)
        return {"id": row["id"], "name": row["name"], "mimetype": row["mimetype"]}

    def author(self, guest):
        return Actor({"id": guest["id"], "role": "client"})


def listed(comment, people):
    """A comment as the shared list shows it."""
    author = people.get(comment["person_id"], {})
    out = {key: comment.get(key) for key in LISTED}
    out["person"] = {**{key: author.get(key) for key in AUTHOR},
                     "full_name": f"{author.get('first_name') or ''} {author.get('last_name') or ''}".strip(),
                     "is_guest": bool(author.get("is_guest"))}
    if comment.get("editor_id"):
        editor = people.get(comment["editor_id"], {})
        out["editor"] = {key: editor.get(key) for key in EDITOR}
    out["attachment_files"] = comment.get("attachment_files") or []
    return out
