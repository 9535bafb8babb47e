"""Use cases: each runs in one transaction, writes its audit rows, and says what changed."""
