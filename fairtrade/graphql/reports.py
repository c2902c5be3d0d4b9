"""Fair trade GraphQL: reports."""

Queries = None
Mutations = None
TYPES: list = []
