"""What every nameko service has: its database + event store + outbox relay (one dependency),
and the RPC entry points of the generic CRUD and of /status.

Read-your-writes: a request carries, in `meta.positions`, how far into each service's log its
client's writes went (the gateway keeps them per person from the replies, see shared/rpc.py).
Before an entry point runs, the service waits until its event handlers have applied that much of
every source they follow (bounded by READ_YOUR_WRITES_TIMEOUT): its replicas then hold the writes."""
import functools
import logging
import time

import eventlet
import eventlet.corolocal
import sqlalchemy as sa
from nameko.extensions import DependencyProvider

from . import config, db
from .application import Model, answer, rpc_methods
from .consumer import POSITIONS, BatchEventHandler, CatchUp
from .crud import CrudStore
from .errors import ApiError, NotFound, ServiceUnavailable
from . import housekeeping, outbox
from .outbox import OutboxRelay
from .remote import HeadedReplyListener, Remote
from .rpc import rpc

log = logging.getLogger(__name__)
POLL_INTERVAL = 0.025  # seconds between looks at the other processes' progress
HANDLER_POSITIONS = sa.select(POSITIONS.c.handler, POSITIONS.c.position).where(
    POSITIONS.c.source == sa.bindparam("source"))


class Platform(DependencyProvider):
    """Opens the service's database and event store once per process; ends each worker's session;
    gives the parts their calls to other services (`remote`)."""
    reply_listener = HeadedReplyListener()

    def __init__(self, application_class, metadata, collections=()):
        self.application_class, self.metadata = application_class, metadata
        self.collections = collections

    def setup(self):
        service = self.container.service_name
        self.app = db.open_database(service, self.metadata, self.application_class)
        self.crud = CrudStore(lambda: self.app, self.collections)
        self.amqp_uri = self.container.config["AMQP_URI"]
        self.relay = OutboxRelay(service, self.amqp_uri, lambda: self.app)
        self.followed = {}  # source service -> names of this service's handlers of its events
        self.catch_up = None  # its CatchUp, found at start
        for handler in self.container.entrypoints:
            if isinstance(handler, BatchEventHandler):
                self.followed.setdefault(handler.source_service, set()).add(handler.method_name)
        self.positions = {}  # (source, handler) -> how far into the source's log it has applied
        self.progress = eventlet.event.Event()  # sent when a handler of this process applied events
        self.workers = eventlet.corolocal.local()  # per green thread: the worker it runs
        self.parts = {}  # part class -> its instance in this process
        self.models = {}  # collection name -> the Model part answering its CRUD
        for part in getattr(self.container.service_cls, "parts", ()):
            if issubclass(part, Model):
                self.models[part.collection.name] = self.part(part)
        for collection in self.collections:
            if collection.name not in self.models:
                self.models[collection.name] = type("Generic", (Model,), {"collection": collection})(self)

    def part(self, part_class):
        """The process's instance of one of the service's parts (shared.application)."""
        if part_class not in self.parts:
            self.parts[part_class] = part_class(self)
        return self.parts[part_class]

    def remote(self, actor=None, meta=None):
        """Calls to other services for the running worker, as its caller unless told."""
        return Remote(self.workers.ctx, self.reply_listener, actor, meta)

    def model(self, collection_name):
        if collection_name not in self.models:
            raise NotFound()
        return self.models[collection_name]

    def start(self):
        self.catch_up = next((extension for extension in self.container.dependencies
                              if isinstance(extension, CatchUp)), None)
        self.container.spawn_managed_thread(self.relay.run)
        self.container.spawn_managed_thread(lambda: housekeeping.run(self.session.bind))

    # -- read-your-writes ---------------------------------------------------------------------
    def applied(self, source, handler, position):
        """A handler of this process committed `source`'s events up to `position`."""
        key = (source, handler)
        self.positions[key] = max(self.positions.get(key, 0), position)
        self.progress.send()
        self.progress = eventlet.event.Event()

    def reached(self, source, position):
        if self.catch_up is not None and not self.catch_up.done.ready():
            return False  # the handlers may lack older events, whatever their positions say
        return all(self.positions.get((source, handler), 0) >= position
                   for handler in self.followed[source])

    def await_positions(self, positions):
        """Wait until every handler has applied its sources' logs up to `positions`: woken by this
        process's handlers, and looking at the database now and then, where the handlers of the
        other processes of this service record theirs (on a connection taken for each look)."""
        deadline = None
        for source, position in (positions or {}).items():
            if source not in self.followed:
                continue
            while not self.reached(source, position):
                deadline = deadline or time.monotonic() + config.READ_YOUR_WRITES_TIMEOUT
                if time.monotonic() > deadline:
                    log.warning("%s's log not applied up to %s in time", source, position)
                    return
                if self.progress.wait(POLL_INTERVAL) is None:  # no news here: ask the database
                    with self.session.bind.connect() as connection:
                        for handler, applied in connection.execute(HANDLER_POSITIONS, {"source": source}):
                            self.applied(source, handler, applied)

    @property
    def session(self):
        return db.current_session()

    def get_dependency(self, worker_ctx):
        return self

    def worker_setup(self, worker_ctx):
        self.workers.ctx = worker_ctx

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        if db.current_session().info.get("written"):
            self.relay.wake()  # publish what this worker committed without waiting for the poll

    def worker_teardown(self, worker_ctx):
        self.workers.ctx = None
        session = db.current_session()
        session.rollback()
        session.remove()


def entrypoint(function):
    """@rpc whose typed errors are expected answers, not failures to log. It runs once the
    caller's earlier writes are visible here; a database out of reach answers 503 (after one
    more try on a new connection, when nothing was written yet)."""
    @functools.wraps(function)
    def wrapper(service, request=None, **kwargs):
        platform = service.platform
        meta = (request or {}).get("meta") or {}
        for attempt in (1, 2):
            try:
                platform.await_positions(meta.get("positions"))
                # what an import asks of the owners: no client sees the events (eventstore.SILENT),
                # a new row keeps the creation date it had elsewhere (crud.store.CrudStore.create)
                platform.session.info.update(silent=meta.get("silent") is True,
                                             keeps_dates=meta.get("keeps_dates") is True)
                answer = function(service, request, **kwargs)
                if platform.session.info.get("written"):
                    platform.relay.wake()  # publish before the reply goes: the next request waits on it
                return answer
            except Exception as error:
                if not db.is_unavailable(error):
                    raise
                info = platform.session.info
                if attempt == 2 or info.get("written") or info.get("commit_sent"):
                    raise ServiceUnavailable() from error  # done, or perhaps done: not again
                db.reset(platform.session)
    return rpc(expected_exceptions=ApiError)(wrapper)


class CrudService:
    """Mixin: the five generic CRUD entry points and `ping`, for any service with a `platform`."""

    @entrypoint
    def ping(self, request=None):
        self.platform.session.execute(sa.text("SELECT 1"))
        return {"database": True}

    @entrypoint
    def replay(self, request):
        """A subscriber catching up (shared.consumer.CatchUp): re-publish logged events to its queue."""
        params = request["params"]
        return outbox.replay(self.name, self.platform.amqp_uri, self.platform.app,
                             params["queue"], set(params["names"]), int(params["after"]))

    # -- /data/<collection>: the collection's model (shared.application.Model) answers ------------
    @entrypoint
    def crud_list(self, request):
        return self.platform.model(request["params"]["collection"]).list(request["actor"], request["query"])

    @entrypoint
    def crud_get(self, request):
        params = request["params"]
        return self.platform.model(params["collection"]).get(request["actor"], params["instance_id"],
                                                             request["query"])

    @entrypoint
    def crud_create(self, request):
        return self.platform.model(request["params"]["collection"]).create(request["actor"], request["body"])

    @entrypoint
    def crud_update(self, request):
        params = request["params"]
        return self.platform.model(params["collection"]).update(request["actor"], params["instance_id"],
                                                                request["body"])

    @entrypoint
    def crud_delete(self, request):
        params = request["params"]
        return self.platform.model(params["collection"]).delete(request["actor"], params["instance_id"],
                                                                request["query"])


def serves(*parts):
    """Class decorator of a service: one entry point per RPC name its parts answer
    (shared.application.answers), so that the class reads as the list of what it owns."""
    def build(service_class):
        for part in parts:
            for rpc_name, method_name in rpc_methods(part).items():
                if hasattr(service_class, rpc_name):
                    raise TypeError(f"{service_class.__name__}.{rpc_name} is answered twice")
                setattr(service_class, rpc_name, entrypoint(answer(part, method_name, rpc_name)))
        service_class.parts = parts
        return service_class
    return build
