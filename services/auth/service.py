"""The auth service: persons, departments, studios, organisation, and every way to log in."""


import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared import db, tokens
from shared.consumer import PUBLIC, CatchUp, subscribe
from shared.service import Platform, entrypoint, serves

from .application import Auth, AuthApplication
from .collections import COLLECTIONS, PERSONS
from .credentials import Credentials
from . import history
from .people import People
from .projections import metadata
from .resets import Resets


class AuthPlatform(Platform):
    def setup(self):
        tokens.secret_key()  # no signing key, no start
        super().setup()
        self.auth = Auth(self)
        self.credentials = Credentials(self.auth)
        self.resets = Resets(self.auth)
        self.people = self.part(People)
        self.auth.bootstrap()


def person_id(request):
    return request["params"]["person_id"]


def history_of(source):
    """An event handler storing every public event `source` publishes in the API event log."""
    @subscribe(source, PUBLIC)
    def handler(self, envelope):
        history.record(db.current_session(), envelope)
    return handler


@serves(People, history.EventLog)
class AuthService(shared.service.CrudService):
    name = "auth"
    platform = AuthPlatform(AuthApplication, metadata, COLLECTIONS + (history.EVENTS,))
    catch_up = CatchUp()

    # -- the API event log (/data/events/*): one subscription per service ----------------------
    on_auth_event = history_of("auth")
    on_production_event = history_of("production")
    on_tasks_event = history_of("tasks")
    on_media_event = history_of("media")
    on_importer_event = history_of("importer")

    @subscribe("production", "row.project")
    def on_project_row(self, envelope):
        history.replicate_project(db.current_session(), envelope)

    # -- sessions -----------------------------------------------------------------------------
    @entrypoint
    def auth_snapshot(self, request=None):
        return self.platform.auth.snapshot(((request or {}).get("params") or {}).get("person_id"))

    @entrypoint
    def login(self, request):
        return self.platform.auth.login(request["body"], request.get("meta") or {})

    @entrypoint
    def logout(self, request):
        return self.platform.auth.logout(request["actor"])

    @entrypoint
    def authenticated(self, request):
        return self.platform.auth.authenticated(request["actor"])

    @entrypoint
    def refresh_token(self, request):
        return self.platform.auth.refresh(request["actor"])

    # -- passwords ----------------------------------------------------------------------------
    @entrypoint
    def change_password(self, request):
        return self.platform.auth.change_password(request["actor"], request["body"])

    @entrypoint
    def admin_change_password(self, request):
        return self.platform.auth.admin_change_password(request["actor"], person_id(request),
                                                        request["body"])

    @entrypoint
    def request_password_reset(self, request):
        return self.platform.resets.request(request["body"])

    @entrypoint
    def reset_password(self, request):
        return self.platform.resets.reset(request["body"])

    @entrypoint
    def invite_person(self, request):
        return self.platform.resets.invite(request["actor"], person_id(request))

    @entrypoint
    def reset_password_link(self, request):
        return self.platform.resets.link(request["actor"], person_id(request))

    # -- second factors -----------------------------------------------------------------------
    @entrypoint
    def pre_enable_totp(self, request):
        return self.platform.credentials.pre_enable_totp(request["actor"])

    @entrypoint
    def enable_totp(self, request):
        return self.platform.credentials.enable(request["actor"], "totp", request["body"])

    @entrypoint
    def disable_totp(self, request):
        return self.platform.credentials.disable(request["actor"], "totp", request["body"])

    @entrypoint
    def pre_enable_email_otp(self, request):
        return self.platform.credentials.pre_enable_email_otp(request["actor"])

    @entrypoint
    def enable_email_otp(self, request):
        return self.platform.credentials.enable(request["actor"], "email_otp", request["body"])

    @entrypoint
    def disable_email_otp(self, request):
        return self.platform.credentials.disable(request["actor"], "email_otp", request["body"])

    @entrypoint
    def send_email_otp(self, request):
        return self.platform.credentials.send_email_otp(request["query"])

    @entrypoint
    def new_recovery_codes(self, request):
        return self.platform.credentials.renew_recovery_codes(request["actor"], request["body"])

    @entrypoint
    def admin_disable_2fa(self, request):
        return self.platform.credentials.admin_disable(request["actor"], person_id(request))

    # -- the user and persons -----------------------------------------------------------------
    @entrypoint
    def user_context(self, request):
        return self.platform.people.user_context(request["actor"])

    @entrypoint
    def list_desktop_login_logs(self, request):
        return self.platform.people.desktop_login_logs(request["actor"], request["actor"]["id"])

    @entrypoint
    def add_desktop_login_log(self, request):
        actor = request["actor"]
        return self.platform.people.add_desktop_login_log(actor, actor["id"], request["body"])

    @entrypoint
    def person_desktop_login_logs(self, request):
        return self.platform.people.desktop_login_logs(request["actor"], person_id(request))

    @entrypoint
    def add_person_desktop_login_log(self, request):
        return self.platform.people.add_desktop_login_log(request["actor"], person_id(request),
                                                          request["body"])

    @entrypoint
    def presence_logs(self, request):
        return self.platform.people.presence_logs(request["actor"], request["params"]["month_date"])

    @entrypoint
    def clear_avatar(self, request):
        self.platform.people.clear_avatar(request["actor"], request["actor"]["id"])

    @entrypoint
    def clear_person_avatar(self, request):
        self.platform.people.clear_person_avatar(request["actor"], person_id(request))

    @entrypoint
    def add_person_to_department(self, request):
        return self.platform.people.add_department(request["actor"], person_id(request), request["body"])

    @entrypoint
    def remove_person_from_department(self, request):
        self.platform.people.remove_department(request["actor"], person_id(request),
                                               request["params"]["department_id"])
