"""The importer database's tables."""
import sqlalchemy as sa

metadata = sa.MetaData()
