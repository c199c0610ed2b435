"""Which of our rows a foreign record became: (source, foreign kind, foreign id) -> our id.
A re-import finds its rows here (ShotGrid ids are unique per entity type only, hence the kind)."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID, insert

from shared.eventstore import command

from .schema import metadata

FOREIGN_IDS = sa.Table(
    "foreign_id", metadata,
    sa.Column("source", sa.String, primary_key=True),  # "shotgun", or the other Kitsu's name
    sa.Column("kind", sa.String, primary_key=True),  # the foreign type: Shot, HumanUser, Step…
    sa.Column("foreign_id", sa.String, primary_key=True),
    sa.Column("our_id", UUID(as_uuid=False), nullable=False, index=True),
)


class ForeignIds:
    """The map of one source, read in bulk (an import resolves many references at once)."""

    def __init__(self, session, source):
        self.session, self.source = session, source

    def ours(self, kind, foreign_ids):
        """{foreign id (str): our id} of those known."""
        wanted = [str(foreign_id) for foreign_id in foreign_ids if foreign_id is not None]
        if not wanted:
            return {}
        table = FOREIGN_IDS.c
        rows = self.session.execute(sa.select(table.foreign_id, table.our_id).where(
            table.source == self.source, table.kind == kind, table.foreign_id.in_(wanted)))
        return dict(rows.all())

    def ours_of_any_kind(self, foreign_ids):
        """{foreign id: our id} whatever their kind (another Kitsu's ids are unique)."""
        wanted = [str(foreign_id) for foreign_id in foreign_ids if foreign_id is not None]
        if not wanted:
            return {}
        table = FOREIGN_IDS.c
        rows = self.session.execute(sa.select(table.foreign_id, table.our_id).where(
            table.source == self.source, table.foreign_id.in_(wanted)))
        return dict(rows.all())

    def our(self, kind, foreign_id):
        return self.ours(kind, [foreign_id]).get(str(foreign_id))

    def foreign(self, kind, our_id):
        table = FOREIGN_IDS.c
        return self.session.execute(sa.select(table.foreign_id).where(
            table.source == self.source, table.kind == kind, table.our_id == our_id)).scalar()

    @command
    def remember(self, kind, pairs):
        """[(foreign id, our id)]: stored, replacing what they mapped to."""
        rows = [{"source": self.source, "kind": kind, "foreign_id": str(foreign_id), "our_id": our_id}
                for foreign_id, our_id in pairs]
        if rows:
            statement = insert(FOREIGN_IDS).values(rows)
            self.session.execute(statement.on_conflict_do_update(
                index_elements=["source", "kind", "foreign_id"], set_={"our_id": statement.excluded.our_id}))

    @command
    def forget(self, kind, foreign_id):
        table = FOREIGN_IDS.c
        self.session.execute(sa.delete(FOREIGN_IDS).where(
            table.source == self.source, table.kind == kind, table.foreign_id == str(foreign_id)))
