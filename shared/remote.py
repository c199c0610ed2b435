"""Calls from a service's parts to another service's entry points, over RPC, with the same request
shape as the gateway's ({actor, params, query, body, meta}): `platform.remote()` in any part.

Read-your-writes across the hop: each call carries the positions the worker's request came with
plus those of every earlier write of this request (so tasks sees the shot production has just
created), and what the calls wrote goes back in the caller's own reply headers (the session's
`relayed` info, read by shared.rpc.written_headers), so the client's next request sees it too."""
from nameko.rpc import ReplyListener, ServiceProxy

from . import db
from .errors import ApiError, RemoteError


class HeadedReplyListener(ReplyListener):
    """nameko's reply listener, keeping the reply headers (what the called service wrote)."""

    def handle_message(self, body, message):
        super().handle_message({**body, "headers": message.headers or {}}, message)


def failure(error):
    """The RemoteError of an error the called service answered (as shared.errors serialises it):
    uncaught, it answers the caller's request with the same status and body."""
    if (error.get("exc_path") or "").startswith("shared.errors."):
        try:
            return RemoteError(*ApiError.from_remote(error.get("exc_args") or []))
        except (IndexError, TypeError, ValueError):
            pass
    return RemoteError(500, {"error": True, "message": f"{error.get('exc_type')}: {error.get('value')}"})


def merge_written(relayed, headers):
    for service, position in (headers.get("positions") or {}).items():
        relayed["positions"][service] = max(relayed["positions"].get(service, 0), position)
    relayed["access"] += headers.get("access") or []
    relayed["rights"] = relayed["rights"] or bool(headers.get("rights"))


class Remote:
    """One worker's calls to the other services, as `actor` (by default its request's caller)."""

    def __init__(self, worker_ctx, listener, actor=None, meta=None):
        self.worker_ctx, self.listener = worker_ctx, listener
        request = (worker_ctx.kwargs.get("request") if worker_ctx else None) or {}
        self.actor = dict(actor if actor is not None else request.get("actor") or {})
        self.meta = dict(meta if meta is not None else request.get("meta") or {})
        self.positions = dict(self.meta.get("positions") or {})  # what the next call must see
        self.relayed = db.current_session().info.setdefault(
            "relayed", {"positions": {}, "access": [], "rights": False})

    def request(self, params=None, query=None, body=None, actor=None):
        return {"actor": actor or self.actor, "params": params or {}, "query": query or {},
                "body": body, "meta": {**self.meta, "positions": dict(self.positions)}}

    def send(self, service, rpc_name, **request):
        """Send the call now, answer later (`answer`): calls of a batch go out together."""
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
        """The service's answer; RemoteError when it refused."""
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
