"""Login logs (Zou's login_log): one row per successful login, read by admins through
/data/events/login-logs/last (views/event_log.py)."""
from shared.crud import Collection
from shared.crud.fields import String, Uuid

from ..domain import LoginLog
from . import metadata

LOGIN_LOGS = Collection("login-logs", "LoginLog", LoginLog, "login_log", metadata, {
    "person_id": Uuid(nullable=False, index=True), "ip_address": String(), "origin": String()})
LOGIN_LOGS.read_rule = "admin"
