"""Second factors (API.md §5): TOTP, email OTP, recovery codes.

Methods are enabled independently; the first one enabled becomes the preferred one and brings 16
single-use recovery codes (kept bcrypt-hashed). FIDO is not offered: fido_enabled stays false."""
import secrets
import string

import bcrypt
import pyotp

METHODS = ("totp", "email_otp", "fido")
LABELS = {"totp": "TOTP", "email_otp": "OTP by email"}  # the methods with a code
# Zou's fallback order when the preferred method is disabled.
FALLBACK = {"totp": ("fido", "email_otp"), "email_otp": ("fido", "totp"), "fido": ("totp", "email_otp")}
CODE_ALPHABET = string.ascii_uppercase + string.digits
RECOVERY_CODES, RECOVERY_CODE_LENGTH = 16, 10
# Email codes: TOTP on the person's email secret, so no counter has to be stored between sending a
# code and checking it; valid about five minutes: 60-second steps (pyotp's longest is 120) ±5 steps.
EMAIL_OTP_INTERVAL, EMAIL_OTP_WINDOW = 60, 5
FACTORS = ("totp", "email_otp", "recovery_code")


def enabled_methods(fields):
    return [method for method in METHODS if fields.get(f"{method}_enabled")]


def given_factors(body):
    """The second factors a body may carry (login, disabling a method, new recovery codes)."""
    body = body if isinstance(body, dict) else {}
    return {name: str(body[name]) for name in FACTORS if body.get(name) not in (None, "")}


def code_generator(method, secret):
    return pyotp.TOTP(secret, interval=EMAIL_OTP_INTERVAL if method == "email_otp" else 30)


def code_matches(method, secret, code, at=None):
    """`at`: the time the code is given (now by default)."""
    window = EMAIL_OTP_WINDOW if method == "email_otp" else 1
    return bool(secret and code) and code_generator(method, secret).verify(code, for_time=at,
                                                                           valid_window=window)


def matching_code(fields, given):
    """Whether `given` holds a valid code of one of the enabled methods of `fields`."""
    return any(method in given and fields.get(f"{method}_enabled")
               and code_matches(method, fields.get(f"{method}_secret"), given[method])
               for method in LABELS)


def new_recovery_codes(rounds):
    """16 new codes and their bcrypt hashes (only the hashes are kept)."""
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
             for _ in range(RECOVERY_CODES)]
    return codes, [bcrypt.hashpw(code.encode(), bcrypt.gensalt(rounds)).decode() for code in codes]


def matching_recovery_code(code, hashes):
    """The hash in `hashes` that `code` (any case, spaces around) matches, or None."""
    code = (code or "").strip().upper().encode()
    return next((hashed for hashed in hashes or [] if code and bcrypt.checkpw(code, hashed.encode())), None)


def disabling(fields, methods):
    """The changes that turn `methods` off, with the preferred method falling back (Zou's order)."""
    changes = {f"{method}_enabled": False for method in methods}
    changes.update({f"{method}_secret": None for method in methods if method in LABELS})
    left = [method for method in enabled_methods(fields) if method not in methods]
    preferred = fields.get("preferred_two_factor_authentication")
    if preferred not in left:
        fallback = FALLBACK.get(preferred, METHODS)
        changes["preferred_two_factor_authentication"] = next((m for m in fallback if m in left), None)
    if not left:
        changes["otp_recovery_codes"] = None
    return changes
