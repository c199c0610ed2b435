"""/data/persons/presence-logs/{month_date}: the active persons' desktop logins of a month, as
the rows of Zou's CSV (rules/presence.py)."""
import datetime

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers

from .. import schemas
from ..models.desktop_login_logs import DESKTOP_LOGIN_LOGS
from ..models.persons import PERSONS
from ..rules.presence import month_of, presence_table


class PresenceLogs(UseCases):
    @answers()
    def presence_logs(self, actor, month_date):
        permissions.allow(permissions.is_admin(actor))
        try:
            start, days = month_of(month_date)
        except ValueError:
            raise schemas.bad_request("Invalid month or year.", data=None)
        logs, persons = DESKTOP_LOGIN_LOGS.table, PERSONS.table
        present = self.session.execute(
            sa.select(logs.c.person_id, logs.c.date)
            .where(logs.c.date >= start, logs.c.date < start + datetime.timedelta(days=days)))
        days_of = {}
        for person_id, date in present:
            days_of.setdefault(person_id, set()).add(date.day)
        active = self.session.execute(
            sa.select(persons.c.id, persons.c.first_name, persons.c.last_name)
            .where(persons.c.active.is_(True)).order_by(persons.c.first_name, persons.c.last_name)).all()
        return presence_table(start, days, [f"{p.first_name} {p.last_name}".strip() for p in active],
                              [days_of.get(p.id, set()) for p in active])
