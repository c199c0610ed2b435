"""Pure rules of the tasks service: values in, values (or a typed error) out; no database, no
broker. Unit-tested in tests/unit/test_tasks_rules.py and test_time_rules.py."""
