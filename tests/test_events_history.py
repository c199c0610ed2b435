"""The API event log (/data/events/*): every service's public events, as Zou's api_event."""

from api import Api, new_person, unique


def test_events_are_logged_once_and_filterable(base_url, admin_token):
    admin = Api(base_url, admin_token)
    studio = admin.post("/data/studios", {"name": unique("studio"), "color": "#000000"})[1]
    admin.put(f"/data/studios/{studio['id']}", {"color": "#ffffff"})

    events = admin.get("/data/events/last", name_prefixes="studio:", limit="50")[1]
    mine = [e for e in events if e["data"].get("studio_id") == studio["id"]]
    assert [e["name"] for e in mine] == ["studio:update", "studio:new"]  # newest first
    assert set(mine[0]) == {"id", "created_at", "name", "user_id", "project_id", "data"}
    assert mine[0]["user_id"] is not None
    assert not any(e["name"].startswith(("row.", "auth:")) for e in events)

    older = admin.get("/data/events/last", cursor_event_id=mine[0]["id"], limit="1")[1]
    assert older and older[0]["id"] != mine[0]["id"]
    assert "studio:new" in admin.get("/data/events/names")[1]
    status, page = admin.get("/data/events", page="1", limit="2")
    assert status == 200 and page["data"][0]["type"] == "ApiEvent"


def test_login_logs_and_permissions(base_url, admin_token):
    admin = Api(base_url, admin_token)
    artist = Api(base_url)
    person = new_person(admin)
    artist.token = artist.login(person["email"], "secret-password")["access_token"]
    logs = admin.get("/data/events/login-logs/last", limit="5")[1]
    assert logs[0]["person_id"] == person["id"] and logs[0]["origin"] == "script"
    assert artist.get("/data/events/last")[0] == 403
    assert artist.get("/data/events/login-logs/last")[0] == 403
    assert admin.post("/data/events", {"name": "x"})[0] == 403
