"""What the Secretariat sets and each user chooses: the pace of reminders, the daily digest's
hour, the kinds nobody may switch off, and each user's channel per kind."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from secretariat.notifications.models import Channel, KindPolicy, NotificationPolicy, Preference

#: Overdue reminders every this many days, when the Secretariat has set nothing.
OVERDUE_EVERY = 3
#: The daily digest's hour at the Secretariat's seat, when the Secretariat has set nothing.
DIGEST_HOUR = 8


@dataclass(frozen=True, slots=True)
class Pace:
    lead_days: list[int]
    overdue_every: int
    digest_hour: int


def lead_days_parse(text: str) -> list[int]:
    """ "7, 2, 0" -> [7, 2, 0] (ValueError on anything else)."""
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part}, reverse=True)


def pace() -> Pace:
    """The Secretariat's policy row, or the settings' defaults when there is none."""
    row = NotificationPolicy.objects.order_by("pk").first()
    if row is None:
        return Pace(
            lead_days=sorted(
                {int(n) for n in settings.SECRETARIAT_REMINDER_LEAD_DAYS if int(n) >= 0},
                reverse=True,
            ),
            overdue_every=OVERDUE_EVERY,
            digest_hour=DIGEST_HOUR,
        )
    return Pace(
        lead_days=[n for n in lead_days_parse(row.lead_days) if n >= 0],
        overdue_every=max(int(row.overdue_every), 1),
        digest_hour=int(row.digest_hour),
    )


def mandatory_kinds() -> set[str]:
    return set(KindPolicy.objects.filter(mandatory=True).values_list("kind", flat=True))


def choices_of(user_id: int) -> dict[str, str]:
    """The user's chosen channel per kind (kinds not chosen are absent: e-mail at once)."""
    return dict(Preference.objects.filter(user_id=user_id).values_list("kind", "channel"))


def channel_of(user_id: int, kind: str) -> str:
    """How this user receives this kind now: their choice, never "inbox only" if mandatory."""
    chosen = Preference.objects.filter(user_id=user_id, kind=kind).values_list("channel", flat=True)
    channel = next(iter(chosen), Channel.EMAIL)
    if channel == Channel.INBOX and KindPolicy.objects.filter(kind=kind, mandatory=True).exists():
        return Channel.EMAIL
    return str(channel)
