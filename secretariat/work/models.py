"""What the start page ("My work") keeps of its own: each user's visits, so that it can say
what changed since the previous one."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Visit(models.Model):
    """A user's visits to the start page: when the current one started counting changes from.

    A visit ends after ``work.selectors.VISIT_GAP`` without a look at the page; the next one
    shows what changed since the previous visit's last look (``since``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_visit"
    )
    #: What "changed since my last visit" counts from during the current visit.
    since = models.DateTimeField()
    #: The last time the page was looked at.
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}: since {self.since:%Y-%m-%d %H:%M}"
