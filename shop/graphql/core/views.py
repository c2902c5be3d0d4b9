"""The GraphQL endpoint: graphene-django's view with Saleor-style errors and query limits."""

from __future__ import annotations

import logging

from django.conf import settings
from graphene_django.views import GraphQLView as BaseGraphQLView
from graphql import GraphQLError, specified_rules

from .auth import authenticate_request, set_auth_cookies
from .batching import release_batches
from .errors import error_code
from .limits import limits_rule
from .middleware import EnumValuesMiddleware

logger = logging.getLogger(__name__)


class GraphQLView(BaseGraphQLView):
    graphiql = True

    def __init__(self, **kwargs):
        kwargs.setdefault("middleware", [EnumValuesMiddleware()])
        super().__init__(**kwargs)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        # Limits need the variables (``first: $n``), so the rule is bound per request.
        self.validation_rules = [*specified_rules, limits_rule(variables if isinstance(variables, dict) else {})]
        request._graphql_batches = []
        try:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
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
