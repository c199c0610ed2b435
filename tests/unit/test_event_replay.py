"""Offsets of the event stream (gateway/replay.py): what a reconnecting client gets again."""
from gateway.replay import RecentEvents, Sent, decode, encode, latest


def sent(recent, service, position, name="task:update"):
    event = Sent(name, {}, None, service, position, recent.received(service, position))
    recent.keep(event)
    return event


def test_an_offset_is_the_cursor_over_every_service_log():
    assert decode(encode({"tasks": 7, "auth": 12})) == {"auth": 12, "tasks": 7}
    assert decode("auth:x,tasks:3,junk") == {"tasks": 3}
    assert decode(None) == {} and decode(42) == {}
    assert latest({"auth": 3, "tasks": 9}, {"auth": 5}) == {"auth": 5, "tasks": 9}


def test_a_client_gets_the_events_after_its_offset_in_their_order():
    recent = RecentEvents(size=100)
    first = sent(recent, "tasks", 10)
    second = sent(recent, "production", 4)
    third = sent(recent, "tasks", 11)
    assert recent.after(decode(first.offset)) == [second, third]
    assert recent.after(decode(third.offset)) == []
    assert recent.after({}) == [first, second, third]
