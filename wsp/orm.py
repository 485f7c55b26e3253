"""The declarative base every table model derives from.

Its own module, below ``wsp.db`` and the model modules: the models need only this, and ``wsp.db``
imports every model module so that its engines create all tables."""

from __future__ import annotations

from sqlalchemy.orm import declarative_base

Base = declarative_base()
