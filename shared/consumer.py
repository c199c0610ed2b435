"""Apply other services' events exactly once: the effect and a tracking row commit together.

`@subscribe(source, name)` is nameko's @event_handler on the source's `<service>.events` exchange
(durable queues, so a subscriber that was down catches up) with that tracking; redeliveries and
relay re-publications carry the same (service, position) and are skipped.
"""
import functools
import logging

import eventlet
import sqlalchemy as sa
from kombu import Connection
from nameko.events import EventHandler, event_handler
from nameko.extensions import DependencyProvider
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy.dialects.postgresql import insert

from . import db

log = logging.getLogger(__name__)
PUBLIC = "*"  # binding of Zou's public events: one topic word; internal ones are `row.<table>`…


def is_public(name):
    return "." not in name

APPLIED = sa.Table("applied_event", db.PLATFORM,
                   sa.Column("source", sa.String, primary_key=True),
                   sa.Column("position", sa.BigInteger, primary_key=True),
                   sa.Column("name", sa.String, primary_key=True),  # one stored event may publish several
                   sa.Column("applied_at", sa.DateTime, server_default=sa.func.now()))


def applies_once(handler):
    """Decorate an event handler `(self, envelope)`: runs at most once per published event."""
    @functools.wraps(handler)
    def wrapper(self, envelope):
        session = db.current_session()
        with db.transaction(session):
            claimed = session.execute(
                insert(APPLIED).values(source=envelope["service"], position=envelope["position"],
                                       name=envelope["name"])
                .on_conflict_do_nothing()).rowcount
            if claimed:
                handler(self, envelope)
    return wrapper


def subscribe(source, event_name, retry_pause=1):
    """Handle `source`'s events named `event_name` exactly once (an AMQP topic pattern: "*" takes
    all of Zou's public events, whose names are one topic word). When the
    handler fails (the database is away…), the event goes back to the queue after a pause
    instead of being dropped, as nameko would by default."""
    def decorator(handler):
        once = applies_once(handler)

        @functools.wraps(handler)
        def wrapper(self, envelope):
            try:
                once(self, envelope)
            except Exception:
                log.exception("%s from %s not applied; it will come again", event_name, source)
                eventlet.sleep(retry_pause)
                raise
        return event_handler(source, event_name, requeue_on_error=True)(wrapper)
    return decorator


class CatchUp(DependencyProvider):
    """On start, asks each source service to replay what this service's event handlers have not
    applied yet — events logged before their queues existed, or lost with a deleted queue."""

    retry_delay = 2

    def start(self):
        self.container.spawn_managed_thread(self.run)

    def run(self):
        handlers = [entrypoint for entrypoint in self.container.entrypoints
                    if isinstance(entrypoint, EventHandler)]
        for handler in handlers:
            while True:
                try:
                    self.request_replay(handler)
                    break
                except Exception as error:  # the source may still be starting
                    log.info("catch-up from %s pending: %r", handler.source_service, error)
                    eventlet.sleep(self.retry_delay)

    def request_replay(self, handler):
        session = db.current_session()
        with db.transaction(session):
            applied = sa.select(sa.func.coalesce(sa.func.max(APPLIED.c.position), 0)).where(
                APPLIED.c.source == handler.source_service)
            if handler.event_type == PUBLIC:
                applied = applied.where(APPLIED.c.name.not_like("%.%"))
            else:
                applied = applied.where(APPLIED.c.name == handler.event_type)
            after = session.execute(applied).scalar()
        with Connection(self.container.config["AMQP_URI"]) as connection:
            handler.queue(connection.default_channel).declare()  # the replay must not outrun it
        request = {"actor": None, "query": {}, "body": None, "meta": {},
                   "params": {"queue": handler.queue.name, "names": [handler.event_type], "after": after}}
        with ClusterRpcProxy(self.container.config, timeout=60) as rpc:
            getattr(rpc, handler.source_service).replay(request)
