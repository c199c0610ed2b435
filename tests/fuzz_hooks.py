"""Schemathesis hooks of the fuzzing runs (tests/test_fuzzing.py): a refused request writes nothing.

Every state change is an event in its service's log, so the last position of each log is read
before and after every call (the runs have one worker): a request answered 4xx or 5xx whose call
appended events is a partial write, and the `no_partial_write` check fails it. After an accepted
write, event handlers may go on writing for a moment (a media file shown on its comment…): the
next call waits until the logs are still. Loaded through SCHEMATHESIS_HOOKS;
KITSU_FUZZ_DB_PREFIX names the cluster's databases.
"""
import os
import time

import psycopg2
import schemathesis

SERVICES = ("auth", "production", "tasks", "media")
connections = {}
before = {}  # each log's last position before the current call
accepted = {"write": False}  # whether the previous call was an accepted write


def connection(service):
    if service not in connections:
        connections[service] = psycopg2.connect(
            host=os.environ.get("DB_HOST") or "127.0.0.1", port=int(os.environ.get("DB_PORT") or 5432),
            user=os.environ.get("DB_USERNAME") or "postgres", password=os.environ.get("DB_PASSWORD") or None,
            dbname=f"{os.environ['KITSU_FUZZ_DB_PREFIX']}_{service}")
        connections[service].autocommit = True
    return connections[service]


def log_positions():
    positions = {}
    for service in SERVICES:
        with connection(service).cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {service}application_events")
            positions[service] = cursor.fetchone()[0]
    return positions


def appended(service, after):
    with connection(service).cursor() as cursor:
        cursor.execute(f"SELECT topic FROM {service}application_events WHERE id > %s ORDER BY id",
                       (after,))
        return [row[0].rsplit(".", 1)[-1] for row in cursor.fetchall()]


def still_positions(pause=0.1, timeout=5):
    """The log positions once two reads `pause` apart agree (at most `timeout` seconds)."""
    positions, deadline = log_positions(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(pause)
        again = log_positions()
        if again == positions:
            break
        positions = again
    return positions


@schemathesis.hook
def before_call(context, case, kwargs):
    before.update(still_positions() if accepted["write"] else log_positions())


@schemathesis.hook
def after_call(context, case, response):
    accepted["write"] = response.status_code < 400 and case.method.upper() != "GET"


@schemathesis.check
def no_partial_write(ctx, response, case):
    """A refused request (4xx, 5xx) appended no event to any service's log."""
    if response.status_code < 400 or not before:
        return
    written = {service: appended(service, position) for service, position in before.items()}
    written = {service: topics for service, topics in written.items() if topics}
    if written:
        raise AssertionError(f"answered {response.status_code} but wrote {written}")
