"""Acknowledged writes survive a SIGKILL of their service, and their events reach a subscriber
exactly once (production's person replica, applied through shared.consumer)."""
import signal
import threading
import time

import psycopg2

from api import Api, unique
from conftest import TEST_DB_PREFIX


def replica_rows(person_ids):
    connection = psycopg2.connect(host="127.0.0.1", user="postgres",
                                  dbname=f"{TEST_DB_PREFIX}_production")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT data->>'id', count(*) FROM applied_event "
                           "WHERE name = 'row:person' AND data->>'id' = ANY(%s) "
                           "GROUP BY 1", (list(person_ids),))
            applied = dict(cursor.fetchall())
            cursor.execute("SELECT id::text FROM person_replica WHERE id::text = ANY(%s)", (list(person_ids),))
            replicated = {row[0] for row in cursor.fetchall()}
        return applied, replicated
    finally:
        connection.close()


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
        if len(applied) == len(acknowledged) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert replicated == set(acknowledged)
    assert applied == {person_id: 1 for person_id in acknowledged}
