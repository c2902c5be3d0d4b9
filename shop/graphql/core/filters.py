"""Filter pieces shared by every list query."""

from __future__ import annotations

from django.db.models import Q

from .ids import pks_from_global_ids


def metadata_q(items) -> Q:
    """``[{key, value}]``: objects whose public metadata has each key (with that value, if given)."""
    q = Q()
    for item in items or []:
        if item.get("value") is None:
            q &= Q(metadata__has_key=item["key"])
        else:
            q &= Q(metadata__contains={item["key"]: item["value"]})
    return q


def ids_where_q(where, type_name: str) -> Q:
    """``where`` inputs made of ``ids``, ``metadata``, ``AND`` and ``OR``."""
    q = metadata_q(where.get("metadata"))
    if where.get("ids"):
        q &= Q(pk__in=pks_from_global_ids(where["ids"], type_name))
    for sub in where.get("AND") or []:
        q &= ids_where_q(sub, type_name)
    if where.get("OR"):
        any_q = Q()
        for sub in where["OR"]:
            any_q |= ids_where_q(sub, type_name)
        q &= any_q
    return q
