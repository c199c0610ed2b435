"""Password reset tokens: 64 random characters, valid 2 hours, kept only as a hash."""
import datetime
import hashlib
import hmac
import secrets
import string

TOKEN_LENGTH = 64
TOKEN_ALPHABET = string.ascii_uppercase + string.digits
TOKEN_LIFETIME = datetime.timedelta(hours=2)


def new_reset_token():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()  # 64 random chars: no need for a slow hash


def reset_token_accepted(pending, token, at):
    """Whether `token` is the pending one ({"hash", "expires_at"} or None), still valid at `at`."""
    return bool(pending) and at <= datetime.datetime.fromisoformat(pending["expires_at"]) \
        and hmac.compare_digest(pending["hash"], digest(token))
