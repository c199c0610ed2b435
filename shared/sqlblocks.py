"""SQL building blocks every service's read side repeats.

`Lineage`: an entity with its parent and grandparent (shot -> sequence -> episode; an asset has
none, a sequence's or an edit's parent is its episode), joined once, the same way everywhere.
Works on any table with `id` and `parent_id` (production's entities, tasks' entity replica)."""
import sqlalchemy as sa


class Lineage:
    def __init__(self, table, entity=None, parent="sequence", grandparent="episode"):
        """`table`: the entity table; `entity`: the alias the query starts from (default: the table);
        the parent and grandparent are aliases of the table under these names."""
        self.entity = entity if entity is not None else table
        self.parent = table.alias(parent)
        self.grandparent = table.alias(grandparent)

    def join(self, selectable=None, outer=True):
        """`selectable` (default: the entity) joined with the parent and the grandparent; `outer`:
        entities without them stay in (an asset, a shot without a sequence)."""
        base = selectable if selectable is not None else self.entity
        joined = sa.join(base, self.parent, self.parent.c.id == self.entity.c.parent_id, isouter=outer)
        return sa.join(joined, self.grandparent, self.grandparent.c.id == self.parent.c.parent_id,
                       isouter=outer)

