"""Presence logs: Zou's monthly CSV of who logged in from the desktop on which days."""
import calendar
import datetime


def month_of(month_date):
    """(first day, number of days) of "YYYY-MM[-…]"; ValueError when it names no month."""
    try:
        year, month = (int(part) for part in month_date.split("-")[:2])
        return datetime.datetime(year, month, 1), calendar.monthrange(year, month)[1]
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(month_date)


def presence_table(start, days, names, days_seen):
    """Rows [year, 1..days], then [name, "X" on the days of days_seen[i]] for each name."""
    rows = [[str(start.year), *map(str, range(1, days + 1))]]
    for name, seen in zip(names, days_seen):
        rows.append([name, *("X" if day in seen else "" for day in range(1, days + 1))])
    return rows
