"""GraphQL layer of oem_orders: types and mutations arrive with the app's issue."""
