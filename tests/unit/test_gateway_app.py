"""The gateway's generic handler with a fake RPC client (no broker): request shape, error
mapping, cookies, logout revocation, status and openapi."""
import asyncio

import orjson

from aiohttp.test_utils import TestClient, TestServer

from gateway.app import create_app
from gateway.auth import AccessState
from gateway.routes import Route
from gateway.rpc import RemoteError, ServiceTimeout, ServiceUnavailable
from shared import config, tokens

PID = "22222222-2222-2222-2222-222222222222"
OTHER = "33333333-3333-3333-3333-333333333333"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"


def nothing_written(service, method, request):
    return {}


class FakeRpc:
    connected = True

    def __init__(self, answer, written=nothing_written):
        self.answer, self.written, self.calls, self.on_connect = answer, written, [], []
        self.timeouts = []  # what each call was given (None: the client's default)

    async def start(self):
        pass

    async def close(self):
        pass

    async def call(self, service, method, request, timeout=None, raw=False):
        return (await self.call_with_headers(service, method, request, timeout, raw))[0]

    async def call_with_headers(self, service, method, request, timeout=None, raw=False):
        self.calls.append((service, method, request))
        self.timeouts.append(timeout)
        result = self.answer(service, method, request)
        headers = self.written(service, method, request)  # what a service's reply headers say
        return (orjson.dumps(result) if raw else result), headers  # raw: JSON text, as the real client


def run(answer, scenario, written=nothing_written, routes=None):
    state = AccessState()
    state.load_snapshot({"persons": {person_id: {"role": "admin", "active": True, "api_jti": None}
                                     for person_id in (PID, OTHER)}})
    rpc = FakeRpc(answer, written)

    async def main():
        async with TestClient(TestServer(create_app(routes, rpc=rpc, state=state))) as client:
            await scenario(client, rpc, state)
    asyncio.run(main())


def bearer():
    pair = tokens.issue_pair(PID)
    return pair, {"Authorization": f"Bearer {pair['access_token']}", "User-Agent": "CGWire Gazu"}


def test_request_shape_and_statuses():
    pair, headers = bearer()

    async def scenario(client, rpc, state):
        resp = await client.post("/api/data/persons/?a=1&b=2&b=3", json={"x": 1}, headers=headers)
        assert resp.status == 201 and await resp.json() == {"ok": True}
        assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
        service, method, request = rpc.calls[-1]
        assert (service, method) == ("auth", "crud_create")
        assert request["params"] == {"collection": "persons"}
        assert request["query"] == {"a": "1", "b": ["2", "3"]}
        assert request["body"] == {"x": 1} and request["actor"]["id"] == PID
        assert request["meta"]["user_agent"] == "CGWire Gazu"
        resp = await client.delete("/data/persons/abc", headers=headers)
        assert resp.status == 204 and await resp.read() == b""
        resp = await client.post("/data/persons", data=b"{nope", headers=headers)
        assert resp.status == 400 and (await resp.json())["message"].startswith("The request body")
        resp = await client.get("/nowhere")
        assert resp.status == 404
        resp = await client.post("/data/persons/abc", headers=headers)
        assert resp.status == 405 and "GET" in resp.headers["Allow"]
        resp = await client.get("/data/persons")
        assert resp.status == 401
    run(lambda *a: {"ok": True}, scenario)


def raising(error):
    def answer(service, method, request):
        raise error
    return answer


def test_error_mapping():
    _, headers = bearer()
    cases = [
        (RemoteError({"exc_path": "shared.errors.NotFound", "exc_args": ["404", '{"m": 1}']}),
         404, {"m": 1}),
        (RemoteError({"exc_path": "builtins.KeyError", "exc_args": ["x"], "value": "x"}),
         500, {"error": True, "message": "Internal server error."}),
        (ServiceUnavailable("auth"), 502,
         {"error": True, "message": "Service auth is unavailable."}),
        (ServiceTimeout("auth"), 504,
         {"error": True, "message": "Service auth did not answer in time."}),
    ]
    for error, status, body in cases:
        async def scenario(client, rpc, state):
            resp = await client.get("/data/persons", headers=headers)
            assert (resp.status, await resp.json()) == (status, body)
        run(raising(error), scenario)


def test_a_route_may_wait_longer_than_the_default():
    """Imports of thousands of records get IMPORT_TIMEOUT; other routes the client's default."""
    from gateway.routes import ROUTES
    imports = [route for route in ROUTES if route.path.startswith("/import/")]
    assert imports and all(route.timeout == config.IMPORT_TIMEOUT > config.RPC_TIMEOUT for route in imports)
    _, headers = bearer()
    routes = [Route("POST", "/import/x", "importer", "import_x", timeout=120), Route("GET", "/x", "tasks", "x")]

    async def scenario(client, rpc, state):
        assert (await client.post("/import/x", json=[], headers=headers)).status == 200
        assert (await client.get("/x", headers=headers)).status == 200
        assert rpc.timeouts == [120, None]
    run(lambda service, method, request: {}, scenario, routes=routes)


def test_a_route_with_two_successes_answers_the_status_its_service_chose():
    """"answered_status": the RPC answers {status, body} (a share link's guest: 200 found, 201 made)."""
    routes = [Route("POST", "/shared/{token}/guest", "media", "guest", "share", 201, {"answered_status": True})]

    async def scenario(client, rpc, state):
        resp = await client.post("/shared/t/guest", json={"guest_id": "known"})
        assert (resp.status, await resp.json()) == (200, {"id": "known"})
        resp = await client.post("/shared/t/guest", json={})
        assert (resp.status, await resp.json()) == (201, {"id": "new"})
        assert rpc.calls[-1][2]["actor"] is None  # a guest: no login

    def answer(service, method, request):
        known = (request["body"] or {}).get("guest_id")
        return {"status": 200, "body": {"id": known}} if known else {"status": 201, "body": {"id": "new"}}
    run(answer, scenario, routes=routes)


def test_browser_login_sets_cookies_and_logout_revokes():
    pair = tokens.issue_pair(PID)

    def answer(service, method, request):
        if method in ("login", "refresh_token"):
            return {"login": True, "access_token": pair["access_token"],
                    "refresh_token": pair["refresh_token"]}
        return {"logout": True} if method == "logout" else {"authenticated": True}

    def written(service, method, request):  # auth's logout revokes both tokens of the session
        revoked = {"name": "auth.tokens-revoked", "data": {"jtis": [pair["access_jti"], pair["refresh_jti"]]}}
        return {"access": [revoked], "positions": {"auth": 7}} if method == "logout" else {}

    async def scenario(client, rpc, state):
        resp = await client.post("/api/auth/login", json={"email": "a"},
                                 headers={"User-Agent": BROWSER})
        cookies = resp.headers.getall("Set-Cookie")
        assert any(c.startswith("access_token_cookie=") and "Path=/;" in c for c in cookies)
        assert any("Path=/api/auth/refresh-token" in c for c in cookies)
        assert all("HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
        cookie = {"Cookie": f"refresh_token_cookie={pair['refresh_token']}", "User-Agent": BROWSER}
        resp = await client.get("/auth/refresh-token", headers=cookie)
        assert await resp.json() == {"refresh": True}
        auth = {"Authorization": f"Bearer {pair['access_token']}"}
        assert (await client.get("/auth/authenticated", headers=auth)).status == 200
        resp = await client.get("/auth/logout", headers=auth)
        assert resp.status == 200 and "Max-Age=0" in resp.headers["Set-Cookie"]
        resp = await client.get("/auth/authenticated", headers=auth)
        assert (resp.status, await resp.json()) == (401, {"msg": "Token has been revoked"})
        assert pair["refresh_jti"] in state.revoked
    run(answer, scenario, written)


def test_what_a_reply_wrote_counts_for_the_next_request():
    """Access changes apply before the answer leaves; positions go with the next requests."""
    pair, headers = bearer()

    def written(service, method, request):
        if method == "update_team":  # a change of rights: everyone's next requests wait for it
            return {"positions": {"production": 7}, "rights": True}
        if method != "crud_update":
            return {}
        access = {"name": "auth.person-access", "data": {"person_id": PID, "role": "user"}}
        return {"access": [access], "positions": {"auth": 42}}

    async def scenario(client, rpc, state):
        assert (await client.get("/data/tasks", headers=headers)).status == 200
        assert rpc.calls[-1][2]["meta"]["positions"] == {}
        assert (await client.put(f"/data/persons/{PID}", json={"role": "user"}, headers=headers)).status == 200
        assert state.persons[PID]["role"] == "user"
        await client.get("/data/tasks", headers=headers)
        assert rpc.calls[-1][2]["actor"]["role"] == "user"
        assert rpc.calls[-1][2]["meta"]["positions"] == {"auth": 42}
        # another token of the same person: the same writes; a person not seen before starts
        # from every write acknowledged so far
        for person_id in (PID, OTHER):
            other = {"Authorization": f"Bearer {tokens.issue_pair(person_id)['access_token']}"}
            await client.get("/data/tasks", headers=other)
            assert rpc.calls[-1][2]["meta"]["positions"] == {"auth": 42}
        await client.put("/data/projects/p1/team", json={}, headers=headers)
        await client.get("/data/tasks", headers=other)
        assert rpc.calls[-1][2]["meta"]["positions"] == {"auth": 42, "production": 7}
    routes = [Route("PUT", "/data/projects/{project_id}/team", "production", "update_team"),
              Route("PUT", "/data/persons/{instance_id}", "auth", "crud_update", params={"collection": "persons"}),
              Route("GET", "/data/tasks", "tasks", "crud_list", params={"collection": "tasks"})]
    run(lambda *a: {"ok": True}, scenario, written, routes)


def test_root_status_openapi():
    def answer(service, method, request):
        if service == "media":
            raise ServiceTimeout(service)
        return {"database": True}

    async def scenario(client, rpc, state):
        assert await (await client.get("/api/")).json() == {"api": "Zou", "version": "1.0.97"}
        status = await (await client.get("/status")).json()
        assert status["database-up"] is True and status["auth-up"] is True
        assert status["media-up"] is False and status["job-queue-up"] is False
        doc = await (await client.get("/openapi.json")).json()
        assert doc["openapi"].startswith("3.")
        assert doc["paths"]["/data/persons/{instance_id}"]["get"]["security"]
        assert doc["paths"]["/auth/login"]["post"]["security"] == []
    run(answer, scenario)
