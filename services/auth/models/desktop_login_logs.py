"""Desktop login logs (Zou's desktop_login_log): the days a person opened the desktop app,
kept by the person (or an admin) and read back as presence logs (views/presence_logs.py)."""
import datetime

import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Collection
from shared.crud.fields import DateTime, Uuid

from ..domain import DesktopLoginLog
from . import metadata
from .persons import Persons

DESKTOP_LOGIN_LOGS = Collection("desktop-login-logs", "DesktopLoginLog", DesktopLoginLog,
                                "desktop_login_log", metadata, {
                                    "person_id": Uuid(nullable=False, index=True),
                                    "date": DateTime(nullable=False)})
DESKTOP_LOGIN_LOGS.read_rule = "admin"


class DesktopLoginLogs(Model):
    collection = DESKTOP_LOGIN_LOGS

    def person_for(self, actor, person_id):
        """The id of the person whose logs these are: the caller's own, or any for an admin."""
        permissions.check_person_access(actor, person_id)
        return self.platform.part(Persons).row(person_id)["id"]

    @answers("person_desktop_login_logs")
    def of_person(self, actor, person_id):
        table = DESKTOP_LOGIN_LOGS.table
        rows = self.session.execute(sa.select(table).where(table.c.person_id == self.person_for(actor, person_id))
                                    .order_by(table.c.date.desc())).mappings()
        return [DESKTOP_LOGIN_LOGS.serialize(row) for row in rows]

    @answers("list_desktop_login_logs")
    def of_caller(self, actor):
        return self.of_person(actor, actor.id)

    @answers("add_person_desktop_login_log")
    def add(self, actor, person_id, body):
        person_id = self.person_for(actor, person_id)
        body = body if isinstance(body, dict) else {}
        date = DESKTOP_LOGIN_LOGS.fields["date"].parse(body.get("date")) or \
            datetime.datetime.utcnow().replace(microsecond=0).isoformat()
        return self.crud.save_new(DESKTOP_LOGIN_LOGS, actor, {"person_id": person_id, "date": date})

    @answers("add_desktop_login_log")
    def add_for_caller(self, actor, body):
        return self.add(actor, actor.id, body)
