"""Auth's pure rules: values in, values out (no database, no broker); tested in
tests/unit/test_auth_rules.py."""
