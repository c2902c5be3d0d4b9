from __future__ import annotations

from graphql_relay import from_global_id, to_global_id

from .errors import InvalidID


def to_global(type_name: str, pk) -> str:
    return to_global_id(type_name, str(pk))


def from_global_id_or_error(global_id: str, only_type: str | None = None, *, pk_type=int):
    """The primary key inside a global ID (an int, or ``pk_type(pk)``), or an INVALID_ID error."""
    try:
        type_name, pk = from_global_id(str(global_id))
        pk_int = pk_type(pk)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidID(f"Couldn't resolve id: {global_id}.", field="id")
    if only_type is not None and type_name != only_type:
        raise InvalidID(f"Must receive a {only_type} id.", field="id")
    return pk_int


def pks_from_global_ids(global_ids, only_type: str) -> list[int]:
    return [from_global_id_or_error(gid, only_type) for gid in global_ids or []]
