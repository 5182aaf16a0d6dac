"""Template filters of the meetings pages and the site's navigation."""

from __future__ import annotations

from typing import Any

from django import template

from secretariat.accounts.models import User
from secretariat.core.lang import current_lang
from secretariat.meetings.subjects import subject_in

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    """Whether ``user`` may do ``action`` (roles.yaml): ``{% if user|can:"meetings.view" %}``."""
    return isinstance(user, User) and user.is_authenticated and user.can(action)


@register.filter
def subject(meeting: Any) -> Any:
    """The meeting's subject in the active language, or another language's marked pending
    (``meetings.subjects.InLanguage``), or None: ``{% with s=meeting|subject %}``."""
    return subject_in(meeting, current_lang())
