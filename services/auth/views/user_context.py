"""/data/user/context: the auth part of Zou's user context (departments, studios, persons)."""
import sqlalchemy as sa

from shared import config
from shared.application import UseCases, answers

from ..models.departments import DEPARTMENTS
from ..models.persons import PERSONS
from ..models.studios import STUDIOS

# Keys of Zou's /data/user/context that other services own: answered empty here (see the report).
FOREIGN_CONTEXT = {"asset_types": list, "custom_actions": list, "status_automations": list,
                   "notification_count": int, "project_status": list, "project_roles": dict,
                   "projects": list, "task_types": list, "task_status": list,
                   "search_filters": dict, "search_filter_groups": dict,
                   "preview_background_files": list, "plugins": list}
CONTEXT_KEYS = ("asset_types", "custom_actions", "status_automations", "departments", "studios",
                "notification_count", "persons", "project_status", "project_roles", "projects",
                "task_types", "task_status", "search_filters", "search_filter_groups",
                "preview_background_files", "plugins")


class UserContext(UseCases):
    @answers()
    def user_context(self, actor):
        session = self.session
        owned = {
            "departments": [DEPARTMENTS.serialize(row, actor) for row in
                            session.execute(sa.select(DEPARTMENTS.table)).mappings()],
            "studios": [STUDIOS.serialize(row, actor) for row in
                        session.execute(sa.select(STUDIOS.table)).mappings()],
            "persons": [PERSONS.serialize(row, actor, relations=True) for row in
                        session.execute(sa.select(PERSONS.table)).mappings()],
        }
        context = {key: owned[key] if key in owned else FOREIGN_CONTEXT[key]() for key in CONTEXT_KEYS}
        if actor.is_admin:
            context["user_limit"] = config.USER_LIMIT
        return context
