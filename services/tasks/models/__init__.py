"""The collections of the tasks service, one module per model (or family): the Collection (fields,
checks, serialisation) and its Model part (custom CRUD and the model's own commands).

`metadata` holds every table of the service: these and the replicas (replicas.py)."""
from ..replicas import metadata
from .chats import CHAT_MESSAGES, CHATS
from .comments import COMMENTS
from .day_offs import DAY_OFFS
from .news import NEWS
from .notifications import NOTIFICATIONS
from .search_filters import SEARCH_FILTER_GROUPS, SEARCH_FILTERS
from .status_automations import STATUS_AUTOMATIONS
from .subscriptions import SUBSCRIPTIONS
from .task_statuses import TASK_STATUSES
from .task_types import TASK_TYPES
from .tasks import TASKS
from .time_spents import TIME_SPENTS

__all__ = ["COLLECTIONS", "metadata"]
COLLECTIONS = (TASK_TYPES, TASK_STATUSES, STATUS_AUTOMATIONS, TASKS, COMMENTS, TIME_SPENTS, DAY_OFFS,
               SUBSCRIPTIONS, NOTIFICATIONS, NEWS, CHATS, CHAT_MESSAGES, SEARCH_FILTERS,
               SEARCH_FILTER_GROUPS)
