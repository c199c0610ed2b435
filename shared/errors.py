"""Typed errors raised by services and turned into Zou's status codes and JSON shapes by the gateway.

Every error carries ("<status>", "<JSON body>") as its args: nameko's RPC error serialisation turns
any non-string in exc_args into text, so the body crosses as JSON text and the gateway needs no
per-error knowledge.
"""
import orjson


class ApiError(Exception):
    status = 400

    def __init__(self, body, status=None):
        if isinstance(body, str):
            body = {"error": True, "message": body, "data": None}
        super().__init__(str(status or self.status), orjson.dumps(body).decode())

    @property
    def body(self):
        return orjson.loads(self.args[1])

    @staticmethod
    def from_remote(exc_args):
        """(status, body) from the exc_args of an ApiError that crossed RPC."""
        return int(exc_args[0]), orjson.loads(exc_args[1])


class RemoteError(ApiError):
    """Another service refused a call (shared.remote): its status and answer."""

    def __init__(self, status, body):
        super().__init__(body, status)
        self.status = status
        self.message = body.get("message") or self.args[1]


class WrongParameter(ApiError):
    """400 with Zou's `{"error": true, "message": ..., "data": ...}` shape."""


class CrudError(ApiError):
    """400 with the generic CRUD layer's plain `{"message": ...}` shape."""

    def __init__(self, message):
        super().__init__({"message": message})


class MalformedTree(ApiError):
    """Zou's 400 for a file tree that cannot render the request: `{message, received_data}`."""

    def __init__(self, message, received=None):
        super().__init__({"message": message, "received_data": received}, 400)


class ValidationError(ApiError):
    def __init__(self, errors):
        super().__init__({"error": True, "message": "Validation error.", "data": {"errors": errors}})


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403

    def __init__(self, message="You don't have the permission to access the requested resource. "
                               "It is either read-protected or not readable by the server."):
        super().__init__({"error": True, "message": message})


class NotFound(ApiError):
    status = 404

    def __init__(self, message="The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."):
        super().__init__({"error": True, "message": f"404 Not Found: {message}"})


class Conflict(ApiError):
    status = 409


class ServiceUnavailable(ApiError):
    """The database (or another part the service needs) is out of reach: try again."""
    status = 503

    def __init__(self, message="The service is temporarily unavailable, please try again."):
        super().__init__({"error": True, "message": message})


MALFORMED_ID = "Malformed ID."
UNIQUE_VIOLATION = "A record with the same unique values already exists."
FK_VIOLATION = "The change conflicts with records referencing this one."
NOT_NULL_VIOLATION = "A required field is missing."
BAD_FORMAT = "One of the provided values has an invalid format."

