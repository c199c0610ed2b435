"""Logins: the lockout after repeated failures, and where a login comes from."""
import datetime

LOCK_AFTER_FAILURES = 5
LOCK_DURATION = datetime.timedelta(minutes=1)
BROWSERS = ("Mozilla", "Chrome", "Safari", "Firefox", "Edge", "Opera")


def now():
    """The service's clock: naive UTC to the second, as the person rows store it."""
    return datetime.datetime.utcnow().replace(microsecond=0)


def is_locked(failures, last_failed, at):
    """Too many failures, the last one less than LOCK_DURATION before `at`."""
    return (failures or 0) >= LOCK_AFTER_FAILURES and last_failed is not None \
        and at - last_failed < LOCK_DURATION


def failures_after_one_more(failures, last_failed, at):
    """The failure count after a new failure at `at`: an expired lock counts again from zero."""
    failures = failures or 0
    if last_failed is not None and at - last_failed >= LOCK_DURATION and failures >= LOCK_AFTER_FAILURES:
        failures = 0
    return failures + 1


def login_origin(user_agent):
    """Zou's login log origin: "web" for a browser, "script" for anything else (gazu…)."""
    return "web" if any(name in (user_agent or "") for name in BROWSERS) else "script"
