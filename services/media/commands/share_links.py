"""A playlist's share links, as its project's managers keep them: listed (the active ones), made
(a random token; `expiration_date`, `can_comment`, `password`), revoked (kept, inactive) and sent
to reviewers. A token named with another playlist's path is not found."""
import uuid

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from shared import mail, permissions
from shared.application import UseCases, answers
from shared.errors import ApiError, NotFound, ValidationError
from shared.eventstore import command

from ..domain import PlaylistShareLink
from ..models.playlists import PLAYLISTS, found
from ..models.share_links import SHARE_LINKS, TABLE, hashed
from ..replicas import ACCESS, PERSONS
from ..rules.share_links import NOT_A_DICT, new_link


class ShareLinks(UseCases):
    def managed(self, actor, playlist_id):
        """The playlist, for its project's managers."""
        playlist = found(self.crud, PLAYLISTS, playlist_id)
        permissions.check_manager_project_access(actor, ACCESS.project(self.session, playlist["project_id"]))
        return playlist

    def link(self, playlist, token):
        row = self.session.execute(sa.select(TABLE).where(TABLE.c.token == str(token))).mappings().first()
        if row is None or row["playlist_id"] != playlist["id"]:
            raise NotFound()
        return row

    @answers("playlist_share_links")
    def list(self, actor, playlist_id):
        """GET /data/playlists/{playlist_id}/share: its active links, oldest first."""
        playlist = self.managed(actor, playlist_id)
        rows = self.session.execute(sa.select(TABLE).where(
            TABLE.c.playlist_id == playlist["id"], TABLE.c.is_active.is_(True)).order_by(TABLE.c.created_at))
        return [SHARE_LINKS.serialize(row) for row in rows.mappings()]

    @answers("create_playlist_share_link")
    def create(self, actor, playlist_id, body):
        """POST /data/playlists/{playlist_id}/share: 201, the new link (its password hashed)."""
        playlist = self.managed(actor, playlist_id)
        fields = new_link(body)
        fields["password"] = hashed(fields["password"]) if fields["password"] else None
        return self.made(actor, playlist, fields)

    @command
    def made(self, actor, playlist, fields):
        record = PlaylistShareLink.create(SHARE_LINKS.with_defaults({
            **fields, "token": str(uuid.uuid4()), "playlist_id": playlist["id"], "created_by": actor.id,
            "is_active": True}), actor.id)
        return SHARE_LINKS.serialize(self.crud.save(SHARE_LINKS, record))

    @answers("revoke_playlist_share_link")
    @command
    def revoke(self, actor, playlist_id, token):
        """DELETE /data/playlists/{playlist_id}/share/{token}: the link, inactive from now on."""
        link = self.link(self.managed(actor, playlist_id), token)
        record = self.app.repository.get(uuid.UUID(link["id"]))
        record.update({"is_active": False}, actor.id)
        self.crud.save(SHARE_LINKS, record)
        return SHARE_LINKS.serialize(self.crud.row(SHARE_LINKS, link["id"]))

    @answers("invite_to_playlist_share_link")
    def invite(self, actor, playlist_id, token, body):
        """POST /data/playlists/{playlist_id}/share/{token}/invite {emails, person_ids, message}:
        {sent: the addresses}, each mailed the link (shared.mail: logged without a mail server)."""
        link = self.link(self.managed(actor, playlist_id), token)
        if not isinstance(body, dict):
            raise ValidationError([{"field": "", "message": NOT_A_DICT.format("InviteShareLinkSchema")}])
        emails = list(body.get("emails") or [])
        person_ids = [str(person_id) for person_id in body.get("person_ids") or []]
        if person_ids:
            emails += [email for email, in self.session.execute(sa.select(PERSONS.c.email).where(
                PERSONS.c.id.in_(person_ids), PERSONS.c.email.isnot(None)))]
        sent = []
        for email in emails:
            try:
                address = validate_email(str(email), check_deliverability=False).normalized
            except EmailNotValidError as error:
                raise ApiError({"error": str(error)}) from None
            if address.lower() not in {known.lower() for known in sent}:  # each reviewer once, as Zou
                sent.append(address)
        url = mail.site_link(f"/playlists/shared/{link['token']}")  # the web app's guest page
        for address in sent:
            mail.deliver(address, "Kitsu: a playlist is shared with you",
                         f"{body.get('message') or ''}\n\nOpen the review session here: {url}".lstrip())
        return {"sent": sent}
