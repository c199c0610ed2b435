"""Share links of playlists (Zou's PlaylistShareLink): a token that opens one playlist to guests,
until it expires or is revoked, with a password (a bcrypt hash, never answered) and whether
guests may comment. No /data collection: the playlist's share routes make and revoke them
(commands/share_links.py); the guest routes open them (views/shared_playlists.py)."""
import datetime

import bcrypt
import sqlalchemy as sa
from eventlet import tpool

from shared.crud import Collection
from shared.crud.fields import Boolean, DateTime, String, Uuid
from shared.errors import NotFound

from ..domain import PlaylistShareLink
from ..replicas import metadata
from ..rules.share_links import is_open


class ShareLinkCollection(Collection):
    read_rule = write_rule = "nobody"  # only through the playlist's share routes

    def serialize(self, row, actor=None, relations=False):
        return {**super().serialize(row, actor, relations), "has_password": bool(row["password"])}


SHARE_LINKS = ShareLinkCollection("playlist-share-links", "PlaylistShareLink", PlaylistShareLink,
                                  "playlist_share_link", metadata, {
    "token": String(nullable=False, unique=True), "playlist_id": Uuid(nullable=False, index=True),
    "created_by": Uuid(), "expiration_date": DateTime(), "is_active": Boolean(default=True),
    "can_comment": Boolean(default=True), "password": String(hidden=True),
})
TABLE = SHARE_LINKS.table


def hashed(password):
    """bcrypt releases the GIL: a real thread, so that the service's green threads go on."""
    return tpool.execute(bcrypt.hashpw, password.encode()[:72], bcrypt.gensalt()).decode()


def opened(session, token, password=None):
    """The link of a token while it opens its playlist (active, not expired, its password given
    when it has one); anything else is not found, as Zou answers."""
    row = session.execute(sa.select(TABLE).where(TABLE.c.token == str(token))).mappings().first()
    if row is None or not is_open(row, datetime.datetime.utcnow()):
        raise NotFound()
    if row["password"]:
        if not isinstance(password, str) or not password or not tpool.execute(
                bcrypt.checkpw, password.encode()[:72], row["password"].encode()):
            raise NotFound()
    return row
