"""Asyncio client for nameko's AMQP RPC protocol (see shared/design/STACK.md §2), on aiormq.

One connection, one confirm channel and one reply queue per process. Requests are published with
mandatory=True so an unknown service fails fast (NO_ROUTE) instead of waiting for the timeout,
and with a per-message expiration so a stopped service does not replay calls nobody awaits.
If the connection drops, pending calls fail with 502 and a supervisor task reconnects.
"""
import asyncio
import logging
import uuid

import aiormq
from aiormq.abc import DeliveredMessage

from shared import config
from shared.errors import ApiError
from shared.serialization import CONTENT_TYPE, dumps, loads

log = logging.getLogger("gateway.rpc")
EXCHANGE = "nameko-rpc"


class RpcError(Exception):
    """Transport failure, mapped to an HTTP status by the gateway."""

    status = 502

    def __init__(self, service, message):
        super().__init__(message)
        self.service = service
        self.body = {"error": True, "message": message}


class ServiceUnavailable(RpcError):
    def __init__(self, service):
        super().__init__(service, f"Service {service} is unavailable.")


class ServiceTimeout(RpcError):
    status = 504

    def __init__(self, service):
        super().__init__(service, f"Service {service} did not answer in time.")


class RemoteError(Exception):
    """The service raised: {"exc_type", "exc_path", "exc_args", "value"} as nameko sends it."""

    def __init__(self, error, headers=None):
        super().__init__(error.get("exc_type"), error.get("value"))
        self.error, self.headers = error, headers or {}

    @property
    def api_error(self):
        """(status, body) when the service raised a shared.errors.ApiError, else None."""
        if not (self.error.get("exc_path") or "").startswith("shared.errors."):
            return None
        try:
            return ApiError.from_remote(self.error.get("exc_args") or [])
        except (IndexError, TypeError, ValueError):
            return None


# A successful nameko reply as our orjson serializer writes it: the result's JSON text sits between
# these (nameko builds {"result": …, "error": None}; orjson adds no spaces), so big answers can
# be passed on without decoding and encoding them again.
REPLY_HEAD, REPLY_TAIL = b'{"result":', b',"error":null}'


class RpcClient:
    def __init__(self, uri=None, timeout=None, name="gateway"):
        self.uri = uri or config.AMQP_URI
        self.timeout = timeout or config.RPC_TIMEOUT
        self.name = name
        self.connection = None
        self.channel = None
        self.reply_key = None
        self.pending = {}            # correlation id -> (service, future)
        self.on_connect = []         # async callbacks(connection), run after each (re)connection
        self._lock = asyncio.Lock()
        self._supervisor = None

    @property
    def connected(self):
        return (self.connection is not None and not self.connection.is_closed
                and not self.channel.is_closed)

    async def start(self):
        """Connect now if possible and keep reconnecting in the background."""
        self._supervisor = asyncio.create_task(self._supervise())

    async def close(self):
        if self._supervisor:
            self._supervisor.cancel()
        if self.connected:
            await self.connection.close()
        self._fail_pending()

    async def _supervise(self):
        delay = 0.5
        while True:
            try:
                await self.ensure_connected()
                delay = 0.5
                await self._wait_closed(self.connection, self.channel)
                log.warning("AMQP connection lost")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # connection refused, broker restart, ...
                log.warning("AMQP connection problem: %s", exc)
            self._fail_pending()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5)

    @staticmethod
    async def _wait_closed(connection, channel):
        """Return when the connection or our channel closes (then drop the connection)."""
        watchers = [connection.closing, channel.closing]
        await asyncio.wait(watchers, return_when=asyncio.FIRST_COMPLETED)
        for watcher in watchers:
            if watcher.done() and not watcher.cancelled():
                watcher.exception()  # retrieved, so asyncio does not log it as unhandled
            watcher.cancel()
        if not connection.is_closed:
            await connection.close()

    async def ensure_connected(self):
        if self.connected:
            return
        async with self._lock:
            if self.connected:
                return
            connection = await aiormq.connect(self.uri)
            channel = await connection.channel(publisher_confirms=True)
            await channel.exchange_declare(EXCHANGE, exchange_type="topic", durable=True)
            reply_key = str(uuid.uuid4())
            queue = f"rpc.reply-{self.name}-{reply_key}"
            await channel.queue_declare(queue, exclusive=True, auto_delete=True,
                                        arguments={"x-expires": 300000})
            await channel.queue_bind(queue, EXCHANGE, routing_key=reply_key)
            await channel.basic_consume(queue, self._on_reply, no_ack=True)
            self.connection, self.channel, self.reply_key = connection, channel, reply_key
            log.info("connected to %s", self.uri.rsplit("@", 1)[-1])
        for callback in self.on_connect:
            try:
                await callback(connection)
            except Exception:
                log.exception("on_connect callback failed")

    def _fail_pending(self):
        pending, self.pending = self.pending, {}
        for service, future in pending.values():
            if not future.done():
                future.set_exception(ServiceUnavailable(service))

    async def _on_reply(self, message: DeliveredMessage):
        entry = self.pending.pop(message.header.properties.correlation_id, None)
        if entry and not entry[1].done():
            entry[1].set_result((message.body, message.header.properties.headers or {}))

    async def call(self, service, method, request, timeout=None, raw=False):
        """Call service.method(request=...) and return its result; raises RpcError/RemoteError.
        `raw`: the result's JSON text (bytes), without decoding it here."""
        result, _ = await self.call_with_headers(service, method, request, timeout, raw)
        return result

    async def call_with_headers(self, service, method, request, timeout=None, raw=False):
        """(result, reply headers): the headers say what the call wrote (see shared/rpc.py); a
        service's error carries them too (a refused call may have written, e.g. a failed login)."""
        timeout = timeout or self.timeout
        try:
            body, headers = await asyncio.wait_for(self._call(service, method, request, timeout), timeout)
        except asyncio.TimeoutError:
            raise ServiceTimeout(service) from None
        if raw and body.startswith(REPLY_HEAD) and body.endswith(REPLY_TAIL):
            return body[len(REPLY_HEAD):-len(REPLY_TAIL)], headers
        reply = loads(body)
        if reply.get("error"):
            raise RemoteError(reply["error"], headers)
        return (dumps(reply.get("result")) if raw else reply.get("result")), headers

    async def _call(self, service, method, request, timeout):
        try:
            await self.ensure_connected()
        except Exception as exc:
            log.warning("AMQP connection failed: %s", exc)
            raise ServiceUnavailable(service) from None
        cid = str(uuid.uuid4())
        future = asyncio.get_running_loop().create_future()
        self.pending[cid] = (service, future)
        properties = aiormq.spec.Basic.Properties(
            content_type=CONTENT_TYPE, content_encoding="binary", reply_to=self.reply_key,
            correlation_id=cid, delivery_mode=1, expiration=str(int(timeout * 1000)))
        try:
            try:
                await self.channel.basic_publish(
                    dumps({"args": [], "kwargs": {"request": request}}), exchange=EXCHANGE,
                    routing_key=f"{service}.{method}", mandatory=True, properties=properties)
            except aiormq.exceptions.PublishError:
                raise ServiceUnavailable(service) from None  # NO_ROUTE: no such service queue
            except aiormq.exceptions.AMQPError as exc:
                log.warning("publish to %s.%s failed: %s", service, method, exc)
                raise ServiceUnavailable(service) from None
            return await future
        finally:
            self.pending.pop(cid, None)


async def until_answered(call, what):
    """`await call()` until it succeeds: at start-up the service asked may not be up yet
    (tried again after 0.5 s, then every 2 s at most)."""
    delay = 0.5
    while True:
        try:
            return await call()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.info("%s not available yet (%s); retrying", what, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2)
