"""Person use cases beyond the generic CRUD: passwords and API tokens on create/update, departments,
avatars, desktop login logs, presence logs and the auth part of the user context."""
import calendar
import datetime

import sqlalchemy as sa

from shared import config, tokens
from shared.application import Model
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden
from shared.eventstore import command

from . import schemas
from .application import hash_password
from .collections import DEPARTMENTS, DESKTOP_LOGIN_LOGS, PERSONS, STUDIOS
from .domain import Person

# Never settable through POST /data/persons: they come from their own commands.
CREDENTIALS = {name for name, field in PERSONS.fields.items() if field.hidden} - {"password"}
UNKNOWN_DEPARTMENT = "Department ID matches no department"
# Keys of Zou's /data/user/context that other services own: answered empty here (see the report).
FOREIGN_CONTEXT = {"asset_types": list, "custom_actions": list, "status_automations": list,
                   "notification_count": int, "project_status": list, "project_roles": dict,
                   "projects": list, "task_types": list, "task_status": list,
                   "search_filters": dict, "search_filter_groups": dict,
                   "preview_background_files": list, "plugins": list}
CONTEXT_KEYS = ("asset_types", "custom_actions", "status_automations", "departments", "studios",
                "notification_count", "persons", "project_status", "project_roles", "projects",
                "task_types", "task_status", "search_filters", "search_filter_groups",
                "preview_background_files", "plugins")


def require_admin(actor):
    if not Actor(actor).is_admin:
        raise Forbidden()


def require_self_or_admin(actor, person_id):
    if not Actor(actor).is_admin and actor["id"] != person_id:
        raise Forbidden()


def token_lifetime(expiration_date):
    """API tokens last until the end of their expiration date, or forever (False)."""
    if not expiration_date:
        return False
    end = datetime.datetime.combine(datetime.date.fromisoformat(expiration_date) + datetime.timedelta(days=1),
                                    datetime.time(), tzinfo=datetime.timezone.utc)
    return end - datetime.datetime.now(datetime.timezone.utc)


class People(Model):
    collection = PERSONS

    @property
    def auth(self):
        return self.platform.auth

    # -- persons through the generic CRUD -----------------------------------------------------
    @command
    def create(self, actor, body):
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in CREDENTIALS}
            if body.get("password"):
                body["password"] = hash_password(str(body["password"]))
            else:
                body.pop("password", None)
        person = self.crud.create(PERSONS.name, actor, body)
        if person["is_bot"]:
            person["access_token"] = self.issue_api_token(person, actor)
        return person

    @command
    def update(self, actor, instance_id, body):
        person_id = instance_id
        before = PERSONS.serialize(self.crud.row(PERSONS, person_id))
        person = self.crud.update(PERSONS.name, actor, person_id, body)
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
        aggregate = self.auth.person(person["id"])
        aggregate.change(Person.ApiTokenIssued, {"jti": jti}, actor["id"])
        self.auth.save(aggregate)
        return token

    # -- departments --------------------------------------------------------------------------
    def check_department(self, department_id):
        table = DEPARTMENTS.table
        statement = sa.select(table.c.id).where(table.c.id == department_id)
        if self.session.execute(statement).first() is None:
            raise schemas.bad_request(UNKNOWN_DEPARTMENT, data=None)

    def add_department(self, actor, person_id, body):
        require_admin(actor)
        department_id = schemas.uuid_field(body, "department_id")
        return self.set_departments(actor, person_id, department_id, add=True)

    def remove_department(self, actor, person_id, department_id):
        require_admin(actor)
        self.set_departments(actor, person_id, parse_id(department_id), add=False)

    @command
    def set_departments(self, actor, person_id, department_id, add):
        row = self.auth.person_row(person_id)
        self.check_department(department_id)
        person = self.auth.person(row["id"])
        departments = [d for d in person.fields.get("departments") or [] if d != department_id]
        person.update({"departments": departments + [department_id] if add else departments}, actor["id"])
        row.update(self.auth.save(person) or {})
        return PERSONS.serialize(row, Actor(actor), relations=True)

    # -- avatars (the files are media's: it follows person:update) -----------------------------
    def clear_avatar(self, actor, person_id):
        self.crud.save_changes(PERSONS, Actor(actor), person_id, {"has_avatar": False})

    def clear_person_avatar(self, actor, person_id):
        require_admin(actor)
        self.clear_avatar(actor, person_id)

    # -- desktop login logs -------------------------------------------------------------------
    def person_for(self, actor, person_id):
        require_self_or_admin(actor, person_id)
        return self.auth.person_row(person_id)["id"]

    def desktop_login_logs(self, actor, person_id):
        person_id = self.person_for(actor, person_id)
        table = DESKTOP_LOGIN_LOGS.table
        rows = self.session.execute(sa.select(table).where(table.c.person_id == person_id)
                                         .order_by(table.c.date.desc())).mappings()
        return [DESKTOP_LOGIN_LOGS.serialize(row) for row in rows]

    def add_desktop_login_log(self, actor, person_id, body):
        person_id = self.person_for(actor, person_id)
        body = body if isinstance(body, dict) else {}
        date = DESKTOP_LOGIN_LOGS.fields["date"].parse(body.get("date")) or \
            datetime.datetime.utcnow().replace(microsecond=0).isoformat()
        return self.crud.save_new(DESKTOP_LOGIN_LOGS, Actor(actor), {"person_id": person_id, "date": date})

    def presence_logs(self, actor, month_date):
        """Zou's CSV as rows: [year, 1..days], then [full name, "X" on days with a desktop login]."""
        require_admin(actor)
        try:
            year, month = (int(part) for part in month_date.split("-")[:2])
            days = calendar.monthrange(year, month)[1]
        except (ValueError, calendar.IllegalMonthError):
            raise schemas.bad_request("Invalid month or year.", data=None)
        start = datetime.datetime(year, month, 1)
        logs, persons = DESKTOP_LOGIN_LOGS.table, PERSONS.table
        present = self.session.execute(
            sa.select(logs.c.person_id, logs.c.date)
            .where(logs.c.date >= start, logs.c.date < start + datetime.timedelta(days=days)))
        days_of = {}
        for person_id, date in present:
            days_of.setdefault(person_id, set()).add(date.day)
        rows = [[str(year), *map(str, range(1, days + 1))]]
        for person in self.session.execute(
                sa.select(persons.c.id, persons.c.first_name, persons.c.last_name)
                .where(persons.c.active.is_(True)).order_by(persons.c.first_name, persons.c.last_name)):
            seen = days_of.get(person.id, set())
            rows.append([f"{person.first_name} {person.last_name}".strip(),
                         *("X" if day in seen else "" for day in range(1, days + 1))])
        return rows

    # -- user context -------------------------------------------------------------------------
    def user_context(self, actor):
        actor = Actor(actor)
        session = self.session
        owned = {
            "departments": [DEPARTMENTS.serialize(row, actor) for row in
                            session.execute(sa.select(DEPARTMENTS.table)).mappings()],
            "studios": [STUDIOS.serialize(row, actor) for row in
                        session.execute(sa.select(STUDIOS.table)).mappings()],
            "persons": [PERSONS.serialize(row, actor, relations=True) for row in
                        session.execute(sa.select(PERSONS.table)).mappings()],
        }
        context = {key: owned[key] if key in owned else FOREIGN_CONTEXT[key]() for key in CONTEXT_KEYS}
        if actor.is_admin:
            context["user_limit"] = config.USER_LIMIT
        return context
