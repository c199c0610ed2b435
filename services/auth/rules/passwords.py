"""Passwords: bcrypt hashes (72 bytes at most, as bcrypt reads) and the length rule."""
import bcrypt
from eventlet import tpool

from shared import config

# Checked when no person matches, so that an unknown email costs as much as a wrong password.
DUMMY_HASH = bcrypt.hashpw(b"dummy-password", bcrypt.gensalt(4)).decode()


# bcrypt takes a quarter of a second and releases the GIL: run it in a real thread, so that the
# service's other green threads (and the other core) keep working meanwhile.
def hash_password(password, rounds=None):
    salt = bcrypt.gensalt(rounds or config.BCRYPT_LOG_ROUNDS)
    return tpool.execute(bcrypt.hashpw, password.encode()[:72], salt).decode()


def check_password(password, hashed):
    """Whether `password` matches `hashed` (None: no person, never matches)."""
    return tpool.execute(bcrypt.checkpw, password.encode()[:72], (hashed or DUMMY_HASH).encode())


def password_problem(password, min_length=None):
    """Why a new password is refused, or None."""
    if len(password) < (min_length or config.MIN_PASSWORD_LENGTH):
        return "Password is too short."
    return None
