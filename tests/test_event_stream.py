"""gazu.events over the gateway's socket.io namespace /events: live events, token required."""
import threading
import time
import uuid

import gazu
import pytest
import socketio

from api import Api, Listener, about, logged_in, unique


def test_gazu_listener_receives_live_events(base_url, admin_token):
    client = gazu.client.create_client(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword", client=client)
    gazu.set_event_host(base_url[: -len("/api")], client=client)
    events = gazu.events.init(client=client)
    received = []
    gazu.events.add_listener(events, "studio:new", received.append)
    tests = []
    gazu.events.add_listener(events, "main:test", tests.append)
    threading.Thread(target=gazu.events.run_client, args=(events,), daemon=True).start()
    try:
        studio = Api(base_url, admin_token).post("/data/studios", {"name": unique(), "color": "#000000"})[1]
        deadline = time.monotonic() + 10
        while not any(e.get("studio_id") == studio["id"] for e in received) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert {"studio_id": studio["id"]} in received
        assert Api(base_url).get("/status/test-event") == (200, {"success": True})
        deadline = time.monotonic() + 10
        while not tests and time.monotonic() < deadline:
            time.sleep(0.1)
        assert tests == [{}]
    finally:
        events.disconnect()


def test_connection_without_a_valid_token_is_refused(base_url):
    client = socketio.Client()
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(base_url[: -len("/api")], namespaces=["/events"],
                       headers={"Authorization": "Bearer not-a-token"}, wait_timeout=5)


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"


def test_project_events_reach_its_team_and_admins_only(base_url, admin, admin_token):
    member, outsider = logged_in(base_url, admin, "user"), logged_in(base_url, admin, "user")
    project = admin.post("/data/projects", {"name": unique()})[1]
    assert admin.post(f"/data/projects/{project['id']}/team", {"person_id": member.person["id"]})[0] == 201
    listeners = {name: Listener(base_url, token) for name, token in
                 (("admin", admin_token), ("member", member.token), ("outsider", outsider.token))}
    try:
        status, asset_type = admin.post("/data/entity-types", {"name": unique()})
        assert status == 201  # of no project: everyone
        for listener in listeners.values():
            assert listener.wait_for(about("asset_type_id", asset_type["id"]))
        delays = []
        for _ in range(3):
            listeners["member"].events.clear()
            assert admin.put(f"/data/projects/{project['id']}", {"description": unique()})[0] == 200
            answered = time.monotonic()
            event = listeners["member"].wait_for(lambda name, data, offset: name == "project:update"
                                                  and data.get("project_id") == project["id"])
            assert event and listeners["admin"].wait_for(about("project_id", project["id"]))
            delays.append(event[3] - answered)
        assert min(delays) < 0.1, delays  # live: within 100 ms of the write's answer
        time.sleep(0.3)
        assert not [e for e in listeners["outsider"].events if e[1].get("project_id") == project["id"]]
    finally:
        for listener in listeners.values():
            listener.close()


def test_a_browser_that_reconnects_gets_what_it_missed(base_url, admin, admin_token):
    """socket.io's connection state recovery, as socket.io-client (the Kitsu web app) does it:
    each event carries an offset; the reconnecting client sends the last one back."""
    browser = Listener(base_url, admin_token, user_agent=BROWSER)
    gazu_like = Listener(base_url, admin_token)
    first = admin.post("/data/studios", {"name": unique(), "color": "#000000"})[1]
    seen = browser.wait_for(about("studio_id", first["id"]))
    assert seen and isinstance(seen[2], str)  # the offset, for browsers only
    assert gazu_like.wait_for(about("studio_id", first["id"]))[2] is None
    browser.close()
    gazu_like.close()
    missed = [admin.post("/data/studios", {"name": unique(), "color": "#000000"})[1]["id"] for _ in range(3)]
    back = Listener(base_url, admin_token, user_agent=BROWSER, auth={"pid": "", "offset": seen[2]})
    try:
        for studio_id in missed:
            assert back.wait_for(about("studio_id", studio_id)), studio_id
        replayed = [e[1]["studio_id"] for e in back.events if e[0] == "studio:new"]
        assert replayed[:3] == missed and first["id"] not in replayed
    finally:
        back.close()


def test_review_room_needs_a_playlist_the_caller_may_read(base_url, admin, admin_token):
    listener = Listener(base_url, admin_token)
    try:
        playlist_id = str(uuid.uuid4())  # no such playlist: no room
        listener.client.emit("preview-room:join", {"playlist_id": playlist_id}, namespace="/events")
        listener.client.emit("preview-room:add-annotation", {"playlist_id": playlist_id}, namespace="/events")
        time.sleep(0.5)
        assert not [e for e in listener.events if e[0].startswith("preview-room:")]
    finally:
        listener.close()


def test_a_connection_whose_token_is_revoked_gets_nothing_more(base_url, admin):
    person = logged_in(base_url, admin, "user")
    listener = Listener(base_url, person.token)
    try:
        assert person.get("/auth/logout")[0] == 200
        studio = admin.post("/data/studios", {"name": unique(), "color": "#000000"})[1]
        time.sleep(0.5)
        assert not listener.wait_for(about("studio_id", studio["id"]), timeout=0.5)
        assert not listener.client.connected  # closed by the server
    finally:
        listener.close()
