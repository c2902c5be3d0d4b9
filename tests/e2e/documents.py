"""The storefront's operation documents (tests/operations/storefront), by operation name.

Each document is sent with only the fragments it spreads (transitively), as a
storefront's build step would bundle them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, print_ast
from graphql.language import DocumentNode, FragmentSpreadNode, visit
from graphql.language.visitor import Visitor

FOLDER = Path(__file__).resolve().parents[1] / "operations" / "storefront"


@cache
def _definitions():
    operations, fragments = {}, {}
    for path in sorted(FOLDER.glob("*.graphql")):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations[definition.name.value] = definition
            elif isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = definition
    return operations, fragments


def _spreads(node) -> set[str]:
    names: set[str] = set()

    class Collect(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_):
            names.add(spread.name.value)

    visit(node, Collect())
    return names


def document(operation_name: str) -> str:
    operations, fragments = _definitions()
    operation = operations[operation_name]
    needed, pending = set(), list(_spreads(operation))
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending.extend(_spreads(fragments[name]))
    return print_ast(DocumentNode(definitions=[operation, *(fragments[n] for n in sorted(needed))]))
