"""The gateway's route table: data only. Handlers are generic (see app.py).

A row is (METHOD, path template, service, rpc method, access rule, success status, fixed params).
Access rules: "public" (no token), "access" (valid access token), "refresh" (valid refresh token).
To add a route, append a row to ROUTES (or a collection to COLLECTIONS); the service must expose
`<rpc method>(request)` and return the JSON body. A 204 route sends an empty body.
"""
from typing import NamedTuple


class Route(NamedTuple):
    method: str
    path: str
    service: str
    rpc: str
    rule: str = "access"
    status: int = 200
    params: dict = {}


# Generic /data/<collection> CRUD: collection -> owning service.
COLLECTIONS = {
    "persons": "auth",
    "departments": "auth",
    "studios": "auth",
    "organisations": "auth",
}


def crud_routes(collections):
    rows = []
    for name, service in collections.items():
        fixed = {"collection": name}
        base, one = f"/data/{name}", f"/data/{name}/{{instance_id}}"
        rows += [
            Route("GET", base, service, "crud_list", "access", 200, fixed),
            Route("POST", base, service, "crud_create", "access", 201, fixed),
            Route("GET", one, service, "crud_get", "access", 200, fixed),
            Route("PUT", one, service, "crud_update", "access", 200, fixed),
            Route("DELETE", one, service, "crud_delete", "access", 204, fixed),
        ]
    return rows


def rows(service, *table):
    """Shorthand: (METHOD, path, rpc[, rule[, status[, params]]]) rows of one service."""
    return [Route(row[0], row[1], service, *row[2:]) for row in table]


AUTH = rows(
    "auth",
    ("POST", "/auth/login", "login", "public"),
    ("GET", "/auth/logout", "logout"),
    ("GET", "/auth/authenticated", "authenticated"),
    ("GET", "/auth/refresh-token", "refresh_token", "refresh"),
    ("POST", "/auth/change-password", "change_password"),
    ("POST", "/auth/reset-password", "request_password_reset", "public"),
    ("PUT", "/auth/reset-password", "reset_password", "public"),
    ("PUT", "/auth/totp", "pre_enable_totp"),
    ("POST", "/auth/totp", "enable_totp"),
    ("DELETE", "/auth/totp", "disable_totp"),
    ("PUT", "/auth/email-otp", "pre_enable_email_otp"),
    ("POST", "/auth/email-otp", "enable_email_otp"),
    ("DELETE", "/auth/email-otp", "disable_email_otp"),
    ("GET", "/auth/email-otp", "send_email_otp", "public"),
    ("PUT", "/auth/recovery-codes", "new_recovery_codes"),
    ("GET", "/data/user/context", "user_context"),
    ("GET", "/data/user/desktop-login-logs", "list_desktop_login_logs"),
    ("POST", "/data/user/desktop-login-logs", "add_desktop_login_log", "access", 201),
    ("DELETE", "/actions/user/clear-avatar", "clear_avatar", "access", 204),
    ("POST", "/actions/persons/{person_id}/change-password", "admin_change_password"),
    ("DELETE", "/actions/persons/{person_id}/clear-avatar", "clear_person_avatar", "access", 204),
    ("POST", "/actions/persons/{person_id}/departments/add", "add_person_to_department",
     "access", 201),
    ("DELETE", "/actions/persons/{person_id}/departments/{department_id}",
     "remove_person_from_department", "access", 204),
    ("DELETE", "/actions/persons/{person_id}/disable-two-factor-authentication",
     "admin_disable_2fa", "access", 204),
    ("GET", "/actions/persons/{person_id}/invite", "invite_person"),
    ("POST", "/actions/persons/{person_id}/reset-password-link", "reset_password_link"),
    ("GET", "/data/persons/{person_id}/desktop-login-logs", "person_desktop_login_logs"),
    ("POST", "/data/persons/{person_id}/desktop-login-logs", "add_person_desktop_login_log",
     "access", 201),
    ("GET", "/data/persons/presence-logs/{month_date}", "presence_logs"),
)

# Other services append their rows here (e.g. PRODUCTION = rows("production", ...)).
ROUTES = crud_routes(COLLECTIONS) + AUTH
