"""The floors bench/meetings.py measures the meeting page and API against.

Mounted at /bench-floor/ only when ``SECRETARIAT_BENCH_FLOOR`` is set outside production
(config/urls.py). Two endpoints on the same server stack as every page: a constant JSON
answer, and the meeting with its agenda items and their positions read in two queries,
with no permission check, no rules engine and no template.
"""
