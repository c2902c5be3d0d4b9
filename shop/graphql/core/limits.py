"""Query depth and cost limits, checked during validation (before anything executes).

Cost: every field costs 1; a field whose ``first`` / ``last`` argument asks for
n items multiplies the cost of what it selects by n.  Introspection fields are
free.  Depth: the longest chain of nested selections, introspection excluded.
"""

from __future__ import annotations

from django.conf import settings
from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
    Visitor,
    visit,
)
from graphql.language import IntValueNode, VariableNode

from .errors import QueryCostError, QueryDepthError


def _page_size(node: FieldNode, variables: dict) -> int:
    for arg in node.arguments or []:
        if arg.name.value in ("first", "last"):
            value = arg.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                var = variables.get(value.name.value)
                if isinstance(var, int):
                    return max(var, 1)
    return 1


class _Measure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: dict):
        self.fragments = fragments
        self.variables = variables

    def selections(self, selection_set, seen: frozenset = frozenset()):
        for sel in selection_set.selections if selection_set else []:
            if isinstance(sel, FieldNode):
                if not sel.name.value.startswith("__"):
                    yield sel
            elif isinstance(sel, InlineFragmentNode):
                yield from self.selections(sel.selection_set, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name in self.fragments and name not in seen:
                    yield from self.selections(self.fragments[name].selection_set, seen | {name})

    def cost(self, selection_set) -> int:
        total = 0
        for field in self.selections(selection_set):
            total += 1 + _page_size(field, self.variables) * self.cost(field.selection_set)
        return total

    def depth(self, selection_set) -> int:
        return max((1 + self.depth(f.selection_set) for f in self.selections(selection_set)), default=0)


def limit_errors(document: DocumentNode, variables: dict | None = None) -> list[GraphQLError]:
    """Depth and cost errors of every operation of the document (none when within limits)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    measure = _Measure(fragments, variables or {})
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        depth = measure.depth(definition.selection_set)
        if depth > settings.GRAPHQL_QUERY_MAX_DEPTH:
            errors.append(
                QueryDepthError(
                    f"The query exceeds the maximum depth: {depth} > {settings.GRAPHQL_QUERY_MAX_DEPTH}.",
                    nodes=[definition],
                )
            )
            continue
        cost = measure.cost(definition.selection_set)
        if cost > settings.GRAPHQL_QUERY_MAX_COMPLEXITY:
            errors.append(
                QueryCostError(
                    f"The query exceeds the maximum cost: {cost} > {settings.GRAPHQL_QUERY_MAX_COMPLEXITY}.",
                    nodes=[definition],
                )
            )
    return errors


def _page_size_variables(document: DocumentNode) -> set[str]:
    """Names of the variables that give a ``first`` / ``last`` anywhere in the document."""
    names: set[str] = set()

    class Finder(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args):
            if node.name.value in ("first", "last") and isinstance(node.value, VariableNode):
                names.add(node.value.name.value)

    visit(document, Finder())
    return names


class DocumentLimits:
    """The query limits of one parsed document, measured once.

    The depth never depends on the variables, the cost only through page sizes
    given as variables: a document without such variables within its limits is
    within them for every request, so only the others are measured again per
    request (with that request's variables).
    """

    def __init__(self, document: DocumentNode):
        self.document = document
        self.page_size_variables = _page_size_variables(document)
        self.always_within = not self.page_size_variables and not limit_errors(document)

    def errors(self, variables: dict | None) -> list[GraphQLError]:
        if self.always_within:
            return []
        return limit_errors(self.document, variables)


def limits_rule(variables: dict | None = None):
    """A validation rule class bound to the request's variables."""

    class QueryLimitsRule(ValidationRule):
        def enter_document(self, node, *_args):
            for error in limit_errors(node, variables):
                self.report_error(error)

    return QueryLimitsRule
