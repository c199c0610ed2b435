"""Review rooms (gateway/review_rooms.py): who may enter, what is relayed to whom."""
import asyncio

from gateway.review_rooms import ReviewRooms

PLAYLIST = "11111111-1111-1111-1111-111111111111"


class Hub:
    """socket.io as the rooms see it: connections in rooms, and what each one received."""

    def __init__(self, readers):
        self.readers = readers
        self.members = {}   # room -> sids
        self.received = {}  # sid -> [(event, data)]
        self.rooms = ReviewRooms(self.may_read, self.emit, self.enter, self.leave)

    async def may_read(self, actor, playlist_id):
        return actor["id"] in self.readers

    async def emit(self, event, data, room):
        for sid in self.members.get(room, ()):
            self.received.setdefault(sid, []).append((event, dict(data)))

    async def enter(self, sid, room):
        self.members.setdefault(room, set()).add(sid)

    async def leave(self, sid, room):
        self.members.get(room, set()).discard(sid)

    def send(self, kind, sid, person_id, **data):
        asyncio.run(self.rooms.handle(kind, sid, {"id": person_id}, {"playlist_id": PLAYLIST, **data}))

    def events(self, sid, name):
        return [data for event, data in self.received.get(sid, []) if event == name]


def test_people_in_the_room_share_what_is_on_screen():
    hub = Hub(readers={"ann", "bob"})
    hub.send("join", "s1", "ann", current_frame=12, is_playing=True)
    hub.send("join", "s2", "bob")
    assert hub.events("s2", "preview-room:room-people-updated")[-1]["people"] == ["ann", "bob"]
    room = hub.events("s2", "preview-room:room-updated")[-1]
    assert room["current_frame"] == 12 and room["is_playing"] is True  # the first one's state
    hub.send("room-updated", "s1", "ann", current_frame=40, current_entity_id="e1")
    assert hub.events("s2", "preview-room:room-updated")[-1]["current_frame"] == 40
    hub.send("add-annotation", "s1", "ann", objects=[1])
    assert hub.events("s2", "preview-room:add-annotation") == [{"playlist_id": PLAYLIST, "objects": [1]}]


def test_who_may_not_read_the_playlist_neither_enters_nor_speaks():
    hub = Hub(readers={"ann"})
    hub.send("join", "s1", "ann")
    hub.send("join", "s2", "eve")
    assert "s2" not in hub.members[PLAYLIST]
    assert hub.events("s1", "preview-room:room-people-updated")[-1]["people"] == ["ann"]
    hub.send("add-annotation", "s2", "eve", objects=["spam"])
    hub.send("room-updated", "s2", "eve", current_frame=999)
    assert hub.events("s1", "preview-room:add-annotation") == []
    assert hub.rooms.rooms[PLAYLIST]["current_frame"] == 0


def test_leaving_and_disconnecting_update_the_people():
    hub = Hub(readers={"ann", "bob"})
    hub.send("join", "s1", "ann")
    hub.send("join", "s2", "bob")
    hub.send("leave", "s2", "bob")
    assert hub.events("s1", "preview-room:room-people-updated")[-1]["people"] == ["ann"]
    asyncio.run(hub.rooms.disconnected("s1", "ann"))
    assert PLAYLIST in hub.rooms.rooms  # bob's connection still has the playlist open
    asyncio.run(hub.rooms.disconnected("s2", "bob"))
    assert PLAYLIST not in hub.rooms.rooms


def test_a_view_is_relayed_when_it_changes_and_again_to_a_newcomer():
    hub = Hub(readers={"ann", "bob", "cid"})
    hub.send("join", "s1", "ann")
    hub.send("join", "s2", "bob")
    still = {"local_id": "a", "x": 0, "y": 0, "zoom": 1}
    for sid in ("s1", "s2", "s1", "s2"):  # two players answering each other with the same view
        hub.send("panzoom-changed", sid, "ann" if sid == "s1" else "bob", data=still)
    assert len(hub.events("s2", "preview-room:panzoom-changed")) == 1
    hub.send("panzoom-changed", "s2", "bob", data={**still, "zoom": 2})
    hub.send("panzoom-changed", "s1", "ann", data=still)  # back to the first view: a change
    assert [view["data"]["zoom"] for view in hub.events("s1", "preview-room:panzoom-changed")] == [1, 2, 1]
    hub.send("join", "s3", "cid")
    hub.send("panzoom-changed", "s1", "ann", data=still)  # sent again for the newcomer
    assert len(hub.events("s3", "preview-room:panzoom-changed")) == 1
