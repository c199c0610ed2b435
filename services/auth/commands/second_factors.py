"""Second factors (API.md §5, rules/second_factors.py): enabling and disabling TOTP and email
OTP, new recovery codes, an admin switching them all off, a login code by mail."""
import pyotp

from shared import config, mail, permissions
from shared.application import UseCases, answers
from shared.eventstore import command

from .. import schemas
from ..domain import Person
from ..models.organisations import the_organisation
from ..models.persons import Persons
from ..rules.second_factors import (LABELS, METHODS, code_generator, code_matches, disabling,
                                    enabled_methods, given_factors, new_recovery_codes)
from .sessions import session_tokens


def wrong_otp(message="OTP verification failed."):
    return schemas.bad_request(message, wrong_OTP=True)


def require_mail():
    if not mail.enabled():
        raise schemas.bad_request("No mail server is configured (MAIL_SERVER): OTP by email is unavailable.")


def send_code(email, secret):
    code = code_generator("email_otp", secret).now()
    mail.send(email, "Kitsu: your verification code",
              f"Your Kitsu verification code is {code}. It is valid for a few minutes.")


class SecondFactors(UseCases):
    @property
    def persons(self):
        return self.platform.part(Persons)

    def person_of(self, actor):
        """The caller's aggregate; second factors are for humans (Zou's require_person)."""
        permissions.allow(actor.get("identity_type") != "bot")
        return self.persons.aggregate(actor.id)

    def accepts(self, person, body):
        return person.use_second_factor(given_factors(body))

    # -- enabling and disabling a method ------------------------------------------------------
    @command
    def store_secret(self, actor, method):
        """A new secret for `method`, enabled later by a code made from it."""
        person = self.person_of(actor)
        if person.fields.get(f"{method}_enabled"):
            raise schemas.bad_request(f"{LABELS[method]} already enabled.")
        secret = pyotp.random_base32()
        person.update({f"{method}_secret": secret}, actor.id, event_class=Person.TwoFactorChanged)
        self.persons.save(person)
        return person.fields, secret

    @answers()
    def pre_enable_totp(self, actor):
        fields, secret = self.store_secret(actor, "totp")
        organisation = the_organisation(self.session) or {"name": "Kitsu"}
        uri = pyotp.TOTP(secret).provisioning_uri(name=fields.get("email") or "",
                                                  issuer_name=f"Kitsu {organisation['name']}")
        return {"totp_provisionning_uri": uri, "otp_secret": secret}

    @answers()
    def pre_enable_email_otp(self, actor):
        require_mail()
        fields, secret = self.store_secret(actor, "email_otp")
        send_code(fields["email"], secret)
        return {"success": True}

    @answers()
    def enable_totp(self, actor, body):
        return self.enable(actor, "totp", body)

    @answers()
    def enable_email_otp(self, actor, body):
        return self.enable(actor, "email_otp", body)

    @command
    def enable(self, actor, method, body):
        code = schemas.require(body, method)[method]
        person = self.person_of(actor)
        fields = person.fields
        if fields.get(f"{method}_enabled"):
            raise schemas.bad_request(f"{LABELS[method]} already enabled.")
        if not code_matches(method, fields.get(f"{method}_secret"), code):
            raise wrong_otp(f"{LABELS[method]} verification failed.")
        changes, codes = {f"{method}_enabled": True}, None
        if not enabled_methods(fields):
            codes, hashes = new_recovery_codes(config.BCRYPT_LOG_ROUNDS)
            changes.update(otp_recovery_codes=hashes, preferred_two_factor_authentication=method)
        person.update(changes, actor.id, event_class=Person.TwoFactorChanged)
        self.persons.save(person)
        return {"otp_recovery_codes": codes, **session_tokens(actor.id)}

    @answers()
    def disable_totp(self, actor, body):
        return self.disable(actor, "totp", body)

    @answers()
    def disable_email_otp(self, actor, body):
        return self.disable(actor, "email_otp", body)

    @command
    def disable(self, actor, method, body):
        person = self.person_of(actor)
        if not person.fields.get(f"{method}_enabled"):
            raise schemas.bad_request(f"{LABELS[method]} not enabled.")
        if not self.accepts(person, body):
            raise wrong_otp()
        person.update(disabling(person.fields, [method]), actor.id, event_class=Person.TwoFactorChanged)
        self.persons.save(person)
        return {"success": True}

    @answers("new_recovery_codes")
    @command
    def renew_recovery_codes(self, actor, body):
        person = self.person_of(actor)
        if not self.accepts(person, body):
            raise wrong_otp()
        codes, hashes = new_recovery_codes(config.BCRYPT_LOG_ROUNDS)
        person.update({"otp_recovery_codes": hashes}, actor.id, event_class=Person.TwoFactorChanged)
        self.persons.save(person)
        return {"otp_recovery_codes": codes}

    @answers("admin_disable_2fa")
    @command
    def admin_disable(self, actor, person_id):
        permissions.allow(permissions.is_admin(actor))
        person = self.persons.aggregate(self.persons.row(person_id)["id"])
        person.update(disabling(person.fields, METHODS), actor.id, event_class=Person.TwoFactorChanged)
        self.persons.save(person)
        return {"success": True}

    @answers()
    def send_email_otp(self, query):
        """Public: mail a login code; the same answer whether the account is known or not."""
        require_mail()
        email = schemas.require(query, "email")["email"]
        row = self.persons.find_login(email)
        if row and row["active"] and row["email_otp_enabled"] and row["email_otp_secret"]:
            send_code(row["email"], row["email_otp_secret"])
        return {"success": True}
