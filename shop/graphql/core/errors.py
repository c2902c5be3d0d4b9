"""Top-level GraphQL errors with a machine-readable code.

Saleor's shape: ``{"message", "locations", "path", "extensions": {"exception": {"code"}}}``.
Query-level problems (unknown channel, bad id, bad pagination, query too costly)
raise one of these; mutation input errors use the payload's ``errors`` list instead.
"""

from __future__ import annotations

from graphql import GraphQLError


class CodedGraphQLError(GraphQLError):
    code = "GRAPHQL_ERROR"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        if code:
            self.code = code
        self.field = field


class ChannelNotFound(CodedGraphQLError):
    code = "CHANNEL_NOT_FOUND"


class InvalidID(CodedGraphQLError):
    code = "INVALID_ID"


class PaginationError(CodedGraphQLError):
    code = "INVALID_PAGINATION"


class InvalidArgument(CodedGraphQLError):
    code = "INVALID"


class QueryCostError(CodedGraphQLError):
    code = "QUERY_COST_EXCEEDED"


class QueryDepthError(CodedGraphQLError):
    code = "QUERY_DEPTH_EXCEEDED"


class PermissionDenied(CodedGraphQLError):
    code = "PermissionDenied"

    def __init__(self, message: str = "You do not have permission to perform this action", **kwargs):
        super().__init__(message, **kwargs)


def require_permissions(info, permissions) -> None:
    """A query resolver's staff permissions (mutations declare theirs in Meta): an active staff
    user holding every one of them, else PermissionDenied naming them."""
    from shop.account.permissions import user_has_permissions

    from .context import request_cache

    names = tuple(getattr(permission, "value", permission) for permission in permissions)
    user = getattr(info.context, "user", None)
    if not request_cache(info, ("perm", names), lambda: user_has_permissions(user, names)):
        raise PermissionDenied(f"You need one of the following permissions: {', '.join(names)}")


def error_code(error: GraphQLError) -> str:
    """The code for any error the executor reports."""
    original = getattr(error, "original_error", None)
    for candidate in (original, error):
        if isinstance(candidate, CodedGraphQLError):
            return candidate.code
    if error.path is None:
        # Before execution: the document or its variables are wrong.
        return "GRAPHQL_PARSE_FAILED" if "Syntax Error" in error.message else "GRAPHQL_VALIDATION_FAILED"
    if original is not None and not isinstance(original, GraphQLError):
        return "INTERNAL_ERROR"
    return "GRAPHQL_ERROR"
