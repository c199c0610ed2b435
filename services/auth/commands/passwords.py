"""Passwords: the caller changing theirs, an admin setting someone's."""
from shared import db, permissions
from shared.application import UseCases, answers
from shared.errors import WrongParameter
from shared.eventstore import command

from .. import schemas
from ..domain import Person
from ..models.persons import Persons
from ..rules.passwords import check_password, hash_password, password_problem


class Passwords(UseCases):
    @property
    def persons(self):
        return self.platform.part(Persons)

    def set_password(self, person_id, password, actor_id):
        """Any new password, checked against the rules; it ends a pending reset (domain)."""
        problem = password_problem(password)
        if problem:
            raise schemas.bad_request(problem)
        db.release(self.session)
        self.store_password(person_id, hash_password(password), actor_id)

    @command
    def store_password(self, person_id, hashed, actor_id):
        person = self.persons.aggregate(person_id)
        person.update({"password": hashed}, actor_id, event_class=Person.PasswordChanged)
        self.persons.save(person)

    @answers()
    def change_password(self, actor, body):
        body = schemas.change_password(body)
        row = self.persons.row(actor.id)
        db.release(self.session)
        if not check_password(body["old_password"], row["password"]):
            raise WrongParameter("Old password is wrong.")
        if body["password"] != body["password_2"]:
            raise WrongParameter("Confirmation password doesn't match.")
        self.set_password(actor.id, body["password"], actor.id)
        return {"success": True}

    @answers()
    def admin_change_password(self, actor, person_id, body):
        permissions.allow(permissions.is_admin(actor))
        body = schemas.admin_change_password(body)
        self.persons.row(person_id)
        if body["password"] != body["password_2"]:
            raise WrongParameter("Confirmation password doesn't match.")
        self.set_password(person_id, body["password"], actor.id)
        return {"success": True}
