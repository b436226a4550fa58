"""Business rules as plain verb_noun functions; they flush but never commit."""
