"""Validation of auth request bodies, with Zou's "Validation error." shape for missing fields."""
import uuid

from shared.errors import ApiError, ValidationError


def require(body, *names, optional=()):
    """Return the named string fields; missing or empty required ones → 400 with field errors."""
    body = body if isinstance(body, dict) else {}
    errors = []
    for name in names:
        value = body.get(name)
        if value is None:
            errors.append({"field": name, "message": "Field required"})
        elif not isinstance(value, str) or not value:
            errors.append({"field": name, "message": "String should have at least 1 character"})
    if errors:
        raise ValidationError(errors)
    return {name: body.get(name) for name in (*names, *optional)}


def login(body):
    data = require(body, "email", optional=("password", "totp", "email_otp", "recovery_code"))
    data["password"] = data["password"] or "default"
    return data


def change_password(body):
    return require(body, "old_password", "password", "password_2")


def admin_change_password(body):
    return require(body, "password", "password_2")


def reset_password(body):
    return require(body, "email", "token", "password", "password2")


def uuid_field(body, name):
    value = require(body, name)[name]
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValidationError([{"field": name, "message": "Input should be a valid UUID"}])


def bad_request(message, **extra):
    """Zou's 400 of the auth routes: {"error": true, "message", ...} (no "data" key)."""
    return ApiError({"error": True, "message": message, **extra}, 400)
