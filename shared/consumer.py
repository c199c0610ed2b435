"""Apply other services' events exactly once: the effect and a tracking row commit together.

`@subscribe(source, name)` is a nameko event handler on the source's `<service>.events` exchange
(durable queues, so a subscriber that was down catches up) with that tracking, applying the events
that wait in its queue in batches, as one command; redeliveries and relay re-publications carry
the same (service, position) and are skipped.

Each queue is consumed by one process at a time (single active consumer: the others stand by), so
its events are applied in log order, and each handler records how far into the source's log it
has got (`subscriber_position`): the relay follows every batch with a position marker that every
queue receives, matching events or not. A request that must see a write waits for that (see
shared/service.py, read-your-writes).
"""
import functools
import logging

import eventlet
import sqlalchemy as sa
from kombu import Connection, Producer, Queue, binding
from nameko.events import EventHandler
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import DependencyProvider
from nameko.messaging import QueueConsumer
from nameko.standalone.rpc import ClusterRpcProxy

from . import db
from .eventstore import run_command
from .serialization import CONTENT_TYPE, dumps

log = logging.getLogger(__name__)
PUBLIC = "*"  # binding of Zou's public events: one topic word; internal ones are `row.<table>`…
POSITION_MARKER = "log.position"  # published after each batch of the relay: "the log up to here"
CAUGHT_UP_MARKER = "log.caught-up"  # put in a queue after a catch-up's replay (see CatchUp)
MARKERS = (POSITION_MARKER, CAUGHT_UP_MARKER)


def is_public(name):
    return "." not in name


APPLIED = sa.Table("applied_event", db.PLATFORM,
                   sa.Column("source", sa.String, primary_key=True),
                   sa.Column("position", sa.BigInteger, primary_key=True),
                   sa.Column("name", sa.String, primary_key=True),  # one stored event may publish several
                   sa.Column("applied_at", sa.DateTime, server_default=sa.func.now()))


# one statement for any number of rows, as SQL text: SQLAlchemy cannot key its PostgreSQL
# INSERT … ON CONFLICT, so it would compile it again for every batch
CLAIM = sa.text(
    "INSERT INTO applied_event (source, position, name) SELECT * FROM unnest("
    "CAST(:sources AS VARCHAR[]), CAST(:positions AS BIGINT[]), CAST(:names AS VARCHAR[])) "
    "ON CONFLICT DO NOTHING RETURNING source, position, name")


POSITIONS = sa.Table("subscriber_position", db.PLATFORM,
                      sa.Column("source", sa.String, primary_key=True),
                      sa.Column("handler", sa.String, primary_key=True),
                      sa.Column("position", sa.BigInteger, nullable=False))
ADVANCE = sa.text(
    "INSERT INTO subscriber_position (source, handler, position) VALUES (:source, :handler, :position) "
    "ON CONFLICT (source, handler) DO UPDATE SET position = "
    "GREATEST(subscriber_position.position, excluded.position)")

# How far into a source's log each handler is known to hold every event (see CatchUp).
CAUGHT_UP = sa.Table("caught_up", db.PLATFORM,
                     sa.Column("source", sa.String, primary_key=True),
                     sa.Column("handler", sa.String, primary_key=True),
                     sa.Column("position", sa.BigInteger, nullable=False))
FOLLOW_POSITIONS = sa.text(  # of handlers that have applied a catch-up's marker
    "UPDATE caught_up SET position = subscriber_position.position FROM subscriber_position "
    "WHERE subscriber_position.source = caught_up.source AND subscriber_position.handler = caught_up.handler "
    "AND subscriber_position.position > caught_up.position")
RECORD_CAUGHT_UP = sa.text(
    "INSERT INTO caught_up (source, handler, position) VALUES (:source, :handler, :position) "
    "ON CONFLICT (source, handler) DO UPDATE SET position = GREATEST(caught_up.position, excluded.position)")


def claim(session, envelopes):
    """The envelopes not applied before, now marked as applied (same transaction as their effect)."""
    unique = list({(e["service"], e["position"], e["name"]): e for e in envelopes}.items())
    sources, positions, names = zip(*[key for key, _ in unique]) if unique else ((), (), ())
    claimed = set(session.execute(CLAIM, {"sources": list(sources), "positions": list(positions),
                                          "names": list(names)}).tuples())
    return [envelope for key, envelope in unique if key in claimed]


class EventQueueConsumer(QueueConsumer):
    """The event handlers' own connection to the broker, with a deeper prefetch than the RPC
    entry points' (one per worker): the events a handler may be given while it applies a batch
    form its next batch, so a burst is applied in a few large batches."""
    prefetch_count = 500


class BatchEventHandler(EventHandler):
    """nameko's event handler, given the events waiting in its queue together: one worker and one
    transaction for as many events as arrived meanwhile (up to the prefetch count), not one
    each. Acknowledged (or requeued) together when the worker ends. No event waits for others
    to join it: a request may be waiting for it (read-your-writes); batches form by themselves
    while one is being applied. Its queue also gets the relay's position markers, and only one
    process consumes it."""
    queue_consumer = EventQueueConsumer()

    def setup(self):
        super().setup()
        exchange = self.queue.exchange
        self.queue = Queue(self.queue.name, durable=True, bindings=[
            binding(exchange, routing_key=self.event_type), binding(exchange, routing_key=POSITION_MARKER)],
            queue_arguments={"x-single-active-consumer": True})
        self.waiting, self.busy = [], False

    def handle_message(self, body, message):
        self.waiting.append((body, message))
        if not self.busy:
            self.busy = True
            self.start_batch()

    def start_batch(self):
        batch, self.waiting = self.waiting, []
        messages = [message for _, message in batch]
        try:
            self.container.spawn_worker(self, ([body for body, _ in batch], self.method_name), {},
                                        handle_result=functools.partial(self.batch_done, messages))
        except ContainerBeingKilled:
            for message in messages:
                self.queue_consumer.requeue_message(message)

    def batch_done(self, messages, worker_ctx, result=None, exc_info=None):
        for message in messages:
            self.handle_message_processed(message, result, exc_info)
        if self.waiting:
            self.start_batch()  # what arrived meanwhile
        else:
            self.busy = False
        return result, exc_info


def apply_batch(handler, service, envelopes, source, handler_name):
    """One batch in one command: the events not applied before, then how far the handler got
    (and, past a catch-up's marker, that it holds every event up to there)."""
    session = db.current_session()
    events = [envelope for envelope in envelopes if envelope["name"] not in MARKERS]
    events = claim(session, events) if events else []
    if events:
        handler(service, events)
    key = {"source": source, "handler": handler_name}
    session.execute(ADVANCE, {**key, "position": max(envelope["position"] for envelope in envelopes)})
    for envelope in envelopes:
        if envelope["name"] == CAUGHT_UP_MARKER:
            session.execute(RECORD_CAUGHT_UP, {**key, "position": envelope["position"]})


def subscribe(source, event_name, retry_pause=1):
    """Handle `source`'s events named `event_name` exactly once (an AMQP topic pattern: "*" takes
    all of Zou's public events, whose names are one topic word): `handler(self, envelopes)` runs
    once per batch (see BatchEventHandler), in one command, with its events not applied before,
    in log order (so that it may write them with one statement). When a
    handler fails (the database is away…), the batch goes back to the queue after a pause
    instead of being dropped."""
    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(self, envelopes, handler_name):
            try:
                run_command(apply_batch, (handler, self, envelopes, source, handler_name),
                            isolation=db.TRANSACTIONAL)
            except Exception:
                log.exception("%s from %s not applied; it will come again", event_name, source)
                eventlet.sleep(retry_pause)
                raise
            self.platform.applied(source, handler_name, max(envelope["position"] for envelope in envelopes))
        return BatchEventHandler.decorator(source, event_name, requeue_on_error=True)(wrapper)
    return decorator


class CatchUp(DependencyProvider):
    """On start, asks each source service to replay what this service's event handlers may have
    missed — events logged while their queues did not exist (before the first start, or lost with
    a deleted queue) — into each queue, declared first: everything after the position up to which
    the handler is known to hold every event (`caught_up`), not after the newest event it applied
    (events arriving live before the catch-up would hide older ones never delivered). A marker
    follows the replay into the queue: once the handler has applied it, it holds everything up to
    the replay's end, and from then on everything its queue brings; `caught_up` then follows the
    handler's position now and then, so that a restart replays little. `done` is sent once every
    handler has applied its marker (read-your-writes waits for it: shared/service.py)."""

    retry_delay = 2
    follow_interval = 30  # seconds between two moves of `caught_up` to the handlers' positions

    def setup(self):
        self.done = eventlet.event.Event()

    def start(self):
        self.container.spawn_managed_thread(self.run)

    def run(self):
        handlers = [entrypoint for entrypoint in self.container.entrypoints
                    if isinstance(entrypoint, EventHandler)]
        replayed = {}  # (source, handler) -> the position its marker brings
        for handler in handlers:
            replayed[(handler.source_service, handler.method_name)] = self.retried(self.replay, handler)
        while not self.retried(self.holds, replayed):
            eventlet.sleep(0.1)
        self.done.send(True)
        while True:
            eventlet.sleep(self.follow_interval)
            self.retried(self.follow)

    def retried(self, step, *args):
        while True:
            try:
                return step(*args)
            except Exception as error:  # the source may still be starting, a connection lost
                log.info("catch-up step pending: %r", error)
                db.reset(db.current_session())
                eventlet.sleep(self.retry_delay)

    def replay(self, handler):
        """The replay of what the handler may lack, followed by its marker: the replay's end."""
        session = db.current_session()
        after = session.execute(sa.select(CAUGHT_UP.c.position).where(
            CAUGHT_UP.c.source == handler.source_service, CAUGHT_UP.c.handler == handler.method_name)).scalar()
        request = {"actor": None, "query": {}, "body": None, "meta": {},
                   "params": {"queue": handler.queue.name, "names": [handler.event_type], "after": after or 0}}
        with Connection(self.container.config["AMQP_URI"]) as connection:
            handler.queue(connection.default_channel).declare()  # the replay must not outrun it
            with ClusterRpcProxy(self.container.config, timeout=60) as rpc:
                last = getattr(rpc, handler.source_service).replay(request)["position"]
            Producer(connection.default_channel).publish(
                dumps({"service": handler.source_service, "position": last, "name": CAUGHT_UP_MARKER, "data": {}}),
                routing_key=handler.queue.name, exchange="", content_type=CONTENT_TYPE,
                content_encoding="binary", delivery_mode=2)
        return last

    @staticmethod
    def holds(replayed):
        """Every handler has applied its marker."""
        rows = db.current_session().execute(sa.select(CAUGHT_UP.c.source, CAUGHT_UP.c.handler, CAUGHT_UP.c.position))
        reached = {(source, handler): position for source, handler, position in rows}
        return all(reached.get(key, -1) >= position for key, position in replayed.items())

    def follow(self):
        session = db.current_session()
        with db.transaction(session):
            session.execute(FOLLOW_POSITIONS)
