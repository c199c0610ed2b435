"""The owning services, called over RPC as the gateway calls them ({actor, params, query, body,
meta}): the importer writes nothing of the breakdown itself, so every imported change is the
owner's domain event like any other.

Read-your-writes across the hop: each call carries the positions the caller's request came with
plus those of every earlier write of this request (so tasks sees the shot production has just
created), and what the calls wrote goes back in the importer's own reply headers (the session's
`relayed` info, read by shared.rpc.written_headers), so the client's next request sees it too."""
import functools
import threading

import orjson
from nameko.rpc import ReplyListener, ServiceProxy

from shared import db
from shared.errors import ApiError
from shared.service import Platform

IN_FLIGHT = 8  # calls of one batch sent before waiting for their answers (2 processes x workers)


class OwnerError(Exception):
    """An owner refused a call: its HTTP status and answer (a record's reason: its message)."""

    def __init__(self, status, body):
        self.status, self.body = status, body
        self.message = body.get("message") or orjson.dumps(body).decode()
        super().__init__(self.message)


def answered(method):
    """An owner's refusal outside any record (a setting the whole import needs) answers the
    request, with the owner's status and body."""
    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except OwnerError as error:
            raise ApiError(error.body, error.status) from None
    return call


class HeadedReplyListener(ReplyListener):
    """nameko's reply listener, keeping the reply headers (the owner's written positions)."""

    def handle_message(self, body, message):
        super().handle_message({**body, "headers": message.headers or {}}, message)


class ImporterPlatform(Platform):
    """The platform, plus the worker's link to the owning services."""
    reply_listener = HeadedReplyListener()

    def setup(self):
        super().setup()
        self.workers = threading.local()  # one per green thread: the worker it runs

    def worker_setup(self, worker_ctx):
        self.workers.ctx = worker_ctx

    def owners(self, actor, meta):
        return Owners(self.workers.ctx, self.reply_listener, actor, meta)


def merge_written(relayed, headers):
    for service, position in (headers.get("positions") or {}).items():
        relayed["positions"][service] = max(relayed["positions"].get(service, 0), position)
    relayed["access"] += headers.get("access") or []
    relayed["rights"] = relayed["rights"] or bool(headers.get("rights"))


def failure(error):
    """OwnerError of an error the owner answered."""
    if (error.get("exc_path") or "").startswith("shared.errors."):
        try:
            return OwnerError(*ApiError.from_remote(error.get("exc_args") or []))
        except (IndexError, TypeError, ValueError):
            pass
    return OwnerError(500, {"error": True, "message": f"{error.get('exc_type')}: {error.get('value')}"})


class Owners:
    """One request's calls to the owners."""

    def __init__(self, worker_ctx, listener, actor, meta):
        self.worker_ctx, self.listener = worker_ctx, listener
        self.actor = dict(actor)
        session_info = db.current_session().info
        self.relayed = session_info.setdefault("relayed", {"positions": {}, "access": [], "rights": False})
        self.meta = dict(meta or {})
        self.positions = dict(self.meta.get("positions") or {})  # what the next call must see

    def request(self, params=None, query=None, body=None, actor=None):
        return {"actor": actor or self.actor, "params": params or {}, "query": query or {},
                "body": body, "meta": {**self.meta, "positions": dict(self.positions)}}

    def send(self, service, rpc_name, **request):
        proxy = ServiceProxy(self.worker_ctx, service, self.listener)
        return getattr(proxy, rpc_name).call_async(request=self.request(**request))

    def answer(self, reply):
        body = reply.reply_event.wait()
        headers = body.get("headers") or {}
        merge_written(self.relayed, headers)
        for service, position in (headers.get("positions") or {}).items():
            self.positions[service] = max(self.positions.get(service, 0), position)
        if body.get("error"):
            raise failure(body["error"])
        return body["result"]

    def call(self, service, rpc_name, **request):
        """The owner's answer; OwnerError when it refused."""
        return self.answer(self.send(service, rpc_name, **request))

    # -- the generic CRUD of a collection (its owner answers as for /data/<collection>) ----------
    def rows(self, service, collection, **query):
        return self.call(service, "crud_list", params={"collection": collection}, query=query)

    def row(self, service, collection, instance_id, relations=True):
        return self.call(service, "crud_get", params={"collection": collection, "instance_id": instance_id},
                         query={"relations": "true" if relations else "false"})

    def create(self, service, collection, body):
        return self.call(service, "crud_create", params={"collection": collection}, body=body)

    def update(self, service, collection, instance_id, body):
        return self.call(service, "crud_update", params={"collection": collection, "instance_id": instance_id},
                         body=body)

    def delete(self, service, collection, instance_id, **query):
        return self.call(service, "crud_delete", params={"collection": collection, "instance_id": instance_id},
                         query=query)
