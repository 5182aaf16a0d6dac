"""Kinds of notification: what a user chooses how to receive (inbox, e-mail, daily digest).

Every message of the catalogue (messages.MESSAGES) names its kind. The Secretariat decides
which kinds nobody may switch off (a user may still choose the digest for them, never
"inbox only")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Message:
    """One message of the catalogue: a subject and a body, whole sentences with %(name)s."""

    subject: Promise
    body: Promise
    #: The kind of event (KINDS below): what a user chooses how to receive.
    kind: str = "deadline"


@dataclass(frozen=True, slots=True)
class Kind:
    name: Promise
    #: Shown beside the choice: what such a notification tells.
    description: Promise


KINDS: dict[str, Kind] = {
    "deadline": Kind(_("Deadlines ahead"), _("A step you must take is due soon.")),
    "overdue": Kind(_("Overdue steps"), _("A step you must take is past its deadline.")),
    "initiative": Kind(
        _("Initiatives"), _("An initiative names your delegation, or an initiator withdrew.")
    ),
    "registered": Kind(
        _("Requests registered"), _("An appeal or letters were registered, a meeting convened.")
    ),
    "refused": Kind(
        _("Refusals and cancellations"),
        _("A meeting was refused, cancelled or closed, with the reason given."),
    ),
    "consent": Kind(_("Consent and replies"), _("Your consent or reply is asked, or relayed.")),
    "agenda": Kind(_("Agendas"), _("An agenda was circulated or changed.")),
    "documents": Kind(_("Documents"), _("Documents were circulated for a meeting.")),
    "signature": Kind(_("Signatures"), _("Minutes await your signature.")),
    "minutes": Kind(_("Minutes"), _("Minutes were distributed.")),
    "copy": Kind(_("Certified copies"), _("A certified copy was handed to your delegation.")),
    "task": Kind(_("Tasks under decisions"), _("A task under a decision concerns you.")),
    "comment": Kind(_("Comments"), _("A comment of yours was answered.")),
}
