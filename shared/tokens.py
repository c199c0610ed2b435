"""JWTs with Zou's claims (flask-jwt-extended layout), signed HS256 with SECRET_KEY.

Issued by the auth service, verified locally by the gateway.
"""
import datetime
import math
import time
import uuid

import jwt

from . import config

ALGORITHM = "HS256"
# What the gateway learns of persons to check tokens without asking auth: auth publishes them as
# events (for every gateway) and its RPC replies carry them (for the gateway that asked).
ACCESS_EVENTS = ("auth.person-access", "auth.tokens-revoked")
LIFETIMES = {
    "access": datetime.timedelta(days=config.ACCESS_TOKEN_DAYS),
    "refresh": datetime.timedelta(days=config.REFRESH_TOKEN_DAYS),
}


def secret_key():
    """The signing key; a process that signs or verifies tokens calls it when it starts."""
    key = config.SECRET_KEY
    if not key or len(key) < config.MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(f"SECRET_KEY must be set to a random string of at least "
                           f"{config.MIN_SECRET_KEY_LENGTH} characters (deploy/up generates one)")
    return key


def issue(person_id, token_type, identity_type="person", lifetime=None, **claims):
    """Return (token, jti). `lifetime=False` makes a token that never expires (bots).
    `iat` is kept to the millisecond (a JWT NumericDate may have decimals), so that a token issued
    just after a person's deactivation is told apart from one issued just before it; rounded down,
    never up: an `iat` in the future makes the token "not yet valid" (422) for its first instant."""
    now = math.floor(time.time() * 1000) / 1000
    jti = str(uuid.uuid4())
    payload = {"fresh": False, "iat": now, "jti": jti, "type": token_type, "sub": person_id,
               "nbf": int(now), "identity_type": identity_type, **claims}
    if lifetime is not False:
        payload["exp"] = int(now + (lifetime or LIFETIMES[token_type]).total_seconds())
    return jwt.encode(payload, secret_key(), algorithm=ALGORITHM), jti


def issue_pair(person_id, **claims):
    """Access + refresh tokens of a login; the access token names its refresh token."""
    refresh_token, refresh_jti = issue(person_id, "refresh", **claims)
    access_token, access_jti = issue(person_id, "access", refresh_jti=refresh_jti, **claims)
    return {"access_token": access_token, "refresh_token": refresh_token,
            "access_jti": access_jti, "refresh_jti": refresh_jti}


def decode(token):
    """Verified claims; raises jwt.ExpiredSignatureError or jwt.InvalidTokenError."""
    return jwt.decode(token, secret_key(), algorithms=[ALGORITHM],
                      options={"require": ["sub", "jti", "type"]})
