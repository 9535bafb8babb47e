"""The work itself, in plain Python: records, rules and calculations. No Qt, no SQL."""
