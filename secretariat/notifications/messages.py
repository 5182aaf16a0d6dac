"""The message catalogue of reminders: whole sentences, translated through gettext.

Each subject code has a subject and a body with %(name)s placeholders. ``due`` (the
deadline, formatted for the recipient's language) and ``link`` are always supplied; the
others come from the reminder's params.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from secretariat.core.errors import InvalidInputError
from secretariat.core.lang import path_in_language
from secretariat.notifications.event_messages import EVENT_MESSAGES
from secretariat.notifications.kinds import Message
from secretariat.procedure.rules import cited_ids
from secretariat.procedure.text import Text

MESSAGES: dict[str, Message] = {
    # Before the deadline (lead days 7, 2, ...): how many days are left, as a whole sentence;
    # the step's action is a sentence of its own, so it is quoted, never made a subject.
    "deadline": Message(
        subject=_("Due on %(due)s: %(action)s (%(rule)s)"),
        body=ngettext_lazy(
            "Reminder: %(left)s day is left until the deadline, %(due)s, for the step "
            "«%(action)s» (%(rule)s).\n\nDetails: %(link)s",
            "Reminder: %(left)s days are left until the deadline, %(due)s, for the step "
            "«%(action)s» (%(rule)s).\n\nDetails: %(link)s",
            "left",
        ),
    ),
    # On the deadline's own day (lead day 0).
    "deadline_today": Message(
        subject=_("Due today, %(due)s: %(action)s (%(rule)s)"),
        body=_(
            "Reminder: today, %(due)s, is the last day for the step «%(action)s» "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # Past the deadline, every few days until the step is taken (services.overdue_next).
    "overdue": Message(
        kind="overdue",
        subject=ngettext_lazy(
            "Overdue by %(days)s day: %(action)s (%(rule)s)",
            "Overdue by %(days)s days: %(action)s (%(rule)s)",
            "days",
        ),
        body=ngettext_lazy(
            "Reminder: the deadline for the step «%(action)s» (%(rule)s) was %(due)s. "
            "The step is %(days)s day overdue and still to be done; you will be reminded "
            "until it is.\n\nDetails: %(link)s",
            "Reminder: the deadline for the step «%(action)s» (%(rule)s) was %(due)s. "
            "The step is %(days)s days overdue and still to be done; you will be reminded "
            "until it is.\n\nDetails: %(link)s",
            "days",
        ),
    ),
    # A meeting refused, cancelled or closed for want of consent, with the reason given
    # (meetings.notices): told to its initiators and, once it was known, to every member.
    "meeting_stopped": Message(
        kind="refused",
        subject=_("%(step)s: %(meeting)s"),
        body=_(
            "%(step)s — %(meeting)s. The reason given: «%(reason)s» (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # A delegation named as a co-initiator: it counts only once it joins itself.
    "initiative_named": Message(
        kind="initiative",
        subject=_("Your delegation is named as an initiator: %(meeting)s"),
        body=_(
            "%(opener)s has opened an initiative for %(meeting)s and named your delegation "
            "as a co-initiator. Your delegation counts only once it joins the initiative "
            "itself, with the day it sends its appeal or letter (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # An initiator withdrew, with its reason: told to the other initiators.
    "initiative_withdrawn": Message(
        kind="initiative",
        subject=_("%(delegation)s withdrew from the initiative: %(meeting)s"),
        body=_(
            "%(delegation)s withdrew from the initiative for %(meeting)s. The reason given: "
            "«%(reason)s» (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # The national parts' replies brought to the Board members (meetings.services.replies).
    "replies_relayed": Message(
        kind="consent",
        subject=_("Replies of the national parts: %(meeting)s"),
        body=_(
            "The Secretariat of the Business Council brings to your attention the replies "
            "of the national parts on %(meeting)s (%(rule)s).\n\n%(replies)s\n\n"
            "Details: %(link)s"
        ),
    ),
}


# Events of the procedures (meetings, documents, the depositary, decisions) have their own
# catalogue; one dictionary is looked up.
MESSAGES.update(EVENT_MESSAGES)


@dataclass(frozen=True, slots=True)
class Rendered:
    language: str
    subject: str
    body: str


def message_check(subject_code: str) -> None:
    """Refuse a subject code the catalogue does not have."""
    if subject_code not in MESSAGES:
        raise InvalidInputError(
            _("Unknown reminder message: %(subject_code)s."),
            code="unknown_message",
            subject_code=subject_code,
        )


def _param(value: Any, language: str) -> str:
    """A parameter in ``language``: trilingual values are dicts keyed en/ru/zh."""
    if isinstance(value, Text):
        value = value.as_dict()
    if isinstance(value, dict):
        short = "zh" if language.startswith("zh") else language
        return str(value.get(short) or value.get(language) or value.get("en") or "")
    return str(value)


def language_prefix(language: str) -> str:
    """The URL prefix of a language (config/urls.py: none for the default language)."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def absolute_link(link: str, language: str) -> str:
    """``link`` (a path such as /meetings/12/) as a full URL in ``language``'s pages."""
    if not link:
        return ""
    if not link.startswith("/"):
        return link
    base = str(getattr(settings, "SECRETARIAT_BASE_URL", "")).rstrip("/")
    # A link written while a Russian page was served already has /ru/: moved, not doubled.
    return f"{base}{path_in_language(link, language)}"


def message_render(
    *, subject_code: str, params: dict[str, Any], deadline: Any, link: str, language: str
) -> Rendered:
    """The reminder's subject and body in ``language`` (links absolute, in its pages)."""
    message = MESSAGES[subject_code]
    left = (deadline - seat_today()).days if deadline else 0
    if subject_code == "deadline" and left <= 0:
        # The deadline's own day has a sentence of its own ("today is the last day").
        message = MESSAGES["deadline_today"]
    with translation.override(language):
        values: dict[str, Any] = {k: _param(v, language) for k, v in params.items()}
        if "rule" in params:
            # A reminder keeps the rules' ids; its sentence cites them by document and paragraph.
            values["rule"] = _param(cited_ids(params["rule"]), language)
        values["due"] = formats.date_format(deadline, "DATE_FORMAT")
        values["link"] = absolute_link(link, language)
        values["days"] = max(-left, 0)
        values["left"] = max(left, 0)
        values.setdefault("action", "")
        values.setdefault("rule", "")
        return Rendered(
            language=translation.get_language() or language,
            subject=str(message.subject % values),
            body=str(message.body % values),
        )


def seat_today() -> dt.date:
    """Today at the Secretariat's seat."""
    return timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE)).date()
