"""What the gateway refuses before any service sees it, in Zou's error shape:
- a JSON (or form) body over JSON_BODY_LIMIT_MB: 413 (uploads are multipart and not read here);
- a NUL character in the path, the query string or a JSON body: 400. PostgreSQL cannot store it
  in text, so it would fail deep in a service after part of a command had run.
"""
from aiohttp import web

BAD_VALUE = {"error": True, "message": "One of the provided values has an invalid format."}
TOO_LARGE = {"error": True, "message": "413 Request Entity Too Large: The data value transmitted "
                                       "exceeds the capacity limit."}
NUL = "\x00"


class Refused(Exception):
    """The request is refused with this status and body."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status, self.body = status, body


def check_target(request):
    """The path and query string, as decoded (a `%00` is a NUL by then)."""
    if NUL in request.path or NUL in request.query_string:
        raise Refused(400, BAD_VALUE)


async def read_limited(request):
    """The raw body; aiohttp stops reading past the app's client_max_size (the JSON limit)."""
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Refused(413, TOO_LARGE) from None


def check_body(raw, body):
    """`body`, parsed from the JSON text `raw`. JSON carries a NUL only as the escape \\u0000:
    a text without one needs no walk through the values."""
    return checked(body) if b"\\u0000" in raw else body


def checked(body):
    if has_nul(body):
        raise Refused(400, BAD_VALUE)
    return body


def has_nul(value):
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in key or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False
