"""JSON API of the meetings app."""

from secretariat.accounts.access import ActionRouter

router = ActionRouter(tags=["meetings"])
