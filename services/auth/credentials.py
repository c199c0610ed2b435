"""Second factors (API.md §5): TOTP, email OTP, recovery codes; what a login needs when one is on.

Methods are enabled independently; the first one enabled becomes the preferred one and brings 16
single-use recovery codes (kept bcrypt-hashed). FIDO is not offered: fido_enabled stays false."""
import secrets
import string

import bcrypt
import pyotp

from shared import config
from shared.crud import Actor
from shared.errors import ApiError, Forbidden
from shared.eventstore import command

from . import mail, schemas
from .domain import Person

METHODS = ("totp", "email_otp", "fido")
LABELS = {"totp": "TOTP", "email_otp": "OTP by email"}
# Zou's fallback order when the preferred method is disabled.
FALLBACK = {"totp": ("fido", "email_otp"), "email_otp": ("fido", "totp"), "fido": ("totp", "email_otp")}
CODE_ALPHABET = string.ascii_uppercase + string.digits
RECOVERY_CODES, RECOVERY_CODE_LENGTH = 16, 10
# Email codes: TOTP on the person's email secret with 5-minute steps (±1 step), so no counter
# has to be stored between sending a code and checking it.
EMAIL_OTP_INTERVAL = 300


def enabled_methods(fields):
    return [method for method in METHODS if fields.get(f"{method}_enabled")]


def code_generator(method, secret):
    return pyotp.TOTP(secret, interval=EMAIL_OTP_INTERVAL if method == "email_otp" else 30)


def code_matches(method, secret, code):
    return bool(secret and code) and code_generator(method, secret).verify(code, valid_window=1)


def new_recovery_codes():
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
             for _ in range(RECOVERY_CODES)]
    rounds = config.BCRYPT_LOG_ROUNDS
    return codes, [bcrypt.hashpw(code.encode(), bcrypt.gensalt(rounds)).decode() for code in codes]


def disabling(fields, methods):
    """The changes that turn `methods` off, with the preferred method falling back (Zou's order)."""
    changes = {f"{method}_enabled": False for method in methods}
    changes.update({f"{method}_secret": None for method in methods if method in LABELS})
    left = [method for method in enabled_methods(fields) if method not in methods]
    preferred = fields.get("preferred_two_factor_authentication")
    if preferred not in left:
        fallback = FALLBACK.get(preferred, METHODS)
        changes["preferred_two_factor_authentication"] = next((m for m in fallback if m in left), None)
    if not left:
        changes["otp_recovery_codes"] = None
    return changes


def wrong_otp(message="OTP verification failed."):
    return schemas.bad_request(message, wrong_OTP=True)


def require_mail():
    if not mail.enabled():
        raise schemas.bad_request("No mail server is configured (MAIL_SERVER): OTP by email is unavailable.")


class Credentials:
    def __init__(self, auth):
        self.auth = auth

    def person_of(self, actor):
        """The caller's aggregate; second factors are for humans (Zou's require_person)."""
        if actor.get("identity_type") == "bot":
            raise Forbidden()
        return self.auth.person(actor["id"])

    # -- login --------------------------------------------------------------------------------
    def check_second_factor(self, row, body):
        """Let a login through only with a valid second factor when one is enabled."""
        enabled = enabled_methods(row)
        if not enabled:
            return
        if not schemas.factors(body):
            raise ApiError({"error": True, "login": False, "missing_OTP": True,
                            "message": "A two-factor authentication code is required.",
                            "preferred_two_factor_authentication": row["preferred_two_factor_authentication"],
                            "two_factor_authentication_enabled": sorted(enabled + ["recovery_code"])}, 400)
        if not self.check_factor(row["id"], body):
            self.auth.record_failure(row)  # counts towards the lockout like a wrong password
            raise ApiError({"error": True, "login": False, "wrong_OTP": True,
                            "message": "Wrong two-factor authentication code."}, 400)

    @command
    def check_factor(self, person_id, body):
        person = self.auth.person(person_id)
        accepted = self.accepts(person, body)
        self.auth.save(person)
        return accepted

    def accepts(self, person, body):
        """True when `body` holds a valid factor of the person; a recovery code is used up (event
        pending on `person`: the caller saves it, in the same transaction as what it allows)."""
        fields, given = person.fields, schemas.factors(body)
        for method in LABELS:
            if method in given and fields.get(f"{method}_enabled") \
                    and code_matches(method, fields.get(f"{method}_secret"), given[method]):
                return True
        code = given.get("recovery_code", "").strip().upper().encode()
        hashes = fields.get("otp_recovery_codes") or []
        for hashed in hashes:
            if code and bcrypt.checkpw(code, hashed.encode()):
                person.change(Person.TwoFactorChanged,
                              {"otp_recovery_codes": [h for h in hashes if h != hashed]}, str(person.id))
                return True
        return False

    # -- enabling and disabling a method ------------------------------------------------------
    @command
    def store_secret(self, actor, method):
        """A new secret for `method`, enabled later by a code made from it."""
        person = self.person_of(actor)
        if person.fields.get(f"{method}_enabled"):
            raise schemas.bad_request(f"{LABELS[method]} already enabled.")
        secret = pyotp.random_base32()
        person.change(Person.TwoFactorChanged, {f"{method}_secret": secret}, actor["id"])
        self.auth.save(person)
        return person.fields, secret

    def pre_enable_totp(self, actor):
        fields, secret = self.store_secret(actor, "totp")
        organisation = self.auth.organisation() or {"name": "Kitsu"}
        uri = pyotp.TOTP(secret).provisioning_uri(name=fields.get("email") or "",
                                                  issuer_name=f"Kitsu {organisation['name']}")
        return {"totp_provisionning_uri": uri, "otp_secret": secret}

    def pre_enable_email_otp(self, actor):
        require_mail()
        fields, secret = self.store_secret(actor, "email_otp")
        self.send_code(fields["email"], secret)
        return {"success": True}

    @staticmethod
    def send_code(email, secret):
        code = code_generator("email_otp", secret).now()
        mail.send(email, "Kitsu: your verification code",
                  f"Your Kitsu verification code is {code}. It is valid for a few minutes.")

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
            codes, hashes = new_recovery_codes()
            changes.update(otp_recovery_codes=hashes, preferred_two_factor_authentication=method)
        person.change(Person.TwoFactorChanged, changes, actor["id"])
        self.auth.save(person)
        return {"otp_recovery_codes": codes, **self.auth.tokens(actor["id"])}

    @command
    def disable(self, actor, method, body):
        person = self.person_of(actor)
        if not person.fields.get(f"{method}_enabled"):
            raise schemas.bad_request(f"{LABELS[method]} not enabled.")
        if not self.accepts(person, body):
            raise wrong_otp()
        person.change(Person.TwoFactorChanged, disabling(person.fields, [method]), actor["id"])
        self.auth.save(person)
        return {"success": True}

    @command
    def renew_recovery_codes(self, actor, body):
        person = self.person_of(actor)
        if not self.accepts(person, body):
            raise wrong_otp()
        codes, hashes = new_recovery_codes()
        person.change(Person.TwoFactorChanged, {"otp_recovery_codes": hashes}, actor["id"])
        self.auth.save(person)
        return {"otp_recovery_codes": codes}

    @command
    def admin_disable(self, actor, person_id):
        if not Actor(actor).is_admin:
            raise Forbidden()
        person = self.auth.person(self.auth.person_row(person_id)["id"])
        person.change(Person.TwoFactorChanged, disabling(person.fields, METHODS), actor["id"])
        self.auth.save(person)
        return {"success": True}

    def send_email_otp(self, query):
        """Public: mail a login code; the same answer whatever the account (no enumeration)."""
        require_mail()
        email = schemas.require(query, "email")["email"]
        row = self.auth.find_login(email)
        if row and row["active"] and row["email_otp_enabled"] and row["email_otp_secret"]:
            self.send_code(row["email"], row["email_otp_secret"])
        return {"success": True}
