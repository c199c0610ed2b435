"""The pure rules of time tracking: dates, periods, overlaps, durations, quota weights."""
import datetime

import pytest

from services.tasks.rules.quotas import time_weights
from services.tasks.rules.time_tracking import (BadDate, answering, day_range, inclusive,
                                                month_range, overlaps, parse_day, parse_duration,
                                                parse_iso_day, week_range, year_range)
from shared.errors import ValidationError, WrongParameter

D = datetime.date


def test_parse_day_accepts_only_existing_yyyy_mm_dd():
    assert parse_day("2026-02-28") == D(2026, 2, 28)
    for bad in ("2026-02-30", "2026-13-01", "bad", "2026/02/01", "", "2026-02-28T10:00:00"):
        with pytest.raises(BadDate):
            parse_day(bad)


def test_parse_iso_day_ignores_the_time():
    assert parse_iso_day("2026-02-28T10:00:00") == D(2026, 2, 28)
    with pytest.raises(BadDate):
        parse_iso_day("tomorrow")


def test_periods_are_half_open():
    assert day_range("2026", "11", "21") == (D(2026, 11, 21), D(2026, 11, 22))
    assert month_range(2026, 12) == (D(2026, 12, 1), D(2027, 1, 1))
    assert month_range(2024, 2) == (D(2024, 2, 1), D(2024, 3, 1))
    assert year_range("2026") == (D(2026, 1, 1), D(2027, 1, 1))


def test_weeks_are_iso_weeks_from_monday():
    assert week_range(2026, 1) == (D(2025, 12, 29), D(2026, 1, 5))
    assert week_range("2026", "48") == (D(2026, 11, 23), D(2026, 11, 30))
    assert week_range(2026, 53) == (D(2026, 12, 28), D(2027, 1, 4))  # 2026 has 53 weeks


@pytest.mark.parametrize("period, args", [
    (month_range, (2026, 13)), (month_range, (2026, 0)), (month_range, ("x", 1)),
    (week_range, (2026, 60)), (week_range, (2025, 53)), (year_range, ("abc",)),
    (day_range, (2026, 2, 30)), (year_range, (10 ** 20,))])
def test_impossible_periods_are_bad_dates(period, args):
    with pytest.raises(BadDate):
        period(*args)


def test_inclusive_bounds_end_on_the_last_day_of_the_period():
    assert inclusive(month_range(2026, 11)) == (D(2026, 11, 1), D(2026, 11, 30))


def test_overlaps_counts_shared_days_at_the_edges():
    assert overlaps(D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 3), D(2026, 1, 5))
    assert overlaps(D(2026, 1, 2), D(2026, 1, 2), D(2026, 1, 1), D(2026, 1, 5))
    assert not overlaps(D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 4), D(2026, 1, 5))
    assert not overlaps(D(2026, 1, 6), D(2026, 1, 7), D(2026, 1, 4), D(2026, 1, 5))


def test_answering_turns_bad_dates_into_the_route_message():
    with pytest.raises(WrongParameter) as error:
        with answering("Invalid date format."):
            parse_day("2026-13-01")
    assert error.value.body == {"error": True, "message": "Invalid date format.", "data": None}


def test_duration_must_be_a_positive_number():
    assert parse_duration({"duration": 120}) == 120.0
    assert parse_duration({"duration": "1.5"}) == 1.5
    cases = [({}, "Field required"), (None, "Field required"),
             ({"duration": 0}, "Input should be greater than 0"),
             ({"duration": -3}, "Input should be greater than 0"),
             ({"duration": "abc"}, "Input should be a valid number, unable to parse string as a number"),
             ({"duration": None}, "Input should be a valid number")]
    for body, message in cases:
        with pytest.raises(ValidationError) as error:
            parse_duration(body)
        assert error.value.body["data"]["errors"] == [{"field": "duration", "message": message}]


def test_quota_weights_are_shares_of_each_tasks_time():
    assert time_weights([]) == {}
    # two entries on one shot: each share to the hundredth, summed
    assert time_weights([("sh1", 120, 360), ("sh1", 60, 360), ("sh2", 30, 30)]) == {"sh1": 0.5, "sh2": 1.0}
    assert time_weights([("sh1", 10, 30), ("sh1", 10, 30), ("sh1", 10, 30)]) == {"sh1": 0.99}
    assert time_weights([("sh1", 10, 0)]) == {"sh1": 0}
