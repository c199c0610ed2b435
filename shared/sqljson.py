"""Answers written by PostgreSQL: a list route selects its rows and PostgreSQL turns them into
one JSON text, which crosses RPC and the gateway without being decoded again (orjson.Fragment).
No Python object per row: that is what makes the big lists fast."""
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from .answers import first_row
from .crud.fields import DateTime

MICROSECONDS = 'YYYY-MM-DD"T"HH24:MI:SS.US'  # the sync listings' timestamps


def iso(column, pattern=None):
    """A timestamp as Zou writes it in JSON built by PostgreSQL: to the second (a truncated
    timestamp, which JSON writes in ISO) or with `pattern` (MICROSECONDS: always six digits)."""
    return sa.func.to_char(column, pattern) if pattern else sa.func.date_trunc("second", column)


def collection_pairs(collection, table, relations=False):
    """The (key, column) pairs of `collection.serialize` (hidden fields left out)."""
    pairs = [(field.key, iso(table.c[name]) if isinstance(field, DateTime) else table.c[name])
             for name, field in collection.fields.items()
             if not field.hidden and (relations or not field.relation)]
    return pairs + [("id", table.c.id), ("created_at", iso(table.c.created_at)),
                    ("updated_at", iso(table.c.updated_at))]


def json_record(pairs):
    """A LATERAL subquery `t` whose row is one answer object: its columns are the (key, SQL
    expression) `pairs` over the enclosing query's tables. PostgreSQL writes such a row as a
    compact JSON object, cheaper than json_build_object."""
    return sa.select(*[value.label(key) for key, value in pairs]).correlate_except(None).lateral("t")


def json_rows(query, pairs, *order_by, row_json=None):
    """The query of one JSON array (as text) of the rows `query` selects (its FROM/WHERE are
    used), one object per row, ordered by `order_by`: PostgreSQL writes the answer.
    `row_json(text)` may rework each row's JSON text, e.g. add keys that only some rows have
    (text splicing: far cheaper than a round trip through jsonb)."""
    record = json_record(pairs)
    rows = record.table_valued()
    if row_json is None:
        aggregated = sa.func.coalesce(sa.func.json_agg(aggregate_order_by(rows, *order_by) if order_by
                                                       else rows), sa.text("'[]'::json")).cast(sa.Text)
    else:
        # pg_catalog: not SQLAlchemy-Utils' row_to_json, whose statements SQLAlchemy can't cache
        texts = row_json(sa.func.pg_catalog.row_to_json(rows).cast(sa.Text))
        comma = sa.literal_column("','")
        aggregated = sa.func.concat("[", sa.func.string_agg(
            texts, aggregate_order_by(comma, *order_by) if order_by else comma), "]")
    return query.join(record, sa.true()).with_only_columns(aggregated)


def add_keys(row_text, pairs):
    """A row's JSON text with more keys: `pairs` of (key, SQL expression written as JSON)."""
    added = [piece for key, value in pairs
             for piece in (sa.literal(f',"{key}":'), sa.func.to_json(value).cast(sa.Text))]
    return sa.func.concat(sa.func.left(row_text, -1), *added, "}")


def json_list(session, query, pairs, *order_by, row_json=None):
    """The JSON array of json_rows, as text that is passed on as it is."""
    row = first_row(session, json_rows(query, pairs, *order_by, row_json=row_json))
    return orjson.Fragment(next(iter(row.values())))
