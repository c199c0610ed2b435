"""Outbox relay: publishes committed events from the service's event log to RabbitMQ, in log order.

The position of the last published event is stored in the service's database; after a crash the
relay starts again from there, so delivery is at-least-once and subscribers deduplicate by position
(see shared/consumer.py). Several instances of a service take turns through a row lock.
"""
import functools
import logging

import eventlet
import sqlalchemy as sa
from eventsourcing.utils import resolve_topic
from kombu import Connection, Exchange, Producer

from . import config, db
from .eventstore import REPLICATED, SILENT
from .consumer import POSITION_MARKER, PUBLIC, is_public
from .serialization import CONTENT_TYPE, dumps

log = logging.getLogger(__name__)
BATCH = 500


POSITIONS = sa.Table("outbox_position", db.PLATFORM,
                     sa.Column("exchange", sa.String, primary_key=True),
                     sa.Column("position", sa.BigInteger, nullable=False))


def replicated(aggregate_class, domain_event, wanted):
    """The collection whose row the event publishes as `row.<table>` (the row as it is now, None
    once deleted: replicas upsert whole rows, so they converge whatever order the events are
    applied in), or None."""
    collection = REPLICATED.get(aggregate_class)
    if collection is None or not wanted(f"row.{collection.table.name}"):
        return None
    if collection.replicated is not True:  # only some columns are: a change to none of them has nothing to publish
        if not set(getattr(domain_event, "changes", collection.replicated)) & set(collection.replicated):
            return None
    return collection


def current_rows(events, wanted):
    """{(table name, id): row} of the rows these (aggregate class, event) pairs publish, as they
    are now (their replicated columns, no secrets): one select per table."""
    ids = {}
    for aggregate_class, domain_event in events:
        collection = replicated(aggregate_class, domain_event, wanted)
        if collection is not None:
            ids.setdefault(collection, set()).add(str(domain_event.originator_id))
    rows = {}
    for collection, row_ids in ids.items():
        for row in db.current_session().execute(replicated_rows(collection), {"row_ids": sorted(row_ids)}).mappings():
            rows[(collection.table.name, row["id"])] = dict(row)
    return rows


def row_event(aggregate_class, domain_event, wanted, rows):
    collection = replicated(aggregate_class, domain_event, wanted)
    if collection is None:
        return []
    row_id = str(domain_event.originator_id)
    return [(f"row.{collection.table.name}", {"id": row_id, "row": rows.get((collection.table.name, row_id))})]


@functools.cache
def replicated_rows(collection):
    """The select of some rows' replicated columns, built once (compiled once)."""
    table = collection.table
    if collection.replicated is True:
        columns = [c for c in table.columns if not getattr(collection.fields.get(c.name), "hidden", False)]
    else:
        columns = [table.c.id, *[table.c[name] for name in collection.replicated]]
    return sa.select(*columns).where(table.c.id.in_(sa.bindparam("row_ids", expanding=True)))


def every_name(name):
    return True


def aggregate_of(notification):
    return resolve_topic(notification.topic.rsplit(".", 1)[0])


def envelopes(service, notification, domain_event, rows, wanted=every_name, silent=False):
    """Zou-named public events for one stored event, in the envelope of ARCHITECTURE.md (those
    whose name is `wanted`: a replay does not read the rows of row events nobody asked for);
    `rows`: the current rows its row event publishes (`current_rows`); `silent`: written by a
    silent request (see shared.eventstore.SILENT)."""
    aggregate_class = aggregate_of(notification)
    project_id = getattr(domain_event, "project_id", None) or getattr(domain_event, "fields", {}).get("project_id")
    for name, data in aggregate_class.publish(domain_event) + row_event(aggregate_class, domain_event, wanted, rows):
        if not wanted(name):
            continue
        if project_id:
            data = {**data, "project_id": project_id}
        yield name, {"service": service, "position": notification.id, "name": name,
                     "project_id": project_id, "user_id": getattr(domain_event, "actor_id", None),
                     "created_at": domain_event.timestamp.replace(tzinfo=None).isoformat(),  # µs
                     "data": data, **({"silent": True} if silent else {})}


def silent_positions(first, last):
    """The positions between `first` and `last` written by silent requests."""
    ranges = db.current_session().execute(
        sa.select(SILENT.c.last_position, SILENT.c.count)
        .where(SILENT.c.last_position >= first, SILENT.c.last_position - SILENT.c.count < last))
    return {position for end, count in ranges for position in range(end - count + 1, end + 1)}


def read_log(service, app, after, limit=BATCH, wanted=every_name):
    """(last position read, [(name, envelope)…]) for the stored events after `after`."""
    notifications = app.recorder.select_notifications(after + 1, limit)
    if not notifications:
        return after, []
    silent = silent_positions(notifications[0].id, notifications[-1].id)
    events = [(notification, app.mapper.to_domain_event(notification)) for notification in notifications]
    rows = current_rows([(aggregate_of(notification), event) for notification, event in events], wanted)
    published = [pair for notification, event in events
                 for pair in envelopes(service, notification, event, rows, wanted, notification.id in silent)]
    return notifications[-1].id, published


def batch_producer(connection, exchange=None):
    """A producer on a transactional channel: what it publishes is the broker's (queued, persisted)
    once `producer.channel.tx_commit()` returns. A batch of events then costs one round trip to
    the broker, not one confirmation per message. A broker error raises: the batch is published
    again from the stored position."""
    channel = connection.channel()
    channel.tx_select()
    return Producer(channel, exchange=exchange)


def publish(producer, exchange, routing_key, envelope):
    producer.publish(dumps(envelope), routing_key=routing_key, exchange=exchange,
                     content_type=CONTENT_TYPE, content_encoding="binary", delivery_mode=2)


def replay(service, amqp_uri, app, queue, names, after):
    """Publish the logged events named `names` after position `after` straight to `queue`:
    a subscriber that did not exist yet catches up (it deduplicates what it already applied).
    {count: events published, position: the last position read}."""
    def wanted(name):
        return name in names or (PUBLIC in names and is_public(name))

    count = 0
    with Connection(amqp_uri) as connection:
        producer = batch_producer(connection)
        while True:
            with db.transaction(db.current_session()):
                last, published = read_log(service, app, after, wanted=wanted)
            for name, envelope in published:
                publish(producer, "", queue, envelope)  # default exchange: straight to the queue
                count += 1
            producer.channel.tx_commit()
            if last == after:
                return {"count": count, "position": last}
            after = last


def discard(producer):
    """Close a producer's channel after a failure (what it published uncommitted goes with it)."""
    if producer is not None:
        try:
            producer.channel.close()
        except Exception:  # the connection is gone already
            pass


class OutboxRelay:
    """Runs in a green thread of the service; `wake()` after a commit skips the poll delay."""

    poll_interval = 0.5

    def __init__(self, service, amqp_uri, application):
        self.service, self.amqp_uri, self.application = service, amqp_uri, application
        self.exchange = Exchange(config.events_exchange(service), type="topic", durable=True)
        self.wakeup = eventlet.event.Event()
        self.woken = False  # by a commit: there is something to publish

    def wake(self):
        if not self.wakeup.ready():
            self.wakeup.send(True)

    def run(self):
        """Publish for as long as the service runs; a lost broker or database connection is
        retried from the stored position (at least once: subscribers skip what they applied)."""
        with Connection(self.amqp_uri) as connection:
            producer = None
            while True:
                try:
                    producer = producer or self.producer(connection)
                    published = self.publish_pending(producer)
                except Exception:
                    log.exception("outbox relay failed; retrying")
                    db.reset(db.current_session())
                    discard(producer)
                    producer, published = None, 0
                    eventlet.sleep(1)
                if published < BATCH:
                    self.woken = self.wakeup.wait(self.poll_interval)
                    self.wakeup = eventlet.event.Event()

    def producer(self, connection):
        connection.ensure_connection(max_retries=3)
        producer = batch_producer(connection, self.exchange)
        self.exchange(producer.channel).declare()
        return producer

    def has_pending(self, session):
        """A read-only look first: locking the position row takes a transaction id, which would
        change PostgreSQL's snapshot (ending the cached answers, shared/answers.py) at each poll."""
        events = self.application().recorder.events_record_cls.__table__
        position = (sa.select(POSITIONS.c.position).where(POSITIONS.c.exchange == self.exchange.name)
                    .scalar_subquery())
        return session.execute(sa.select(
            sa.func.coalesce(sa.func.max(events.c.id), 0) > sa.func.coalesce(position, -1))).scalar()

    def publish_pending(self, producer):
        session = db.current_session()
        table = POSITIONS
        key = self.exchange.name
        if not self.woken and not self.has_pending(session):
            return 0
        with db.transaction(session):
            row = session.execute(sa.select(table.c.position).where(table.c.exchange == key)
                                  .with_for_update()).first()
            if row is None:
                session.execute(sa.insert(table).values(exchange=key, position=0))
                return 0
            last, published = read_log(self.service, self.application(), row.position)
            for name, envelope in published:
                publish(producer, self.exchange, name, envelope)
            if last != row.position:  # every subscriber learns how far the log has been published
                publish(producer, self.exchange, POSITION_MARKER,
                        {"service": self.service, "position": last, "name": POSITION_MARKER, "data": {}})
            producer.channel.tx_commit()
            if last != row.position:
                session.execute(sa.update(table).where(table.c.exchange == key).values(position=last))
            return last - row.position
