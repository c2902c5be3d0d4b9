"""Fair trade GraphQL: transparency."""

Queries = None
Mutations = None
TYPES: list = []
