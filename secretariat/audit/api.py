"""JSON API of the audit app."""

from secretariat.accounts.access import ActionRouter

router = ActionRouter(tags=["audit"])
