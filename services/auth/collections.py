"""The generic CRUD collections owned by auth, with Zou's per-model rules (API.md §3.7)."""
import datetime

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from shared import config
from shared.crud import Collection
from shared.crud.fields import (Boolean, Choice, Date, DateTime, Float, Integer, Json, String,
                                Uuid, UuidList)
from shared.errors import Forbidden, WrongParameter

from .domain import Department, DesktopLoginLog, LoginLog, Organisation, Person, Studio
from .projections import apply_revocation, metadata

ROLES = ("user", "admin", "supervisor", "manager", "client", "vendor")
CONTRACTS = ("open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship")
# What a non-admin sees of another person (Zou's minimal person dict).
MINIMAL_PERSON = ("id", "first_name", "last_name", "full_name", "has_avatar", "active",
                  "departments", "studio_id", "role", "desktop_login", "is_bot", "type")
SELF_FORBIDDEN = {"role", "departments", "active", "is_bot", "archived", "login_failed_attemps",
                  "is_generated_from_ldap", "ldap_uid", "studio_id", "last_presence",
                  "expiration_date"}


def person_fields():
    hidden = dict(hidden=True, protected=True)
    return {
        "first_name": String(nullable=False), "last_name": String(nullable=False),
        "email": String(index=True), "phone": String(), "country": String(),
        "contract_type": Choice(CONTRACTS, default="open-ended"),
        "active": Boolean(default=True), "archived": Boolean(default=False),
        "last_presence": Date(), "desktop_login": String(index=True),
        "totp_enabled": Boolean(default=False, protected=True),
        "email_otp_enabled": Boolean(default=False, protected=True),
        "fido_enabled": Boolean(default=False, protected=True),
        "preferred_two_factor_authentication": String(protected=True),
        "shotgun_id": Integer(), "timezone": String(default="Europe/Paris"),
        "locale": String(default="en_US"), "use_12_hour_clock": Boolean(default=False),
        "display_date_format": String(default="YYYY-MM-DD"), "data": Json(),
        "role": Choice(ROLES, default="user"), "position": String(default="artist"),
        "seniority": String(default="mid"), "daily_salary": Float(default=0),
        "has_avatar": Boolean(default=False), "notifications_enabled": Boolean(default=False),
        "notifications_slack_enabled": Boolean(default=False),
        "notifications_slack_userid": String(default=""),
        "notifications_mattermost_enabled": Boolean(default=False),
        "notifications_mattermost_userid": String(default=""),
        "notifications_discord_enabled": Boolean(default=False),
        "notifications_discord_userid": String(default=""),
        "is_bot": Boolean(default=False), "is_guest": Boolean(default=False),
        "preview_project_id": Uuid(), "preview_opened_at": DateTime(),
        "preview_open_until": DateTime(), "expiration_date": Date(),
        "is_generated_from_ldap": Boolean(default=False), "ldap_uid": String(),
        "departments": UuidList(), "studio_id": Uuid(),
        # secrets: stored in events and the row, never serialised, never filterable
        "password": String(**hidden), "jti": String(**hidden),
        "login_failed_attemps": Integer(default=0, **hidden),
        "last_login_failed": DateTime(**hidden), "totp_secret": String(**hidden),
        "email_otp_secret": String(**hidden), "otp_recovery_codes": Json(**hidden),
        # tokens issued up to then (a deactivation) stay dead, whatever happens next
        "tokens_valid_after": Float(**hidden),
    }


class Persons(Collection):
    def project(self, session, event):
        row = super().project(session, event)
        apply_revocation(session, event)
        return row

    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        out["full_name"] = f"{row['first_name'] or ''} {row['last_name'] or ''}".strip()
        if actor is not None and not actor.is_admin and actor.id != row["id"]:
            return {k: out.get(k, []) for k in MINIMAL_PERSON}
        return out

    def filterable(self, actor):
        if actor.is_admin:
            return super().filterable(actor)
        return (set(MINIMAL_PERSON) | {"email"}) - {"full_name", "type"}

    def check_update(self, actor, row, changes):
        if actor.is_admin:
            return
        changed = {k for k in SELF_FORBIDDEN & set(changes) if changes[k] != row.get(k)}
        if actor.id != row["id"] or changed:  # gazu sends whole dicts back: only changes count
            raise Forbidden()

    def check_delete(self, actor, row):
        super().check_delete(actor, row)
        if actor.id == row["id"]:
            raise WrongParameter("You can't delete yourself.")

    def validate(self, session, data, row=None):
        if data.get("expiration_date") and data["expiration_date"] < datetime.date.today().isoformat():
            raise WrongParameter("Expiration date can't be in the past.")
        if data.get("email"):
            try:
                data["email"] = validate_email(data["email"], check_deliverability=False).normalized
            except EmailNotValidError as error:
                raise WrongParameter(str(error))
            table = self.table
            taken = sa.select(table.c.id).where(sa.func.lower(table.c.email) == data["email"].lower(),
                                                table.c.is_bot.is_(False))
            if row is not None:
                taken = taken.where(table.c.id != row["id"])
            if not data.get("is_bot", row["is_bot"] if row else False) and session.execute(taken).first():
                raise WrongParameter("Email already in use.")
        if row is None and not data.get("is_bot"):
            active = sa.select(sa.func.count()).where(self.table.c.active.is_(True),
                                                      self.table.c.is_bot.is_(False))
            if session.execute(active).scalar() >= config.USER_LIMIT:
                raise WrongParameter({"error": True, "message": "User limit reached.",
                                      "data": None, "limit": config.USER_LIMIT})


PERSONS = Persons("persons", "Person", Person, "person", metadata, person_fields(),
                  replicated=True)  # other services keep names and roles (never the secrets)
DEPARTMENTS = Collection("departments", "Department", Department, "department", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False),
    "archived": Boolean(default=False)})
STUDIOS = Collection("studios", "Studio", Studio, "studio", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False),
    "archived": Boolean(default=False)})


class Organisations(Collection):
    PUBLIC = ("id", "name", "hours_by_day", "has_avatar", "use_original_file_name",
              "timesheets_locked", "format_duration_in_hours", "hd_by_default",
              "dark_theme_by_default", "created_at", "updated_at", "type")

    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        if actor is not None and not actor.is_admin:
            return {k: out[k] for k in self.PUBLIC}  # chat tokens are for admins
        return out


ORGANISATIONS = Organisations("organisations", "Organisation", Organisation, "organisation", metadata, {
    "name": String(nullable=False), "hours_by_day": Float(default=8.0),
    "has_avatar": Boolean(default=False), "use_original_file_name": Boolean(default=False),
    "timesheets_locked": Boolean(default=False), "format_duration_in_hours": Boolean(default=False),
    "hd_by_default": Boolean(default=False), "chat_token_slack": String(default=""),
    "chat_webhook_mattermost": String(default=""), "chat_token_discord": String(default=""),
    "dark_theme_by_default": Boolean(default=False)})

LOGIN_LOGS = Collection("login-logs", "LoginLog", LoginLog, "login_log", metadata, {
    "person_id": Uuid(nullable=False, index=True), "ip_address": String(), "origin": String()})
DESKTOP_LOGIN_LOGS = Collection("desktop-login-logs", "DesktopLoginLog", DesktopLoginLog,
                                "desktop_login_log", metadata, {
                                    "person_id": Uuid(nullable=False, index=True),
                                    "date": DateTime(nullable=False)})

# Served by /data/<name>; the login logs are internal collections (routes of their own).
COLLECTIONS = (PERSONS, DEPARTMENTS, STUDIOS, ORGANISATIONS, LOGIN_LOGS, DESKTOP_LOGIN_LOGS)
LOGIN_LOGS.read_rule = DESKTOP_LOGIN_LOGS.read_rule = "admin"
