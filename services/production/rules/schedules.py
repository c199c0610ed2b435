"""Planning rules: what a schedule item is planned on, and the dates of a new one."""
import datetime

# what a task type's schedule items are planned on, per route segment (asset-types: the asset
# types of the project's assets)
PLANNED_KINDS = {"sequences": "Sequence", "episodes": "Episode", "edits": "Edit"}


def new_item_dates(today=None):
    """A schedule item created on first read: from today (whatever the project's start, as Zou
    does), one day long."""
    start = today or datetime.date.today()
    return start, start + datetime.timedelta(days=1)

