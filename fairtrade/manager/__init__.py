"""manager pages of fair trade."""
