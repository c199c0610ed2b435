"""The gateway keeps media's answer to a preview's file route (which stored file, for whom) until
the next write: with a fake RPC client, which file routes are asked again and when."""
from gateway.routes import Route
from gateway.rpc import RemoteError
from shared import config
from shared.storage import STORE
from test_gateway_app import OTHER, PID, bearer, run

PREVIEW = "44444444-4444-4444-4444-444444444444"
THUMBNAIL = f"/pictures/thumbnails/preview-files/{PREVIEW}.png"
ROUTES = [
    Route("GET", "/pictures/thumbnails/preview-files/{preview_file_id}.png", "media", "preview_picture",
          params={"store": "pictures/thumbnails"}, content="file"),
    Route("GET", "/data/working-files/{working_file_id}/file", "media", "working_file_content",
          params={"store": "files/working"}, content="file"),
    Route("POST", "/data/projects/{project_id}/team", "production", "add_team_member", status=201),
]


def media(refused=()):
    """Media's answers: the file to send, or a refusal for the preview ids in `refused`."""
    def answer(service, method, request):
        if request["params"].get("preview_file_id") in refused:
            raise RemoteError({"exc_path": "shared.errors.Forbidden", "exc_args": ["403", '{"error": true}']})
        if method == "add_team_member":
            return {"ok": True}
        return {"id": request["params"].get("preview_file_id") or request["params"].get("working_file_id"),
                "stores": [request["params"]["store"]], "mimetype": "image/png", "inline": True}
    return answer


def writes_positions(service, method, request):
    return {"positions": {service: 7}, "rights": True} if method == "add_team_member" else {}


def stored(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PREVIEW_FOLDER", str(tmp_path))
    STORE.writable("pictures/thumbnails", PREVIEW).write_bytes(b"\x89PNG thumbnail")


def asked(rpc, method="preview_picture"):
    return sum(1 for _, called, _ in rpc.calls if called == method)


def test_an_answer_is_kept_until_the_next_write(tmp_path, monkeypatch):
    stored(tmp_path, monkeypatch)
    _, headers = bearer()

    async def scenario(client, rpc, state):
        for _ in range(3):
            response = await client.get(THUMBNAIL, headers=headers)
            assert response.status == 200 and await response.read() == b"\x89PNG thumbnail"
            assert response.headers["Cache-Control"].startswith("private")
        assert asked(rpc) == 1
        etag = response.headers["ETag"]
        assert (await client.get(THUMBNAIL, headers={**headers, "If-None-Match": etag})).status == 304
        assert asked(rpc) == 1
        assert (await client.post("/data/projects/p1/team", json={}, headers=headers)).status == 201
        assert (await client.get(THUMBNAIL, headers=headers)).status == 200
        assert asked(rpc) == 2  # the write may have withdrawn the right: media is asked again
    run(media(), scenario, writes_positions, ROUTES)


def test_answers_are_each_callers_and_refusals_are_not_kept(tmp_path, monkeypatch):
    stored(tmp_path, monkeypatch)
    _, headers = bearer()

    async def scenario(client, rpc, state):
        assert (await client.get(THUMBNAIL, headers=headers)).status == 200
        state.persons[PID]["role"] = "user"  # a role change: another key
        assert (await client.get(THUMBNAIL, headers=headers)).status == 200
        assert asked(rpc) == 2
        state.persons[PID]["active"] = False
        assert (await client.get(THUMBNAIL, headers=headers)).status == 401  # refused before
        assert asked(rpc) == 2
    run(media(), scenario, writes_positions, ROUTES)

    async def refused(client, rpc, state):
        for _ in range(2):
            assert (await client.get(THUMBNAIL, headers=headers)).status == 403
        assert asked(rpc) == 2
    run(media(refused={PREVIEW}), refused, writes_positions, ROUTES)


def test_other_file_routes_ask_every_time(tmp_path, monkeypatch):
    stored(tmp_path, monkeypatch)
    STORE.writable("files/working", OTHER).write_bytes(b"scene")
    _, headers = bearer()

    async def scenario(client, rpc, state):
        for _ in range(2):
            assert (await client.get(f"/data/working-files/{OTHER}/file", headers=headers)).status == 200
        assert asked(rpc, "working_file_content") == 2
    run(media(), scenario, writes_positions, ROUTES)
