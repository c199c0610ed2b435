"""Token checks done locally (no RPC per request), as Zou/flask-jwt-extended answers them.

The gateway keeps in memory who may use a token: persons {id: {"role", "active", "api_jti",
"tokens_valid_after"}} and the revoked jtis. AccessState is pure; AuthEvents fills it from the
auth service (a snapshot at start, then the events of the "auth.events" exchange), and the
gateway applies the access changes that auth's RPC replies carry before it answers them, so
that a right withdrawn is gone for the very next request.
"""
import asyncio
import logging
import time

import cachetools
import jwt

from shared import config, tokens
from shared.serialization import loads

from .rpc import until_answered

log = logging.getLogger("gateway.auth")

COOKIES = {"access": "access_token_cookie", "refresh": "refresh_token_cookie"}
BEARER_ERROR = ("Missing 'Bearer' type in 'Authorization' header. "
                "Expected 'Authorization: Bearer <JWT>'")


# token -> its verified claims: a token's signature is checked once, its expiry at every use
VERIFIED = cachetools.LRUCache(maxsize=10000)


def verified_claims(token):
    claims = VERIFIED.get(token)
    if claims is None:
        claims = VERIFIED[token] = tokens.decode(token)
    elif "exp" in claims and claims["exp"] <= time.time():  # as PyJWT decides it
        raise jwt.ExpiredSignatureError("Signature has expired")
    return claims


PERSON_ACCESS = ("role", "active", "api_jti", "tokens_valid_after")


class AuthError(Exception):
    def __init__(self, status, body):
        super().__init__(status, body)
        self.status, self.body = status, body


class UnknownPerson(AuthError):
    """A valid token of a person the gateway has not heard of yet: a person created a moment
    ago, whose `auth.person-access` event is still on its way."""

    def __init__(self, person_id):
        super().__init__(401, {"msg": f"Error loading the user {person_id}"})
        self.person_id = person_id


class AccessState:
    def __init__(self):
        self.persons = {}
        self.revoked = set()
        self.ready = False  # True once a snapshot was applied

    def load_snapshot(self, snapshot):
        self.persons = dict(snapshot.get("persons") or {})
        self.revoked |= set(snapshot.get("revoked") or ())  # revocations are never undone
        self.ready = True

    def apply_event(self, envelope):
        name, data = envelope.get("name"), envelope.get("data") or {}
        if name == "auth.person-access":
            if data.get("deleted"):
                self.persons.pop(data["person_id"], None)
            else:  # merge: an event may carry only what changed
                person = self.persons.setdefault(data["person_id"], {})
                person.update({k: data[k] for k in PERSON_ACCESS if k in data})
        elif name == "auth.tokens-revoked":
            self.revoked.update(data.get("jtis") or ())


def find_token(rule, authorization, cookies):
    """The raw JWT from the rule's cookie or the Bearer header (cookies first, like Zou)."""
    cookie = COOKIES["refresh" if rule == "refresh" else "access"]
    token = cookies.get(cookie)
    if token:
        return token
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme == "Bearer" and value.strip():
            return value.strip()
        header_error = BEARER_ERROR
    else:
        header_error = "Missing Authorization Header"
    raise AuthError(401, {"msg": f'Missing JWT in cookies or headers (Missing cookie "{cookie}"; '
                                 f"{header_error})"})


def check_token(state, token, rule, ask_auth=False):
    """The actor dict for a valid token, else AuthError with Zou's status and body
    (`ask_auth`: UnknownPerson for a person not known yet, see authenticate_request)."""
    try:
        claims = verified_claims(token)
    except jwt.ExpiredSignatureError:
        raise AuthError(401, {"error": True, "message": "Signature has expired"}) from None
    except jwt.InvalidTokenError as exc:
        raise AuthError(422, {"msg": str(exc)}) from None
    token_type = claims.get("type")
    if rule == "refresh" and token_type != "refresh":
        raise AuthError(422, {"msg": "Only refresh tokens are allowed"})
    if rule != "refresh" and token_type == "refresh":
        raise AuthError(422, {"msg": "Only non-refresh tokens are allowed"})
    person_id, jti = claims["sub"], claims["jti"]
    identity_type = claims.get("identity_type") or "person"
    person = state.persons.get(person_id)
    if person is None and ask_auth:
        raise UnknownPerson(person_id)
    if identity_type in ("bot", "person_api"):
        # API tokens: only the latest one issued for the person is valid.
        if person is None or person.get("api_jti") != jti:
            raise AuthError(401, {"msg": "Token has been revoked"})
    elif jti in state.revoked:
        raise AuthError(401, {"msg": "Token has been revoked"})
    if person is not None and person.get("tokens_valid_after") is not None \
            and claims.get("iat", 0) <= person["tokens_valid_after"]:
        raise AuthError(401, {"msg": "Token has been revoked"})  # issued before a deactivation
    if person is None or not person.get("active"):
        raise AuthError(401, {"msg": f"Error loading the user {person_id}"})
    return {"id": person_id, "role": person.get("role"), "identity_type": identity_type,
            "jti": jti, "refresh_jti": claims.get("refresh_jti"), "token_type": token_type}


def authenticate(state, rule, authorization, cookies, ask_auth=False):
    """Actor for a request (None for public routes and for a share link's guest routes, whatever
    token comes with them: the link's token in the path lets the guest in, and the owning service
    checks it); raises AuthError."""
    if rule in ("public", "share"):
        return None
    token = find_token(rule, authorization, cookies)
    if not state.ready:
        raise AuthError(502, {"error": True, "message": "Service auth is unavailable."})
    return check_token(state, token, rule, ask_auth)


async def authenticate_request(state, rpc, rule, authorization, cookies):
    """authenticate(), asking auth once about a person the gateway has not heard of yet."""
    try:
        return authenticate(state, rule, authorization, cookies, ask_auth=True)
    except UnknownPerson as unknown:
        request = {"actor": None, "params": {"person_id": unknown.person_id}, "query": {},
                   "body": None, "meta": {"user_agent": "gateway", "ip": ""}}
        try:
            answer = await rpc.call("auth", "auth_snapshot", request, timeout=5)
        except Exception:  # auth away: the token is refused, as it would have been
            raise unknown from None
        for person_id, access in answer["persons"].items():
            state.persons.setdefault(person_id, access)  # an event that came meanwhile is newer
        state.revoked |= set(answer["revoked"])
        return authenticate(state, rule, authorization, cookies)


class AuthEvents:
    """Keeps an AccessState in sync: bind the event queue FIRST, then load the snapshot.

    Events received while the snapshot loads are buffered and replayed after it, so an
    older snapshot never overwrites a newer event. Re-done after every reconnection.
    """

    EXCHANGE = config.events_exchange("auth")
    BINDINGS = tokens.ACCESS_EVENTS

    def __init__(self, rpc, state):
        self.rpc, self.state = rpc, state
        self.channel = None
        self.buffer = None  # list while a snapshot loads, else None
        self.task = None
        rpc.on_connect.append(self._on_connect)

    @property
    def connected(self):
        return self.channel is not None and not self.channel.is_closed

    async def _on_connect(self, connection):
        self.buffer = []
        self.channel = await connection.channel()
        await self.channel.exchange_declare(self.EXCHANGE, exchange_type="topic", durable=True)
        declared = await self.channel.queue_declare("", exclusive=True, auto_delete=True)
        for key in self.BINDINGS:
            await self.channel.queue_bind(declared.queue, self.EXCHANGE, routing_key=key)
        await self.channel.basic_consume(declared.queue, self._on_event, no_ack=True)
        if self.task:
            self.task.cancel()
        self.task = asyncio.create_task(self._load_snapshot())

    async def _on_event(self, message):
        try:
            envelope = loads(message.body)
        except Exception:
            log.warning("undecodable auth event dropped")
            return
        if self.buffer is not None:
            self.buffer.append(envelope)
        else:
            self.state.apply_event(envelope)

    async def _load_snapshot(self):
        request = {"actor": None, "params": {}, "query": {}, "body": None,
                   "meta": {"user_agent": "gateway", "ip": ""}}
        snapshot = await until_answered(
            lambda: self.rpc.call("auth", "auth_snapshot", request, timeout=5), "auth snapshot")
        self.state.load_snapshot(snapshot)
        buffered, self.buffer = self.buffer or [], None
        for envelope in buffered:
            self.state.apply_event(envelope)
        log.info("access state loaded: %d persons, %d revoked tokens",
                 len(self.state.persons), len(self.state.revoked))

    async def close(self):
        if self.task:
            self.task.cancel()
