"""REST plumbing: the Django Ninja API object and its error mapping."""
