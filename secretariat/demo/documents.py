"""Demo documents, a decision with its tasks and a deposited original for ``make run``:
``secretariat documents demo`` (after ``meetings demo``, whose held Board meeting it uses).
It builds rows of documents, decisions and depositary, so it lives above the three.

- a draft regulation of the CNC prepared by Kazakhstan, in expert consultation, with a
  comment from Russia waiting to be resolved (kz-coordinator, ru-permrep, officer, legal);
  its Russian, Chinese and English texts align article by article, and the Russian text's
  second revision leaves the Chinese and English Article 2 out of date (parallel texts);
- the Board's decision on the demo meeting's adopted item, its document adopted, with one
  task overdue (Kazakhstan) and one due soon (the Secretariat): decisions and dashboard;
- the original of that document in the depositary register, and its certified copies signed
  when the signing key exists (``secretariat keys init``), one already handed over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import typst
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, User
from secretariat.core.errors import SecretariatError
from secretariat.decisions.models import Decision
from secretariat.decisions.services import decision_record, task_add
from secretariat.depositary import services as depositary
from secretariat.documents.models import Document
from secretariat.documents.services import (
    comment_submit,
    consultation_open,
    document_create,
    language_version_add,
    revision_add,
)
from secretariat.meetings.demo import PREFIX
from secretariat.meetings.models import AgendaItem
from secretariat.registry.models import Body, State

REGULATION = {
    "ru": "Положение об Энергетическом клубе ШОС.\n\nСтатья 1. Энергетический клуб ШОС является "
    "площадкой для диалога государств-членов в области энергетики.\n\nСтатья 2. Заседания клуба "
    "проводятся не реже одного раза в год.",
    "zh": "上海合作组织能源俱乐部条例。\n\n第一条 上海合作组织能源俱乐部是成员国在能源领域开展对话"
    "的平台。\n\n第二条 俱乐部会议每年至少举行一次。",
    "en": "Regulation on the SCO Energy Club.\n\nArticle 1. The SCO Energy Club is a platform for "
    "the member states' dialogue on energy.\n\nArticle 2. The Club meets at least once a year.",
}
#: The Russian text revised in Article 2 after the others were made: the Chinese and English
#: Article 2 show "translation out of date" on the parallel texts until revised or checked.
REGULATION_RU_REVISED = REGULATION["ru"].replace(
    "не реже одного раза в год.",
    "не реже одного раза в год; внеочередные заседания созываются по предложению не менее "
    "двух государств-членов.",
)
DECISION = {
    "ru": "Правление Делового совета ШОС решает:\n\n1. Одобрить план работы Делового совета до "
    "следующего заседания.\n\n2. Поручить Секретариату Делового совета доложить о его выполнении.",
    "zh": "上海合作组织实业家委员会理事会决定：\n\n一、批准实业家委员会至下次会议的工作计划。\n\n"
    "二、责成实业家委员会秘书处报告计划执行情况。",
    "en": "The Board of the SCO Business Council decides:\n\n1. To approve the work plan of the "
    "Business Council until its next meeting.\n\n2. To instruct the Business Council Secretariat "
    "to report on its fulfilment.",
}


@dataclass
class Made:
    documents: list[Document] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _scan() -> bytes:
    """A stand-in for the scanned original: two pages made with typst."""
    pdf = typst.compile(b"Original\n#pagebreak()\nSignatures", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)  # noqa: S101  # no output path: typst returns the bytes
    return pdf


def demo_documents_ensure(today: dt.date | None = None) -> Made:
    """Make the demo documents unless they exist; say what was made."""
    made = Made()
    if Document.objects.filter(title_en__startswith=PREFIX.en).exists():
        return made
    today = today or timezone.localdate()
    with transaction.atomic():
        made.documents.append(_draft_in_consultation(today))
        adopted = _board_decision(today)
        if adopted is not None:
            made.decisions.append(adopted)
            made.documents.append(adopted.document)  # type: ignore[arg-type]
    if made.decisions and made.decisions[0].document is not None:
        made.notes.append(_deposit(made.decisions[0].document, today))
    return made


def _draft_in_consultation(today: dt.date) -> Document:
    kz = _user("kz-coordinator")
    document = document_create(
        type="regulation",
        body=Body.objects.get(code="cnc"),
        title={
            "en": PREFIX.en + "Regulation on the SCO Energy Club",
            "ru": PREFIX.ru + "Положение об Энергетическом клубе ШОС",
            "zh": PREFIX.zh + "上海合作组织能源俱乐部条例",
        },
        owner=Delegation.objects.get(code="kz"),
        by=kz,
        areas=["trade_economic"],
    )
    for lang, text in REGULATION.items():
        language_version_add(document=document, lang=lang, text=text, by=kz)
    revision_add(
        document=document,
        lang="ru",
        text=REGULATION_RU_REVISED,
        note="Статья 2: внеочередные заседания",
        by=kz,
    )
    consultation_open(
        document=document,
        cnc_agreed_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=14),
        by=_user("officer"),
    )
    comment_submit(
        document=document,
        delegation=Delegation.objects.get(code="ru"),
        reference="Статья 2",
        text="Предлагаем проводить заседания клуба не реже двух раз в год.",
        by=_user("ru-permrep"),
    )
    return document


def _board_decision(today: dt.date) -> Decision | None:
    item = (
        AgendaItem.objects.filter(
            meeting__title_en__startswith=PREFIX.en, meeting__body__code="bcb", adopted=True
        )
        .select_related("meeting")
        .first()
    )
    if item is None or hasattr(item, "decision_record"):
        return None
    officer = _user("bc-officer")
    document = document_create(
        type="decision",
        body=item.meeting.body,
        title={
            "en": PREFIX.en + "Decision on the work plan of the Business Council",
            "ru": PREFIX.ru + "Решение о плане работы Делового совета",
            "zh": PREFIX.zh + "关于实业家委员会工作计划的决定",
        },
        owner=Delegation.objects.get(code="bc-secretariat"),
        by=officer,
        meeting=item.meeting,
        agenda_item=item,
        areas=["trade_economic"],
    )
    for lang, text in DECISION.items():
        language_version_add(document=document, lang=lang, text=text, by=officer)
    decision = decision_record(item=item, by=officer, document=document, areas=["trade_economic"])
    overseer = _user("officer")
    task_add(
        decision=decision,
        title={
            "en": "Name the national coordinator of the work plan",
            "ru": "Назначить национального координатора плана работы",
            "zh": "指定工作计划的国家协调员",
        },
        responsible="member_state",
        state=State.objects.get(code="KZ"),
        due_on=max(decision.adopted_on, today - dt.timedelta(days=2)),
        by=overseer,
    )
    task_add(
        decision=decision,
        title={
            "en": "Report to the Board on the work plan",
            "ru": "Доложить Правлению о выполнении плана работы",
            "zh": "向理事会报告工作计划执行情况",
        },
        responsible="body",
        body=Body.objects.get(code="bc_secretariat"),
        due_on=today + dt.timedelta(days=12),
        by=overseer,
    )
    return decision


def _deposit(document: Document, today: dt.date) -> str:
    officer = _user("depositary")
    original = depositary.original_register(
        document=document,
        received_on=today - dt.timedelta(days=2),
        scan=_scan(),
        scan_name="original-scan.pdf",
        storage_location={
            "ru": "Пекин, хранилище 1, полка 4",
            "zh": "北京，1号库房，4号架",
            "en": "Beijing, strongroom 1, shelf 4",
        },
        by=officer,
    )
    try:
        copies = depositary.copies_make(original=original, by=officer)
    except SecretariatError as exc:
        return f"original {original.register_number} entered; no copy signed: {exc.render()}"
    depositary.copy_dispatch(
        copy=copies[0], dispatched_on=today - dt.timedelta(days=1), method="handed", by=officer
    )
    return f"original {original.register_number} entered; {len(copies)} certified copies signed"
