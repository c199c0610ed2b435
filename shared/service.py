"""What every nameko service has: its database + event store + outbox relay (one dependency),
and the RPC entry points of the generic CRUD and of /status."""
import logging

import sqlalchemy as sa
from nameko.extensions import DependencyProvider

from . import db
from .crud import CrudStore
from .errors import ApiError
from . import housekeeping, outbox
from .outbox import OutboxRelay
from .rpc import rpc

log = logging.getLogger(__name__)


class Platform(DependencyProvider):
    """Opens the service's database and event store once per process; ends each worker's session."""

    def __init__(self, application_class, metadata, collections=()):
        self.application_class, self.metadata = application_class, metadata
        self.collections = collections

    def setup(self):
        service = self.container.service_name
        db.open_database(service, self.metadata)
        self.app = self.application_class()
        self.crud = CrudStore(lambda: self.app, self.collections)
        self.amqp_uri = self.container.config["AMQP_URI"]
        self.relay = OutboxRelay(service, self.amqp_uri, lambda: self.app)

    def start(self):
        self.container.spawn_managed_thread(self.relay.run)
        self.container.spawn_managed_thread(lambda: housekeeping.run(self.session.bind))

    @property
    def session(self):
        return db.current_session()

    def get_dependency(self, worker_ctx):
        return self

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        if db.current_session().info.pop("committed", False):
            self.relay.wake()  # publish what this worker committed without waiting for the poll

    def worker_teardown(self, worker_ctx):
        session = db.current_session()
        session.rollback()
        session.remove()


def entrypoint(function):
    """@rpc whose typed errors are expected answers, not failures to log."""
    return rpc(expected_exceptions=ApiError)(function)


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

    @entrypoint
    def crud_list(self, request):
        return self.platform.crud.list(request["params"]["collection"], request["actor"], request["query"])

    @entrypoint
    def crud_get(self, request):
        params = request["params"]
        return self.platform.crud.get(params["collection"], request["actor"], params["instance_id"],
                                      request["query"])

    @entrypoint
    def crud_create(self, request):
        return self.platform.crud.create(request["params"]["collection"], request["actor"], request["body"])

    @entrypoint
    def crud_update(self, request):
        params = request["params"]
        return self.platform.crud.update(params["collection"], request["actor"], params["instance_id"],
                                         request["body"])

    @entrypoint
    def crud_delete(self, request):
        params = request["params"]
        return self.platform.crud.delete(params["collection"], request["actor"], params["instance_id"],
                                         request["query"])
