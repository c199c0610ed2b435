"""Persons as auth shows them (from the local persons replica): comments and full task answers
show who wrote them and who works on them."""
import sqlalchemy as sa
from nameko.extensions import DependencyProvider

from shared import db
from shared.replicas import person_dict

from .collections import PERSONS


class Directory:
    def persons(self, ids, minimal=False):
        """{id: person dict} for the known ids among `ids`."""
        ids = sorted({i for i in ids if i})
        if not ids:
            return {}
        rows = db.current_session().execute(
            sa.select(PERSONS.c.id, PERSONS.c.row)
            .where(PERSONS.c.id.in_(ids), PERSONS.c.replica_deleted.is_(False))).mappings()
        return {row["id"]: person_dict(row, minimal) for row in rows}

    def minimal(self, ids):
        return self.persons(ids, minimal=True)


class PersonDirectory(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return Directory()
