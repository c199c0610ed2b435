"""The auth service (service.py). gateway/openapi.py still imports `collections` and `history`
from here: until it reads `models` (see the issue 11 report), they are these two."""
from . import models as collections  # noqa: F401
from .models import events as history  # noqa: F401
