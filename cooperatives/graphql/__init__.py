"""GraphQL layer of cooperatives: types and mutations arrive with the app's issue."""
