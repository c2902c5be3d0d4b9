"""Fair trade GraphQL: terms."""

Queries = None
Mutations = None
TYPES: list = []
