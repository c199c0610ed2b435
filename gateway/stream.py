"""The live event stream: socket.io namespace `/events` (as Zou's event stream process), on the
gateway's own port, for gazu.events and the Kitsu web app. A client presents a valid access token
when it connects (cookie, Authorization header, or `{"token": …}` in the auth payload).

Beyond Zou: an event of a project reaches only the people who may read that project (teams.py),
and only while their token stays valid; a browser that reconnects gets what it missed
(replay.py). The review rooms (`preview-room:*`) are in review_rooms.py."""
import asyncio
import collections
import logging

import socketio
from socketio import packet

from shared import config
from shared.serialization import loads

from . import cookies, replay, review_rooms, teams
from .auth import AuthError, authenticate, check_token, find_token
from .rpc import until_answered

log = logging.getLogger("gateway.stream")
NAMESPACE = "/events"
PRODUCTION = "production"
TEAM_ROWS = "row.project"
# a production `project:*` event waits this long for the `row.project` of the same write, so
# that a person just added to the team gets it
TEAM_WAIT = 0.02
START_WAIT = 10  # seconds a new connection may take to be acknowledged


class Session:
    def __init__(self, actor, token, recovers, pending):
        self.actor, self.token, self.recovers = actor, token, recovers
        self.pending = collections.deque(pending)  # sent before the connection was acknowledged
        self.ready = False
        self.closing = False


def packets_with_pid(pids):
    """socket.io packets whose CONNECT answer carries the connection's `pid` (from `pids`, by
    sid): what makes socket.io-client send its last offset back when it reconnects."""
    class Packet(packet.Packet):
        def __init__(self, packet_type=packet.EVENT, data=None, namespace=None, id=None,
                     binary=None, encoded_packet=None):
            if packet_type == packet.CONNECT and isinstance(data, dict) and data.get("sid") in pids:
                data = {**data, "pid": pids.pop(data["sid"])}
            super().__init__(packet_type, data, namespace, id, binary, encoded_packet)
    return Packet


class EventStream:
    def __init__(self, rpc, state, router):
        self.rpc, self.state, self.router = rpc, state, router
        self.pids = {}
        self.server = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*",
                                           serializer=packets_with_pid(self.pids))
        self.server.on("connect", self.connect, namespace=NAMESPACE)
        self.server.on("disconnect", self.disconnect, namespace=NAMESPACE)
        self.sessions = {}
        self.teams = teams.ProjectTeams()
        self.recent = replay.RecentEvents()
        self.held = {}  # (service, position) -> project events waiting for their team row
        self.team_buffer = None  # list while the teams snapshot loads
        self.snapshot_task = None
        self.rooms = review_rooms.ReviewRooms(self.may_read_playlist, self.emit_to_room,
                                              self.enter_room, self.leave_room)
        for kind in review_rooms.KINDS:
            self.server.on(f"preview-room:{kind}", self.room_handler(kind), namespace=NAMESPACE)
        rpc.on_connect.append(self.subscribe)

    def attach(self, app):
        """Serve /socket.io/ (where socket.io clients go whatever the API prefix is)."""
        self.server.attach(app, socketio_path="socket.io")

    # -- connections ------------------------------------------------------------------------
    async def connect(self, sid, environ, auth=None):
        authorization = environ.get("HTTP_AUTHORIZATION")
        if not authorization and isinstance(auth, dict) and isinstance(auth.get("token"), str):
            authorization = f"Bearer {auth['token']}"
        request = environ.get("aiohttp.request")
        request_cookies = request.cookies if request is not None else {}
        try:
            actor = authenticate(self.state, "access", authorization, request_cookies)
        except AuthError:
            return False  # refuses the connection
        token = find_token("access", authorization, request_cookies)
        recovers = cookies.is_browser(environ.get("HTTP_USER_AGENT"))
        missed = []
        if recovers:
            self.pids[sid] = replay.encode(self.recent.cursor)
            if isinstance(auth, dict) and "pid" in auth:  # a reconnection: what it missed
                cursor = replay.latest(replay.decode(auth.get("pid")), replay.decode(auth.get("offset")))
                missed = [sent for sent in self.recent.after(cursor) if self.may_receive(actor, sent)]
        self.sessions[sid] = Session(actor, token, recovers, missed)
        asyncio.create_task(self.start(sid))
        return True

    async def start(self, sid):
        """Once the client has its CONNECT answer: what it missed, then live events."""
        for _ in range(int(START_WAIT / 0.01)):
            if self.server.manager.is_connected(sid, NAMESPACE) or sid not in self.sessions:
                break
            await asyncio.sleep(0.01)
        session = self.sessions.get(sid)
        while session is not None and session.pending:
            await self.emit_to(session.pending.popleft(), [sid], session.recovers)
        if session is not None:
            session.ready = True

    async def disconnect(self, sid, reason=None):
        self.pids.pop(sid, None)
        session = self.sessions.pop(sid, None)
        if session is not None:
            await self.rooms.disconnected(sid, session.actor["id"])

    def token_valid(self, sid, session):
        """Whether the connection's token is still good (logout, deactivation, expiry); if
        not, the connection is closed."""
        if session.closing:
            return False
        try:
            check_token(self.state, session.token, "access")
            return True
        except AuthError:
            session.closing = True
            asyncio.create_task(self.server.disconnect(sid, namespace=NAMESPACE))
            return False

    def may_receive(self, actor, sent):
        person_id = actor["id"]
        return teams.may_receive(self.state.persons.get(person_id), person_id, sent.project_id,
                                 self.teams)

    # -- events from the services -----------------------------------------------------------
    async def subscribe(self, connection):
        """(Re)bind one exclusive queue to every service's public events and to production's
        project rows, then (re)load the teams."""
        channel = await connection.channel()
        declared = await channel.queue_declare("", exclusive=True, auto_delete=True)
        for service in config.SERVICES:
            exchange = config.events_exchange(service)
            await channel.exchange_declare(exchange, exchange_type="topic", durable=True)
            # Zou's public names are one topic word: `row.<table>` and `auth.*` are internal
            await channel.queue_bind(declared.queue, exchange, routing_key="*")
        await channel.queue_bind(declared.queue, config.events_exchange(PRODUCTION), routing_key=TEAM_ROWS)
        self.team_buffer = []
        await channel.basic_consume(declared.queue, self.receive, no_ack=True)
        if self.snapshot_task:
            self.snapshot_task.cancel()
        self.snapshot_task = asyncio.create_task(self.load_teams())

    async def load_teams(self):
        await until_answered(lambda: teams.load_snapshot(self.rpc, self.router, self.teams), "project teams")
        buffered, self.team_buffer = self.team_buffer or [], None
        for envelope in buffered:
            self.teams.apply_row(envelope)

    async def receive(self, message):
        envelope = loads(message.body)
        service, position, name = envelope.get("service"), envelope.get("position"), envelope["name"]
        if name == TEAM_ROWS:
            if self.team_buffer is not None:
                self.team_buffer.append(envelope)
            self.teams.apply_row(envelope)
            await self.release((service, position))
            return
        offset = self.recent.received(service, position)
        if envelope.get("silent"):  # written by a silent import: never shown to clients
            return
        data = envelope["data"]
        # a project's own events carry its id in their payload only
        project_id = envelope.get("project_id") or (data.get("project_id") if isinstance(data, dict) else None)
        sent = replay.Sent(name, data, project_id, service, position, offset)
        if service == PRODUCTION and name.startswith("project:"):
            key = (service, position)
            self.held.setdefault(key, []).append(sent)
            asyncio.get_running_loop().call_later(TEAM_WAIT, lambda: asyncio.create_task(self.release(key)))
            return
        await self.send(sent)

    async def release(self, key):
        for sent in self.held.pop(key, ()):
            await self.send(sent)

    async def send(self, sent):
        """To every connection that may see it: now if acknowledged, else after what it missed."""
        self.recent.keep(sent)
        with_offset, without = [], []
        for sid, session in list(self.sessions.items()):
            if not self.may_receive(session.actor, sent) or not self.token_valid(sid, session):
                continue
            if not session.ready:
                session.pending.append(sent)
            else:
                (with_offset if session.recovers else without).append(sid)
        await self.emit_to(sent, with_offset, True)
        await self.emit_to(sent, without, False)

    async def emit_to(self, sent, sids, with_offset):
        if sids:  # (an empty list would mean everyone)
            data = (sent.data, sent.offset) if with_offset else sent.data
            await self.server.emit(sent.name, data, to=sids, namespace=NAMESPACE)

    # -- review rooms ------------------------------------------------------------------------
    def room_handler(self, kind):
        async def handler(sid, data=None):
            session = self.sessions.get(sid)
            if session is not None and self.token_valid(sid, session):
                await self.rooms.handle(kind, sid, session.actor, data)
        return handler

    async def may_read_playlist(self, actor, playlist_id):
        route, params = self.router.match("GET", review_rooms.PLAYLIST.format(playlist_id=playlist_id))
        if route is None or route.service == "gateway":
            return False
        request = {"actor": actor, "params": {**route.params, **params}, "query": {}, "body": None,
                   "meta": {"user_agent": "gateway", "ip": ""}}
        try:
            await self.rpc.call(route.service, route.rpc, request, timeout=5)
            return True
        except Exception:  # refused, unknown, or the service is away: no entry
            return False

    async def emit_to_room(self, event, data, room):
        await self.server.emit(event, data, room=room, namespace=NAMESPACE)

    async def enter_room(self, sid, room):
        await self.server.enter_room(sid, room, namespace=NAMESPACE)

    async def leave_room(self, sid, room):
        await self.server.leave_room(sid, room, namespace=NAMESPACE)
