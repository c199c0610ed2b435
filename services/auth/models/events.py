"""The API event log's rows (Zou's api_event, /data/events): every public event of every
service, written only by auth's subscriptions (replicas.record_events)."""
from shared.crud import Collection
from shared.crud.fields import Json, String, Uuid

from . import metadata

EVENTS = Collection("events", "ApiEvent", None, "api_event", metadata, {
    "name": String(nullable=False, index=True), "user_id": Uuid(), "project_id": Uuid(index=True),
    "data": Json()})
EVENTS.read_rule, EVENTS.write_rule = "admin", "nobody"  # written only by the services' events
