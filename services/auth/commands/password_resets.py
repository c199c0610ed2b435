"""Password resets (API.md §5): a 64-character token valid 2 hours and single use, kept only as a
hash on the person (Person.ResetTokenIssued), mailed as a link. Without a mail server (MAIL_SERVER)
the link goes to this service's log, with a warning: never to the caller, who may be anyone.
Only an admin's `reset-password-link` answers a link (Zou's: for the admin to pass it on)."""
from urllib.parse import urlencode

import sqlalchemy as sa

from shared import mail, permissions
from shared.application import UseCases, answers
from shared.eventstore import command

from .. import schemas
from ..models.persons import PERSONS, Persons
from ..rules.logins import now
from ..rules.reset_tokens import TOKEN_LIFETIME, digest, new_reset_token, reset_token_accepted
from .passwords import Passwords

WRONG_TOKEN = "Wrong or expired token."


def reset_link(email, token):
    return mail.site_link(f"/reset-change-password?{urlencode({'email': email, 'token': token})}")


class PasswordResets(UseCases):
    @property
    def persons(self):
        return self.platform.part(Persons)

    def find(self, email):
        """The active human with this email (any case), as a dict, or None."""
        table = PERSONS.table
        statement = sa.select(table).where(sa.func.lower(table.c.email) == email.lower(),
                                           table.c.is_bot.is_(False), table.c.active.is_(True))
        row = self.session.execute(statement).mappings().first()
        return dict(row) if row else None

    @command
    def issue(self, person_id):
        token = new_reset_token()
        person = self.persons.aggregate(person_id)
        person.issue_reset_token(digest(token), (now() + TOKEN_LIFETIME).isoformat())
        self.persons.save(person)
        return token

    @answers("request_password_reset")
    def request(self, body):
        """Public: the same answer whether the email is known or not (no enumeration)."""
        email = schemas.require(body, "email")["email"]
        row = self.find(email)
        if row is not None:
            token = self.issue(row["id"])
            mail.deliver(row["email"], "Kitsu: reset your password",
                         f"To choose a new password, open this link within 2 hours:\n{reset_link(row['email'], token)}")
        return {"success": "Reset token sent"}

    @answers("reset_password")
    def reset(self, body):
        body = schemas.reset_password(body)
        row = self.find(body["email"])
        if row is None:
            raise schemas.bad_request(WRONG_TOKEN)
        return self.use_token(row["id"], body)

    @command
    def use_token(self, person_id, body):
        if not reset_token_accepted(self.persons.aggregate(person_id).reset_token, body["token"], now()):
            raise schemas.bad_request(WRONG_TOKEN)
        if body["password"] != body["password2"]:
            raise schemas.bad_request("Confirmation password doesn't match.")
        self.platform.part(Passwords).set_password(person_id, body["password"], person_id)  # clears the token
        return {"success": True}

    # -- admin --------------------------------------------------------------------------------
    def admin_token(self, actor, person_id):
        permissions.allow(permissions.is_admin(actor))
        row = self.persons.row(person_id)
        if not row["email"]:
            raise schemas.bad_request("This person has no email.")
        return row, self.issue(row["id"])

    @answers("invite_person")
    def invite(self, actor, person_id):
        row, token = self.admin_token(actor, person_id)
        mail.deliver(row["email"], "Kitsu: you are invited",
                     f"Welcome to Kitsu! Choose your password within 2 hours:\n{reset_link(row['email'], token)}")
        return {"success": True, "message": "Email sent"}

    @answers("reset_password_link")
    def link(self, actor, person_id):
        row, token = self.admin_token(actor, person_id)
        return {"reset_password_link": reset_link(row["email"], token)}
