"""The GraphQL endpoint: graphene-django's view with Saleor-style errors and query limits.

File uploads follow the GraphQL multipart request spec, as Saleor's do: a
``multipart/form-data`` POST with ``operations`` (the JSON request, files set to
null), ``map`` (``{"<part>": ["variables.<path>", ...]}``) and one form part per
file; the view puts each file into the variables where the map says (``Upload``).
"""

from __future__ import annotations

import json
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


def _bad_request(message: str) -> HttpError:
    return HttpError(HttpResponseBadRequest(message))


def multipart_operation(post, files) -> dict:
    """The operation of a multipart request, with the uploaded files put into its variables.

    Malformed ``operations`` or ``map`` (not JSON, unknown parts, paths that do not
    lead to a null inside ``variables``) answer 400.  One operation per request.
    """
    try:
        operation = json.loads(post["operations"])
        mapping = json.loads(post.get("map") or "{}")
    except (TypeError, ValueError):
        raise _bad_request("The multipart fields operations and map must be JSON.") from None
    if not isinstance(operation, dict):
        raise _bad_request("Send one operation per multipart request.")
    if not isinstance(mapping, dict) or not all(
        isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths) for paths in mapping.values()
    ):
        raise _bad_request('The multipart map must be {"<part>": ["variables.<path>", ...]}.')
    for part, paths in mapping.items():
        if part not in files:
            raise _bad_request(f"The map names the file part {part!r}, which was not sent.")
        for path in paths:
            _put(operation, path, files[part])
    return operation


def _put(operation: dict, path: str, file) -> None:
    keys = path.split(".")
    if len(keys) < 2 or keys[0] != "variables":
        raise _bad_request(f"Map path {path!r} must point into the variables.")
    target = operation
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(target, list):
            if not key.isdigit() or int(key) >= len(target):
                raise _bad_request(f"Map path {path!r} does not match the variables.")
            key = int(key)
        elif not isinstance(target, dict) or key not in target:
            raise _bad_request(f"Map path {path!r} does not match the variables.")
        if last:
            if target[key] is not None:
                raise _bad_request(f"Map path {path!r} must point at a null (the file's place).")
            target[key] = file
        else:
            target = target[key]


class GraphQLView(BaseGraphQLView):
    graphiql = True

    def __init__(self, **kwargs):
        kwargs.setdefault("middleware", [EnumValuesMiddleware()])
        super().__init__(**kwargs)

    def parse_body(self, request):
        if self.get_content_type(request) == "multipart/form-data" and "operations" in request.POST:
            return multipart_operation(request.POST, request.FILES)
        return super().parse_body(request)

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
