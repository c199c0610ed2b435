"""Routes answered by the auth service."""
from . import Route, rows

# Generic /data/<collection> CRUD collections owned by auth.
COLLECTIONS = {
    "events": "auth",  # the API event log, kept by auth (services/auth/views/event_log.py)
    "persons": "auth",
    "departments": "auth",
    "studios": "auth",
    "organisations": "auth",
}

ROUTES = rows(
    "auth",
    ("GET", "/data/events/last", "events_last"),
    ("GET", "/data/events/names", "event_names"),
    ("GET", "/data/events/login-logs/last", "login_logs_last"),
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
     "admin_disable_2fa"),
    ("GET", "/actions/persons/{person_id}/invite", "invite_person"),
    ("POST", "/actions/persons/{person_id}/reset-password-link", "reset_password_link"),
    ("GET", "/data/persons/{person_id}/desktop-login-logs", "person_desktop_login_logs"),
    ("POST", "/data/persons/{person_id}/desktop-login-logs", "add_person_desktop_login_log",
     "access", 201),
    ("GET", "/data/persons/presence-logs/{month_date}", "presence_logs", "access", 200, {}, "csv"),
    # a department's software licenses and hardware items (media's rows)
    *[row for kind, item in (("software-licenses", "{software_id}"), ("hardware-items", "{hardware_item_id}"))
      for row in (
          ("GET", f"/data/departments/{kind}", "department_links", "access", 200, {"kind": kind}),
          ("POST", f"/data/departments/{{department_id}}/{kind}", "add_department_link", "access", 201,
           {"kind": kind}),
          ("GET", f"/data/departments/{{department_id}}/{kind}/{item}", "department_link", "access", 200,
           {"kind": kind}),
          ("DELETE", f"/data/departments/{{department_id}}/{kind}/{item}", "remove_department_link",
           "access", 204, {"kind": kind}))],
)


# What the web app loads after login: auth answers its own keys (persons, departments, studios,
# user_limit); the services that own the others answer them, as their routes do for this caller
# (or, where no route gives the key alone, as "service:rpc").
USER_CONTEXT_PARTS = (
    ("projects", "/data/projects/open"),
    ("project_status", "/data/project-status"),
    ("asset_types", "/data/asset-types"),
    ("custom_actions", "/data/custom-actions"),
    ("task_types", "/data/task-types"),
    ("task_status", "/data/task-status"),
    ("status_automations", "/data/status-automations"),
    ("search_filters", "/data/user/filters"),
    ("search_filter_groups", "/data/user/filter-groups"),
    ("notification_count", "tasks:user_notification_count"),
    ("project_roles", "production:user_project_roles"),
)
ROUTES.append(Route("GET", "/data/user/context", "auth", "user_context", parts=USER_CONTEXT_PARTS))
