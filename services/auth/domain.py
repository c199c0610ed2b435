"""Auth aggregates: persons (with their credentials and sessions), departments, studios, organisation.

Credential events subclass Record.Updated, so the generic projection keeps the person row current;
what they publish is decided here (Zou publishes no person:update for a login)."""
import time

from eventsourcing.domain import Aggregate

from shared.eventstore import Record

from .rules.second_factors import matching_code, matching_recovery_code

# What the gateway and the replicas keep of a person; a person-access event always carries all of it
# (a partial one would blank the others there), so changes to one of them bring the current rest.
ACCESS_DEFAULTS = {"role": "user", "active": True, "jti": None, "is_bot": False,
                   "tokens_valid_after": None}


class Person(Record):
    public_name = "person"
    reset_token = None  # {"hash", "expires_at"} of the pending password reset (class default: old snapshots)

    class PasswordChanged(Record.Updated):
        def apply(self, aggregate):
            super().apply(aggregate)
            aggregate.reset_token = None  # any new password makes a pending reset link useless

    class LoggedIn(Record.Updated):
        pass

    class LoginFailed(Record.Updated):
        pass

    class TwoFactorChanged(Record.Updated):
        pass

    class ApiTokenIssued(Record.Updated):
        pass

    class ResetTokenIssued(Aggregate.Event):
        """Only the hash is kept: the token itself goes to the person by mail (or the dev answer)."""
        token_hash: str
        expires_at: str

        def apply(self, aggregate):
            aggregate.reset_token = {"hash": self.token_hash, "expires_at": self.expires_at}

    class TokensRevoked(Aggregate.Event):
        """A logout (or a password change) ends these sessions."""
        jtis: list
        expires_at: str

    def implied(self, changes):
        if changes.get("active") is False:  # a deactivation ends every token issued so far
            changes = {**changes, "tokens_valid_after": round(time.time(), 3)}
        if changes and ACCESS_DEFAULTS.keys() & changes.keys():
            changes = {**self.access(), **changes}
        return changes

    def use_second_factor(self, given):
        """Whether `given` (rules.second_factors.given_factors) holds a valid factor; a recovery
        code is used up (an event pending here: the caller saves it with what the factor allows)."""
        if matching_code(self.fields, given):
            return True
        hashes = self.fields.get("otp_recovery_codes") or []
        used = matching_recovery_code(given.get("recovery_code"), hashes)
        if used is None:
            return False
        self.update({"otp_recovery_codes": [h for h in hashes if h != used]}, str(self.id), self.TwoFactorChanged)
        return True

    def access(self):
        return {k: self.fields.get(k, default) for k, default in ACCESS_DEFAULTS.items()}

    def issue_reset_token(self, token_hash, expires_at):
        self.trigger_event(self.ResetTokenIssued, token_hash=token_hash, expires_at=expires_at)

    def revoke(self, jtis, expires_at):
        self.trigger_event(self.TokensRevoked, jtis=[j for j in jtis if j], expires_at=expires_at)

    @classmethod
    def publish(cls, event):
        person = {"person_id": str(event.originator_id)}
        if isinstance(event, cls.TokensRevoked):
            return [("auth.tokens-revoked", {"jtis": event.jtis})]
        published = super().publish(event)
        if isinstance(event, cls.Deleted):
            return published + [("auth.person-access", {**person, "deleted": True})]
        fields = event.fields if isinstance(event, cls.Created) else getattr(event, "changes", {})
        if isinstance(event, cls.Created) or ACCESS_DEFAULTS.keys() & fields.keys():
            access = {**ACCESS_DEFAULTS, **{k: fields[k] for k in ACCESS_DEFAULTS if k in fields}}
            access["api_jti"] = access.pop("jti")
            published.append(("auth.person-access", {**person, **access}))
        return published


class Department(Record):
    public_name = "department"


class Studio(Record):
    public_name = "studio"


class Organisation(Record):
    public_name = "organisation"


class DesktopLoginLog(Record):
    public_name = "desktop-login-log"


class LoginLog(Record):
    """Every successful login (Zou's login_log): who, from where, with what client."""
    public_name = "login-log"

    @classmethod
    def publish(cls, event):
        return []
