"""Review rooms (`preview-room:*` socket.io messages), as Zou's event stream hosts them: the people
watching a playlist together share what is on screen (entity, frame, playing, annotations…).

A connection enters a playlist's room (`open-playlist` to see who is there, `join` to be one of
them) only if the caller may read the playlist, as its GET route answers it for them (its
project's team; clients when it is shared with clients; never vendors). Unlike Zou, only a
connection inside the room may send to it. Rooms live in this gateway process's memory."""
import logging

log = logging.getLogger("gateway.rooms")
PLAYLIST = "/data/playlists/{playlist_id}"  # the route that says who may read a playlist
# messages sent on as they came to everyone in the room
RELAYED = ("add-annotation", "remove-annotation", "update-annotation", "change-version",
           "panzoom-changed", "comparison-panzoom-changed")
# views relayed only when they change the room's last one: Kitsu's players answer each view
# they receive with their own, the same, and two of them would otherwise do so without end
VIEWS = ("panzoom-changed", "comparison-panzoom-changed")
KINDS = ("open-playlist", "close-playlist", "join", "leave", "room-updated") + RELAYED
# what `room-updated` and the first `join` set on the room (Zou's playing state)
PLAYING_STATE = {
    "user_id": None, "local_id": None, "is_playing": False, "current_entity_id": None,
    "current_entity_index": None, "current_preview_file_id": None,
    "current_preview_file_index": None, "is_repeating": None, "is_annotations_displayed": False,
    "is_zoom_enabled": False, "is_waveform_displayed": False, "is_laser_mode": None,
    "handle_in": None, "handle_out": None}
COMPARING = {"enable": False, "task_type": None, "revision": None, "mode": "sidebyside",
             "comparison_preview_index": 0}


def empty_room(playlist_id):
    return {"playlist_id": playlist_id, **PLAYING_STATE, "people": [], "current_frame": 0,
            "speed": None, "comparing": dict(COMPARING)}


def update_playing_state(room, data):
    room.update({key: data.get(key, default) for key, default in PLAYING_STATE.items()})
    if "current_frame" in data:
        room["current_frame"] = data["current_frame"]
    if isinstance(data.get("comparing"), dict):
        room["comparing"] = {key: data["comparing"][key] for key in COMPARING if key in data["comparing"]}
    if isinstance(data.get("speed"), (int, float)) and not isinstance(data.get("speed"), bool):
        room["speed"] = data["speed"]


def people_updated(room):
    return {"people": list(room["people"]), "playlist_id": room["playlist_id"], "id": room["playlist_id"]}


class ReviewRooms:
    """`may_read(actor, playlist_id)` -> bool says who may enter; `emit(event, data, room)`
    sends to the connections in a room; `enter`/`leave` put a connection in/out of one."""

    def __init__(self, may_read, emit, enter, leave):
        self.may_read, self.emit, self.enter, self.leave = may_read, emit, enter, leave
        self.rooms = {}     # playlist id -> room state (while someone is in it)
        self.inside = {}    # sid -> playlist ids its connection entered
        self.views = {}     # playlist id -> {view kind: the last one relayed}, forgotten when someone enters

    async def handle(self, kind, sid, actor, data):
        """One `preview-room:<kind>` message from a connection."""
        if not isinstance(data, dict) or not isinstance(data.get("playlist_id"), str):
            return
        playlist_id = data["playlist_id"]
        if kind in ("open-playlist", "join"):
            if not await self.may_read(actor, playlist_id):
                return
            room = self.rooms.setdefault(playlist_id, empty_room(playlist_id))
            self.inside.setdefault(sid, set()).add(playlist_id)
            self.views.pop(playlist_id, None)  # the newcomer must get the views sent to it
            await self.enter(sid, playlist_id)
            if kind == "join":
                if not room["people"]:
                    update_playing_state(room, data)
                if actor["id"] not in room["people"]:
                    room["people"].append(actor["id"])
            await self.emit("preview-room:room-people-updated", people_updated(room), playlist_id)
            if kind == "join":
                await self.emit("preview-room:room-updated", room, playlist_id)
            return
        if playlist_id not in self.inside.get(sid, ()):
            return  # only a connection in the room speaks to it
        if kind == "close-playlist":
            await self.exit(sid, playlist_id)
        elif kind == "leave":
            await self.remove_person(actor["id"], playlist_id)
        elif kind == "room-updated" and playlist_id in self.rooms:
            room = self.rooms[playlist_id]
            update_playing_state(room, data)
            await self.emit("preview-room:room-updated", {"only_newcomer": False, **room}, playlist_id)
        elif kind in RELAYED and not self.repeated_view(kind, playlist_id, data):
            await self.emit(f"preview-room:{kind}", data, playlist_id)

    def repeated_view(self, kind, playlist_id, data):
        """Whether the message is a view (pan and zoom) the room's last one already showed."""
        if kind not in VIEWS or not isinstance(data.get("data"), dict):
            return False
        view = tuple(data["data"].get(key) for key in ("x", "y", "zoom"))
        views = self.views.setdefault(playlist_id, {})
        if views.get(kind) == view:
            return True
        views[kind] = view
        return False

    async def remove_person(self, person_id, playlist_id):
        room = self.rooms.get(playlist_id)
        if room is None or person_id not in room["people"]:
            return
        room["people"].remove(person_id)
        await self.emit("preview-room:room-people-updated", people_updated(room), playlist_id)

    async def exit(self, sid, playlist_id):
        """The connection leaves the room; the room goes with the last one."""
        self.inside.get(sid, set()).discard(playlist_id)
        await self.leave(sid, playlist_id)
        if not any(playlist_id in rooms for rooms in self.inside.values()):
            self.rooms.pop(playlist_id, None)
            self.views.pop(playlist_id, None)

    async def disconnected(self, sid, person_id):
        """A closed connection leaves its rooms (its person too, as in Zou)."""
        for playlist_id in list(self.inside.get(sid, ())):
            await self.remove_person(person_id, playlist_id)
            await self.exit(sid, playlist_id)
        self.inside.pop(sid, None)
