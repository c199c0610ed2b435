"""/data/user/context: the auth part of Zou's user context (departments, studios, persons, the
user limit). The gateway adds the keys other services own (gateway/routes/auth.py)."""
import sqlalchemy as sa

from shared import config
from shared.application import UseCases, answers

from ..models.departments import DEPARTMENTS
from ..models.persons import PERSONS
from ..models.studios import STUDIOS

# Keys no service answers yet (backgrounds: media's files; plugins): empty until their owner does.
NOT_ANSWERED_YET = {"preview_background_files": list, "plugins": list}


class UserContext(UseCases):
    @answers()
    def user_context(self, actor):
        session = self.session
        context = {
            "departments": [DEPARTMENTS.serialize(row, actor) for row in
                            session.execute(sa.select(DEPARTMENTS.table)).mappings()],
            "studios": [STUDIOS.serialize(row, actor) for row in
                        session.execute(sa.select(STUDIOS.table)).mappings()],
            # managers see everyone as the admin does here (not in /data/persons), as Zou
            "persons": [PERSONS.serialize(row, None if actor.is_manager else actor, relations=True)
                        for row in session.execute(sa.select(PERSONS.table)).mappings()],
        }
        context.update({key: empty() for key, empty in NOT_ANSWERED_YET.items()})
        if actor.is_admin:
            context["user_limit"] = config.USER_LIMIT
        return context
