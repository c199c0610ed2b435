"""Pure rules of time tracking (no I/O): the dates a route accepts, the periods it covers, when two
day offs overlap, what a valid duration is. Every period is [start, end[ like Zou's intervals."""
import contextlib
import datetime
import math

from shared.errors import ValidationError, WrongParameter

ONE_DAY = datetime.timedelta(days=1)


class BadDate(ValueError):
    """A date or period that does not exist; each route answers it with its own message."""


@contextlib.contextmanager
def answering(message):
    """Turn a BadDate raised in the block into Zou's 400 with the route's `message`."""
    try:
        yield
    except BadDate:
        raise WrongParameter(message)


def parse_day(text):
    """A `YYYY-MM-DD` path segment (Zou's strptime format)."""
    try:
        return datetime.datetime.strptime(str(text), "%Y-%m-%d").date()
    except ValueError:
        raise BadDate(text)


def parse_iso_day(text):
    """A day given in a query string or a body: ISO-8601, a time part is ignored."""
    try:
        return datetime.datetime.fromisoformat(str(text)).date()
    except ValueError:
        raise BadDate(text)


def _number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise BadDate(text)


def day_range(year, month, day):
    try:
        start = datetime.date(_number(year), _number(month), _number(day))
    except (ValueError, OverflowError):
        raise BadDate(f"{year}-{month}-{day}")
    return start, start + ONE_DAY


def month_range(year, month):
    start, _ = day_range(year, month, 1)
    following = start.replace(day=28) + datetime.timedelta(days=4)
    return start, following.replace(day=1)


def year_range(year):
    start, _ = day_range(year, 1, 1)
    try:
        return start, start.replace(year=start.year + 1)
    except ValueError:
        raise BadDate(year)


def week_range(year, week):
    """The ISO week (Monday to Sunday)."""
    try:
        start = datetime.date.fromisocalendar(_number(year), _number(week), 1)
    except (ValueError, OverflowError):
        raise BadDate(f"{year}-W{week}")
    return start, start + datetime.timedelta(days=7)


def inclusive(period):
    """[start, end[ as (first day, last day), the bounds day offs are compared with."""
    start, end = period
    return start, end - ONE_DAY


def overlaps(first_start, first_end, second_start, second_end):
    """Two closed date ranges share at least one day."""
    return first_start <= second_end and second_start <= first_end


def parse_duration(body):
    """The `duration` of a time spent body (minutes, > 0), with Zou's validation messages."""
    body = body if isinstance(body, dict) else {}
    if "duration" not in body:
        raise _invalid_duration("Field required")
    value = body["duration"]
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _invalid_duration("Input should be a valid number, unable to parse string as a number")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _invalid_duration("Input should be a valid number")
    value = float(value)
    if math.isnan(value) or value <= 0:
        raise _invalid_duration("Input should be greater than 0")
    return value


def _invalid_duration(message):
    return ValidationError([{"field": "duration", "message": message}])
