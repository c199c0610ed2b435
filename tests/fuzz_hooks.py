"""Schemathesis hooks of the fuzzing runs (tests/test_fuzzing.py): a refused request writes nothing.

Every state change is an event in its service's log, so the last position of each log is read
before and after every call (the runs have one worker): a request answered 4xx or 5xx whose call
appended events is a partial write, and the `no_partial_write` check fails it. Loaded through
SCHEMATHESIS_HOOKS; KITSU_FUZZ_DB_PREFIX names the cluster's databases.
"""
import os

import psycopg2
import schemathesis

SERVICES = ("auth", "production", "tasks", "media")
connections = {}
before = {}


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


@schemathesis.hook
def before_call(context, case, kwargs):
    before.clear()
    before.update(log_positions())


@schemathesis.check
def no_partial_write(ctx, response, case):
    """A refused request (4xx, 5xx) appended no event to any service's log."""
    if response.status_code < 400 or not before:
        return
    written = {service: appended(service, position) for service, position in before.items()}
    written = {service: topics for service, topics in written.items() if topics}
    if written:
        raise AssertionError(f"answered {response.status_code} but wrote {written}")
