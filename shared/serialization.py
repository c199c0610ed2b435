"""orjson for every message on the broker: RPC payloads, replies and domain events.

Registered with kombu under the name "orjson" (nameko's SERIALIZERS config points here);
the gateway's RPC client uses the same content type.
"""
import datetime
import uuid

import orjson

CONTENT_TYPE = "application/x-orjson"


def _default(value):
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value):
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def loads(data):
    return orjson.loads(data)


def isoformat(value):
    """Zou's timestamp format: naive UTC, seconds precision."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    return value.isoformat()


def new_id():
    return str(uuid.uuid4())
