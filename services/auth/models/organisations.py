"""The organisation (/data/organisations): one row, Kitsu's name and studio-wide settings."""
import sqlalchemy as sa

from shared.crud import Collection
from shared.crud.fields import Boolean, Float, String

from ..domain import Organisation
from . import metadata


class OrganisationCollection(Collection):
    PUBLIC = ("id", "name", "hours_by_day", "has_avatar", "use_original_file_name",
              "timesheets_locked", "format_duration_in_hours", "hd_by_default",
              "dark_theme_by_default", "created_at", "updated_at", "type")

    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        if actor is not None and not actor.is_admin:
            return {k: out[k] for k in self.PUBLIC}  # chat tokens are for admins
        return out


ORGANISATIONS = OrganisationCollection("organisations", "Organisation", Organisation, "organisation", metadata, {
    "name": String(nullable=False), "hours_by_day": Float(default=8.0),
    "has_avatar": Boolean(default=False), "use_original_file_name": Boolean(default=False),
    "timesheets_locked": Boolean(default=False), "format_duration_in_hours": Boolean(default=False),
    "hd_by_default": Boolean(default=False), "chat_token_slack": String(default=""),
    "chat_webhook_mattermost": String(default=""), "chat_token_discord": String(default=""),
    "dark_theme_by_default": Boolean(default=False)})


def the_organisation(session, actor=None):
    """The organisation as `actor` sees it (None before the bootstrap made it)."""
    row = session.execute(sa.select(ORGANISATIONS.table)).mappings().first()
    return ORGANISATIONS.serialize(row, actor) if row else None
