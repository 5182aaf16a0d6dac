"""Telling those concerned, in their own language, what concerns them in a meeting's procedure.

Who is told what is data beside the workflow (procedure/regulations/notifications.yaml, read
by procedure.notices): for each step (``step_told``, called by services.lifecycle.take for
every step taken) and each fact recorded beside the steps (``record_told``: a delegation
joined, a consent, a reply, a signature, a copy of the minutes sent), the audiences told and
the message. An audience is an actor of actors.yaml (recipients.actor_filter) or a named one
(``audience_filter``); it resolves to active users.

Each notice goes through the notifications outbox (``notify``), written in the same
transaction as the step, so a refused or rolled-back step tells no one, and keyed by the step's
row (or the record's), so telling twice tells once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.core.lang import names_of
from secretariat.meetings.facts import (
    joined_initiatives,
    minutes_recipients,
    part_states,
    secretariat_kind,
)
from secretariat.meetings.models import (
    Consent,
    ConsentAnswer,
    Initiative,
    Meeting,
    MeetingTransition,
    MinutesDistribution,
    MinutesSignature,
    PartReply,
)
from secretariat.meetings.recipients import actor_filter, deadline_reminders_sync, who_may_see
from secretariat.meetings.replies_read import reply_due, reply_rules
from secretariat.notifications.services import notify
from secretariat.procedure.notices import Notice, notices
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import LANGS
from secretariat.procedure.workflows import Transition, workflows
from secretariat.registry.reference import reference

#: What the notices are filed under (the notifications' object label).
NOTICE_LABEL = "meetings.notice"

#: The guard that counts the initiators (procedure.workflows).
INITIATORS_GUARD = "enough_initiators"


def _titles(meeting: Meeting) -> dict[str, str]:
    return {lang: str(getattr(meeting, f"title_{lang}") or meeting.title_en) for lang in LANGS}


def _names(delegation: Delegation) -> dict[str, str]:
    name = names_of(delegation)
    return {lang: name[lang] for lang in LANGS}


def day_text(day: dt.date) -> dict[str, str]:
    """A day as each language writes it (6 December 2026, 6 декабря 2026 г., 2026年12月6日)."""
    out: dict[str, str] = {}
    for lang in LANGS:
        with translation.override("zh-hans" if lang == "zh" else lang):
            out[lang] = str(formats.date_format(day, "DATE_FORMAT"))
    return out


# --- audiences --------------------------------------------------------------------------------


def _delegations_q(delegations: Iterable[Delegation | int]) -> Q:
    ids = [d if isinstance(d, int) else d.pk for d in delegations]
    return Q(delegation_id__in=ids)


def audience_filter(
    meeting: Meeting, audience: str, addressee: Delegation | None = None
) -> Q | None:
    """The users (a filter on User) of ``audience`` in ``meeting``; None for nobody.

    The named audiences (notifications.yaml ``audiences``): ``initiators`` (joined, not
    withdrawn), ``named`` (named, not yet joined), ``members`` (every member delegation of the
    body), ``consenting`` (the members whose consent is asked), ``signatories`` (the
    delegations that must sign the minutes and have not), ``minutes_recipients``,
    ``serving_secretariat`` and ``addressee`` (the delegation a record is about). Any other
    is an actor of actors.yaml (recipients.actor_filter)."""
    if audience == "initiators":
        return _delegations_q(i.delegation_id for i in joined_initiatives(meeting))
    if audience == "named":
        rows = meeting.initiatives.filter(joined_at__isnull=True, withdrawn_at__isnull=True)
        return _delegations_q(rows.values_list("delegation_id", flat=True))
    if audience in ("members", "minutes_recipients"):
        return _delegations_q(minutes_recipients(meeting))
    if audience == "consenting":
        joined = {i.delegation_id for i in joined_initiatives(meeting)}
        asked = meeting.consents.values_list("delegation_id", flat=True)
        return _delegations_q(d for d in asked if d not in joined)
    if audience == "signatories":
        signed = meeting.signatures.values_list("delegation_id", flat=True)
        parts = Delegation.objects.filter(
            kind=DelegationKind.NATIONAL_PART, state__code__in=part_states(reference())
        ).exclude(pk__in=list(signed))
        return _delegations_q(parts)
    if audience == "serving_secretariat":
        kind = secretariat_kind(meeting)
        if kind == DelegationKind.SCO_SECRETARIAT:
            return actor_filter(meeting, "secretariat")
        return Q(delegation__kind=kind)
    if audience == "addressee":
        return _delegations_q([addressee]) if addressee is not None else None
    return actor_filter(meeting, audience)


def audience_users(
    meeting: Meeting,
    audiences: Iterable[str],
    *,
    addressee: Delegation | None = None,
    exclude: Iterable[Delegation] = (),
) -> list[User]:
    """The active users of every audience, once each, without those of ``exclude`` (the
    delegation whose own act the event records)."""
    where: Q | None = None
    for audience in audiences:
        found = audience_filter(meeting, audience, addressee)
        if found is not None:
            where = found if where is None else where | found
    if where is None:
        return []
    rows = User.objects.filter(where, is_active=True)
    skip = [d.pk for d in exclude]
    if skip:
        rows = rows.exclude(delegation_id__in=skip)
    return who_may_see(meeting, list(rows.distinct().order_by("pk")))


# --- telling ----------------------------------------------------------------------------------


def _tell(
    meeting: Meeting,
    notice: Notice,
    key: str,
    params: Mapping[str, Any],
    *,
    addressee: Delegation | None = None,
    exclude: Iterable[Delegation] = (),
) -> int:
    users = audience_users(meeting, notice.audiences, addressee=addressee, exclude=exclude)
    if not users:
        return 0
    rule = str(params.get("rule", ""))
    notify(
        about=f"{NOTICE_LABEL}:{meeting.pk}",
        key=key,
        recipients=users,
        subject_code=notice.message,
        params={"meeting": _titles(meeting), **params},
        link=f"/meetings/{meeting.pk}/",
        rule_id=rule[:100],  # the column's width; the params keep every rule
    )
    return len(users)


def step_told(meeting: Meeting, transition: Transition, row: MeetingTransition) -> int:
    """Tell whom notifications.yaml names of the step just taken (``row``); how many users.

    A step ending the meeting carries the reason given and the step's name; every step its
    day (the acting seat's) and its rules."""
    if meeting.extraordinary and not meeting.transitions.exclude(pk=row.pk).exists():
        # The first step makes an initiative known to every member (unless it refused it):
        # the deadlines' reminders now reach everyone who must act, not only the initiators.
        deadline_reminders_sync(meeting, list(meeting.deadlines.all()))
    notice = notices(rulebook()).for_step(meeting.kind, transition.event)
    if notice is None:
        return 0
    params: dict[str, Any] = {
        "rule": ", ".join(transition.rules),
        "day": day_text(row.on or meeting.date_start),
        "step": {lang: transition.name[lang] for lang in LANGS},
        "reason": row.reason,
    }
    if notice.message == "opinion_asked":
        params.update(_reply_due(meeting))
    return _tell(meeting, notice, f"step:{row.pk}", params)


def _reply_due(meeting: Meeting) -> dict[str, Any]:
    """The day the national parts must reply by, and its rule (BCB-EXTRA-REPLY-10D)."""
    due = reply_due(meeting)
    rules = reply_rules(meeting)
    return {
        "reply_due": day_text(due) if due else "",
        "rule": ", ".join(rules) if rules else "",
    }


def record_told(
    meeting: Meeting,
    record: str,
    key: str,
    params: Mapping[str, Any],
    *,
    addressee: Delegation | None = None,
    actor: Delegation | None = None,
) -> int:
    """Tell whom notifications.yaml names of a fact recorded beside the steps (``record``:
    one of procedure.notices.RECORDS); ``actor``, the delegation whose own act it is, is not
    told. ``key`` makes the record unique in the meeting."""
    notice = notices(rulebook()).for_record(record)
    return _tell(
        meeting,
        notice,
        f"{record}:{key}",
        params,
        addressee=addressee,
        exclude=[actor] if actor is not None else [],
    )


# --- the records the services report ----------------------------------------------------------


def initiators_named(meeting: Meeting, opener: Delegation, named: Iterable[Delegation]) -> None:
    """Tell each delegation named as a co-initiator that it counts once it joins itself."""
    rules = ", ".join(_initiator_rules(meeting))
    for delegation in named:
        record_told(
            meeting,
            "initiative_named",
            str(delegation.pk),
            {"opener": _names(opener), "rule": rules},
            addressee=delegation,
        )


def initiator_joined(meeting: Meeting, row: Initiative) -> None:
    """Tell the other initiators (joined and named) that a delegation joined, with its day."""
    record_told(
        meeting,
        "initiative_joined",
        f"{row.pk}:{row.joined_at:%Y%m%d%H%M%S%f}",
        {
            "delegation": _names(row.delegation),
            "day": day_text(row.sent_on) if row.sent_on else "",
            "rule": ", ".join(_initiator_rules(meeting)),
        },
        actor=row.delegation,
    )


def initiator_withdrew(meeting: Meeting, row: Initiative) -> None:
    """Tell the other delegations named in the initiative that one withdrew, and why."""
    record_told(
        meeting,
        "initiative_withdrawn",
        f"{row.pk}:{row.withdrawn_at:%Y%m%d%H%M%S%f}",
        {
            "delegation": _names(row.delegation),
            "reason": row.reason,
            "rule": ", ".join(_initiator_rules(meeting)),
        },
        actor=row.delegation,
    )


def _initiator_rules(meeting: Meeting) -> list[str]:
    """The rules on initiators of the meeting's procedure: those of the step that counts them
    (the appeal's or letters' registration)."""
    workflow = workflows(rulebook()).get(meeting.kind)
    counting = next((t for t in workflow.transitions if INITIATORS_GUARD in t.guards), None)
    return list(counting.rules) if counting else []


def every_language(text: Promise | str) -> dict[str, str]:
    """A translatable text in each language (a choice's label, a lazy sentence)."""
    return _every_language(text)


def _every_language(text: Promise | str) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGS:
        with translation.override("zh-hans" if lang == "zh" else lang):
            out[lang] = str(text)
    return out


#: A member's answer on an extraordinary meeting, as the Secretariat is told it.
_ANSWERS: dict[str, Promise] = {
    ConsentAnswer.YES: _("it consents"),
    ConsentAnswer.NO: _("it does not consent"),
    ConsentAnswer.PENDING: _("its answer was withdrawn; it has not answered yet"),
}


def consent_recorded(meeting: Meeting, consent: Consent) -> None:
    """Tell the serving Secretariat a member's answer (each answer given is a new notice)."""
    record_told(
        meeting,
        "consent_recorded",
        f"{consent.pk}:{consent.answer}:{meeting.version}",
        {
            "delegation": _names(consent.delegation),
            "answer": _every_language(_ANSWERS[consent.answer]),
            "rule": ", ".join(_initiator_rules(meeting)),
        },
        actor=consent.delegation,
    )


def reply_recorded(meeting: Meeting, reply: PartReply, rules: Iterable[str]) -> None:
    """Tell the serving Secretariat a national part's reply was recorded (or amended)."""
    stamp = reply.amended_at or reply.created_at
    record_told(
        meeting,
        "reply_recorded",
        f"{reply.pk}:{stamp:%Y%m%d%H%M%S%f}",
        {
            "delegation": _names(reply.delegation),
            "day": day_text(reply.sent_on),
            "rule": ", ".join(rules),
        },
        actor=reply.delegation,
    )


def signature_recorded(meeting: Meeting, signature: MinutesSignature, rules: Iterable[str]) -> None:
    """Tell the serving Secretariat a delegation signed the minutes."""
    record_told(
        meeting,
        "signature_recorded",
        str(signature.pk),
        {
            "delegation": _names(signature.delegation),
            "day": day_text(timezone.localdate(signature.signed_at)),
            "rule": ", ".join(rules),
        },
    )


def minutes_sent(meeting: Meeting, sent: MinutesDistribution, rules: Iterable[str]) -> None:
    """Tell a recipient delegation its copy of the minutes was sent or handed over."""
    record_told(
        meeting,
        "minutes_sent",
        str(sent.pk),
        {"day": day_text(sent.sent_on), "rule": ", ".join(rules)},
        addressee=sent.delegation,
    )


# --- events of the other apps -----------------------------------------------------------------


def other_told(
    event: str,
    *,
    about: str,
    key: str,
    audiences: Mapping[str, Iterable[User]],
    params: Mapping[str, Any],
    link: str,
) -> int:
    """Tell whom notifications.yaml names of an event of another app (procedure.notices.OTHERS:
    documents circulated, a comment resolved, a copy dispatched, a task assigned). The app
    says who each of its audiences is (``audiences``: name -> users); the data says which of
    them are told and with which message. Returns how many users were told."""
    notice = notices(rulebook()).for_other(event)
    users: dict[int, User] = {}
    for audience in notice.audiences:
        for user in audiences.get(audience, ()):
            if user.is_active:
                users.setdefault(user.pk, user)
    if not users:
        return 0
    notify(
        about=about,
        key=f"{event}:{key}",
        recipients=[users[pk] for pk in sorted(users)],
        subject_code=notice.message,
        params=dict(params),
        link=link,
        rule_id=str(params.get("rule", ""))[:100],
    )
    return len(users)


def other_message(event: str) -> str:
    """The message code notifications.yaml gives an event of another app (for reminders)."""
    return notices(rulebook()).for_other(event).message


def titles_of(row: Any) -> dict[str, str]:
    """A row's title in each language (``title_en``, ``title_ru``, ``title_zh``)."""
    return {lang: str(getattr(row, f"title_{lang}", "") or row.title_en) for lang in LANGS}
