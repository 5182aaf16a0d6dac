"""The daily digest: one e-mail per user and day listing the notifications of the kinds the
user chose to receive so (inbox at once, e-mail once a day).

At the Secretariat's digest hour (pace.digest_hour, at settings.TIME_ZONE) the worker writes
one Digest row per user with waiting messages, and attaches them, in one commit; then the
row goes through the reminders' states (claimed, sending, sent; uncertain when the worker
dies mid-send, never resent), with a Message-ID derived from its key "digest:<user>:<day>".
"""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from secretariat.notifications.emails import (
    DEFINITE_REFUSALS,
    email_build,
    entry_of,
    message_id_for,
    sent_log,
)
from secretariat.notifications.models import (
    Digest,
    InboxMessage,
    ReminderState,
    SentEmailState,
)
from secretariat.notifications.pace import pace

if TYPE_CHECKING:
    from secretariat.notifications.worker import Worker


def digest_cutoff(now: dt.datetime) -> dt.datetime:
    """The latest digest time not after ``now`` (the digest hour today, or yesterday's)."""
    seat = ZoneInfo(settings.TIME_ZONE)
    local = timezone.localtime(now, seat)
    cutoff = dt.datetime.combine(local.date(), dt.time(pace().digest_hour), tzinfo=seat)
    return cutoff if cutoff <= local else cutoff - dt.timedelta(days=1)


def digests_build(now: dt.datetime) -> int:
    """Write the digests due now, each with its messages, one commit per user."""
    cutoff = digest_cutoff(now)
    day = cutoff.date()
    waiting = InboxMessage.objects.filter(
        digest_wanted=True, digest__isnull=True, created__lt=cutoff
    )
    made = 0
    for user_id in set(waiting.values_list("user_id", flat=True)):
        with transaction.atomic():
            row, _created = Digest.objects.get_or_create(
                key=f"digest:{user_id}:{day.isoformat()}",
                defaults={"user_id": user_id, "day": day, "due_at": cutoff},
            )
            if row.state != ReminderState.PENDING:
                continue  # today's went already: these wait for tomorrow's
            for message in waiting.filter(user_id=user_id):
                message.digest = row
                message.save(update_fields=["digest"])
            made += 1
    return made


def digests_run(worker: Worker) -> int:
    """Build the digests due, then claim and deliver them; return how many were handled."""
    now = timezone.now()
    digests_build(now)
    handled = 0
    while not worker.stop.is_set():
        with transaction.atomic():
            rows = worker.claim_due(Digest.objects.select_related("user"), now)
        if not rows:
            break
        for row in rows:
            digest_deliver(worker, row)
            handled += 1
    return handled


def _subject(digest: Digest, count: int) -> str:
    return ngettext(
        "Your daily digest: %(count)s notification",
        "Your daily digest: %(count)s notifications",
        count,
    ) % {"count": count}


def digest_deliver(worker: Worker, digest: Digest) -> str:
    user = digest.user
    messages = list(InboxMessage.objects.filter(digest=digest).order_by("created", "id"))
    language = user.language
    with translation.override(language):
        subject = _subject(digest, len(messages))
        intro = _("The notifications you chose to receive once a day, since the last digest:")
    with transaction.atomic():
        digest.state = ReminderState.SENDING
        digest.message_id = message_id_for("digest", digest.key)
        digest.save(update_fields=["state", "message_id"])
    if messages and user.email:
        email = email_build(
            user=user,
            subject=subject,
            language=language,
            intro=intro,
            entries=[
                entry_of(subject=m.subject, body=m.body, link=m.link, language=language)
                for m in messages
            ],
            message_id=digest.message_id,
        )
        try:
            email.send(fail_silently=False)
        except DEFINITE_REFUSALS as exc:
            return worker._refused(digest, exc)  # the worker's own settling
        except (smtplib.SMTPException, OSError) as exc:
            return worker._settle(digest, ReminderState.UNCERTAIN, f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        digest.state = ReminderState.SENT
        digest.sent_at = timezone.now()
        digest.last_error = ""
        digest.save(update_fields=["state", "sent_at", "last_error"])
        if messages and user.email:
            sent_log(
                user=user,
                subject=subject,
                kind="digest",
                message_id=digest.message_id,
                link="",
                state=SentEmailState.SENT,
                digest=digest,
            )
    return str(digest.state)


def digest_log(digest: Digest, state: str) -> None:
    """Log a digest e-mail that may have gone (uncertain) or was given up (failed)."""
    count = InboxMessage.objects.filter(digest=digest).count()
    with translation.override(digest.user.language):
        subject = _subject(digest, count)
    sent_log(
        user=digest.user,
        subject=subject,
        kind="digest",
        message_id=digest.message_id,
        link="",
        state=state,
        digest=digest,
    )
