"""portal pages of fair trade."""
