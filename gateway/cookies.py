"""Browser cookies for the auth routes, as Zou sets them (the Kitsu web app relies on them).

Set-Cookie headers are written by hand because the refresh cookie is set twice with the same
name (for /auth/refresh-token and /api/auth/refresh-token), which a cookie jar keyed by name
cannot hold.
"""
from email.utils import formatdate
import time

BROWSERS = ("Mozilla", "Chrome", "Safari", "Firefox", "Edge")
MAX_AGE = 31540000  # Zou's cookie lifetime (a year); the token's own exp still applies
ACCESS_PATHS = ("/",)
REFRESH_PATHS = ("/auth/refresh-token", "/api/auth/refresh-token")


def is_browser(user_agent):
    return any(name in (user_agent or "") for name in BROWSERS)


def cookie_header(name, value, path, max_age=MAX_AGE):
    expires = formatdate(time.time() + max_age if max_age else 0, usegmt=True)
    return (f"{name}={value}; Expires={expires}; Max-Age={max_age}; HttpOnly; "
            f"Path={path}; SameSite=Lax")


def set_tokens(response, access_token=None, refresh_token=None):
    if access_token:
        for path in ACCESS_PATHS:
            response.headers.add("Set-Cookie", cookie_header("access_token_cookie", access_token, path))
    if refresh_token:
        for path in REFRESH_PATHS:
            response.headers.add("Set-Cookie",
                                 cookie_header("refresh_token_cookie", refresh_token, path))


def clear_tokens(response):
    for path in ACCESS_PATHS:
        response.headers.add("Set-Cookie", cookie_header("access_token_cookie", "", path, 0))
    for path in REFRESH_PATHS:
        response.headers.add("Set-Cookie", cookie_header("refresh_token_cookie", "", path, 0))


TOKEN_ROUTES = ("login", "logout", "enable_totp", "refresh_token")


def touches_tokens(route):
    return route.service == "auth" and route.rpc in TOKEN_ROUTES


def after_auth_call(route, user_agent, body):
    """(body, cookie setter) for the auth routes that touch tokens."""
    if not touches_tokens(route):
        return body, None
    if route.rpc == "logout":
        return body, clear_tokens
    if not isinstance(body, dict) or not is_browser(user_agent):
        return body, None
    access, refresh = body.get("access_token"), body.get("refresh_token")
    if route.rpc in ("login", "enable_totp") and access:
        return body, lambda response: set_tokens(response, access, refresh)
    if route.rpc == "refresh_token" and access:
        return {"refresh": True}, lambda response: set_tokens(response, access, refresh)
    return body, None
