"""nameko's RPC entrypoint with a leaner reply: the result is serialised once (nameko serialises it
twice, once only to check it can), and replies go out transient and without publisher confirms —
the caller waits on its own timeout, so a confirm per reply buys nothing and costs a round trip.

A reply also says, in its headers, what the call wrote (shared.eventstore.commit_with_events):
`positions` {service: position of its last event in the service's log}, `rights` when it changed
rights (shared.permissions.RIGHTS) and `access` (the access changes of persons, for the gateway's
token checks). The gateway makes the caller's next requests wait for the positions (everyone's,
for a change of rights) and applies the access changes before it answers."""
import sys

import kombu.serialization
from nameko import rpc as nameko_rpc
from nameko.amqp.publish import Publisher
from nameko.exceptions import UnserializableValueError, serialize


def written_headers(service):
    """What this worker's commands committed, as reply headers (none when it wrote nothing),
    with what the services it called wrote for it (`relayed`: the importer's calls)."""
    from . import db  # services only: the gateway has no database
    info = db.current_session().info
    written = info.get("written")
    relayed = info.get("relayed") or {"positions": {}, "access": [], "rights": False}
    positions = dict(relayed["positions"])
    if written:
        positions[service] = written["position"]
    if not written and not relayed["access"] and not relayed["rights"] and not positions:
        return {}
    headers = {"positions": positions}
    access = (written["access"] if written else []) + relayed["access"]
    if access:
        headers["access"] = access
    if (written and written["rights"]) or relayed["rights"]:
        headers["rights"] = True
    return headers


class Responder(nameko_rpc.Responder):
    def __init__(self, *args, headers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers or {}

    def send_response(self, result, exc_info):
        error = serialize(exc_info[1]) if exc_info is not None else None
        content_type = self.message.properties["content_type"]
        serializer = kombu.serialization.registry.type_to_name[content_type]
        try:
            _, _, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)
        except Exception:  # the answer can't be sent: tell the caller instead of dying
            exc_info = sys.exc_info()
            result, error = None, serialize(UnserializableValueError(result))
            _, _, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)
        publisher = Publisher(self.amqp_uri, ssl=self.ssl, login_method=self.login_method,
                              use_confirms=False, delivery_mode=1)
        publisher.publish(body, content_type=content_type, content_encoding="binary",
                          exchange=self.exchange, routing_key=self.message.properties["reply_to"],
                          correlation_id=self.message.properties.get("correlation_id"),
                          headers=self.headers)
        return result, exc_info


class RpcConsumer(nameko_rpc.RpcConsumer):
    def handle_result(self, message, result, exc_info):
        config = self.container.config
        responder = Responder(config[nameko_rpc.AMQP_URI_CONFIG_KEY],
                              nameko_rpc.get_rpc_exchange(config),
                              config.get(nameko_rpc.SERIALIZER_CONFIG_KEY), message,
                              ssl=config.get(nameko_rpc.AMQP_SSL_CONFIG_KEY),
                              login_method=config.get(nameko_rpc.LOGIN_METHOD_CONFIG_KEY),
                              headers=written_headers(self.container.service_name))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class Rpc(nameko_rpc.Rpc):
    rpc_consumer = RpcConsumer()


rpc = Rpc.decorator
