"""Queries and mutations of OEM, composed into the one schema by shop.graphql.api
(listed in ``settings.GRAPHQL_SCHEMA_EXTENSIONS``).

Each module of this package contributes ``Queries`` / ``Mutations`` (graphene
ObjectTypes, or None) and ``TYPES``; this module joins them.
"""

from __future__ import annotations

import graphene

from . import client, groups, staff, types

MODULES: tuple = (types, client, staff, groups)


def _join(name: str, attribute: str):
    bases = tuple(getattr(module, attribute) for module in MODULES if getattr(module, attribute, None))
    return type(name, (*bases, graphene.ObjectType), {}) if bases else None


QUERIES = _join("OemQueries", "Queries")
MUTATIONS = _join("OemMutations", "Mutations")
TYPES = [t for module in MODULES for t in getattr(module, "TYPES", ())]
