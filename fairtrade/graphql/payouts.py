"""Fair trade GraphQL: payouts."""

Queries = None
Mutations = None
TYPES: list = []
