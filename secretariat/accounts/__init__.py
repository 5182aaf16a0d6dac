"""Who may do what: users, delegations, roles, permissions and API tokens."""
