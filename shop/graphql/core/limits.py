"""Query depth and cost limits, checked during validation (before anything executes).

Cost: every field costs 1; a field whose ``first`` / ``last`` argument asks for
n items multiplies the cost of what it selects by n.  Introspection fields are
free.  Depth: the longest chain of nested selections, introspection excluded.
"""

from __future__ import annotations

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
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


def limits_rule(variables: dict | None = None):
    """A validation rule class bound to the request's variables."""

    class QueryLimitsRule(ValidationRule):
        def enter_document(self, node, *_args):
            fragments = {d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)}
            measure = _Measure(fragments, variables or {})
            for definition in node.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                depth = measure.depth(definition.selection_set)
                if depth > settings.GRAPHQL_QUERY_MAX_DEPTH:
                    self.report_error(
                        QueryDepthError(
                            f"The query exceeds the maximum depth: {depth} > {settings.GRAPHQL_QUERY_MAX_DEPTH}.",
                            nodes=[definition],
                        )
                    )
                    continue
                cost = measure.cost(definition.selection_set)
                if cost > settings.GRAPHQL_QUERY_MAX_COMPLEXITY:
                    self.report_error(
                        QueryCostError(
                            f"The query exceeds the maximum cost: {cost} > {settings.GRAPHQL_QUERY_MAX_COMPLEXITY}.",
                            nodes=[definition],
                        )
                    )

    return QueryLimitsRule
