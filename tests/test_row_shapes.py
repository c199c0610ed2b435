"""One row, two serializers: `Collection.serialize` (Python, the answers of single rows) and
`shared.sqljson.collection_pairs` (the JSON PostgreSQL writes for the big lists) must give the same
object for every collection of every service. Real PostgreSQL (a scratch database), no cluster."""
import datetime
import importlib
import uuid

import orjson
import psycopg2
import pytest
import sqlalchemy as sa

from shared.crud import fields
from shared.sqljson import collection_pairs, json_list

SERVICES = ("auth", "production", "tasks", "media", "importer")
DATABASE = "kitsu_row_shapes"
NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, 891011)  # microseconds: both forms drop them


def collections():
    found = []
    for name in SERVICES:
        module = importlib.import_module(f"services.{name}.service")
        service_class = next(value for value in vars(module).values()
                             if getattr(value, "name", None) == name and hasattr(value, "platform"))
        found += [pytest.param(collection, id=f"{name}:{collection.name}")
                  for collection in service_class.platform.collections]
    return found


def sample(field):
    """A value of the field's type, as the read model stores it."""
    if isinstance(field, fields.UuidList):
        return [str(uuid.uuid4())]
    if isinstance(field, fields.Uuid):
        return str(uuid.uuid4())
    if isinstance(field, fields.DateTime):
        return NOW
    if isinstance(field, fields.Date):
        return NOW.date()
    if isinstance(field, fields.Json):
        return {"key": [1, "two", None]}
    if isinstance(field, fields.Boolean):
        return True
    if isinstance(field, fields.Float):
        return 2.5
    if isinstance(field, fields.Integer):
        return 7
    if isinstance(field, fields.Choice):
        return sorted(field.choices)[0]
    return "text é"


@pytest.fixture(scope="module")
def engine():
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    engine = sa.create_engine(f"postgresql+psycopg2://postgres@127.0.0.1/{DATABASE}")
    yield engine
    engine.dispose()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{DATABASE}"')
    admin.close()


@pytest.mark.parametrize("collection", collections())
def test_python_and_sql_forms_of_a_row_agree(engine, collection):
    table = collection.table
    values = {name: sample(field) for name, field in collection.fields.items()}
    row = {"id": str(uuid.uuid4()), "created_at": NOW, "updated_at": NOW, **values}
    with engine.begin() as connection:
        table.create(connection, checkfirst=True)
        connection.execute(table.delete())
        connection.execute(table.insert(), row)
        stored = connection.execute(sa.select(table)).mappings().one()
        pairs = collection_pairs(collection, table, relations=True)
        written_by_sql = orjson.loads(orjson.dumps(json_list(connection, sa.select(table), pairs)))[0]
    by_python = collection.serialize(stored, relations=True)
    assert {key: by_python.get(key, "<missing>") for key in written_by_sql} == written_by_sql
