"""Domain rules of the generic records and of persons, without I/O."""
import pytest

from services.auth.domain import Person
from shared.crud.fields import Boolean, Date, Integer, Json, Uuid, UuidList
from shared.errors import CrudError, WrongParameter
from shared.eventstore import Record


class Studio(Record):
    public_name = "studio"


def test_record_events_change_state_and_name_zou_events():
    studio = Studio.create({"name": "A", "color": "#000000"}, actor_id="someone")
    assert studio.update({"name": "A"}) == {}  # nothing changed, nothing recorded
    assert studio.update({"name": "B"}) == {"name": "B"}
    studio.delete()
    created, updated, deleted = studio.collect_events()
    assert studio.fields["name"] == "B" and studio.deleted
    assert Studio.publish(created) == [("studio:new", {"studio_id": str(studio.id)})]
    assert Studio.publish(updated)[0][0] == "studio:update"
    assert Studio.publish(deleted)[0][0] == "studio:delete"


def test_person_events_tell_the_gateway_who_may_act():
    person = Person.create({"first_name": "A", "role": "user", "active": True})
    person.update({"active": False})
    person.update({"last_presence": "2026-01-01"}, event_class=Person.LoggedIn)
    person.revoke(["jti-1", None], "2026-02-01T00:00:00")
    created, deactivated, logged_in, revoked = person.collect_events()
    assert [name for name, _ in Person.publish(created)] == ["person:new", "auth.person-access"]
    name, access = Person.publish(deactivated)[1]
    assert name == "auth.person-access" and access["active"] is False
    assert Person.publish(logged_in) == []  # a login is no public change of the person
    assert Person.publish(revoked) == [("auth.tokens-revoked", {"jtis": ["jti-1"]})]


def test_fields_parse_bodies_and_filters():
    for field, name in ((Boolean(), "b"), (Integer(), "i"), (Uuid(), "u"), (Date(), "d"), (UuidList(), "l")):
        field.name = name
    boolean, integer, uid, date, ids = Boolean(), Integer(), Uuid(), Date(), UuidList()
    date.name = "start_date"
    assert boolean.parse(True) is True and boolean.parse(False) is False and boolean.parse(1) is True
    assert boolean.parse_filter("True") is True and boolean.parse_filter("0") is False
    assert integer.parse("12") == 12
    assert date.parse("2026-01-02T10:00:00") == "2026-01-02"
    assert ids.parse([{"id": "6f1c1b8e-1f6d-4a8e-9a43-8c1f1e0b2a11"}]) == ["6f1c1b8e-1f6d-4a8e-9a43-8c1f1e0b2a11"]
    for text in ("maybe", "yes", "true"):  # a JSON body's boolean is a boolean, not text
        with pytest.raises(CrudError):
            boolean.parse(text)
    with pytest.raises(CrudError):
        boolean.parse_filter("maybe")
    with pytest.raises(CrudError):
        Json(mapping=True).parse("str")
    assert Json().parse("str") == "str" and Json(mapping=True).parse({"a": 1}) == {"a": 1}
    with pytest.raises(WrongParameter):
        uid.parse_filter("zz")
    with pytest.raises(WrongParameter):
        date.parse("yesterday")
