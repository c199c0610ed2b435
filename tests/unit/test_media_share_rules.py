"""The bodies of a share link's guests, as Zou's schemas read them (rules/share_links.py)."""
import pytest

from services.media.rules.share_links import guest_email, guest_fields
from shared.errors import ValidationError

FIELDS = {"guest_id": True, "text": False, "additions": False}


def errors_of(body):
    with pytest.raises(ValidationError) as refused:
        guest_fields(body, FIELDS, "GuestSchema", ids=("guest_id",))
    return refused.value.body["data"]["errors"]


def test_a_guest_body_keeps_its_fields():
    guest_id = "0b8cabf9-8420-4b5e-9f0a-0123456789ab"
    assert guest_fields({"guest_id": guest_id, "other": 1}, FIELDS, "GuestSchema", ids=("guest_id",)) == {
        "guest_id": guest_id, "text": None, "additions": None}


def test_missing_malformed_and_mistyped_fields_are_listed():
    assert errors_of({}) == [{"field": "guest_id", "message": "Field required"}]
    assert errors_of({"guest_id": "nope", "text": 5}) == [
        {"field": "guest_id", "message": "Input should be a valid UUID, invalid character: found `n` at 1"},
        {"field": "text", "message": "Input should be a valid string"}]
    assert errors_of({"guest_id": "0b8cabf9", "additions": [{}, 3]}) == [
        {"field": "guest_id",
         "message": "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 8"},
        {"field": "additions.1", "message": "Input should be a valid dictionary"}]
    assert errors_of([1]) == [{"field": "", "message": "Input should be a valid dictionary or instance of GuestSchema"}]


def test_a_guest_address_is_nobodys_mailbox():
    assert guest_email("b35c2e2cffff") == "guest-b35c2e2c@guest.kitsu"
