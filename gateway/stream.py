"""The live event stream: socket.io namespace `/events` (as Zou's event stream process), on the
gateway's own port. Every service's public events are pushed to every connected client (gazu.events,
the Kitsu web app); a client must present a valid access token when it connects."""
import logging

import socketio

from shared import config
from shared.serialization import loads

from .auth import AuthError, authenticate

log = logging.getLogger(__name__)
NAMESPACE = "/events"


class EventStream:
    def __init__(self, rpc, state):
        self.state = state
        self.server = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        self.server.on("connect", self.connect, namespace=NAMESPACE)
        self.channel = None
        rpc.on_connect.append(self.subscribe)

    def attach(self, app):
        """Serve /socket.io/ (where socket.io clients go whatever the API prefix is)."""
        self.server.attach(app, socketio_path="socket.io")

    async def connect(self, sid, environ, auth=None):
        authorization = environ.get("HTTP_AUTHORIZATION")
        if not authorization and isinstance(auth, dict) and auth.get("token"):
            authorization = f"Bearer {auth['token']}"
        cookies = environ["aiohttp.request"].cookies if "aiohttp.request" in environ else {}
        try:
            authenticate(self.state, "access", authorization, cookies)
        except AuthError:
            return False  # refuses the connection
        return True

    async def subscribe(self, connection):
        """(Re)bind one exclusive queue to every service's event exchange."""
        self.channel = await connection.channel()
        declared = await self.channel.queue_declare("", exclusive=True, auto_delete=True)
        for service in config.SERVICES:
            exchange = config.events_exchange(service)
            await self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
            # Zou's public names are one topic word: `row.<table>` and `auth.*` are internal
            await self.channel.queue_bind(declared.queue, exchange, routing_key="*")
        await self.channel.basic_consume(declared.queue, self.forward, no_ack=True)

    async def forward(self, message):
        envelope = loads(message.body)
        await self.server.emit(envelope["name"], envelope["data"], namespace=NAMESPACE)
