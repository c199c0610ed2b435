"""Day offs (Zou's DayOff): the periods (first to last day, both included) a person does not
work — the collection, its rules and every read of them, in one place.

Two day offs of one person never overlap; saving one wipes the time spents it covers. Writing is
for admins and the person; reading for admins, the person, and managers (whole record) or
supervisors (dates only) of a production the person is in."""
import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import Date, String, Uuid
from shared.errors import BAD_FORMAT, CrudError, WrongParameter
from shared.eventstore import command

from .. import access
from ..domain import DayOff
from ..replicas import PERSONS, PROJECTS, metadata
from ..rules.time_tracking import (BadDate, answering, inclusive, month_range, parse_day, parse_iso_day,
                                   week_range, year_range)
from .records import AdminCollection
from .time_spents import TimeSpents, person_row


class DayOffCollection(AdminCollection):
    """Admins or the person themself write them."""

    def check_create(self, actor, data):
        permissions.check_person_access(actor, data.get("person_id"))

    def check_update(self, actor, row, changes):
        moved = "person_id" in changes and changes["person_id"] != row["person_id"]
        permissions.check_person_access(actor, None if moved else row["person_id"])

    def check_delete(self, actor, row):
        permissions.check_person_access(actor, row["person_id"])


DAY_OFFS = DayOffCollection("day-offs", "DayOff", DayOff, "day_off", metadata, {
    "date": Date(nullable=False), "end_date": Date(nullable=False), "description": String(),
    "person_id": Uuid(index=True)}, unique_together=[("person_id", "date")])
OVERLAP = "Day off already exists for this period"
DATE_ORDER = "The data conflicts with database integrity rules."
PERIODS = {"week": week_range, "month": month_range, "year": year_range}


def body_day(value):
    try:
        return parse_iso_day(value)
    except BadDate:
        raise CrudError(BAD_FORMAT)


def dates_only(day_off):
    return {key: value for key, value in day_off.items() if key != "description"}


class DayOffs(Model):
    collection = DAY_OFFS

    @property
    def time_spents(self):
        return self.platform.part(TimeSpents)

    # -- the generic /data/day-offs routes with Zou's rules --------------------------------------
    @command
    def create(self, actor, body):
        actor = Actor(actor)
        body = self.crud.require_body(body)
        DAY_OFFS.check_create(actor, body)
        for key in ("date", "end_date", "person_id"):
            if key not in body:
                raise CrudError(f"'{key}'")  # Zou's KeyError text
        body = {**body, "person_id": DAY_OFFS.fields["person_id"].parse(body["person_id"])}
        access.check_not_bot(self.session, body["person_id"])  # bots have no day off
        self.check_period(body["person_id"], body["date"], body["end_date"])
        answer = self.crud.create(DAY_OFFS.name, actor, body)
        self.time_spents.clear_days(actor.id, answer["person_id"], answer["date"], answer["end_date"])
        return answer

    @command
    def update(self, actor, instance_id, body):
        actor = Actor(actor)
        body = self.crud.require_body(body)
        row = self.crud.row(DAY_OFFS, instance_id)
        DAY_OFFS.check_update(actor, row, body)
        after = {key: body.get(key, row[key]) for key in ("person_id", "date", "end_date")}
        after["person_id"] = DAY_OFFS.fields["person_id"].parse(after["person_id"])
        self.check_period(after["person_id"], after["date"], after["end_date"], row["id"])
        answer = self.crud.update(DAY_OFFS.name, actor, instance_id, body)
        self.time_spents.clear_days(actor.id, answer["person_id"], answer["date"], answer["end_date"])
        return answer

    def check_period(self, person_id, first, last, exclude_id=None):
        first, last = body_day(first), body_day(last)
        if first > last:
            raise CrudError(DATE_ORDER)
        if self.between(first, last, [person_id], exclude_id):
            raise WrongParameter(OVERLAP)

    # -- queries --------------------------------------------------------------------------------
    def between(self, first=None, last=None, person_ids=None, exclude_id=None):
        """Day offs sharing a day with [first, last] (both included), oldest first."""
        table = DAY_OFFS.table
        query = sa.select(table)
        if person_ids is not None:
            query = query.where(table.c.person_id.in_(person_ids))
        if first is not None:
            query = query.where(table.c.end_date >= first)
        if last is not None:
            query = query.where(table.c.date <= last)
        if exclude_id is not None:
            query = query.where(table.c.id != exclude_id)
        return [DAY_OFFS.serialize(row) for row in
                self.session.execute(query.order_by(table.c.date)).mappings()]

    def read_access(self, actor, person_id):
        """True: the whole record; False: the dates only (a supervisor); else 403. 404 unknown person."""
        person = person_row(self.session, person_id)
        shared_projects = self.session.execute(sa.select(PROJECTS.c.team, PROJECTS.c.team_roles).where(
            PROJECTS.c.team.any(actor.id), PROJECTS.c.team.any(person["id"]))).mappings().all()
        return person["id"], permissions.check_day_off_read_access(
            actor, person["id"], shared_projects,
            lambda: permissions.supervises(access.person_departments(self.session, actor.id),
                                           person["departments"]))

    def get(self, actor, instance_id, query):
        """GET /data/day-offs/{id}: as the person's day offs are read."""
        row = self.crud.row(DAY_OFFS, instance_id)
        _, whole = self.read_access(Actor(actor), row["person_id"])
        day_off = DAY_OFFS.serialize(row)
        return day_off if whole else dates_only(day_off)

    @answers("person_day_off")
    def person_day(self, actor, person_id, date):
        """GET /data/persons/{id}/day-offs/{date}: the day off covering that day, or {}."""
        person_id, whole = self.read_access(Actor(actor), person_id)
        with answering("Invalid date format."):
            day = parse_day(date)
        found = self.between(day, day, [person_id])
        return (found[0] if whole else dates_only(found[0])) if found else {}

    @answers("person_day_offs")
    def person_period(self, actor, person_id, period=None, year=None, month=None, week=None):
        """GET /data/persons/{id}/day-offs[/week|month|year/…]."""
        person_id, whole = self.read_access(Actor(actor), person_id)
        first = last = None
        if period:
            values = [value for value in (year, month, week) if value is not None]
            with answering("Invalid date format."):
                first, last = inclusive(PERIODS[period](*values))
        found = self.between(first, last, [person_id])
        return found if whole else [dates_only(day_off) for day_off in found]

    @answers("month_day_offs")
    def month(self, actor, year, month):
        """GET /data/persons/day-offs/{year}/{month}: everybody's for admins, else the caller's
        and those of the productions they manage (dates only where they supervise)."""
        actor = Actor(actor)
        with answering("Invalid date format."):
            first, last = inclusive(month_range(year, month))
        if actor.is_admin:
            return self.between(first, last)
        readable = self.readable_persons(actor)
        return [day_off if readable[day_off["person_id"]] else dates_only(day_off)
                for day_off in self.between(first, last, list(readable))]

    @answers("project_day_offs")
    def project(self, actor, project_id):
        """GET /data/projects/{id}/day-offs: {person_id: [day offs]} of the production's team
        (managers and supervisors of the team; supervisors see the dates only)."""
        actor = Actor(actor)
        project = access.project_row(self.session, project_id)
        permissions.check_project_reader(actor, project, blocked=("client", "vendor"))
        whole = permissions.is_project_manager(actor, project)
        answer = {}
        for day_off in self.between(person_ids=project["team"] or []):
            answer.setdefault(day_off["person_id"], []).append(
                day_off if whole or day_off["person_id"] == actor.id else dates_only(day_off))
        return answer

    def readable_persons(self, actor):
        """{person_id: whole record (True) or dates only (False)} of the caller's productions."""
        readable, supervised = {actor.id: True}, set()
        projects = self.session.execute(sa.select(PROJECTS.c.team, PROJECTS.c.team_roles)
                                        .where(PROJECTS.c.team.any(actor.id))).mappings()
        for project in projects:
            reading = permissions.team_day_off_reading(actor, project)
            if reading:
                readable.update({person_id: True for person_id in project["team"]})
            elif reading is False:
                supervised.update(project["team"])
        departments = access.person_departments(self.session, actor.id)
        for person_id, person_departments in self.session.execute(
                sa.select(PERSONS.c.id, PERSONS.c.departments).where(PERSONS.c.id.in_(supervised))):
            if permissions.supervises(departments, person_departments):
                readable.setdefault(person_id, False)
        return readable

    @answers("user_day_off")
    def user_day(self, actor, date):
        """GET /data/user/day-offs/{date}."""
        with answering("Wrong date format."):
            day = parse_day(date)
        found = self.between(day, day, [Actor(actor).id])
        return found[0] if found else {}
