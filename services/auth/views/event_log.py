"""The API event log (Zou's api_event, /data/events/*): every public event of every service.

Auth keeps it because it already answers for people and logins; it subscribes to each service's
public events (internal ones, `row.<table>` replication and `auth.*` access changes, are not
history: see service.py and replicas.py)."""
import datetime

import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import integer, parse_id
from shared.errors import Forbidden, WrongParameter
from shared.serialization import isoformat

from ..models.events import EVENTS
from ..models.login_logs import LOGIN_LOGS
from ..replicas import PROJECTS

MAX_LIMIT = 1000


def as_list(value):
    return value if isinstance(value, list) else [value]


def parse_time(query, name):
    try:
        return datetime.datetime.fromisoformat(query[name]) if query.get(name) else None
    except ValueError:
        raise WrongParameter(f"Invalid date format for {name}.")


def last_events(session, actor, query):
    """GET /data/events/last: newest first, filtered as Zou allows (managers: their projects)."""
    actor = Actor(actor)
    if not actor.is_manager:
        raise Forbidden()
    table = EVENTS.table
    statement = sa.select(table.c.id, table.c.created_at, table.c.name, table.c.user_id,
                          table.c.project_id, table.c.data)
    if not actor.is_admin:
        mine = sa.select(PROJECTS.c.id).where(PROJECTS.c.team.any(actor.id))
        statement = statement.where(table.c.project_id.in_(mine))
    after, before = parse_time(query, "after"), parse_time(query, "before")
    if after:
        statement = statement.where(table.c.created_at > after)
    if before:
        statement = statement.where(table.c.created_at < before)
    if query.get("cursor_event_id"):
        cursor = sa.select(table.c.created_at).where(table.c.id == parse_id(query["cursor_event_id"]))
        statement = statement.where(table.c.created_at < cursor.scalar_subquery())
    if query.get("project_id"):
        statement = statement.where(table.c.project_id == parse_id(query["project_id"]))
    if query.get("name"):
        statement = statement.where(table.c.name == query["name"])
    if str(query.get("only_files", "")).lower() == "true":
        statement = statement.where(table.c.name.in_(("preview-file:add-file", "preview-file:new")))
    prefixes = [p for p in as_list(query.get("name_prefixes") or []) if p]
    suffixes = [s for s in as_list(query.get("name_suffixes") or []) if s]
    if prefixes:
        statement = statement.where(sa.or_(*[table.c.name.startswith(p) for p in prefixes]))
    if suffixes:
        statement = statement.where(sa.or_(*[table.c.name.endswith(s) for s in suffixes]))
    persons = [parse_id(p) for p in as_list(query.get("person_ids") or []) if p]
    if persons:
        statement = statement.where(table.c.user_id.in_(persons))
    limit = min(integer(query, "limit", 100, minimum=0) or 100, MAX_LIMIT)
    rows = session.execute(statement.order_by(table.c.created_at.desc(), table.c.id).limit(limit))
    return [{**row._asdict(), "created_at": isoformat(row.created_at)} for row in rows]


def event_names(session, actor):
    if not Actor(actor).is_manager:
        raise Forbidden()
    return [row.name for row in session.execute(
        sa.select(EVENTS.table.c.name).distinct().order_by(EVENTS.table.c.name))]


def last_login_logs(session, actor, query):
    """GET /data/events/login-logs/last (admin): newest logins first."""
    if not Actor(actor).is_admin:
        raise Forbidden()
    table = LOGIN_LOGS.table
    statement = sa.select(table.c.id, table.c.created_at, table.c.ip_address, table.c.person_id,
                          table.c.origin)
    if query.get("cursor_login_log_id"):
        cursor = sa.select(table.c.created_at).where(table.c.id == parse_id(query["cursor_login_log_id"]))
        statement = statement.where(table.c.created_at < cursor.scalar_subquery())
    limit = min(integer(query, "limit", 100, minimum=0) or 100, MAX_LIMIT)
    rows = session.execute(statement.order_by(table.c.created_at.desc(), table.c.id).limit(limit))
    return [{**row._asdict(), "created_at": isoformat(row.created_at)} for row in rows]


class EventLog(UseCases):
    """/data/events/*: the log's queries."""

    @answers("events_last")
    def last(self, actor, query):
        return last_events(self.session, actor, query)

    @answers("event_names")
    def names(self, actor):
        return event_names(self.session, actor)

    @answers("login_logs_last")
    def login_logs(self, actor, query):
        return last_login_logs(self.session, actor, query)
