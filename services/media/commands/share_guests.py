"""A share link's guests: who they are (persons of the auth service: role client, `is_guest`, the
link's id in their `data`, no password: they never log in) and the annotations they draw on the
playlist's previews. Guests act without a login (the gateway's "share" rule): the body or query
names the guest, who must be one of the link's; commenting or drawing needs a link that allows
comments. Refusals answer Zou's `{"error": ...}` bodies."""
import uuid

import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import ApiError, NotFound
from shared.eventstore import command

from ..models.playlists import PLAYLISTS
from ..models.preview_files import PREVIEW_FILES
from ..models.preview_files import TABLE as PREVIEWS
from ..models.share_links import opened
from ..replicas import PERSONS
from ..rules.annotations import changed
from ..rules.file_requests import as_uuid
from ..rules.share_links import guest_email, guest_fields
from ..views.shared_playlists import SharedPlaylists
from .preview_actions import PreviewActions

COMMENTS_DISABLED = "Comments are disabled for this link"
# Zou answers a new guest as its whole row: the credentials it has none of show empty
NO_CREDENTIALS = {"password": None, "jti": None, "login_failed_attemps": 0, "last_login_failed": None,
                  "totp_secret": None, "email_otp_secret": None, "fido_credentials": None,
                  "otp_recovery_codes": None, "oidc_issuer": None, "oidc_subject": None, "saml_issuer": None,
                  "saml_subject": None}
NOT_A_GUEST = "Guest not part of this shared playlist"


def refused(message, status=403):
    return ApiError({"error": message}, status)


class ShareGuests(UseCases):
    # -- what every guest write checks -----------------------------------------------------------
    def opened(self, token, query):
        return opened(self.session, token, (query or {}).get("password"))

    def commenting(self, token, query, message=COMMENTS_DISABLED):
        """The link, when it lets its guests comment (and draw)."""
        link = self.opened(token, query)
        if not link["can_comment"]:
            raise refused(message)
        return link

    def guest_of(self, link, guest_id):
        """The guest (auth's row, from the local copy), when it is one of the link's."""
        person = None
        if as_uuid(guest_id):
            person = self.session.execute(sa.select(PERSONS.c.row).where(
                PERSONS.c.id == str(as_uuid(guest_id)), PERSONS.c.replica_deleted.is_(False))).scalar()
        if not person or not person.get("is_guest") or (person.get("data") or {}).get("share_link_id") != link["id"]:
            raise refused(NOT_A_GUEST)
        return person

    def task_ids(self, link):
        """The tasks whose previews the link's playlist shows."""
        playlist = self.crud.row(PLAYLISTS, link["playlist_id"])
        preview_ids = {as_uuid(entry.get("preview_file_id")) for entry in playlist["shots"] or []
                       if isinstance(entry, dict)} - {None}
        if not preview_ids:
            return set()
        return set(self.session.execute(sa.select(PREVIEWS.c.task_id).where(
            PREVIEWS.c.id.in_([str(preview_id) for preview_id in preview_ids]))).scalars())

    def as_guest(self, guest_id):
        """Calls to the other services made for the guest: media has checked what the link
        allows, so the owners are asked with an admin's rights, in the guest's name (the author
        of what is written)."""
        return self.platform.remote(actor={"id": guest_id, "role": "admin"})

    # -- POST /shared/playlists/{token}/guest -----------------------------------------------------
    @answers("shared_playlist_guest")
    def guest(self, token, query, body):
        """{first_name?, last_name?, guest_id?}: the link's guest `guest_id` (200), else a new
        guest of the link (201); the route's status is in the answer."""
        link = self.opened(token, query)
        fields = guest_fields(body, {"first_name": False, "last_name": False, "guest_id": False},
                              "CreateGuestSchema", ids=("guest_id",))
        admin = self.platform.remote(actor={"id": link["created_by"], "role": "admin"})
        if fields["guest_id"]:
            try:
                self.guest_of(link, fields["guest_id"])
                return {"status": 200, "body": admin.row("auth", "persons", str(as_uuid(fields["guest_id"])))}
            except ApiError:
                pass  # not one of the link's guests: a new one
        person = admin.create("auth", "persons", {
            "first_name": fields["first_name"] or "Guest", "last_name": fields["last_name"] or "",
            "email": guest_email(uuid.uuid4().hex), "role": "client", "is_guest": True,
            "data": {"share_link_id": link["id"]}})
        return {"status": 201, "body": as_made(person)}

    # -- PUT /shared/playlists/{token}/annotations ------------------------------------------------
    @answers("shared_playlist_annotations")
    def annotations(self, token, query, body):
        """{guest_id, preview_file_id, additions, updates, deletions}: the preview, its drawings
        changed (a preview the link does not show: 403)."""
        link = self.commenting(token, query, "Annotations are disabled")
        fields = guest_fields(body, {"guest_id": True, "preview_file_id": True, "additions": False,
                                     "updates": False, "deletions": False},
                              "GuestAnnotationsSchema", ids=("guest_id", "preview_file_id"))
        guest = self.guest_of(link, fields["guest_id"])
        _, preview = self.platform.part(SharedPlaylists).shown_preview(token, fields["preview_file_id"], query)
        return self.drawn(Actor({"id": guest["id"], "role": "client"}), preview["id"], fields)

    @command
    def drawn(self, actor, preview_file_id, fields):
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        annotations = changed(row["annotations"], fields["additions"], fields["updates"], fields["deletions"])
        change = self.platform.part(PreviewActions).change(actor, row["id"], {"annotations": annotations})
        return PREVIEW_FILES.serialize({**row, **change})


def as_made(person):
    return {**{key: value for key, value in person.items() if key != "departments"}, **NO_CREDENTIALS}


def found_or(error_message, loader, *args):
    """`loader(*args)`, its NotFound answered as Zou's `{"error": error_message}` 404."""
    try:
        return loader(*args)
    except NotFound:
        raise refused(error_message, 404) from None
