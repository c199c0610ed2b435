"""Revoked sessions (a logout, a password change): the gateway refuses their tokens until they expire."""
import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID, insert

from ..domain import Person
from . import metadata

REVOKED = sa.Table("revoked_token", metadata,
                   sa.Column("jti", sa.String, primary_key=True),
                   sa.Column("person_id", UUID(as_uuid=False), index=True),
                   sa.Column("expires_at", sa.DateTime, nullable=False))


def apply_revocation(session, event):
    if not isinstance(event, Person.TokensRevoked):
        return
    expires_at = datetime.datetime.fromisoformat(event.expires_at)
    for jti in event.jtis:
        session.execute(insert(REVOKED).values(jti=jti, person_id=str(event.originator_id),
                                               expires_at=expires_at).on_conflict_do_nothing())


def live_revocations(session):
    now = datetime.datetime.utcnow()
    return [row.jti for row in session.execute(sa.select(REVOKED.c.jti).where(REVOKED.c.expires_at > now))]
