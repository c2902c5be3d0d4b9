"""GraphQL layer of fairtrade: types and mutations arrive with the app's issue."""
