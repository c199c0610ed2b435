"""The auth service: persons, departments, studios, organisation, every way to log in, and the
API event log of every service's public events."""
import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared import db, tokens
from shared.consumer import PUBLIC, CatchUp, subscribe
from shared.eventstore import EventStore
from shared.service import Platform, serves

from . import replicas
from .commands.password_resets import PasswordResets
from .commands.passwords import Passwords
from .commands.second_factors import SecondFactors
from .commands.sessions import Sessions
from .domain import Person
from .models import COLLECTIONS, metadata
from .models.departments import Departments
from .models.desktop_login_logs import DesktopLoginLogs
from .models.persons import Persons
from .views.event_log import EventLog
from .views.presence_logs import PresenceLogs
from .views.user_context import UserContext


class AuthApplication(EventStore):
    """Auth's event store; its name names its tables (authapplication_events), as in every service."""
    snapshotting_intervals = {Person: 50}


class AuthPlatform(Platform):
    def setup(self):
        tokens.secret_key()  # no signing key, no start
        super().setup()
        self.part(Sessions).bootstrap()


def history_of(source):
    """An event handler storing every public event `source` publishes in the API event log
    (but those of a silent import)."""
    @subscribe(source, PUBLIC)
    def handler(self, envelopes):
        replicas.record_events(db.current_session(), [envelope for envelope in envelopes if not envelope.get("silent")])
    return handler


@serves(Persons, Departments, DesktopLoginLogs, Sessions, Passwords, PasswordResets, SecondFactors,
        UserContext, PresenceLogs, EventLog)
class AuthService(shared.service.CrudService):
    name = "auth"
    platform = AuthPlatform(AuthApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()

    # -- the API event log (/data/events/*): one subscription per service ----------------------
    on_auth_event = history_of("auth")
    on_production_event = history_of("production")
    on_tasks_event = history_of("tasks")
    on_media_event = history_of("media")
    on_importer_event = history_of("importer")

    @subscribe("production", "row.project")
    def on_project_row(self, envelopes):
        replicas.replicate_projects(db.current_session(), envelopes)
