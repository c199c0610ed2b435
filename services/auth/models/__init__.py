"""Auth's tables: one module per /data collection (its fields, checks and Model part), and the
revoked sessions the persons' events fill."""
import sqlalchemy as sa

metadata = sa.MetaData()  # set before the imports below: their modules add their tables to it

from .persons import PERSONS  # noqa: E402
from .departments import DEPARTMENTS  # noqa: E402
from .studios import STUDIOS  # noqa: E402
from .organisations import ORGANISATIONS  # noqa: E402
from .login_logs import LOGIN_LOGS  # noqa: E402
from .desktop_login_logs import DESKTOP_LOGIN_LOGS  # noqa: E402
from .events import EVENTS  # noqa: E402

# Served by /data/<name>; the login logs are internal collections (routes of their own).
COLLECTIONS = (PERSONS, DEPARTMENTS, STUDIOS, ORGANISATIONS, LOGIN_LOGS, DESKTOP_LOGIN_LOGS, EVENTS)
