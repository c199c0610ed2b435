"""Mapping of nameko's serialised remote errors back to (status, body)."""
from nameko.exceptions import serialize

from gateway.rpc import RemoteError
from shared import errors


def test_api_error_keeps_json_types_through_nameko_serialisation():
    error = serialize(errors.WrongParameter("Bad value"))
    assert error["exc_args"][0] == "400"  # what nameko does to an int
    assert RemoteError(error).api_error == (
        400, {"error": True, "message": "Bad value", "data": None})
    assert RemoteError(serialize(errors.NotFound("gone"))).api_error == (
        404, {"error": True, "message": "404 Not Found: gone"})
    validation = errors.ValidationError([{"field": "name", "message": "required"}])
    assert RemoteError(serialize(validation)).api_error[1]["data"] == {
        "errors": [{"field": "name", "message": "required"}]}


def test_other_errors_are_not_api_errors():
    assert RemoteError(serialize(KeyError("boom"))).api_error is None


def test_malformed_api_error_is_not_trusted():
    error = {"exc_path": "shared.errors.Conflict", "exc_args": ["409"], "value": "?"}
    assert RemoteError(error).api_error is None


def test_successful_replies_carry_the_result_text_between_fixed_bytes():
    from gateway.rpc import REPLY_HEAD, REPLY_TAIL
    from shared.serialization import dumps

    result = [{"id": "x", "name": "Shot ,\"error\":null}"}]
    reply = dumps({"result": result, "error": None})  # what nameko sends with our serializer
    assert reply.startswith(REPLY_HEAD) and reply.endswith(REPLY_TAIL)
    assert reply[len(REPLY_HEAD):-len(REPLY_TAIL)] == dumps(result)
