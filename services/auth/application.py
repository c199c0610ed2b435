"""Auth commands and queries: bootstrap, login/logout/refresh, sessions, the gateway's snapshot.

Each command runs in one transaction (shared.eventstore.command): load → call → save + project.
Second factors are in credentials.py, password resets in resets.py, person actions in people.py."""
import datetime
import uuid

import bcrypt
from eventlet import tpool
import sqlalchemy as sa

from shared import config, tokens
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError, Forbidden, NotFound, WrongParameter
from shared.eventstore import EventStore, command, exclusive_command
from shared.application import UseCases, answers

from .collections import LOGIN_LOGS, ORGANISATIONS, PERSONS
from .domain import Person
from .projections import live_revocations
from . import schemas

LOCK_AFTER_FAILURES = 5
LOCK_DURATION = datetime.timedelta(minutes=1)
DUMMY_HASH = bcrypt.hashpw(b"dummy-password", bcrypt.gensalt(4)).decode()


# bcrypt takes a quarter of a second and releases the GIL: run it in a real thread, so that the
# service's other green threads (and the other core) keep working meanwhile.
def hash_password(password):
    salt = bcrypt.gensalt(config.BCRYPT_LOG_ROUNDS)
    return tpool.execute(bcrypt.hashpw, password.encode()[:72], salt).decode()


def check_password(password, hashed):
    return tpool.execute(bcrypt.checkpw, password.encode()[:72], (hashed or DUMMY_HASH).encode())


def now():
    return datetime.datetime.utcnow().replace(microsecond=0)


class AuthApplication(EventStore):
    snapshotting_intervals = {Person: 50}


class Auth(UseCases):
    """The auth use cases on top of the generic CRUD store of the service."""

    def person_row(self, person_id):
        table = PERSONS.table
        statement = sa.select(table).where(table.c.id == parse_id(person_id))
        row = self.session.execute(statement).mappings().first()
        if row is None:
            raise NotFound()
        return dict(row)

    def person(self, person_id):
        return self.app.repository.get(uuid.UUID(str(person_id)))

    def save(self, person):
        return self.platform.crud.save(PERSONS, person)

    def organisation(self, actor=None):
        row = self.session.execute(sa.select(ORGANISATIONS.table)).mappings().first()
        return ORGANISATIONS.serialize(row, actor) if row else None

    def user(self, row, actor=None):
        return PERSONS.serialize(row, actor, relations=True)

    # -- bootstrap ----------------------------------------------------------------------------
    @exclusive_command("auth:bootstrap")
    def bootstrap(self):
        """A fresh service gets Zou's organisation and the configured admin (idempotent)."""
        system = Actor(role="admin")
        if self.organisation() is None:
            self.platform.crud.save_new(ORGANISATIONS, system, {"name": "Kitsu"})
        table = PERSONS.table
        if self.session.execute(sa.select(table.c.id).where(table.c.email == config.ADMIN_EMAIL)).first() is None:
            fields = {"first_name": "Super", "last_name": "Admin", "email": config.ADMIN_EMAIL,
                      "role": "admin", "password": hash_password(config.ADMIN_PASSWORD),
                      "phone": "", "desktop_login": ""}
            self.platform.crud.save_new(PERSONS, system, fields)

    # -- sessions -----------------------------------------------------------------------------
    def find_login(self, email):
        table = PERSONS.table
        matches = sa.or_(sa.func.lower(table.c.email) == email.lower(), table.c.desktop_login == email)
        row = self.session.execute(sa.select(table).where(matches, table.c.is_bot.is_(False))).mappings().first()
        return dict(row) if row else None

    def login(self, body, meta):
        body = schemas.login(body)
        row = self.find_login(body["email"])
        if row is None:
            check_password(body["password"], None)  # same cost as a real check: no enumeration
            raise ApiError({"login": False, "message": "Wrong email or password."}, 400)
        # Zou's order: lockout, password, then the inactive account (a locked one is not told more)
        last_failed = row["last_login_failed"]
        if (row["login_failed_attemps"] or 0) >= LOCK_AFTER_FAILURES and last_failed \
                and now() - last_failed < LOCK_DURATION:
            raise ApiError({"error": True, "login": False, "too_many_failed_login_attemps": True,
                            "message": "Too many failed login attempts, retry in a minute."}, 400)
        if not check_password(body["password"], row["password"]):
            self.record_failure(row)
            raise ApiError({"login": False, "message": "Wrong email or password."}, 400)
        if not row["active"]:
            raise ApiError({"error": True, "login": False, "unactive": True,
                            "message": "User is unactive, he cannot log in."}, 401)
        self.platform.credentials.check_second_factor(row, body)
        return self.open_session(row, meta)

    @command
    def record_failure(self, row):
        person = self.person(row["id"])
        failures = person.fields.get("login_failed_attemps") or 0
        if person.fields.get("last_login_failed") and now() - datetime.datetime.fromisoformat(
                person.fields["last_login_failed"]) >= LOCK_DURATION and failures >= LOCK_AFTER_FAILURES:
            failures = 0  # the lock has expired: count again from zero
        person.change(Person.LoginFailed, {"login_failed_attemps": failures + 1,
                                           "last_login_failed": now().isoformat()})
        self.save(person)

    @command
    def open_session(self, row, meta):
        person = self.person(row["id"])
        person.change(Person.LoggedIn, {"login_failed_attemps": 0, "last_login_failed": None,
                                        "last_presence": datetime.date.today().isoformat()},
                      actor_id=row["id"])
        row.update(self.save(person) or {})
        origin = "web" if schemas.is_browser(meta.get("user_agent", "")) else "script"
        log = LOGIN_LOGS.aggregate.create({"person_id": row["id"], "ip_address": meta.get("ip"),
                                           "origin": origin}, row["id"])
        self.platform.crud.save(LOGIN_LOGS, log)
        actor = Actor(id=row["id"], role=row["role"])
        return {"user": self.user(row, actor), "organisation": self.organisation(actor),
                "login": True, **self.tokens(row["id"])}

    @staticmethod
    def tokens(person_id):
        pair = tokens.issue_pair(person_id)
        return {"access_token": pair["access_token"], "refresh_token": pair["refresh_token"]}

    @command
    def logout(self, actor):
        person = self.person(actor["id"])
        expires = now() + datetime.timedelta(days=config.REFRESH_TOKEN_DAYS)
        person.revoke([actor.get("jti"), actor.get("refresh_jti")], expires.isoformat())
        self.save(person)
        return {"logout": True}

    def refresh(self, actor):
        if actor.get("identity_type") != "person":
            raise Forbidden()
        access_token, _ = tokens.issue(actor["id"], "access", refresh_jti=actor["jti"])
        return {"access_token": access_token}

    def authenticated(self, actor):
        row = self.person_row(actor["id"])
        actor = Actor(actor)
        return {"authenticated": True, "user": {**self.user(row, actor), "fido_devices": []},
                "organisation": self.organisation(actor)}

    def snapshot(self, person_id=None):
        """What the gateway needs to verify tokens without calling us: who may act, what is
        revoked (with `person_id`: that person only, for a token the gateway got before its event)."""
        table = PERSONS.table
        query = sa.select(table.c.id, table.c.role, table.c.active, table.c.jti, table.c.is_bot,
                          table.c.tokens_valid_after)
        if person_id is not None:
            query = query.where(table.c.id == parse_id(person_id))
        rows = self.session.execute(query)
        return {"persons": {row.id: {"role": row.role, "active": row.active, "api_jti": row.jti,
                                     "is_bot": row.is_bot, "tokens_valid_after": row.tokens_valid_after}
                            for row in rows},
                "revoked": live_revocations(self.session)}

    # -- passwords ----------------------------------------------------------------------------
    @command
    def set_password(self, person_id, password, actor_id):
        schemas.check_password_rules(password)
        person = self.person(person_id)
        person.change(Person.PasswordChanged, {"password": hash_password(password)}, actor_id)
        self.save(person)

    def change_password(self, actor, body):
        body = schemas.change_password(body)
        row = self.person_row(actor["id"])
        if not check_password(body["old_password"], row["password"]):
            raise WrongParameter("Old password is wrong.")
        if body["password"] != body["password_2"]:
            raise WrongParameter("Confirmation password doesn't match.")
        self.set_password(actor["id"], body["password"], actor["id"])
        return {"success": True}

    def admin_change_password(self, actor, person_id, body):
        if not Actor(actor).is_admin:
            raise Forbidden()
        body = schemas.admin_change_password(body)
        self.person_row(person_id)
        if body["password"] != body["password_2"]:
            raise WrongParameter("Confirmation password doesn't match.")
        self.set_password(person_id, body["password"], actor["id"])
        return {"success": True}

