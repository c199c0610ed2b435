"""Persons (/data/persons): the fields and Zou's per-person rules, and the Model part that owns
their CRUD and what is done to one person (API tokens, departments, avatars). The person
aggregate also carries the credentials; commands/ changes those."""
import datetime
import uuid

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from shared import config, permissions, tokens
from shared.application import Model, answers
from shared.crud import Actor, Collection
from shared.crud.fields import (Boolean, Choice, Date, DateTime, Float, Integer, Json, String,
                                Uuid, UuidList)
from shared.crud.store import parse_id
from shared.errors import Forbidden, WrongParameter
from shared.eventstore import command
from shared.replicas import MINIMAL_PERSON  # what a non-admin sees of another person

from .. import schemas
from ..domain import Person
from ..rules.api_tokens import token_lifetime
from ..rules.passwords import hash_password
from . import metadata
from .departments import DEPARTMENTS
from .revoked_tokens import apply_revocation

ROLES = ("user", "admin", "supervisor", "manager", "client", "vendor")
CONTRACTS = ("open-ended", "fixed-term", "short-term", "freelance", "apprentice", "internship")
SELF_FORBIDDEN = {"role", "departments", "active", "is_bot", "archived", "login_failed_attemps",
                  "is_generated_from_ldap", "ldap_uid", "studio_id", "last_presence",
                  "expiration_date"}
UNKNOWN_DEPARTMENT = "Department ID matches no department"


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


class PersonCollection(Collection):
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
        return (set(MINIMAL_PERSON) | {"email", "is_guest"}) - {"full_name", "type"}

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
        if row is None and not data.get("is_bot") and not data.get("is_guest"):
            # a share link's guests never log in: not users of the studio's licence
            active = sa.select(sa.func.count()).where(self.table.c.active.is_(True),
                                                      self.table.c.is_bot.is_(False),
                                                      self.table.c.is_guest.isnot(True))
            if session.execute(active).scalar() >= config.USER_LIMIT:
                raise WrongParameter({"error": True, "message": "User limit reached.",
                                      "data": None, "limit": config.USER_LIMIT})


PERSONS = PersonCollection("persons", "Person", Person, "person", metadata, person_fields(),
                           replicated=True)  # other services keep names and roles (never the secrets)
# Never settable through POST /data/persons: they come from their own commands.
CREDENTIALS = {name for name, field in PERSONS.fields.items() if field.hidden} - {"password"}


class Persons(Model):
    collection = PERSONS

    # -- one person, for every part of the service --------------------------------------------
    def row(self, person_id):
        """The person's row (404 when there is none)."""
        return self.crud.row(PERSONS, person_id)

    def aggregate(self, person_id):
        return self.app.repository.get(uuid.UUID(str(person_id)))

    def save(self, person):
        """Save the aggregate; the changes of its row (see CrudStore.save)."""
        return self.crud.save(PERSONS, person)

    def find_login(self, email):
        """The human (not a share link's guest) whose email (any case) or desktop login is `email`,
        as a dict, or None."""
        table = PERSONS.table
        matches = sa.or_(sa.func.lower(table.c.email) == email.lower(), table.c.desktop_login == email)
        humans = sa.and_(table.c.is_bot.is_(False), table.c.is_guest.isnot(True))  # a guest never logs in
        row = self.session.execute(sa.select(table).where(matches, humans)).mappings().first()
        return dict(row) if row else None

    # -- the CRUD where it differs from the generic one -----------------------------------------
    def create(self, actor, body):
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in CREDENTIALS}
            if body.get("password"):  # hashed before the command: no connection held meanwhile
                body["password"] = hash_password(str(body["password"]))
            else:
                body.pop("password", None)
        return self.create_hashed(actor, body)

    @command
    def create_hashed(self, actor, body):
        person = self.crud.create(PERSONS.name, actor, body)
        if person["is_bot"]:
            person["access_token"] = self.issue_api_token(person, actor)
        return person

    @command
    def update(self, actor, instance_id, body):
        before = PERSONS.serialize(self.row(instance_id))
        person = self.crud.update(PERSONS.name, actor, instance_id, body)
        # gazu sends whole dicts back: only a new expiration date makes a new token
        if isinstance(body, dict) and "expiration_date" in body \
                and person["expiration_date"] != before["expiration_date"]:
            person["access_token"] = self.issue_api_token(person, actor)
        return person

    def issue_api_token(self, person, actor):
        """A new API token; the gateway accepts it, and no older one, once it learns its jti."""
        identity_type = "bot" if person["is_bot"] else "person_api"
        token, jti = tokens.issue(person["id"], "access", identity_type=identity_type,
                                  lifetime=token_lifetime(person["expiration_date"]))
        aggregate = self.aggregate(person["id"])
        aggregate.update({"jti": jti}, actor["id"], event_class=Person.ApiTokenIssued)
        self.save(aggregate)
        return token

    # -- departments ----------------------------------------------------------------------------
    @answers("add_person_to_department")
    def add_department(self, actor, person_id, body):
        permissions.allow(permissions.is_admin(actor))
        department_id = schemas.uuid_field(body, "department_id")
        return self.set_departments(actor, person_id, department_id, add=True)

    @answers("remove_person_from_department")
    def remove_department(self, actor, person_id, department_id):
        permissions.allow(permissions.is_admin(actor))
        self.set_departments(actor, person_id, parse_id(department_id), add=False)

    def check_department(self, department_id):
        table = DEPARTMENTS.table
        statement = sa.select(table.c.id).where(table.c.id == department_id)
        if self.session.execute(statement).first() is None:
            raise schemas.bad_request(UNKNOWN_DEPARTMENT, data=None)

    @command
    def set_departments(self, actor, person_id, department_id, add):
        row = self.row(person_id)
        self.check_department(department_id)
        person = self.aggregate(row["id"])
        departments = [d for d in person.fields.get("departments") or [] if d != department_id]
        person.update({"departments": departments + [department_id] if add else departments}, actor["id"])
        row.update(self.save(person) or {})
        return PERSONS.serialize(row, Actor(actor), relations=True)

    # -- avatars (the files are media's: it follows person:update) -----------------------------
    @answers()
    def clear_avatar(self, actor):
        self.crud.save_changes(PERSONS, actor, actor.id, {"has_avatar": False})

    @answers()
    def clear_person_avatar(self, actor, person_id):
        permissions.allow(permissions.is_admin(actor))
        self.crud.save_changes(PERSONS, actor, person_id, {"has_avatar": False})
