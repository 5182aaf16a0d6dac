"""Demo external relations for ``make run``: ``secretariat relations demo`` (after ``registry
load`` and ``accounts demo``). Every row is marked ``is_demo`` and its text starts with "Demo:",
so no one takes it for a real contact, agreement, event or engagement:

- two contacts at the UN Secretariat (or ASEAN, or the first organisation loaded) and a meeting;
- a memorandum with that partner that every member state but Kazakhstan and Russia has
  consented to: kz-coordinator and ru-permrep can give the last two consents, officer then signs;
  China's consent is registered by officer from a note verbale (its reference and date shown);
- a Mongolian observer delegation at a summit, recorded as participation;
- an interaction with the SCO Business Council (a non-governmental structure of the registry);
- a conference, and an observer mission to a parliamentary election with its report;
- the Secretary-General's schedule for this week, with two engagements that overlap.

Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.meetings.demo import PREFIX
from secretariat.registry.models import Body, BodyKind, InternationalOrganisation, State
from secretariat.registry.selectors import member_states_on
from secretariat.relations import services
from secretariat.relations.models import (
    Agreement,
    AgreementStatus,
    Consent,
    Contact,
    Engagement,
    Event,
    Mission,
    NgoInteraction,
    Participation,
)

#: The members whose consent the demo leaves for the demo users to give.
LEFT_TO_CONSENT = ("KZ", "RU")
#: The member whose consent the demo registers from a note verbale (else the first other one).
BY_NOTE = "CN"
#: The demo note's reference.
NOTE_REFERENCE = "2025/117"


@dataclass
class Made:
    notes: list[str] = field(default_factory=list)


def _demo(text: str) -> str:
    return PREFIX.en + text


def _three(en: str, ru: str, zh: str, *, marked: bool = True) -> dict[str, str]:
    """A demo text in the three languages, marked "Demo:" in each unless ``marked`` is False."""
    if not marked:
        return {"en": en, "ru": ru, "zh": zh}
    return {"en": PREFIX.en + en, "ru": PREFIX.ru + ru, "zh": PREFIX.zh + zh}


def _partner_organisation() -> InternationalOrganisation | None:
    for abbreviation in ("UN", "ASEAN"):
        found = InternationalOrganisation.objects.filter(abbreviation=abbreviation).first()
        if found is not None:
            return found
    return InternationalOrganisation.objects.order_by("name_en").first()


def demo_relations_ensure(today: dt.date | None = None) -> Made:
    """Make each part of the demo unless it exists; say what was made."""
    today = today or timezone.localdate()
    made = Made()
    with transaction.atomic():
        _partners(today, made)
        _note_consent(today, made)
        _participation(made)
        _ngo(today, made)
        _event(today, made)
        _mission(today, made)
        _schedule(today, made)
    return made


def _partners(today: dt.date, made: Made) -> None:
    if Contact.objects.filter(is_demo=True).exists():
        return
    organisation = _partner_organisation()
    if organisation is None:
        made.notes.append(
            "no partner organisation in the registry: run `secretariat registry load`"
        )
        return
    partner = services.partner_of(organisation=organisation)
    officer = User.objects.filter(username="officer").first()
    services.contact_add(
        partner=partner,
        # Names as their bearers write them (a Russian and a Chinese national at the partner),
        # with no English "Demo:" or "Ms" for a reader to meet; the post says "demo person".
        name="Анна Петрова",
        role=_three(
            "Political Affairs Officer (demo person)",
            "сотрудник по политическим вопросам (демонстрационное лицо)",
            "政治事务干事（演示人员）",
            marked=False,
        ),
        email="anna.example@example.org",
        by=officer,
        is_demo=True,
    )
    services.contact_add(
        partner=partner,
        name="李世立",
        role=_three(
            "Liaison officer (demo person)",
            "сотрудник по связям (демонстрационное лицо)",
            "联络干事（演示人员）",
            marked=False,
        ),
        email="li.shili@example.org",
        by=officer,
        is_demo=True,
    )
    services.partner_meeting_record(
        partner=partner,
        date=today - dt.timedelta(days=14),
        place=_three(
            "Beijing, SCO Secretariat",
            "Пекин, Секретариат ШОС",
            "北京，上合组织秘书处",
            marked=False,
        ),
        # Written once, as the officer wrote it (in Russian); the page marks its language.
        participants="Демо: заместитель Генерального секретаря ШОС; два сотрудника партнёра",
        summary=_three(
            "Discussed a memorandum on cooperation against illicit drug trafficking; "
            "agreed to exchange drafts. Not a real meeting.",
            "Обсуждён меморандум о сотрудничестве в противодействии незаконному обороту "
            "наркотиков; стороны договорились обменяться проектами. Встреча не настоящая.",
            "讨论了关于合作打击非法贩运毒品的备忘录；双方商定交换草案。此次会见并非真实会见。",
        ),
        by=officer,
        is_demo=True,
    )
    agreement = services.agreement_register(
        partner=partner,
        kind="memorandum",
        title={
            "en": PREFIX.en + "Memorandum of understanding on countering illicit drug trafficking",
            "ru": PREFIX.ru + "Меморандум о взаимопонимании по противодействию незаконному "
            "обороту наркотиков",
            "zh": PREFIX.zh + "关于打击非法贩运毒品的谅解备忘录",
        },
        notes=_three(
            "not a real agreement.",
            "документ не является настоящим соглашением.",
            "该文件并非真实协议。",
        ),
        by=officer,
        is_demo=True,
    )
    waiting = []
    by_note = _by_note_state(today)
    for state in member_states_on(today):
        if state.code in LEFT_TO_CONSENT:
            waiting.append(state.name_en)
            continue
        if by_note is not None and state.pk == by_note.pk:
            continue  # registered from its note verbale by _note_consent
        services.consent_record(
            agreement=agreement,
            state=state,
            decision="given",
            by_name=_signatory(state),
        )
    made.notes.append(
        f"contacts and a meeting with {organisation.name_en}; agreement #{agreement.pk} awaits "
        f"the consent of {', '.join(waiting)}"
    )


def _signatory(state: State) -> str:
    """Who decided for ``state``: a single-language field written as the sender wrote it, so
    the demo gives a person's name, its national coordinator's (a name reads the same on a
    Russian and a Chinese page, unlike "Ministry of Foreign Affairs of …")."""
    user = User.objects.filter(username=f"{state.code.lower()}-coordinator").first()
    name = user.get_full_name() if user is not None else ""
    return name or state.name_en


def _by_note_state(today: dt.date) -> State | None:
    members = member_states_on(today).exclude(code__in=LEFT_TO_CONSENT).order_by("code")
    return members.filter(code=BY_NOTE).first() or members.first()


def _note_consent(today: dt.date, made: Made) -> None:
    """One member state's consent to the demo memorandum, registered by the officer from the
    note verbale its ministry sent (also on a database whose demo predates this part)."""
    agreement = (
        Agreement.objects.filter(is_demo=True, status=AgreementStatus.AWAITING_CONSENT)
        .order_by("pk")
        .first()
    )
    state = _by_note_state(today)
    if agreement is None or state is None:
        return
    if Consent.objects.filter(agreement__is_demo=True).exclude(note_reference="").exists():
        return
    consent = services.consent_record(
        agreement=agreement,
        state=state,
        decision="given",
        by=User.objects.filter(username="officer").first(),
        by_name=_signatory(state),
        note_reference=NOTE_REFERENCE,
        note_dated=timezone.localdate(agreement.created_at),
    )
    made.notes.append(
        f"the consent of {state.name_en} registered from note verbale {consent.note_reference}"
    )


def _participation(made: Made) -> None:
    if Participation.objects.filter(is_demo=True).exists():
        return
    mongolia = State.objects.filter(code="MN").first()
    if mongolia is None:
        return
    services.participation_record(
        state=mongolia,
        kind="observer",
        level="chs",
        event_name=_three(
            "Council of Heads of State, public meeting",
            "Совет глав государств-членов, открытое заседание",
            "成员国元首理事会公开会议",
        ),
        date=dt.date(2024, 7, 4),
        notes=_three("a demo record.", "демонстрационная запись.", "演示记录。"),
        is_demo=True,
    )
    made.notes.append("Mongolia's participation as an observer at a summit")


def _ngo(today: dt.date, made: Made) -> None:
    if NgoInteraction.objects.filter(is_demo=True).exists():
        return
    body = Body.objects.filter(kind=BodyKind.NON_GOVERNMENTAL).order_by("position").first()
    services.ngo_interaction_record(
        organisation_name=_three(
            body.name_en if body else "SCO Business Council",
            (body.name_ru if body else "") or "Деловой совет ШОС",
            (body.name_zh if body else "") or "上合组织实业家委员会",
        ),
        kind="sco_structure" if body else "business",
        body=body,
        date=today - dt.timedelta(days=7),
        subject=_three(
            "Preparation of the annual session",
            "Подготовка ежегодной сессии",
            "筹备年度会议",
        ),
        outcome=_three(
            "Agreed on a joint programme. Not a real interaction.",
            "Согласована совместная программа. Взаимодействие не настоящее.",
            "商定了联合方案。此次互动并非真实互动。",
        ),
        is_demo=True,
    )
    made.notes.append("an interaction with a non-governmental structure")


def _event(today: dt.date, made: Made) -> None:
    if Event.objects.filter(is_demo=True).exists():
        return
    start = today + dt.timedelta(days=21)
    services.event_save(
        kind="conference",
        title={
            "en": PREFIX.en + "Conference on regional connectivity",
            "ru": PREFIX.ru + "Конференция по региональной взаимосвязанности",
            "zh": PREFIX.zh + "区域互联互通会议",
        },
        date_start=start,
        date_end=start + dt.timedelta(days=1),
        place=_three("Beijing", "Пекин", "北京", marked=False),
        organisers=_three("SCO Secretariat", "Секретариат ШОС", "上合组织秘书处"),
        participants_count=120,
        is_demo=True,
    )
    made.notes.append("a conference")


def _mission(today: dt.date, made: Made) -> None:
    if Mission.objects.filter(is_demo=True).exists():
        return
    country = State.objects.filter(code="KG").first()
    if country is None:
        return
    vote = today - dt.timedelta(days=30)
    mission = services.mission_create(
        kind="parliamentary",
        country=country,
        election_date=vote,
        date_start=vote - dt.timedelta(days=5),
        date_end=vote + dt.timedelta(days=1),
        is_demo=True,
    )
    kz = User.objects.filter(username="kz-coordinator").first()
    if kz is not None:
        services.mission_member_add(mission=mission, user=kz)
    # The head is a person of a delegation, named as they write their name.
    head = User.objects.filter(username="cn-deputy").first()
    services.mission_member_add(
        mission=mission,
        user=head,
        name="" if head is not None else "Wang Min",
        state=State.objects.filter(code="CN").first(),
        is_head=True,
    )
    services.mission_report_submit(
        mission=mission,
        report_date=vote + dt.timedelta(days=1),
        text=_three(
            "The mission observed the vote at 40 polling stations. Not a real report.",
            "Миссия наблюдала за голосованием на 40 избирательных участках. Доклад не настоящий.",
            "观察团在40个投票站观察了投票。此报告并非真实报告。",
        ),
    )
    made.notes.append("an observer mission with its report")


def _schedule(today: dt.date, made: Made) -> None:
    if Engagement.objects.filter(is_demo=True).exists():
        return
    monday = today - dt.timedelta(days=today.weekday())

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        moment = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, minute))
        return timezone.make_aware(moment)

    secretariat = _three("SCO Secretariat", "Секретариат ШОС", "上合组织秘书处", marked=False)
    week = [
        (
            at(0, 10),
            at(0, 11),
            _three("Ambassador of Mongolia", "Посол Монголии", "蒙古国大使"),
            secretariat,
            "meeting",
        ),
        (
            at(1, 9, 30),
            at(1, 12),
            _three(
                "Council of National Coordinators",
                "Совет национальных координаторов",
                "国家协调员理事会",
            ),
            secretariat,
            "meeting",
        ),
        (
            at(1, 11),
            at(1, 12),
            _three("UNESCO delegation", "Делегация ЮНЕСКО", "联合国教科文组织代表团"),
            secretariat,
            "talks",
        ),
        (
            at(2, 8),
            at(2, 20),
            _three("Visit to Tianjin", "Поездка в Тяньцзинь", "访问天津"),
            _three("Tianjin", "Тяньцзинь", "天津", marked=False),
            "visit",
        ),
        (
            at(3, 15),
            at(3, 16),
            _three(
                "Videoconference with ESCAP", "Видеоконференция с ЭСКАТО", "与亚太经社会视频会议"
            ),
            secretariat,
            "call",
        ),
        (
            at(4, 18),
            at(4, 20),
            _three(
                "Reception for the diplomatic corps",
                "Приём для дипломатического корпуса",
                "招待外交使团",
            ),
            _three("Beijing", "Пекин", "北京", marked=False),
            "reception",
        ),
    ]
    for starts, ends, counterpart, place, kind in week:
        services.engagement_save(
            starts_at=starts,
            ends_at=ends,
            counterpart=counterpart,
            place=place,
            kind=kind,
            notes=_three(
                "not a real engagement.", "мероприятие не настоящее.", "此项活动并非真实活动。"
            ),
            is_demo=True,
        )
    made.notes.append(f"the Secretary-General's schedule for the week of {monday}")


__all__ = ["BY_NOTE", "LEFT_TO_CONSENT", "NOTE_REFERENCE", "Made", "demo_relations_ensure"]
