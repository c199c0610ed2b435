"""gazu.events over the gateway's socket.io namespace /events: live events, token required."""
import threading
import time

import gazu
import pytest
import socketio

from api import Api, unique


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
