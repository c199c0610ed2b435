"""A department's software licenses and hardware items (the web app's department settings), as
the Zou reference answers them: admins only, the items are media's rows."""
import uuid

import pytest

from api import NOT_FOUND, logged_in, unique

KINDS = (("software-licenses", "softwares", "software_id", "SoftwareDepartmentLink"),
         ("hardware-items", "hardware-items", "hardware_item_id", "HardwareItemDepartmentLink"))


def new_item(admin, collection):
    body = {"name": unique("item"), "short_name": "it"}
    if collection == "softwares":
        body["file_extension"] = ".blend"
    status, item = admin.post(f"/data/{collection}", body)
    assert status == 201, item
    return item


@pytest.fixture(scope="module")
def department(admin):
    return admin.post("/data/departments", {"name": unique("dep"), "color": "#000000"})[1]


@pytest.mark.parametrize("kind,collection,key,model", KINDS)
def test_an_item_linked_once_is_listed_under_its_department_until_unlinked(admin, department, kind,
                                                                           collection, key, model):
    item = new_item(admin, collection)
    base = f"/data/departments/{department['id']}/{kind}"
    status, link = admin.post(base, {key: item["id"]})
    assert status == 201, link
    assert set(link) == {"department_id", key, "id", "created_at", "updated_at", "type"}
    assert (link["department_id"], link[key], link["type"]) == (department["id"], item["id"], model)
    assert admin.post(base, {key: item["id"]}) == (201, link)  # the same link again
    status, listed = admin.get(f"/data/departments/{kind}")
    assert status == 200 and listed[department["id"]] == [item]
    assert admin.get(f"{base}/{item['id']}") == (200, item)
    assert admin.delete(f"{base}/{item['id']}")[0] == 204
    assert admin.get(f"{base}/{item['id']}") == (404, {"error": True, "message": NOT_FOUND})
    assert department["id"] not in admin.get(f"/data/departments/{kind}")[1]
    assert admin.delete(f"{base}/{item['id']}")[0] == 404


@pytest.mark.parametrize("kind,collection,key,model", KINDS)
def test_bad_links_are_refused_as_zou_does(base_url, admin, department, kind, collection, key, model):
    base = f"/data/departments/{department['id']}/{kind}"
    status, error = admin.post(base, {})
    assert status == 400 and error["data"]["errors"][0] == {"field": key, "message": "Field required"}
    assert admin.post(base, {key: "nope"})[0] == 400
    assert admin.post(base, {key: str(uuid.uuid4())})[0] == 404  # no such item
    item = new_item(admin, collection)
    assert admin.post(f"/data/departments/{uuid.uuid4()}/{kind}", {key: item["id"]})[0] == 404
    assert admin.post(f"/data/departments/nope/{kind}", {key: item["id"]})[0] == 404
    for role in ("manager", "user"):
        other = logged_in(base_url, admin, role)
        assert other.get(f"/data/departments/{kind}")[0] == 403
        assert other.post(base, {key: item["id"]})[0] == 403
        assert other.delete(f"{base}/{item['id']}")[0] == 403
