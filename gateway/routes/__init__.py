"""The gateway's route table: data only. Handlers are generic (see app.py).

A row is (METHOD, path template, service, rpc method, access rule, success status, fixed params).
Access rules: "public" (no token), "access" (valid access token), "refresh" (valid refresh token),
"share" (a playlist share link's guest: no login, no caller; the service opens the link of the
path's {token}, with its password, and answers only what that link shows).
A route may compose its answer from several services (`parts`). One module per service (auth.py, production.py, tasks.py…) holds its ROUTES and the generic
CRUD COLLECTIONS it owns. To add a route, append a row there; the service must expose
`<rpc method>(request)` and return the JSON body. A 204 route sends an empty body. A row whose
params say "answered_status" has two successes (e.g. 200 found, 201 made): its RPC answers
{"status", "body"}.
"""
from typing import NamedTuple


class Route(NamedTuple):
    method: str
    path: str
    service: str
    rpc: str
    rule: str = "access"
    status: int = 200
    params: dict = {}
    # "csv": the RPC answers rows, sent as Zou's `;`-separated CSV file; "upload": a multipart
    # body's files are stored first (gateway/files.py), "file": the RPC names a stored file to
    # send (its answer's `temporary`: made for this answer, removed once sent); all in the store
    # params["store"]; "board": JSON, or Zou's ndjson lines with ?stream=true
    # (gateway/streams.py)
    content: str = "json"
    # keys of the answer that other services own: ((key, path of a GET route of the table), ...);
    # each is that route's answer for the same caller, all called at once (gateway/compose.py)
    parts: tuple = ()
    # seconds the gateway waits for the service's answer (0: config.RPC_TIMEOUT); imports of
    # thousands of records take longer than a request usually may
    timeout: float = 0


def crud_routes(collections):
    rows = []
    for name, service in collections.items():
        fixed = {"collection": name}
        base, one = f"/data/{name}", f"/data/{name}/{{instance_id}}"
        rows += [
            Route("GET", base, service, "crud_list", "access", 200, fixed),
            Route("POST", base, service, "crud_create", "access", 201, fixed),
            Route("GET", one, service, "crud_get", "access", 200, fixed),
            Route("PUT", one, service, "crud_update", "access", 200, fixed),
            Route("DELETE", one, service, "crud_delete", "access", 204, fixed),
        ]
    return rows


def rows(service, *table):
    """Shorthand: (METHOD, path, rpc[, rule[, status[, params]]]) rows of one service."""
    return [Route(row[0], row[1], service, *row[2:]) for row in table]


from . import auth, importer, media, production, production_projects, tasks, tasks_time  # noqa: E402  (the tables use Route and rows above)

COLLECTIONS = {**auth.COLLECTIONS, **production.COLLECTIONS, **tasks.COLLECTIONS, **media.COLLECTIONS}
ROUTES = (crud_routes(COLLECTIONS) + auth.ROUTES + production.ROUTES + production_projects.ROUTES
          + tasks.ROUTES + tasks_time.ROUTES + media.ROUTES + importer.ROUTES)
