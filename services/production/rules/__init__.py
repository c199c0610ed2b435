"""Production's pure domain rules: values in, values (or a refusal) out; no database, no broker.
Unit-tested in tests/unit/test_production_rules.py."""
