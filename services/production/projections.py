"""Production read models. Foundation stage: the persons replica."""
import sqlalchemy as sa

from shared.replicas import person_replica

metadata = sa.MetaData()
PERSONS = person_replica(metadata)
