"""The aiohttp application: one generic handler turns every table route into an RPC call.

request -> match route (router.py) -> check token (auth.py) -> parse query/body ->
rpc.call(service, method, request={actor, params, query, body, meta}) -> JSON answer,
with the service's typed errors mapped to Zou's statuses and bodies.
"""
import csv
import functools
import io
import logging

import orjson
from aiohttp import web


from shared import config

from . import compose, cookies, files, guard, local, openapi, streams

from .auth import AccessState, AuthError, AuthEvents, authenticate_request
from .file_answers import FileAnswers
from .keys import COMPOSED, EVENTS, FILE_ANSWERS, OPENAPI, POSITIONS, ROUTER, RPC, STATE, STREAM
from .positions import WrittenPositions
from .router import Router
from .routes import ROUTES, Route
from .rpc import RemoteError, RpcClient, RpcError
from .stream import EventStream

log = logging.getLogger("gateway")

NOT_FOUND = {"error": True, "message": "404 Not Found: The requested URL was not found on the "
             "server. If you entered the URL manually please check your spelling and try again."}
NOT_ALLOWED = {"error": True,
               "message": "The method is not allowed for the requested URL."}
BAD_JSON = {"error": True, "message": "The request body is not valid JSON.", "data": None}
INTERNAL = {"error": True, "message": "Internal server error."}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")



class BadBody(Exception):
    pass


def csv_response(result):
    """A csv route's answer: its lines, or {file_name, rows} for a sheet downloaded under its own name."""
    rows, name = (result["rows"], result["file_name"]) if isinstance(result, dict) else (result, "kitsu_export.csv")
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    return web.Response(text=text.getvalue(), content_type="text/csv", headers={
        "Content-Disposition": f"attachment; filename={name}"})


def json_response(body, status=200):
    if status == 204:
        return web.Response(status=204)
    text = body if isinstance(body, bytes) else orjson.dumps(body)
    return web.Response(body=text, status=status, content_type="application/json")


def client_ip(request):
    forwarded = request.headers.get("X-Forwarded-For")
    return forwarded.split(",")[0].strip() if forwarded else (request.remote or "")


def query_dict(request):
    """{key: str}, or {key: [str, ...]} when the key is repeated (gazu sends lists that way)."""
    query = {}
    for key in request.query.keys():
        if key not in query:
            values = request.query.getall(key)
            query[key] = values[0] if len(values) == 1 else values
    return query


async def read_body(request):
    if request.method not in BODY_METHODS or not request.body_exists:
        return None
    if request.content_type.startswith("multipart/"):
        return None  # uploads are not handled here yet
    raw = await guard.read_limited(request)
    if request.content_type == "application/x-www-form-urlencoded":
        return guard.checked(dict(await request.post()))
    if not raw.strip():
        return None
    try:
        return guard.check_body(raw, orjson.loads(raw))
    except orjson.JSONDecodeError:
        raise BadBody() from None


def passes_through(route, query):
    """Whether the gateway can send the service's answer on without reading it."""
    return (route.content in ("json", "board") and not cookies.touches_tokens(route)
            and not streams.wants_stream(route, query) and not route.params.get("answered_status"))


async def call_service(rpc, route, payload, raw):
    """(status, body, reply headers) of the RPC, with transport and service errors already
    mapped; the body is JSON text (bytes) when `raw`."""
    try:
        result, headers = await rpc.call_with_headers(route.service, route.rpc, payload,
                                                      timeout=route.timeout or None, raw=raw)
        return route.status, result, headers
    except RpcError as exc:
        return exc.status, exc.body, {}
    except RemoteError as exc:
        if exc.api_error:
            return (*exc.api_error, exc.headers)
        log.error("%s.%s raised %s: %s", route.service, route.rpc,
                  exc.error.get("exc_path"), exc.error.get("value"))
        return 500, INTERNAL, exc.headers


def apply_written(app, actor, headers):
    """Before the answer leaves: access changes count from now on, and the caller's next
    requests will see what this one wrote, in every service (the file answers kept are
    forgotten: file_answers.py)."""
    if headers:  # a reply has headers when its call wrote
        app[FILE_ANSWERS].written()
    for envelope in headers.get("access") or ():
        app[STATE].apply_event(envelope)
    if headers.get("positions"):
        app[POSITIONS].record(actor, headers["positions"], headers.get("rights"))


async def attach_uploads(app, route, payload, created, uploads):
    """(status, answer) once the uploads are recorded for the record just made (route.params
    "attach": media's RPC); without uploads, the record's answer as it is."""
    if not uploads:
        return route.status, created
    payload = {**payload, "params": {**payload["params"], "comment_id": created["id"]},
               "body": {"files": uploads},
               "meta": {**payload["meta"], "positions": app[POSITIONS].of(payload["actor"])}}
    status, attached, headers = await call_service(
        app[RPC], Route("POST", route.path, "media", route.params["attach"], status=201, content="upload"), payload,
        raw=False)
    if status >= 300:
        log.error("attachments of %s %s not recorded: %s", route.method, route.path, attached)
        await files.discard(route.params["store"], [stored["id"] for stored in uploads])
        return route.status, created
    apply_written(app, payload["actor"], headers)
    return route.status, {**created, "attachment_files": attached}


async def handle(request):
    """Every request lands here; anything unexpected still answers Zou's JSON 500."""
    try:
        return await dispatch(request)
    except web.HTTPException as exc:  # e.g. 413 from aiohttp's body size limit
        return json_response({"error": True, "message": f"{exc.status} {exc.reason}"}, exc.status)
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        return json_response(INTERNAL, 500)


async def dispatch(request):
    app = request.app
    route, found = app[ROUTER].match(request.method, request.path)
    if route is None:
        if found is None:
            return json_response(NOT_FOUND, 404)
        allow = ", ".join(found + (["HEAD"] if "GET" in found else []) + ["OPTIONS"])
        if request.method == "OPTIONS":
            return web.Response(status=200, headers={"Allow": allow})
        response = json_response(NOT_ALLOWED, 405)
        response.headers["Allow"] = allow
        return response
    try:
        actor = await authenticate_request(app[STATE], app[RPC], route.rule,
                                           request.headers.get("Authorization"), request.cookies)
    except AuthError as exc:
        return json_response(exc.body, exc.status)
    if route.service == "gateway":
        return await local.HANDLERS[route.rpc](request)
    store = route.params.get("store")  # the file store's bucket/prefix of an upload or download
    try:
        guard.check_target(request)
        if route.content != "upload":
            body = await read_body(request)
        elif request.content_type.startswith("multipart/"):
            body = await files.store_uploads(request, store)
        else:
            body = files.without_uploads(await read_body(request))
    except BadBody:
        return json_response(BAD_JSON, 400)
    except guard.Refused as refused:
        return json_response(refused.body, refused.status)
    user_agent = request.headers.get("User-Agent", "")
    uploads = body["files"] if route.content == "upload" else []
    try:
        if route.params.get("attach"):  # the files go to the record the form fields make
            body = files.form_body(body, route.params.get("json_fields", ()))
    except guard.Refused as refused:
        await files.discard(store, [stored["id"] for stored in uploads])
        return json_response(refused.body, refused.status)
    params = {**route.params, **found}
    file_key = app[FILE_ANSWERS].key(route, params, actor)
    kept = app[FILE_ANSWERS].get(file_key)
    if kept is not None:  # media's answer to this caller for this file, and nothing written since
        return await files.file_response(store, kept) or json_response(NOT_FOUND, 404)
    generation = app[FILE_ANSWERS].generation
    payload = {"actor": actor, "params": params, "query": query_dict(request),
               "body": body, "meta": {"user_agent": user_agent, "ip": client_ip(request),
                                      "positions": app[POSITIONS].of(actor)}}
    parts = app[COMPOSED].get((route.method, route.path))
    if parts:
        status, result, headers = await compose.call_composed(
            functools.partial(call_service, app[RPC]), route, parts, payload)
    else:
        status, result, headers = await call_service(app[RPC], route, payload,
                                                     raw=passes_through(route, payload["query"]))
    apply_written(app, actor, headers)
    if route.params.get("answered_status") and status < 300:  # the service chose among success statuses
        status, result = result["status"], result["body"]
    if route.params.get("attach") and status < 300:
        status, result = await attach_uploads(app, route, payload, result, uploads)
    if route.content == "upload" and status >= 300:
        await files.discard(store, [stored["id"] for stored in uploads])
    if route.content == "file" and status == 200:
        app[FILE_ANSWERS].keep(file_key, generation, result)
        return await files.file_response(store, result) or json_response(NOT_FOUND, 404)
    if route.content == "csv" and status == 200:
        return csv_response(result)
    if status == 200 and streams.wants_stream(route, payload["query"]):
        return streams.stream_response(route.params["board"], payload["query"], result)
    setter = None
    if status < 300:
        result, setter = cookies.after_auth_call(route, user_agent, result)
    response = json_response(result, status)
    if setter:
        setter(response)
    return response


async def add_security_headers(request, response):
    response.headers.update(SECURITY_HEADERS)


async def start_background(app):
    await app[RPC].start()


async def close_connections(app):
    await app[EVENTS].close()
    await app[RPC].close()


def create_app(routes=None, rpc=None, state=None):
    """The gateway app; routes default to the table in routes.py (plus the gateway's own)."""
    routes = list(routes if routes is not None else ROUTES) + local.ROUTES
    app = web.Application(client_max_size=int(config.JSON_BODY_LIMIT_MB * 1024 * 1024))  # guard.py
    app[ROUTER] = Router(routes)
    app[COMPOSED] = compose.resolve(app[ROUTER], routes)
    app[OPENAPI] = orjson.dumps(openapi.build(routes))
    app[RPC] = rpc or RpcClient()
    app[STATE] = state or AccessState()
    app[POSITIONS] = WrittenPositions()
    app[FILE_ANSWERS] = FileAnswers()
    app[EVENTS] = AuthEvents(app[RPC], app[STATE])
    app[STREAM] = EventStream(app[RPC], app[STATE], app[ROUTER])
    app[STREAM].attach(app)  # before the catch-all route below
    app.router.add_route("*", "/{tail:.*}", handle)
    app.on_response_prepare.append(add_security_headers)
    app.on_startup.append(start_background)
    app.on_cleanup.append(close_connections)
    return app
