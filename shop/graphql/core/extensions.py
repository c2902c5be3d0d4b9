"""Extension points for the apps downstream of shop (cooperatives, fairtrade, oem_orders).

shop never imports those apps.  Instead ``shop.graphql.api`` imports the
modules named in ``settings.GRAPHQL_SCHEMA_EXTENSIONS``; each exposes
``QUERIES`` and ``MUTATIONS`` (graphene ObjectTypes, or None) and ``TYPES``
(extra types to register), and may add fields to shop's own types with
``extend_type`` at import time, before the schema is built.
"""

from __future__ import annotations

from collections.abc import Callable

import graphene


def extend_type(object_type: type[graphene.ObjectType], name: str, field: graphene.Field, resolver: Callable) -> None:
    """Add ``field`` (snake_case ``name``) resolved by ``resolver(root, info, **args)`` to a shop type."""
    if name in object_type._meta.fields:
        raise ValueError(f"{object_type.__name__}.{name} already exists.")
    mounted = field if isinstance(field, graphene.Field) else field.mount_as(graphene.Field)
    mounted.resolver = resolver
    object_type._meta.fields[name] = mounted
