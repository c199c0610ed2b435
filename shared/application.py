"""The parts of a service: each answers some of the route table's RPC names (gateway/routes).

A part is a class of one area's commands and queries, built once per process with the service's
platform. Its methods marked `@answers("rpc_name")` become the service's entry points (see
`serves`); the request reaches them by parameter name: `actor` (the caller, an `Actor`), `body`,
`query`, `meta`, and any path or fixed parameter of the route (`person_id`, `collection`…).

A `Model` part owns one `/data/<collection>` collection: the generic CRUD answers for it, and a
model overrides `list`, `get`, `create` (or its `draft`), `update` or `delete` where Zou's model
does more."""
import inspect

from . import db
from .crud import Actor

REQUEST_PARTS = ("body", "query", "meta")


class UseCases:
    """What every part works with: the worker's database session, the service's event store and
    its generic CRUD store (all from the service's Platform)."""

    def __init__(self, platform):
        self.platform = platform

    @property
    def session(self):
        return db.current_session()

    @property
    def app(self):
        return self.platform.app

    @property
    def crud(self):
        return self.platform.crud


class Model(UseCases):
    """The generic CRUD of `collection`; subclasses override what their model does differently."""
    collection = None

    def list(self, actor, query):
        return self.crud.list(self.collection.name, actor, query)

    def get(self, actor, instance_id, query):
        return self.crud.get(self.collection.name, actor, instance_id, query)

    def create(self, actor, body):
        return self.crud.save_new(self.collection, Actor(actor), self.draft(actor, body))

    def draft(self, actor, body):
        """A new record's fields from a creation's body, checked before anything is read or
        written (a batch checks every record's draft first: shared.crud.store.create_many)."""
        return self.crud.draft(self.collection.name, actor, body)

    def update(self, actor, instance_id, body):
        return self.crud.update(self.collection.name, actor, instance_id, body)

    def delete(self, actor, instance_id, query):
        return self.crud.delete(self.collection.name, actor, instance_id, query)


def answers(*rpc_names, **aliases):
    """Mark a part's method as the answer to these RPC names (default: the method's own name).
    `aliases`: a parameter the routes name in several ways, e.g. `entity_id=("asset_id",
    "shot_id")` for routes that name the entity after its kind (the first one present)."""
    def mark(method):
        method.rpc_names = rpc_names or (method.__name__,)
        method.aliases = aliases
        method.wants = [name for name in inspect.signature(method).parameters if name != "self"]
        return method
    return mark


def arguments(method, request):
    """The method's arguments, taken by name from the request."""
    params, kwargs = request.get("params") or {}, {}
    for name in method.wants:
        if name == "actor":
            kwargs[name] = Actor(request.get("actor") or {})
        elif name in REQUEST_PARTS:
            kwargs[name] = request.get(name) if name == "body" else request.get(name) or {}
        elif name in params:
            kwargs[name] = params[name]
        elif name in method.aliases:
            present = [params[alias] for alias in method.aliases[name] if alias in params]
            if present:
                kwargs[name] = present[0]
    return kwargs


def answer(part, method_name, rpc_name):
    """The body of the entry point `rpc_name`: the part's method, called with the request."""
    def call(service, request=None):
        method = getattr(service.platform.part(part), method_name)
        return method(**arguments(method, request or {}))
    call.__name__ = call.__qualname__ = rpc_name
    return call


def rpc_methods(part):
    """{rpc name: method name} of a part."""
    return {rpc_name: name for name, method in inspect.getmembers(part, inspect.isfunction)
            for rpc_name in getattr(method, "rpc_names", ())}
