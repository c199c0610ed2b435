"""JWTs with Zou's claims (flask-jwt-extended layout), signed HS256 with SECRET_KEY.

Issued by the auth service, verified locally by the gateway.
"""
import datetime
import uuid

import jwt

from . import config

ALGORITHM = "HS256"
LIFETIMES = {
    "access": datetime.timedelta(days=config.ACCESS_TOKEN_DAYS),
    "refresh": datetime.timedelta(days=config.REFRESH_TOKEN_DAYS),
}


def issue(person_id, token_type, identity_type="person", lifetime=None, **claims):
    """Return (token, jti). `lifetime=False` makes a token that never expires (bots)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    jti = str(uuid.uuid4())
    payload = {"fresh": False, "iat": now, "jti": jti, "type": token_type, "sub": person_id,
               "nbf": now, "identity_type": identity_type, **claims}
    if lifetime is not False:
        payload["exp"] = now + (lifetime or LIFETIMES[token_type])
    return jwt.encode(payload, config.SECRET_KEY, algorithm=ALGORITHM), jti


def issue_pair(person_id, **claims):
    """Access + refresh tokens of a login; the access token names its refresh token."""
    refresh_token, refresh_jti = issue(person_id, "refresh", **claims)
    access_token, access_jti = issue(person_id, "access", refresh_jti=refresh_jti, **claims)
    return {"access_token": access_token, "refresh_token": refresh_token,
            "access_jti": access_jti, "refresh_jti": refresh_jti}


def decode(token):
    """Verified claims; raises jwt.ExpiredSignatureError or jwt.InvalidTokenError."""
    return jwt.decode(token, config.SECRET_KEY, algorithms=[ALGORITHM],
                      options={"require": ["sub", "jti", "type"]})
