"""The e-mails the worker sends: plain text and HTML, absolute links, RFC 3834 headers, and
the log of every e-mail (SentEmail) written in the commit that records the send."""

from __future__ import annotations

import hashlib
import smtplib
import socket
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.accounts.models import User
from secretariat.notifications.messages import absolute_link
from secretariat.notifications.models import Digest, Reminder, SentEmail


def message_id_for(prefix: str, key: str) -> str:
    """A Message-ID derived from a key: the same reminder or digest, the same id."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "secretariat.local"
    return f"<{prefix}.{digest}@{domain}>"


#: The SMTP server answered "no": the message was certainly not accepted, so retrying
#: cannot send it twice.
DEFINITE_REFUSALS: tuple[type[BaseException], ...] = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    ConnectionRefusedError,
    socket.gaierror,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One notification listed in an e-mail: its subject, text and absolute link."""

    subject: str
    body: str
    link: str


def preferences_url(language: str) -> str:
    with translation.override(language):
        path = reverse("notifications:preferences")
    # reverse() already adds the language prefix; absolute_link adds only the base.
    base = str(getattr(settings, "SECRETARIAT_BASE_URL", "")).rstrip("/")
    return f"{base}{path}"


def email_build(
    *,
    user: User,
    subject: str,
    language: str,
    entries: list[Entry],
    intro: str = "",
    message_id: str,
) -> EmailMultiAlternatives:
    """An e-mail in ``language``: the plain text, an HTML part, and the footer saying why."""
    with translation.override(language):
        why = _(
            "You receive this e-mail because of your notification choices. Change them: %(url)s"
        ) % {"url": preferences_url(language)}
        open_label = _("Open in the Secretariat")
        text_parts = [intro] if intro else []
        text_parts += [e.body if len(entries) == 1 else f"{e.subject}\n{e.body}" for e in entries]
        text = "\n\n".join(text_parts) + f"\n\n-- \n{why}\n"
        html = render_to_string(
            "notifications/email/message.html",
            {
                "language": language,
                "subject": subject,
                "intro": intro,
                "entries": entries,
                "single": len(entries) == 1,
                "open_label": open_label,
                "preferences_url": preferences_url(language),
            },
        )
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "Message-ID": message_id,
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def entry_of(*, subject: str, body: str, link: str, language: str) -> Entry:
    return Entry(subject=subject, body=body, link=absolute_link(link, language))


def sent_log(
    *,
    user: User,
    subject: str,
    kind: str,
    message_id: str,
    link: str,
    state: str,
    reminder: Reminder | None = None,
    digest: Digest | None = None,
) -> SentEmail:
    """Log one e-mail to one recipient (call inside the commit that records its state)."""
    return SentEmail.objects.create(
        recipient=user,
        address=user.email,
        subject=subject[:300],
        kind=kind,
        message_id=message_id,
        link=absolute_link(link, user.language)[:500] if link else "",
        sent_at=timezone.now(),
        state=state,
        reminder=reminder,
        digest=digest,
    )
