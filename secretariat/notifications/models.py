"""Reminders (the due-table the worker processes), the in-app inbox and calendar feed tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import Delegation
from secretariat.core.tokens import SecretToken


class ReminderState(models.TextChoices):
    """Where a reminder is in its delivery; docs/notifications.md draws the machine."""

    PENDING = "pending", _("pending")
    CLAIMED = "claimed", _("claimed by a worker")
    #: In the inbox; the e-mail is being handed to SMTP (or was, when the worker died).
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")
    #: The worker died while handing the e-mail to SMTP: it may or may not have gone.
    UNCERTAIN = "uncertain", _("uncertain: check whether the e-mail went")
    #: Due while no worker ran, and a later reminder of the same deadline was due too: only
    #: that later one is delivered (kept as history, never sent).
    SUPERSEDED = "superseded", _("superseded by a later reminder")


class Reminder(models.Model):
    """One reminder to one person of one deadline, due at one moment."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    #: When to send it (08:00 in the Secretariat's time zone, N days before the deadline).
    due_at = models.DateTimeField(db_index=True)
    #: A key of notifications.messages.MESSAGES: the text is rendered at send time in the
    #: recipient's language.
    subject_code = models.CharField(max_length=60)
    #: Placeholders of the message; a value may be {"en":..., "ru":..., "zh":...}.
    params = models.JSONField(default=dict, blank=True)
    #: A path inside Secretariat (for example /meetings/12/).
    link = models.CharField(max_length=300, blank=True)
    #: The object the deadline belongs to.
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    #: The rule (regulation file) that sets the deadline, and the deadline it gave.
    rule_id = models.CharField(max_length=100)
    deadline = models.DateField()
    #: Days before the deadline (0: on the day); negative: days after it, an overdue reminder.
    lead_days = models.SmallIntegerField()
    #: Idempotency: scheduling the same reminder twice finds this row (see services.reminder_key).
    key = models.CharField(max_length=300, unique=True)
    state = models.CharField(
        max_length=12, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    #: The Message-ID of the e-mail, derived from the key (a duplicate is recognisable).
    message_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="notif_reminder_due"),
            models.Index(fields=["model_label", "object_id", "rule_id"], name="notif_reminder_obj"),
        ]

    def __str__(self) -> str:
        return f"{self.key} [{self.state}]"


class InboxMessage(models.Model):
    """A message in a user's in-app inbox, written in the user's language when delivered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    created = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    #: The reminder it delivers; one message per reminder, however often delivery is retried.
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbox_message"
    )
    #: The kind of event (kinds.KINDS): its name is shown beside the message.
    kind = models.CharField(max_length=30, default="deadline")
    #: The recipient chose the daily digest for this kind: the next digest e-mail lists it.
    digest_wanted = models.BooleanField(default=False)
    #: The digest e-mail that listed it (none yet, or never for other channels).
    digest = models.ForeignKey(
        "Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"], name="notif_inbox_user")]

    def __str__(self) -> str:
        return self.subject


class FeedScope(models.TextChoices):
    """What a private calendar feed holds (calendars/feeds.py says which meetings)."""

    USER = "user", _("your meetings and deadlines")
    DELEGATION = "delegation", _("your delegation's meetings and deadlines")


class FeedToken(SecretToken):
    """The secret of one private calendar feed URL. Only its SHA-256 digest is stored.

    The URL is shown once, when the token is made; a user who loses it makes a new one
    (which revokes the old). One active token per user and scope.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    scope = models.CharField(max_length=12, choices=FeedScope.choices)
    #: For a delegation feed: the user's delegation when the token was made. The feed stops
    #: answering if the user moves to another delegation.
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # prefix, digest, created, last_used (set by the feed itself on each fetch, without an
    # audit entry, as for API tokens) and revoked: core.tokens.SecretToken.

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope"],
                condition=models.Q(revoked__isnull=True),
                name="feed_token_one_active",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope="delegation", delegation__isnull=False)
                    | models.Q(scope="user", delegation__isnull=True)
                ),
                name="feed_token_delegation_iff_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.scope} feed ({self.prefix}…)"


class Channel(models.TextChoices):
    """How a user receives a kind of notification."""

    INBOX = "inbox", _("In the inbox only")
    EMAIL = "email", _("In the inbox and by e-mail at once")
    DIGEST = "digest", _("In the inbox at once and in a daily digest e-mail")


class Preference(models.Model):
    """A user's choice of channel for one kind of notification (none: e-mail at once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(max_length=30)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_preference_one"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} -> {self.channel}"


class KindPolicy(models.Model):
    """The Secretariat's word on a kind: mandatory kinds cannot be set to "inbox only"."""

    kind = models.CharField(max_length=30, unique=True)
    mandatory = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}{' (mandatory)' if self.mandatory else ''}"


class NotificationPolicy(models.Model):
    """The pace the Secretariat sets (one row; without it the settings' defaults apply)."""

    #: Days before a deadline when those who must act are reminded, e.g. "7,2,0".
    lead_days = models.CharField(max_length=60, default="7,2,0")
    #: After the deadline, an overdue reminder every this many days until the step is taken.
    overdue_every = models.PositiveSmallIntegerField(default=3)
    #: The hour (at the Secretariat's seat) when the daily digest goes out.
    digest_hour = models.PositiveSmallIntegerField(default=8)

    def __str__(self) -> str:
        return f"leads {self.lead_days}, overdue every {self.overdue_every} d"


class Digest(models.Model):
    """One daily digest e-mail to one user: the same delivery states as a reminder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    #: The day (at the Secretariat's seat) it is the digest of.
    day = models.DateField()
    #: "digest:<user id>:<day>": one per user and day, however often the worker runs.
    key = models.CharField(max_length=100, unique=True)
    due_at = models.DateTimeField(db_index=True)
    state = models.CharField(
        max_length=12, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "id"]

    def __str__(self) -> str:
        return f"{self.key} [{self.state}]"


class SentEmailState(models.TextChoices):
    SENT = "sent", _("sent")
    UNCERTAIN = "uncertain", _("uncertain: check whether the e-mail went")
    FAILED = "failed", _("failed")


class SentEmail(models.Model):
    """The log of every e-mail the worker handed to SMTP, one row per recipient and e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    kind = models.CharField(max_length=30)
    message_id = models.CharField(max_length=200)
    link = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=12, choices=SentEmailState.choices)
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject} [{self.state}]"
