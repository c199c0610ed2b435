"""What a reconnecting client missed (beyond Zou, which loses it), with socket.io's own
connection state recovery (socket.io-client ≥ 4.6, the Kitsu web app's): the server gives a
`pid` in its CONNECT answer and adds an offset as the last argument of each event; the client
sends both back when it reconnects, and gets the events after that offset.

An offset is a cursor over the services' event logs: the last position the gateway had received
of each service (`auth:12,production:40,…`) when it sent the event, so it stays valid across
gateway processes, which all receive every event. The gateway keeps the recent events in memory
(RECENT of them), enough for a network hiccup or a laptop lid closed a while."""
import collections
from typing import NamedTuple

RECENT = 20000


class Sent(NamedTuple):
    name: str
    data: dict
    project_id: str | None
    service: str
    position: int
    offset: str


def encode(cursor):
    return ",".join(f"{service}:{position}" for service, position in sorted(cursor.items()))


def decode(text):
    """{service: position} of an offset; {} for anything else (a client's value is untrusted)."""
    cursor = {}
    if not isinstance(text, str):
        return cursor
    for item in text.split(",")[:32]:
        service, _, position = item.partition(":")
        if position.isdigit():
            cursor[service] = int(position)
    return cursor


def latest(*cursors):
    """Per service, the furthest of these cursors."""
    merged = {}
    for cursor in cursors:
        for service, position in cursor.items():
            merged[service] = max(position, merged.get(service, position))
    return merged


class RecentEvents:
    def __init__(self, size=RECENT):
        self.cursor = {}  # service -> last position received
        self.events = collections.deque(maxlen=size)

    def received(self, service, position):
        """Advance the cursor; the offset of an event received now."""
        if position is not None and position > self.cursor.get(service, -1):
            self.cursor[service] = position
        return encode(self.cursor)

    def keep(self, sent):
        self.events.append(sent)

    def after(self, cursor):
        """The kept events a client at `cursor` has not had, in the order they came."""
        return [sent for sent in self.events if sent.position > cursor.get(sent.service, -1)]
