"""Demo data for ``make run``: ``secretariat press demo`` (after ``accounts demo`` and
``databank seeds``). Idempotent: what is there already is left alone.

- two published news items and a media briefing in English, Russian and Chinese, saying
  plainly that they are demonstration text about this system (no SCO event is invented);
- the information catalogue: one published entry per seed document, holding its text;
- a request for materials to every member state, due in 30 days, answered by Kazakhstan
  (kz-coordinator); the other states are reminded before the due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from secretariat.accounts.models import User
from secretariat.databank.seeds import seed_paths
from secretariat.press import services
from secretariat.press.models import (
    CatalogueEntry,
    MaterialsRequest,
    PressItem,
    PressKind,
    PublicationState,
)
from secretariat.registry.selectors import member_states_on

NEWS: list[dict[str, object]] = [
    {
        "slug": "demo-public-pages-open",
        "kind": PressKind.NEWS,
        "title": {
            "en": "Demo: the public pages of the digital secretariat",
            "ru": "Демонстрация: открытые страницы цифрового секретариата",
            "zh": "演示：数字秘书处的公开页面",
        },
        "body": {
            "en": "This is demonstration text, not an announcement of the SCO.\n\n"
            "The public side of this system shows news, media briefings and the information "
            "catalogue in English, Russian and Chinese to anyone, without logging in. An item "
            "not written in the reader's language is shown in another, and the page says so.",
            "ru": "Это демонстрационный текст, а не сообщение ШОС.\n\n"
            "Открытая часть системы показывает новости, брифинги для СМИ и информационный "
            "каталог на английском, русском и китайском языках любому посетителю без входа в "
            "систему. Материал, не написанный на языке читателя, показывается на другом языке, "
            "и страница об этом сообщает.",
            "zh": "本文为演示文本，并非上海合作组织的公告。\n\n"
            "本系统的公开部分以英文、俄文和中文向任何人展示新闻、媒体吹风会和信息目录，无需登录。"
            "如某条目没有读者所用语言的文本，则以其他语言显示，并在页面上注明。",
        },
    },
    {
        "slug": "demo-requests-for-materials",
        "kind": PressKind.NEWS,
        "title": {
            "en": "Demo: requests for materials are followed state by state",
            "ru": "Демонстрация: запросы материалов отслеживаются по каждому государству",
            "zh": "演示：逐国跟踪材料索取",
        },
        "body": {
            "en": "This is demonstration text, not an announcement of the SCO.\n\n"
            "When the Secretariat requests reference books and other open materials from the "
            "member states, the system keeps one row per state asked, reminds each state's "
            "users before the due date and stops once the state has answered.",
            "ru": "Это демонстрационный текст, а не сообщение ШОС.\n\n"
            "Когда Секретариат запрашивает у государств-членов справочные издания и другие "
            "открытые материалы, система ведёт отдельную запись по каждому государству, "
            "напоминает его пользователям до наступления срока и прекращает напоминания, "
            "как только государство ответило.",
            "zh": "本文为演示文本，并非上海合作组织的公告。\n\n"
            "秘书处向成员国索取参考书籍和其他公开材料时，系统为每个被索取的国家单独记录，"
            "在期限前提醒该国用户，并在该国答复后停止提醒。",
        },
    },
    {
        "slug": "demo-briefing-atom-feeds",
        "kind": PressKind.BRIEFING,
        "title": {
            "en": "Demo briefing: following the news through Atom feeds",
            "ru": "Демонстрационный брифинг: новости через ленты Atom",
            "zh": "演示吹风会：通过 Atom 订阅源关注新闻",
        },
        "body": {
            "en": "This is demonstration text, not a record of a real briefing.\n\n"
            "Journalists can follow published news and media briefings in a feed reader: "
            "there is one Atom feed per language, at /press/feed/en/, /press/feed/ru/ and "
            "/press/feed/zh/.",
            "ru": "Это демонстрационный текст, а не запись настоящего брифинга.\n\n"
            "Журналисты могут следить за опубликованными новостями и брифингами для СМИ в "
            "программе чтения лент: для каждого языка есть своя лента Atom — /press/feed/en/, "
            "/press/feed/ru/ и /press/feed/zh/.",
            "zh": "本文为演示文本，并非真实吹风会的记录。\n\n"
            "记者可以用订阅阅读器关注已发布的新闻和媒体吹风会：每种语言各有一个 Atom 订阅源，"
            "分别为 /press/feed/en/、/press/feed/ru/ 和 /press/feed/zh/。",
        },
    },
]

#: The seed documents, described in the three languages (seeds/README.md).
SEEDS: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "000_be8d920ad4819a98": (
        "document",
        {
            "en": "SCO Secretariat in brief",
            "ru": "Секретариат ШОС: кратко",
            "zh": "上海合作组织秘书处简介",
        },
        {
            "en": "The fifteen duties of the Secretariat. Text in English.",
            "ru": "Пятнадцать функций Секретариата. Текст на английском языке.",
            "zh": "秘书处的十五项职责。英文文本。",
        },
    ),
    "001_f2b3b639556f710e": (
        "document",
        {
            "en": "Excerpts from the regulations of SCO bodies",
            "ru": "Выдержки из положений об органах ШОС",
            "zh": "上海合作组织机构条例摘录",
        },
        {
            "en": "Extraordinary meetings of the Council of Ministers of Foreign Affairs, "
            "meetings of heads of ministries, the Council of National Coordinators and the "
            "Secretariat's functions. Text in Russian.",
            "ru": "Внеочередные заседания Совета министров иностранных дел, совещания "
            "руководителей министерств, Совет национальных координаторов и функции "
            "Секретариата. Текст на русском языке.",
            "zh": "外交部长理事会非例行会议、各部门领导人会议、国家协调员理事会及秘书处职能。"
            "俄文文本。",
        },
    ),
    "002_4d0bb027460e5821": (
        "document",
        {
            "en": "Development Strategy of the SCO until 2025",
            "ru": "Стратегия развития ШОС до 2025 года",
            "zh": "上海合作组织至2025年发展战略",
        },
        {
            "en": "The areas of cooperation, observers, dialogue partners and partner "
            "organisations. Text in English.",
            "ru": "Направления сотрудничества, наблюдатели, партнёры по диалогу и "
            "организации-партнёры. Текст на английском языке.",
            "zh": "合作领域、观察员国、对话伙伴和伙伴组织。英文文本。",
        },
    ),
    "003_b885ef0e246eda39": (
        "publication",
        {
            "en": "SCO international activities discussed in Moscow (12 July 2018)",
            "ru": "В Москве обсудили вопросы международной деятельности ШОС (12 июля 2018 года)",
            "zh": "莫斯科讨论上海合作组织国际活动问题（2018年7月12日）",
        },
        {
            "en": "A news item of the Secretariat naming the partner organisations with "
            "signed cooperation documents. Text in English.",
            "ru": "Новость Секретариата с перечнем организаций-партнёров, с которыми "
            "подписаны документы о сотрудничестве. Текст на английском языке.",
            "zh": "秘书处新闻，列出已签署合作文件的伙伴组织。英文文本。",
        },
    ),
    "004_da3ccb8d0c08a07c": (
        "document",
        {
            "en": "Regulation of the Board of the SCO Business Council (14 June 2006)",
            "ru": "Регламент Правления Делового совета ШОС (14 июня 2006 года)",
            "zh": "上海合作组织实业家委员会理事会条例（2006年6月14日）",
        },
        {
            "en": "Composition, chair, regular and extraordinary meetings, quorum, consensus "
            "and minutes of the Board. Text in Russian.",
            "ru": "Состав, председатель, очередные и внеочередные заседания, кворум, консенсус "
            "и протоколы Правления. Текст на русском языке.",
            "zh": "理事会的组成、主席、例行和非例行会议、法定人数、协商一致及会议纪要。俄文文本。",
        },
    ),
}

REQUEST_TITLE = {
    "en": "Demo: national statistical yearbooks",
    "ru": "Демонстрация: национальные статистические ежегодники",
    "zh": "演示：国家统计年鉴",
}
REQUEST_TEXT = {
    "en": "Demonstration request. Please send the latest edition of your national "
    "statistical yearbook, or a link to it, for the working needs of the SCO bodies.",
    "ru": "Демонстрационный запрос. Просим направить последнее издание национального "
    "статистического ежегодника или ссылку на него для рабочих нужд органов ШОС.",
    "zh": "演示索取。请提供贵国最新一版国家统计年鉴或其链接，供上海合作组织各机构工作使用。",
}
ANSWERER = "kz-coordinator"
ANSWER = {
    "en": "Demonstration answer: the yearbook is sent by diplomatic mail.",
    "ru": "Демонстрационный ответ: ежегодник направлен дипломатической почтой.",
    "zh": "演示答复：年鉴已通过外交邮袋寄送。",
}


@dataclass
class Made:
    items: list[PressItem] = field(default_factory=list)
    entries: list[CatalogueEntry] = field(default_factory=list)
    requests: list[MaterialsRequest] = field(default_factory=list)


def _news(officer: User | None, made: Made) -> None:
    for spec in NEWS:
        if PressItem.objects.filter(slug=spec["slug"]).exists():
            continue
        item = services.press_item_create(
            kind=str(spec["kind"]),
            title=spec["title"],  # type: ignore[arg-type]
            body=spec["body"],  # type: ignore[arg-type]
            slug=str(spec["slug"]),
            held_on=timezone.localdate() if spec["kind"] == PressKind.BRIEFING else None,
            by=officer,
        )
        services.item_publish(item=item, by=officer)
        made.items.append(item)


def _catalogue(officer: User | None, made: Made) -> None:
    for path in seed_paths():
        spec = SEEDS.get(path.stem)
        key = f"databank:{path.stem}"
        if spec is None or CatalogueEntry.objects.filter(source_key=key).exists():
            continue
        kind, title, description = spec
        entry = services.catalogue_entry_create(
            kind=kind,
            title=title,
            description=description,
            file=SimpleUploadedFile(path.name, path.read_bytes(), "text/plain"),
            source_key=key,
            by=officer,
        )
        if entry.state != PublicationState.PUBLISHED:
            services.item_publish(item=entry, by=officer)
        made.entries.append(entry)


def _request(officer: User | None, made: Made) -> None:
    if MaterialsRequest.objects.filter(title_en=REQUEST_TITLE["en"]).exists():
        return
    today = timezone.localdate()
    request = services.materials_request_create(
        title=REQUEST_TITLE,
        text=REQUEST_TEXT,
        states=member_states_on(today),
        due_on=today + dt.timedelta(days=30),
        by=officer,
    )
    answerer = User.objects.filter(username=ANSWERER).first()
    if answerer is not None:
        services.materials_answer(
            request=request,
            # Written in the answerer's own language, as a state's answer is; the page marks
            # it with that language for a reader of another.
            text=ANSWER[answerer.language[:2]],
            by=answerer,
        )
    made.requests.append(request)


@transaction.atomic
def demo_press_ensure() -> Made:
    """Make the demo news, briefing, catalogue and request unless they exist."""
    officer = User.objects.filter(username="officer").first()
    made = Made()
    _news(officer, made)
    _catalogue(officer, made)
    _request(officer, made)
    return made
