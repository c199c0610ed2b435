"""Local token checks of the gateway (no broker): Zou's statuses and bodies for each failure."""
import asyncio
import datetime
import time

import pytest

from gateway.auth import AccessState, AuthError, authenticate, authenticate_request, check_token, find_token
from shared import tokens

PID = "11111111-1111-1111-1111-111111111111"


def state(**person):
    access = AccessState()
    access.load_snapshot({"persons": {PID: {"role": "admin", "active": True, "api_jti": None,
                                            **person}}, "revoked": []})
    return access


def error(func, *args):
    with pytest.raises(AuthError) as info:
        func(*args)
    return info.value.status, info.value.body


def test_valid_access_token_gives_actor():
    pair = tokens.issue_pair(PID)
    actor = check_token(state(), pair["access_token"], "access")
    assert actor == {"id": PID, "role": "admin", "identity_type": "person",
                     "jti": pair["access_jti"], "refresh_jti": pair["refresh_jti"],
                     "token_type": "access"}
    refresh = check_token(state(), pair["refresh_token"], "refresh")
    assert refresh["token_type"] == "refresh" and refresh["refresh_jti"] is None


def test_missing_token():
    status, body = error(find_token, "access", None, {})
    assert status == 401
    assert body == {"msg": 'Missing JWT in cookies or headers (Missing cookie "access_token_cookie"; '
                           'Missing Authorization Header)'}
    assert 'refresh_token_cookie' in error(find_token, "refresh", None, {})[1]["msg"]
    assert error(find_token, "access", "Basic abc", {})[0] == 401


def test_token_from_header_or_cookie():
    assert find_token("access", "Bearer abc", {}) == "abc"
    assert find_token("access", None, {"access_token_cookie": "c"}) == "c"
    assert find_token("refresh", None, {"refresh_token_cookie": "r"}) == "r"


def test_expired_token():
    token, _ = tokens.issue(PID, "access", lifetime=datetime.timedelta(seconds=-10))
    assert error(check_token, state(), token, "access") == (
        401, {"error": True, "message": "Signature has expired"})


def test_a_token_checked_before_still_expires(monkeypatch):
    token, _ = tokens.issue(PID, "access", lifetime=datetime.timedelta(seconds=60))
    assert check_token(state(), token, "access")["id"] == PID
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert error(check_token, state(), token, "access") == (
        401, {"error": True, "message": "Signature has expired"})


def test_malformed_and_badly_signed_tokens_are_422():
    assert error(check_token, state(), "not-a-jwt", "access")[0] == 422
    token, _ = tokens.issue(PID, "access")
    status, body = error(check_token, state(), token[:-3] + "abc", "access")
    assert status == 422 and body == {"msg": "Signature verification failed"}


def test_refresh_vs_access():
    pair = tokens.issue_pair(PID)
    assert error(check_token, state(), pair["refresh_token"], "access") == (
        422, {"msg": "Only non-refresh tokens are allowed"})
    assert error(check_token, state(), pair["access_token"], "refresh") == (
        422, {"msg": "Only refresh tokens are allowed"})


def test_revoked_token():
    pair = tokens.issue_pair(PID)
    access = state()
    access.apply_event({"name": "auth.tokens-revoked", "data": {"jtis": [pair["access_jti"]]}})
    assert error(check_token, access, pair["access_token"], "access") == (
        401, {"msg": "Token has been revoked"})
    access.apply_event({"name": "auth.tokens-revoked", "data": {"jtis": [pair["refresh_jti"]]}})
    assert error(check_token, access, pair["refresh_token"], "refresh")[0] == 401


def test_a_token_issued_before_a_deactivation_stays_dead():
    before, _ = tokens.issue(PID, "access")
    time.sleep(0.002)
    access = state()
    deactivated = round(time.time(), 3)
    for active in (False, True):  # deactivated, then active again
        access.apply_event({"name": "auth.person-access", "data": {
            "person_id": PID, "active": active, "role": "admin", "tokens_valid_after": deactivated}})
    assert error(check_token, access, before, "access") == (401, {"msg": "Token has been revoked"})
    time.sleep(0.002)
    after, _ = tokens.issue(PID, "access")
    assert check_token(access, after, "access")["id"] == PID


def test_inactive_unknown_and_deleted_person():
    token, _ = tokens.issue(PID, "access")
    expected = (401, {"msg": f"Error loading the user {PID}"})
    assert error(check_token, state(active=False), token, "access") == expected
    assert error(check_token, AccessState(), token, "access") == expected
    access = state()
    access.apply_event({"name": "auth.person-access",
                        "data": {"person_id": PID, "deleted": True}})
    assert error(check_token, access, token, "access") == expected


def test_person_access_event_updates_role():
    token, _ = tokens.issue(PID, "access")
    access = state()
    access.apply_event({"name": "auth.person-access", "data": {
        "person_id": PID, "role": "user", "active": True, "api_jti": None, "deleted": False}})
    assert check_token(access, token, "access")["role"] == "user"


def test_bot_token_valid_only_while_current():
    token, jti = tokens.issue(PID, "access", identity_type="bot", lifetime=False)
    assert check_token(state(api_jti=jti), token, "access")["identity_type"] == "bot"
    assert error(check_token, state(api_jti="other"), token, "access") == (
        401, {"msg": "Token has been revoked"})


def test_public_routes_need_no_token_and_auth_not_ready_is_502():
    assert authenticate(AccessState(), "public", None, {}) is None
    token, _ = tokens.issue(PID, "access")
    assert error(authenticate, AccessState(), "access", f"Bearer {token}", {})[0] == 502


class AuthService:
    """Stands for auth's `auth_snapshot` RPC (the gateway's side is what is tested here)."""

    def __init__(self, persons):
        self.persons, self.calls = persons, []

    async def call(self, service, method, request, timeout=None):
        self.calls.append((service, method, request["params"]))
        person_id = request["params"]["person_id"]
        known = {person_id: self.persons[person_id]} if person_id in self.persons else {}
        return {"persons": known, "revoked": []}


def test_a_person_not_heard_of_yet_is_asked_about_once():
    newcomer = "22222222-2222-2222-2222-222222222222"
    access, auth = state(), AuthService({newcomer: {"role": "user", "active": True, "api_jti": None}})
    header = "Bearer " + tokens.issue_pair(newcomer)["access_token"]
    actor = asyncio.run(authenticate_request(access, auth, "access", header, {}))
    assert actor["id"] == newcomer and actor["role"] == "user"
    assert auth.calls == [("auth", "auth_snapshot", {"person_id": newcomer})]
    asyncio.run(authenticate_request(access, auth, "access", header, {}))
    assert len(auth.calls) == 1  # known from then on (its events keep it up to date)

    stranger = "Bearer " + tokens.issue_pair("33333333-3333-3333-3333-333333333333")["access_token"]
    with pytest.raises(AuthError) as info:
        asyncio.run(authenticate_request(access, auth, "access", stranger, {}))
    assert info.value.status == 401 and info.value.body["msg"].startswith("Error loading the user")
