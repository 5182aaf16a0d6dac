"""Election observer missions: set up, members, report (SEC-MISSIONS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import DelegationKind, User
from secretariat.core.errors import refuse
from secretariat.core.locking import lock
from secretariat.registry.models import State
from secretariat.relations.models import ElectionKind, Mission, MissionMember
from secretariat.relations.services.inputs import choice, clean, required, texts

#: The largest mission report file taken, in bytes.
REPORT_FILE_LIMIT = 20 * 1024 * 1024


@transaction.atomic
def mission_create(
    *,
    kind: str,
    country: State,
    election_date: dt.date,
    date_start: dt.date,
    date_end: dt.date,
    by: User | None = None,
    is_demo: bool = False,
) -> Mission:
    """Set up an observer mission to a presidential or parliamentary election or a referendum."""
    cited = ("SEC-MISSIONS",)
    choice(kind, ElectionKind.values, "election_kind", cited)
    if date_end < date_start:
        raise refuse(
            "end_before_start", "relations.end_before_start", cited, start=date_start, end=date_end
        )
    if not date_start <= election_date <= date_end:
        raise refuse(
            "election_outside_mission",
            "relations.election_outside_mission",
            cited,
            day=election_date,
            start=date_start,
            end=date_end,
        )
    return Mission.objects.create(
        kind=kind,
        country=country,
        election_date=election_date,
        date_start=date_start,
        date_end=date_end,
        created_at=timezone.now(),
        created_by=by,
        is_demo=is_demo,
    )


@transaction.atomic
def mission_member_add(
    *,
    mission: Mission,
    user: User | None = None,
    name: str = "",
    state: State | None = None,
    is_head: bool = False,
    by: User | None = None,
) -> MissionMember:
    """Add a member: a person of a member state's delegation, or a name as written; the head
    replaces any earlier head."""
    cited = ("SEC-MISSIONS",)
    locked = lock(mission)
    if user is not None:
        delegation = user.delegation
        if delegation is None or delegation.kind != DelegationKind.MEMBER_STATE:
            raise refuse("not_a_member_delegation", "relations.not_a_member_delegation", cited)
        state = state or delegation.state
        name = clean(name) or user.get_full_name() or user.get_username()
        if locked.members.filter(user=user).exists():
            raise refuse(
                "already_a_member", "relations.already_a_member", cited, status=409, name=name
            )
    name = required(name, "name", cited)
    if is_head:
        locked.members.filter(is_head=True).update(is_head=False)
    return MissionMember.objects.create(
        mission=locked, user=user, name=name, state=state, is_head=is_head
    )


@transaction.atomic
def mission_report_submit(
    *,
    mission: Mission,
    report_date: dt.date,
    text: str | Mapping[str, str] = "",
    file: UploadedFile[bytes] | None = None,
    by: User | None = None,
) -> Mission:
    """The mission's report, as text or a file, dated no earlier than the election."""
    cited = ("SEC-MISSIONS",)
    locked = lock(mission)
    if report_date < locked.election_date:
        raise refuse(
            "report_before_election",
            "relations.report_before_election",
            cited,
            day=report_date,
            election=locked.election_date,
        )
    if report_date > timezone.localdate():
        raise refuse("date_in_future", "relations.date_in_future", cited, day=report_date)
    reports = texts(text, "report_text", cited)
    if not any(reports.values()) and file is None:
        raise refuse("report_empty", "relations.report_empty", cited)
    if file is not None and (file.size or 0) > REPORT_FILE_LIMIT:
        raise refuse("file_too_large", "relations.file_too_large", cited, limit=REPORT_FILE_LIMIT)
    locked.report_date = report_date
    for column, value in reports.items():
        setattr(locked, column, value)
    if file is not None:
        locked.report_file.save(file.name or "report", file, save=False)
    locked.save()
    mission.refresh_from_db()
    return locked
