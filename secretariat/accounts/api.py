"""JSON API of the accounts app."""

from secretariat.accounts.access import ActionRouter

router = ActionRouter(tags=["accounts"])
