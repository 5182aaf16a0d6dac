"""Template filters of the meetings pages and the site's navigation."""

from __future__ import annotations

from typing import Any

from django import template

from secretariat.accounts.models import User

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    """Whether ``user`` may do ``action`` (roles.yaml): ``{% if user|can:"meetings.view" %}``."""
    return isinstance(user, User) and user.is_authenticated and user.can(action)
