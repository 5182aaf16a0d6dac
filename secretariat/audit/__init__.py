"""The append-only, hash-chained log of every write, and its verification."""
