"""Sessions: the bootstrap of a fresh service, login (lockout, second factor), logout, refresh,
and the snapshot the gateway verifies tokens with.

Each command runs in one transaction (shared.eventstore.command): load → call → save + project."""
import datetime

import sqlalchemy as sa

from shared import config, db, permissions, tokens
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError
from shared.eventstore import command, exclusive_command

from .. import schemas
from ..domain import Person
from ..models.login_logs import LOGIN_LOGS
from ..models.organisations import ORGANISATIONS, the_organisation
from ..models.persons import PERSONS, Persons
from ..models.revoked_tokens import live_revocations
from ..rules.logins import failures_after_one_more, is_locked, login_origin, now
from ..rules.passwords import check_password, hash_password
from ..rules.second_factors import enabled_methods, given_factors

WRONG_LOGIN = {"login": False, "message": "Wrong email or password."}


def session_tokens(person_id):
    """The access and refresh tokens of a new session."""
    pair = tokens.issue_pair(person_id)
    return {"access_token": pair["access_token"], "refresh_token": pair["refresh_token"]}


class Sessions(UseCases):
    @property
    def persons(self):
        return self.platform.part(Persons)

    def user(self, row, actor):
        return PERSONS.serialize(row, actor, relations=True)

    @exclusive_command("auth:bootstrap")
    def bootstrap(self):
        """A fresh service gets Zou's organisation and the configured admin (idempotent)."""
        system = Actor(role="admin")
        if the_organisation(self.session) is None:
            self.crud.save_new(ORGANISATIONS, system, {"name": "Kitsu"})
        table = PERSONS.table
        if self.session.execute(sa.select(table.c.id).where(table.c.email == config.ADMIN_EMAIL)).first() is None:
            fields = {"first_name": "Super", "last_name": "Admin", "email": config.ADMIN_EMAIL,
                      "role": "admin", "password": hash_password(config.ADMIN_PASSWORD),
                      "phone": "", "desktop_login": ""}
            self.crud.save_new(PERSONS, system, fields)

    # -- login --------------------------------------------------------------------------------
    @answers()
    def login(self, body, meta):
        body = schemas.login(body)
        row = self.persons.find_login(body["email"])
        db.release(self.session)  # the bcrypt check below holds no connection
        if row is None:
            check_password(body["password"], None)  # same cost as a real check: no enumeration
            raise ApiError(WRONG_LOGIN, 400)
        # Zou's order: lockout, password, then the inactive account (a locked one is not told more)
        if is_locked(row["login_failed_attemps"], row["last_login_failed"], now()):
            raise ApiError({"error": True, "login": False, "too_many_failed_login_attemps": True,
                            "message": "Too many failed login attempts, retry in a minute."}, 400)
        if not check_password(body["password"], row["password"]):
            self.record_failure(row)
            raise ApiError(WRONG_LOGIN, 400)
        if not row["active"]:
            raise ApiError({"error": True, "login": False, "unactive": True,
                            "message": "User is unactive, he cannot log in."}, 401)
        self.check_second_factor(row, body)
        return self.open_session(row, meta)

    def check_second_factor(self, row, body):
        """Let a login through only with a valid second factor when one is enabled."""
        enabled = enabled_methods(row)
        if not enabled:
            return
        if not given_factors(body):
            raise ApiError({"error": True, "login": False, "missing_OTP": True,
                            "message": "A two-factor authentication code is required.",
                            "preferred_two_factor_authentication": row["preferred_two_factor_authentication"],
                            "two_factor_authentication_enabled": sorted(enabled + ["recovery_code"])}, 400)
        if not self.use_second_factor(row["id"], body):
            self.record_failure(row)  # counts towards the lockout like a wrong password
            raise ApiError({"error": True, "login": False, "wrong_OTP": True,
                            "message": "Wrong two-factor authentication code."}, 400)

    @command
    def use_second_factor(self, person_id, body):
        person = self.persons.aggregate(person_id)
        accepted = person.use_second_factor(given_factors(body))
        self.persons.save(person)
        return accepted

    @command
    def record_failure(self, row):
        person = self.persons.aggregate(row["id"])
        last_failed = person.fields.get("last_login_failed")
        failures = failures_after_one_more(
            person.fields.get("login_failed_attemps"),
            datetime.datetime.fromisoformat(last_failed) if last_failed else None, now())
        person.update({"login_failed_attemps": failures, "last_login_failed": now().isoformat()},
                      event_class=Person.LoginFailed)
        self.persons.save(person)

    @command
    def open_session(self, row, meta):
        person = self.persons.aggregate(row["id"])
        person.update({"login_failed_attemps": 0, "last_login_failed": None,
                       "last_presence": datetime.date.today().isoformat()},
                      actor_id=row["id"], event_class=Person.LoggedIn)
        row.update(self.persons.save(person) or {})
        log = LOGIN_LOGS.aggregate.create({"person_id": row["id"], "ip_address": meta.get("ip"),
                                           "origin": login_origin(meta.get("user_agent", ""))}, row["id"])
        self.crud.save(LOGIN_LOGS, log)
        actor = Actor(id=row["id"], role=row["role"])
        return {"user": self.user(row, actor), "organisation": the_organisation(self.session, actor),
                "login": True, **session_tokens(row["id"])}

    # -- the session of the caller ------------------------------------------------------------
    @answers()
    @command
    def logout(self, actor):
        person = self.persons.aggregate(actor.id)
        expires = now() + datetime.timedelta(days=config.REFRESH_TOKEN_DAYS)
        person.revoke([actor.get("jti"), actor.get("refresh_jti")], expires.isoformat())
        self.persons.save(person)
        return {"logout": True}

    @answers("refresh_token")
    def refresh(self, actor):
        permissions.allow(actor.get("identity_type") == "person")
        access_token, _ = tokens.issue(actor.id, "access", refresh_jti=actor["jti"])
        return {"access_token": access_token}

    @answers()
    def authenticated(self, actor):
        row = self.persons.row(actor.id)
        return {"authenticated": True, "user": {**self.user(row, actor), "fido_devices": []},
                "organisation": the_organisation(self.session, actor)}

    # -- the gateway ----------------------------------------------------------------------------
    @answers("auth_snapshot")
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
