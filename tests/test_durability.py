"""Acknowledged writes survive a SIGKILL of their service, and their events reach a subscriber
exactly once (auth's event log and production's person replica, through shared.consumer)."""
import signal
import threading
import time

import orjson
import psycopg2

from api import Api, unique
from conftest import TEST_DB_PREFIX


def query(service, sql, person_ids):
    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=f"{TEST_DB_PREFIX}_{service}")
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, (list(person_ids),))
            return cursor.fetchall()
    finally:
        connection.close()


def replica_rows(person_ids):
    """(how many times auth's event log applied each `person:new`, the ids production replicated)"""
    applied = dict(query("auth", "SELECT data->>'person_id', count(*) FROM api_event WHERE name = "
                                 "'person:new' AND data->>'person_id' = ANY(%s) GROUP BY 1", person_ids))
    replicated = {row[0] for row in query(
        "production", "SELECT id::text FROM person_replica WHERE id::text = ANY(%s)", person_ids)}
    return applied, replicated


def test_sigkill_during_a_burst_of_creations(cluster, base_url, admin_token):
    acknowledged, stop = [], threading.Event()

    def create_persons():
        api = Api(base_url, admin_token)
        while not stop.is_set():
            name = unique("burst")
            try:
                status, body = api.post("/data/persons", {"first_name": name, "last_name": "Burst",
                                                          "email": f"{name}@example.com"})
            except Exception:  # connection trouble while the service is down
                continue
            if status == 201:
                acknowledged.append(body["id"])

    workers = [threading.Thread(target=create_persons) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(2)
    cluster.stop_process("auth", signal.SIGKILL)
    time.sleep(1)
    cluster.start_process("auth")
    time.sleep(2)
    stop.set()
    for worker in workers:
        worker.join(timeout=120)
    assert len(acknowledged) > 10

    api = Api(base_url, admin_token)
    listed = {person["id"] for person in api.get("/data/persons")[1]}
    assert set(acknowledged) <= listed

    deadline = time.monotonic() + 30
    while True:  # the relay and the subscriber catch up asynchronously
        applied, replicated = replica_rows(acknowledged)
        if (len(applied) == len(replicated) == len(acknowledged)) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert replicated == set(acknowledged)
    assert applied == {person_id: 1 for person_id in acknowledged}


def test_a_new_subscriber_catches_up_from_the_event_log(cluster, admin):
    """shared.consumer.CatchUp: a service asks the source to replay its logged events straight into
    a queue that did not exist when they were published (here, a queue of the test's own)."""
    from kombu import Connection, Queue
    from nameko.standalone.rpc import ClusterRpcProxy

    amqp_uri = cluster.env["AMQP_URI"]
    status, person = admin.post("/data/persons", {"first_name": "Late", "last_name": unique("Reader"),
                                                  "email": f"{unique('late')}@example.com"})
    assert status == 201, person
    queue_name = unique("test-replay")
    with Connection(amqp_uri) as connection:
        queue = Queue(queue_name, channel=connection.default_channel, auto_delete=False)
        queue.declare()
        request = {"actor": None, "query": {}, "body": None, "meta": {},
                   "params": {"queue": queue_name, "names": ["row.person"], "after": 0}}
        with ClusterRpcProxy({"AMQP_URI": amqp_uri, "serializer": "orjson",
                              "SERIALIZERS": {"orjson": {"encoder": "shared.serialization.dumps",
                                                         "decoder": "shared.serialization.loads",
                                                         "content_type": "application/x-orjson",
                                                         "content_encoding": "binary"}}},
                             timeout=30) as rpc:
            replayed_to = rpc.auth.replay(request)
        replayed = []
        while (message := queue.get(no_ack=True)) is not None:
            replayed.append(orjson.loads(message.body))
        queue.delete()
    assert person["id"] in {envelope["data"]["id"] for envelope in replayed}
    assert {envelope["name"] for envelope in replayed} == {"row.person"}
    assert replayed_to["count"] == len(replayed) and replayed_to["position"] >= max(
        envelope["position"] for envelope in replayed)


def test_a_subscriber_gets_what_its_lost_queue_missed_even_when_newer_events_came_first(cluster, admin):
    """Media's queue of production's entity types is lost while media is down, and an entity type
    is created meanwhile (published to no queue); the queue is made again and a newer entity type
    reaches it, and media applies that one first (production is down: its catch-up waits). Once
    production is back, the catch-up still brings the older one: it starts from where media's last
    catch-up ended, not from the newest event applied."""
    from kombu import Connection, Exchange, Queue, binding

    queue = Queue("evt-production-row.entity_type--media.on_entity_type_row", durable=True,
                  queue_arguments={"x-single-active-consumer": True},
                  bindings=[binding(Exchange("production.events", type="topic", durable=True), routing_key=key)
                            for key in ("row.entity_type", "log.position")])
    cluster.stop_process("media")
    try:
        with Connection(cluster.env["AMQP_URI"]) as connection:
            queue(connection.default_channel).delete()
            missed = admin.post("/data/entity-types", {"name": unique("missed")})[1]
            assert wait_for(lambda: published("production"))  # to no queue
            queue(connection.default_channel).declare()
            newer = admin.post("/data/entity-types", {"name": unique("newer")})[1]
        cluster.stop_process("production")
        # started without waiting for the whole cluster's status (production is down)
        cluster.run("up", "-d", "media", check=False, KITSU_SKIP_SETUP="1", KITSU_UP_TIMEOUT="3")
        assert wait_for(lambda: media_entity_types([newer["id"]])) == {newer["id"]}
    finally:
        cluster.start_process("production")
        cluster.start_process("media")
    assert wait_for(lambda: media_entity_types([missed["id"], newer["id"]]) == {missed["id"], newer["id"]})


def published(service):
    """The service's relay has published every event logged so far."""
    logged, sent = query(service, f"SELECT (SELECT max(id) FROM {service}application_events), (SELECT position "
                                  f"FROM outbox_position) WHERE %s IS NOT NULL", [1])[0]
    return sent >= logged


def media_entity_types(ids):
    return {row[0] for row in query("media", "SELECT id::text FROM entity_type_replica WHERE id::text = ANY(%s)"
                                    " AND name IS NOT NULL", ids)}


def wait_for(probe, timeout=30):
    deadline = time.monotonic() + timeout
    while not (result := probe()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return result
