"""The GraphQL endpoint: graphene-django's view with Saleor-style errors and query limits."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from graphene_django.views import GraphQLView as BaseGraphQLView
from graphene_django.views import HttpError
from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from .auth import authenticate_request, set_auth_cookies
from .batching import release_batches
from .errors import error_code
from .limits import DocumentLimits
from .middleware import EnumValuesMiddleware

logger = logging.getLogger(__name__)


# Storefront documents are a few kilobytes; bigger ones are parsed every time so
# the cache's memory stays bounded whatever clients send.
CACHEABLE_QUERY_LENGTH = 32_000


def parsed_and_validated(schema, query: str):
    """The document, its validation errors and its query limits, once per distinct query text.

    Storefronts send the same few documents over and over; parsing and
    validating them took a quarter of a checkout's CPU time.  Only the query
    limits of documents whose page sizes come from the variables are measured
    again on every request (``DocumentLimits``).
    """
    if len(query) > CACHEABLE_QUERY_LENGTH:
        return _parse_and_validate(schema, query)
    return _cached_parse_and_validate(schema, query)


@lru_cache(maxsize=512)
def _cached_parse_and_validate(schema, query: str):
    return _parse_and_validate(schema, query)


def _parse_and_validate(schema, query: str):
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, [error], None
    errors = validate(schema, document)
    return document, errors, None if errors else DocumentLimits(document)


class GraphQLView(BaseGraphQLView):
    graphiql = True

    def __init__(self, **kwargs):
        kwargs.setdefault("middleware", [EnumValuesMiddleware()])
        super().__init__(**kwargs)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        schema = self.schema.graphql_schema
        document, errors, limits = parsed_and_validated(schema, query)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        operation = get_operation_ast(document, operation_name)
        if request.method.lower() == "get" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseNotAllowed(["POST"], "Can only perform a query operation from a GET request."))
        variables = variables if isinstance(variables, dict) else {}
        # Limits may need the variables (``first: $n``), so they are checked per request.
        errors = limits.errors(variables)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        request._graphql_batches = []
        try:
            return execute(
                schema, document, root_value=self.get_root_value(request), context_value=self.get_context(request),
                variable_values=variables, operation_name=operation_name, middleware=self.get_middleware(request),
            )
        except Exception as error:  # reported as a GraphQL error, never a 500
            return ExecutionResult(errors=[error])
        finally:
            release_batches(request)

    def dispatch(self, request, *args, **kwargs):
        self.graphiql = settings.GRAPHQL_PLAYGROUND_ENABLED
        authenticate_request(request)
        response = super().dispatch(request, *args, **kwargs)
        set_auth_cookies(request, response)
        return response

    @staticmethod
    def format_error(error):
        if not isinstance(error, GraphQLError):
            error = GraphQLError(str(error), original_error=error)
        code = error_code(error)
        formatted = error.formatted
        if code == "INTERNAL_ERROR":
            logger.error("GraphQL resolver failed", exc_info=error.original_error)
            if not settings.DEBUG:
                formatted["message"] = "Internal Server Error"
        exception = {"code": code}
        field = getattr(error.original_error, "field", None) or getattr(error, "field", None)
        if field:
            exception["field"] = field
        formatted["extensions"] = {**(formatted.get("extensions") or {}), "exception": exception}
        return formatted
