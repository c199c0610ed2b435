"""Persons, departments, studios, organisations through the real stack: the generic CRUD."""
import pytest

from api import NOT_FOUND, Api, new_person, unique

@pytest.fixture(scope="module")
def artist(base_url, admin):
    person = new_person(admin, role="user")
    api = Api(base_url)
    api.token = api.login(person["email"], "secret-password")["access_token"]
    api.person = person
    return api


def test_create_then_read_back_with_filters(admin):
    department = admin.post("/data/departments", {"name": unique("dep"), "color": "#123456"})[1]
    person = new_person(admin, role="manager", departments=[department["id"]], phone="0102")
    assert "password" not in person and person["departments"] == [department["id"]]
    assert person["type"] == "Person" and person["full_name"].endswith(" Test")

    status, found = admin.get("/data/persons", email=person["email"])
    assert status == 200 and [p["id"] for p in found] == [person["id"]]
    assert "departments" not in found[0]  # relations only on demand
    status, found = admin.get("/data/persons", email=person["email"], relations="True")
    assert found[0]["departments"] == [department["id"]]
    status, found = admin.get("/data/persons", departments=department["id"])
    assert [p["id"] for p in found] == [person["id"]]
    status, found = admin.get("/data/persons", role='["manager", "supervisor"]', email=person["email"])
    assert len(found) == 1
    status, one = admin.get(f"/data/persons/{person['id']}")
    assert status == 200 and one["email"] == person["email"] and one["departments"] == [department["id"]]
    status, only = admin.get("/data/persons", email=person["email"], fields="email")
    assert set(only[0]) == {"id", "type", "email"}


def test_pagination(admin):
    for _ in range(3):
        new_person(admin)
    status, page = admin.get("/data/persons", page="1", limit="2")
    assert status == 200 and set(page) == {"data", "total", "nb_pages", "limit", "offset", "page"}
    assert len(page["data"]) == 2 and page["total"] >= 4 and page["nb_pages"] == -(-page["total"] // 2)
    status, last = admin.get("/data/persons", page=str(page["nb_pages"] + 1), limit="2")
    assert last["data"] == [] and last["offset"] == page["nb_pages"] * 2
    assert admin.get("/data/persons", page="abc")[0] == 400


def test_update_and_delete(admin):
    person = new_person(admin)
    status, updated = admin.put(f"/data/persons/{person['id']}",
                                {"first_name": "Renamed", "id": "ignored", "unknown": 1, "password": "x"})
    assert status == 200 and updated["first_name"] == "Renamed" and updated["id"] == person["id"]
    assert admin.login(person["email"], "secret-password")  # a PUT can't set the password
    status, body = admin.delete(f"/data/persons/{person['id']}")
    assert status == 204 and body == ""
    assert admin.get(f"/data/persons/{person['id']}") == (404, {"error": True, "message": NOT_FOUND})


def test_non_admin_sees_minimal_persons_and_cannot_write(admin, artist):
    status, persons = artist.get("/data/persons")
    assert status == 200
    other = next(p for p in persons if p["id"] != artist.person["id"])
    assert "email" not in other and "phone" not in other and {"id", "full_name", "role"} <= set(other)
    assert artist.get("/data/persons", phone="1")[0] == 400  # filtering on a masked field
    assert artist.post("/data/persons", {"first_name": "x", "last_name": "y"})[0] == 403
    assert artist.put(f"/data/persons/{other['id']}", {"first_name": "x"})[0] == 403
    assert artist.put(f"/data/persons/{artist.person['id']}", {"role": "admin"})[0] == 403
    status, me = artist.put(f"/data/persons/{artist.person['id']}", {"phone": "42"})
    assert status == 200 and me["phone"] == "42"
    assert artist.delete(f"/data/persons/{other['id']}")[0] == 403
    assert artist.post("/data/studios", {"name": unique(), "color": "#000000"})[0] == 403


def test_bad_inputs_leave_no_partial_write(admin, base_url):
    person = new_person(admin)
    before = admin.get("/data/persons", page="1", limit="1")[1]["total"]
    duplicate = {"first_name": "Dup", "last_name": "Licate", "email": person["email"]}
    assert admin.post("/data/persons", duplicate) == (
        400, {"error": True, "message": "Email already in use.", "data": None})
    assert admin.post("/data/persons", {"first_name": "No last name"}) == (
        400, {"message": "A required field is missing."})
    assert admin.post("/data/persons", {"first_name": "a", "last_name": "b", "role": "king"})[0] == 400
    assert admin.post("/data/persons", {"first_name": "a", "last_name": "b", "email": "nope"})[0] == 400
    status, body = admin.request("POST", "/data/persons", data="{not json",
                                 headers={"Content-Type": "application/json"})
    assert status == 400 and body["error"] is True
    assert admin.get("/data/persons/not-a-uuid") == (
        400, {"error": True, "message": "Malformed ID.", "data": None})
    assert admin.get("/data/persons", id="zz")[0] == 400
    assert admin.get("/data/persons", active="maybe")[0] == 400
    assert admin.get("/data/persons", page="1", limit="1")[1]["total"] == before
    name = unique("studio")
    assert admin.post("/data/studios", {"name": name, "color": "#000000"})[0] == 201
    assert admin.post("/data/studios", {"name": name, "color": "#111111"}) == (
        400, {"message": "A record with the same unique values already exists."})
    assert admin.post("/data/studios", {"name": unique()}) == (
        400, {"message": "A required field is missing."})
    assert len(admin.get("/data/studios", name=name)[1]) == 1


def test_reference_collections(admin, artist):
    status, organisations = admin.get("/data/organisations")
    assert status == 200 and organisations[0]["name"] == "Kitsu" and "chat_token_slack" in organisations[0]
    assert "chat_token_slack" not in artist.get("/data/organisations")[1][0]
    department = admin.post("/data/departments", {"name": unique("dep"), "color": "#654321"})[1]
    assert artist.get(f"/data/departments/{department['id']}")[1]["name"] == department["name"]
    status, updated = admin.put(f"/data/departments/{department['id']}", {"archived": True})
    assert status == 200 and updated["archived"] is True


def test_routing_and_auth_errors(base_url, admin):
    anonymous = Api(base_url)
    status, body = anonymous.get("/data/persons")
    assert status == 401 and body["msg"].startswith("Missing JWT")
    assert anonymous.get("/no/such/route") == (404, {"error": True, "message": NOT_FOUND})
    assert admin.request("PATCH", "/data/persons") == (
        405, {"error": True, "message": "The method is not allowed for the requested URL."})
    assert admin.get("/data/persons/")[0] == 200  # trailing slash optional
    bare = Api(base_url[: -len("/api")], admin.token)
    assert bare.get("/data/persons")[0] == 200  # also served without the /api prefix
    status, body = anonymous.get("/data/persons", token="not.a.jwt")
    assert status == 422 and "msg" in body


def test_status_and_root(base_url):
    api = Api(base_url)
    assert api.get("/") == (200, {"api": "Zou", "version": "1.0.97"})
    status, body = api.get("/status")
    assert status == 200 and body["name"] == "Zou"
    for part in ("auth", "production", "tasks", "media", "importer"):
        assert body[f"{part}-up"] is True
    assert body["database-up"] is True and body["message-broker-up"] is True
    influx = api.get("/status/influx")[1]
    assert influx["database-up"] == 1 and isinstance(influx["time"], float)
    assert set(api.get("/status/resources")[1]) == {"date", "cpu", "memory", "jobs"}
    assert api.get("/config")[1]["default_locale"] == "en_US"


def test_presence_logs_are_a_csv_month_table(admin):
    person = new_person(admin)
    status, _ = admin.post(f"/data/persons/{person['id']}/desktop-login-logs", {"date": "2026-02-03T10:00:00"})
    assert status == 201
    response = admin.http.get(f"{admin.base_url}/data/persons/presence-logs/2026-02",
                              headers={"Authorization": f"Bearer {admin.token}"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "2026;" + ";".join(str(day) for day in range(1, 29))
    row = next(line for line in lines if line.startswith(person["first_name"]))
    assert row.split(";")[3] == "X" and row.count("X") == 1
