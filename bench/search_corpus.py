"""A synthetic corpus of SCO-like documents in English, Russian and Chinese, for search benchmarks.

    from search_corpus import documents, entries     # bench/ on sys.path
    for entry in entries(seed=2026, paragraphs=1_000_000): ...

Each document has the same content in three parallel language versions: one :class:`Entry`
per paragraph (``part`` 1..n) and per language, all sharing ``group=f"document:{id}"``,
plus the title piece (``part`` 0) that the databank indexes for every language version.
Sentences are built from templates in each language over vocabularies per topic (security,
counter-terrorism, trade, energy, transport, customs, finance, culture, education, health,
environment, agriculture, tourism, digital economy, science): Russian words take several
case forms (nominative, genitive, instrumental, plural), so stemming matters; Chinese words
are real words that jieba segments.

Everything is deterministic: document ``i`` of seed ``s`` is drawn from its own generator
(seeded by ``s`` and ``i``), so it is the same whatever number of documents is asked for,
and a stream of any size is produced one document at a time, never held in memory.
"""

# ruff: noqa: E501  # the vocabulary tables keep each concept's forms on one line

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from secretariat.databank.search.shapes import Entry

LANGS = ("en", "ru", "zh")
FIRST_DAY = dt.date(2002, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
#: Paragraphs per language version of a document.
PARAGRAPHS = (3, 14)
#: Sentences per paragraph.
SENTENCES = (2, 4)
#: Share of a paragraph's concepts drawn from another topic than the document's own.
STRAY = 0.25


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing a sentence can be about, in the three languages.

    ``en``: singular and plural (``"railway|railways"``; one form when it has no plural);
    ``ru``: nominative, genitive, instrumental singular, then nominative and genitive plural
    (three forms when the plural is the singular's); ``zh``: the Chinese word.
    """

    en: tuple[str, str]
    ru: tuple[str, str, str, str, str]
    zh: str


def _concept(en: str, ru: str, zh: str) -> Concept:
    e = en.split("|")
    r = ru.split("|")
    if len(r) == 3:
        r += [r[0], r[1]]
    if len(r) != 5:
        raise ValueError(f"Russian forms of {en!r}: want 3 or 5, got {len(r)}")
    return Concept((e[0], e[-1]), (r[0], r[1], r[2], r[3], r[4]), zh)


#: Topic (the document's area code) -> its English name, Russian name (nom|gen|ins), concepts.
_TOPICS: dict[str, tuple[tuple[str, str, str], list[tuple[str, str, str]]]] = {
    "security": (
        ("security", "безопасность|безопасности|безопасностью", "安全"),
        [
            (
                "regional security",
                "региональная безопасность|региональной безопасности|региональной безопасностью",
                "地区安全",
            ),
            ("border protection", "охрана границ|охраны границ|охраной границ", "边境保护"),
            (
                "military exercise|military exercises",
                "военное учение|военного учения|военным учением|военные учения|военных учений",
                "军事演习",
            ),
            (
                "arms smuggling",
                "контрабанда оружия|контрабанды оружия|контрабандой оружия",
                "武器走私",
            ),
            (
                "information security",
                "информационная безопасность|информационной безопасности|информационной безопасностью",
                "信息安全",
            ),
            ("peacekeeping", "миротворчество|миротворчества|миротворчеством", "维和"),
            (
                "drug trafficking",
                "незаконный оборот наркотиков|незаконного оборота наркотиков|незаконным оборотом наркотиков",
                "毒品贩运",
            ),
            (
                "transnational organised crime",
                "транснациональная организованная преступность|транснациональной организованной преступности|транснациональной организованной преступностью",
                "跨国有组织犯罪",
            ),
            (
                "law enforcement agency|law enforcement agencies",
                "правоохранительный орган|правоохранительного органа|правоохранительным органом|правоохранительные органы|правоохранительных органов",
                "执法机关",
            ),
            (
                "cyber attack|cyber attacks",
                "кибератака|кибератаки|кибератакой|кибератаки|кибератак",
                "网络攻击",
            ),
        ],
    ),
    "counter_terrorism": (
        (
            "counter-terrorism",
            "борьба с терроризмом|борьбы с терроризмом|борьбой с терроризмом",
            "反恐",
        ),
        [
            ("terrorism", "терроризм|терроризма|терроризмом", "恐怖主义"),
            ("separatism", "сепаратизм|сепаратизма|сепаратизмом", "分裂主义"),
            ("extremism", "экстремизм|экстремизма|экстремизмом", "极端主义"),
            (
                "terrorist financing",
                "финансирование терроризма|финансирования терроризма|финансированием терроризма",
                "恐怖融资",
            ),
            (
                "counter-terrorism exercise|counter-terrorism exercises",
                "антитеррористическое учение|антитеррористического учения|антитеррористическим учением|антитеррористические учения|антитеррористических учений",
                "反恐演习",
            ),
            ("radicalisation", "радикализация|радикализации|радикализацией", "激进化"),
            (
                "foreign terrorist fighter|foreign terrorist fighters",
                "иностранный боевик-террорист|иностранного боевика-террориста|иностранным боевиком-террористом|иностранные боевики-террористы|иностранных боевиков-террористов",
                "外国恐怖主义战斗人员",
            ),
            (
                "Regional Anti-Terrorist Structure",
                "Региональная антитеррористическая структура|Региональной антитеррористической структуры|Региональной антитеррористической структурой",
                "地区反恐怖机构",
            ),
            (
                "hostage taking",
                "захват заложников|захвата заложников|захватом заложников",
                "劫持人质",
            ),
            (
                "explosive device|explosive devices",
                "взрывное устройство|взрывного устройства|взрывным устройством|взрывные устройства|взрывных устройств",
                "爆炸装置",
            ),
        ],
    ),
    "trade": (
        ("trade", "торговля|торговли|торговлей", "贸易"),
        [
            (
                "investment|investments",
                "инвестиция|инвестиции|инвестицией|инвестиции|инвестиций",
                "投资",
            ),
            ("export|exports", "экспорт|экспорта|экспортом", "出口"),
            ("import|imports", "импорт|импорта|импортом", "进口"),
            (
                "free trade zone|free trade zones",
                "зона свободной торговли|зоны свободной торговли|зоной свободной торговли|зоны свободной торговли|зон свободной торговли",
                "自由贸易区",
            ),
            (
                "electronic commerce",
                "электронная торговля|электронной торговли|электронной торговлей",
                "电子商务",
            ),
            (
                "small and medium enterprise|small and medium enterprises",
                "малое и среднее предприятие|малого и среднего предприятия|малым и средним предприятием|малые и средние предприятия|малых и средних предприятий",
                "中小企业",
            ),
            (
                "trade barrier|trade barriers",
                "торговый барьер|торгового барьера|торговым барьером|торговые барьеры|торговых барьеров",
                "贸易壁垒",
            ),
            (
                "industrial park|industrial parks",
                "индустриальный парк|индустриального парка|индустриальным парком|индустриальные парки|индустриальных парков",
                "工业园区",
            ),
            (
                "trade fair|trade fairs",
                "торговая ярмарка|торговой ярмарки|торговой ярмаркой|торговые ярмарки|торговых ярмарок",
                "博览会",
            ),
            ("trade turnover", "товарооборот|товарооборота|товарооборотом", "贸易额"),
        ],
    ),
    "energy": (
        ("energy", "энергетика|энергетики|энергетикой", "能源"),
        [
            (
                "oil pipeline|oil pipelines",
                "нефтепровод|нефтепровода|нефтепроводом|нефтепроводы|нефтепроводов",
                "石油管道",
            ),
            ("natural gas", "природный газ|природного газа|природным газом", "天然气"),
            (
                "renewable energy source|renewable energy sources",
                "возобновляемый источник энергии|возобновляемого источника энергии|возобновляемым источником энергии|возобновляемые источники энергии|возобновляемых источников энергии",
                "可再生能源",
            ),
            (
                "power grid|power grids",
                "электросеть|электросети|электросетью|электросети|электросетей",
                "电网",
            ),
            (
                "hydropower plant|hydropower plants",
                "гидроэлектростанция|гидроэлектростанции|гидроэлектростанцией|гидроэлектростанции|гидроэлектростанций",
                "水电站",
            ),
            ("nuclear power", "атомная энергетика|атомной энергетики|атомной энергетикой", "核电"),
            (
                "energy efficiency",
                "энергоэффективность|энергоэффективности|энергоэффективностью",
                "能效",
            ),
            ("coal", "уголь|угля|углём", "煤炭"),
            (
                "solar power station|solar power stations",
                "солнечная электростанция|солнечной электростанции|солнечной электростанцией|солнечные электростанции|солнечных электростанций",
                "太阳能电站",
            ),
            ("electricity", "электроэнергия|электроэнергии|электроэнергией", "电力"),
        ],
    ),
    "transport": (
        ("transport", "транспорт|транспорта|транспортом", "交通运输"),
        [
            (
                "railway|railways",
                "железная дорога|железной дороги|железной дорогой|железные дороги|железных дорог",
                "铁路",
            ),
            (
                "highway|highways",
                "автомобильная дорога|автомобильной дороги|автомобильной дорогой|автомобильные дороги|автомобильных дорог",
                "公路",
            ),
            (
                "transport corridor|transport corridors",
                "транспортный коридор|транспортного коридора|транспортным коридором|транспортные коридоры|транспортных коридоров",
                "交通走廊",
            ),
            (
                "logistics centre|logistics centres",
                "логистический центр|логистического центра|логистическим центром|логистические центры|логистических центров",
                "物流中心",
            ),
            (
                "international road transport",
                "международные автомобильные перевозки|международных автомобильных перевозок|международными автомобильными перевозками",
                "国际道路运输",
            ),
            (
                "civil aviation",
                "гражданская авиация|гражданской авиации|гражданской авиацией",
                "民用航空",
            ),
            (
                "container freight",
                "контейнерные перевозки|контейнерных перевозок|контейнерными перевозками",
                "集装箱货运",
            ),
            (
                "seaport|seaports",
                "морской порт|морского порта|морским портом|морские порты|морских портов",
                "港口",
            ),
            ("bridge|bridges", "мост|моста|мостом|мосты|мостов", "桥梁"),
            ("tunnel|tunnels", "тоннель|тоннеля|тоннелем|тоннели|тоннелей", "隧道"),
        ],
    ),
    "customs": (
        ("customs", "таможенное дело|таможенного дела|таможенным делом", "海关"),
        [
            (
                "customs clearance",
                "таможенное оформление|таможенного оформления|таможенным оформлением",
                "通关",
            ),
            (
                "border crossing point|border crossing points",
                "пункт пропуска|пункта пропуска|пунктом пропуска|пункты пропуска|пунктов пропуска",
                "口岸",
            ),
            (
                "customs duty|customs duties",
                "таможенная пошлина|таможенной пошлины|таможенной пошлиной|таможенные пошлины|таможенных пошлин",
                "关税",
            ),
            ("smuggling", "контрабанда|контрабанды|контрабандой", "走私"),
            (
                "risk management",
                "управление рисками|управления рисками|управлением рисками",
                "风险管理",
            ),
            (
                "authorised economic operator|authorised economic operators",
                "уполномоченный экономический оператор|уполномоченного экономического оператора|уполномоченным экономическим оператором|уполномоченные экономические операторы|уполномоченных экономических операторов",
                "经认证的经营者",
            ),
            (
                "customs declaration|customs declarations",
                "таможенная декларация|таможенной декларации|таможенной декларацией|таможенные декларации|таможенных деклараций",
                "报关单",
            ),
            (
                "counterfeit goods",
                "контрафактная продукция|контрафактной продукции|контрафактной продукцией",
                "假冒商品",
            ),
            ("transit", "транзит|транзита|транзитом", "过境运输"),
            (
                "customs inspection",
                "таможенный досмотр|таможенного досмотра|таможенным досмотром",
                "海关查验",
            ),
        ],
    ),
    "finance": (
        ("finance", "финансы|финансов|финансами", "金融"),
        [
            (
                "national currency|national currencies",
                "национальная валюта|национальной валюты|национальной валютой|национальные валюты|национальных валют",
                "本币",
            ),
            (
                "development bank|development banks",
                "банк развития|банка развития|банком развития|банки развития|банков развития",
                "开发银行",
            ),
            (
                "Interbank Consortium",
                "Межбанковское объединение|Межбанковского объединения|Межбанковским объединением",
                "银行联合体",
            ),
            ("loan|loans", "кредит|кредита|кредитом|кредиты|кредитов", "贷款"),
            (
                "payment system|payment systems",
                "платёжная система|платёжной системы|платёжной системой|платёжные системы|платёжных систем",
                "支付系统",
            ),
            ("insurance", "страхование|страхования|страхованием", "保险"),
            (
                "development fund|development funds",
                "фонд развития|фонда развития|фондом развития|фонды развития|фондов развития",
                "发展基金",
            ),
            ("money laundering", "отмывание денег|отмывания денег|отмыванием денег", "洗钱"),
            (
                "stock exchange|stock exchanges",
                "фондовая биржа|фондовой биржи|фондовой биржей|фондовые биржи|фондовых бирж",
                "证券交易所",
            ),
            (
                "tax administration",
                "налоговое администрирование|налогового администрирования|налоговым администрированием",
                "税收征管",
            ),
        ],
    ),
    "culture": (
        ("culture", "культура|культуры|культурой", "文化"),
        [
            (
                "cultural heritage",
                "культурное наследие|культурного наследия|культурным наследием",
                "文化遗产",
            ),
            (
                "art festival|art festivals",
                "фестиваль искусств|фестиваля искусств|фестивалем искусств|фестивали искусств|фестивалей искусств",
                "艺术节",
            ),
            ("museum|museums", "музей|музея|музеем|музеи|музеев", "博物馆"),
            ("film week", "неделя кино|недели кино|неделей кино", "电影周"),
            ("folk music", "народная музыка|народной музыки|народной музыкой", "民族音乐"),
            (
                "library|libraries",
                "библиотека|библиотеки|библиотекой|библиотеки|библиотек",
                "图书馆",
            ),
            (
                "literary translation",
                "художественный перевод|художественного перевода|художественным переводом",
                "文学翻译",
            ),
            ("exhibition|exhibitions", "выставка|выставки|выставкой|выставки|выставок", "展览"),
            ("theatre|theatres", "театр|театра|театром|театры|театров", "剧院"),
            (
                "archaeological site|archaeological sites",
                "археологический памятник|археологического памятника|археологическим памятником|археологические памятники|археологических памятников",
                "考古遗址",
            ),
        ],
    ),
    "education": (
        ("education", "образование|образования|образованием", "教育"),
        [
            (
                "SCO University",
                "Университет ШОС|Университета ШОС|Университетом ШОС",
                "上合组织大学",
            ),
            (
                "student exchange|student exchanges",
                "студенческий обмен|студенческого обмена|студенческим обменом|студенческие обмены|студенческих обменов",
                "学生交流",
            ),
            (
                "scholarship|scholarships",
                "стипендия|стипендии|стипендией|стипендии|стипендий",
                "奖学金",
            ),
            (
                "vocational training",
                "профессиональная подготовка|профессиональной подготовки|профессиональной подготовкой",
                "职业培训",
            ),
            (
                "mutual recognition of diplomas",
                "взаимное признание дипломов|взаимного признания дипломов|взаимным признанием дипломов",
                "学历互认",
            ),
            (
                "language teaching",
                "преподавание языков|преподавания языков|преподаванием языков",
                "语言教学",
            ),
            (
                "university|universities",
                "университет|университета|университетом|университеты|университетов",
                "高校",
            ),
            ("school|schools", "школа|школы|школой|школы|школ", "学校"),
            (
                "distance learning",
                "дистанционное обучение|дистанционного обучения|дистанционным обучением",
                "远程教育",
            ),
            ("textbook|textbooks", "учебник|учебника|учебником|учебники|учебников", "教材"),
        ],
    ),
    "health": (
        ("health", "здравоохранение|здравоохранения|здравоохранением", "卫生"),
        [
            ("epidemic|epidemics", "эпидемия|эпидемии|эпидемией|эпидемии|эпидемий", "流行病"),
            ("vaccine|vaccines", "вакцина|вакцины|вакциной|вакцины|вакцин", "疫苗"),
            ("hospital|hospitals", "больница|больницы|больницей|больницы|больниц", "医院"),
            (
                "traditional medicine",
                "традиционная медицина|традиционной медицины|традиционной медициной",
                "传统医学",
            ),
            (
                "infectious disease|infectious diseases",
                "инфекционное заболевание|инфекционного заболевания|инфекционным заболеванием|инфекционные заболевания|инфекционных заболеваний",
                "传染病",
            ),
            (
                "medical staff",
                "медицинский персонал|медицинского персонала|медицинским персоналом",
                "医务人员",
            ),
            ("medicine|medicines", "лекарство|лекарства|лекарством|лекарства|лекарств", "药品"),
            (
                "sanitary control",
                "санитарный контроль|санитарного контроля|санитарным контролем",
                "卫生检疫",
            ),
            ("telemedicine", "телемедицина|телемедицины|телемедициной", "远程医疗"),
            (
                "maternal health",
                "охрана материнства|охраны материнства|охраной материнства",
                "妇幼保健",
            ),
        ],
    ),
    "environment": (
        ("environment", "окружающая среда|окружающей среды|окружающей средой", "环境"),
        [
            (
                "environmental protection",
                "охрана окружающей среды|охраны окружающей среды|охраной окружающей среды",
                "环境保护",
            ),
            (
                "climate change",
                "изменение климата|изменения климата|изменением климата",
                "气候变化",
            ),
            ("water resources", "водные ресурсы|водных ресурсов|водными ресурсами", "水资源"),
            ("desertification", "опустынивание|опустынивания|опустыниванием", "荒漠化"),
            (
                "air pollution",
                "загрязнение воздуха|загрязнения воздуха|загрязнением воздуха",
                "空气污染",
            ),
            ("biodiversity", "биоразнообразие|биоразнообразия|биоразнообразием", "生物多样性"),
            (
                "waste management",
                "обращение с отходами|обращения с отходами|обращением с отходами",
                "废物管理",
            ),
            (
                "natural disaster|natural disasters",
                "стихийное бедствие|стихийного бедствия|стихийным бедствием|стихийные бедствия|стихийных бедствий",
                "自然灾害",
            ),
            ("glacier|glaciers", "ледник|ледника|ледником|ледники|ледников", "冰川"),
            ("forest|forests", "лес|леса|лесом|леса|лесов", "森林"),
        ],
    ),
    "agriculture": (
        ("agriculture", "сельское хозяйство|сельского хозяйства|сельским хозяйством", "农业"),
        [
            (
                "food security",
                "продовольственная безопасность|продовольственной безопасности|продовольственной безопасностью",
                "粮食安全",
            ),
            ("grain", "зерно|зерна|зерном", "谷物"),
            ("irrigation", "орошение|орошения|орошением", "灌溉"),
            ("livestock breeding", "животноводство|животноводства|животноводством", "畜牧业"),
            (
                "fertiliser|fertilisers",
                "удобрение|удобрения|удобрением|удобрения|удобрений",
                "化肥",
            ),
            (
                "agricultural product|agricultural products",
                "сельскохозяйственная продукция|сельскохозяйственной продукции|сельскохозяйственной продукцией",
                "农产品",
            ),
            ("cotton", "хлопок|хлопка|хлопком", "棉花"),
            ("seed breeding", "семеноводство|семеноводства|семеноводством", "种子繁育"),
            (
                "plant quarantine",
                "карантин растений|карантина растений|карантином растений",
                "植物检疫",
            ),
            ("farmer|farmers", "фермер|фермера|фермером|фермеры|фермеров", "农民"),
        ],
    ),
    "tourism": (
        ("tourism", "туризм|туризма|туризмом", "旅游"),
        [
            (
                "tourist flow|tourist flows",
                "туристический поток|туристического потока|туристическим потоком|туристические потоки|туристических потоков",
                "客流",
            ),
            (
                "visa facilitation",
                "упрощение визового режима|упрощения визового режима|упрощением визового режима",
                "签证便利化",
            ),
            ("hotel|hotels", "гостиница|гостиницы|гостиницей|гостиницы|гостиниц", "酒店"),
            (
                "Great Silk Road",
                "Великий шёлковый путь|Великого шёлкового пути|Великим шёлковым путём",
                "丝绸之路",
            ),
            (
                "tourist route|tourist routes",
                "туристический маршрут|туристического маршрута|туристическим маршрутом|туристические маршруты|туристических маршрутов",
                "旅游线路",
            ),
            ("ecotourism", "экотуризм|экотуризма|экотуризмом", "生态旅游"),
            (
                "tourism capital",
                "туристическая столица|туристической столицы|туристической столицей",
                "旅游之都",
            ),
            ("pilgrimage", "паломничество|паломничества|паломничеством", "朝圣"),
            (
                "travel agency|travel agencies",
                "туристическое агентство|туристического агентства|туристическим агентством|туристические агентства|туристических агентств",
                "旅行社",
            ),
            (
                "national park|national parks",
                "национальный парк|национального парка|национальным парком|национальные парки|национальных парков",
                "国家公园",
            ),
        ],
    ),
    "digital": (
        (
            "digital economy",
            "цифровая экономика|цифровой экономики|цифровой экономикой",
            "数字经济",
        ),
        [
            (
                "artificial intelligence",
                "искусственный интеллект|искусственного интеллекта|искусственным интеллектом",
                "人工智能",
            ),
            (
                "data centre|data centres",
                "центр обработки данных|центра обработки данных|центром обработки данных|центры обработки данных|центров обработки данных",
                "数据中心",
            ),
            (
                "broadband internet",
                "широкополосный интернет|широкополосного интернета|широкополосным интернетом",
                "宽带互联网",
            ),
            (
                "electronic government",
                "электронное правительство|электронного правительства|электронным правительством",
                "电子政务",
            ),
            (
                "digital signature|digital signatures",
                "электронная подпись|электронной подписи|электронной подписью|электронные подписи|электронных подписей",
                "电子签名",
            ),
            (
                "telecommunication|telecommunications",
                "телекоммуникация|телекоммуникации|телекоммуникацией|телекоммуникации|телекоммуникаций",
                "电信",
            ),
            ("startup|startups", "стартап|стартапа|стартапом|стартапы|стартапов", "初创企业"),
            (
                "smart city|smart cities",
                "умный город|умного города|умным городом|умные города|умных городов",
                "智慧城市",
            ),
            (
                "personal data",
                "персональные данные|персональных данных|персональными данными",
                "个人数据",
            ),
            ("blockchain", "блокчейн|блокчейна|блокчейном", "区块链"),
        ],
    ),
    "science": (
        ("science", "наука|науки|наукой", "科学"),
        [
            (
                "research centre|research centres",
                "исследовательский центр|исследовательского центра|исследовательским центром|исследовательские центры|исследовательских центров",
                "研究中心",
            ),
            (
                "technology transfer",
                "трансфер технологий|трансфера технологий|трансфером технологий",
                "技术转让",
            ),
            (
                "innovation|innovations",
                "инновация|инновации|инновацией|инновации|инноваций",
                "创新",
            ),
            (
                "academy of sciences",
                "академия наук|академии наук|академией наук|академии наук|академий наук",
                "科学院",
            ),
            (
                "space research",
                "космические исследования|космических исследований|космическими исследованиями",
                "航天研究",
            ),
            (
                "satellite navigation",
                "спутниковая навигация|спутниковой навигации|спутниковой навигацией",
                "卫星导航",
            ),
            ("scientist|scientists", "учёный|учёного|учёным|учёные|учёных", "科学家"),
            (
                "laboratory|laboratories",
                "лаборатория|лаборатории|лабораторией|лаборатории|лабораторий",
                "实验室",
            ),
            ("patent|patents", "патент|патента|патентом|патенты|патентов", "专利"),
            ("seismology", "сейсмология|сейсмологии|сейсмологией", "地震学"),
        ],
    ),
}

TOPICS: dict[str, tuple[Concept, list[Concept]]] = {
    area: (_concept(*name), [_concept(*c) for c in concepts])
    for area, (name, concepts) in _TOPICS.items()
}
AREAS = tuple(TOPICS)

#: Who acts: English, Russian (nominative plural), Chinese.
ACTORS = [
    ("The member states", "Государства-члены", "成员国"),
    ("The parties", "Стороны", "各方"),
    ("The ministers of foreign affairs", "Министры иностранных дел", "外交部长们"),
    ("The heads of delegations", "Главы делегаций", "各代表团团长"),
    ("The competent authorities", "Компетентные органы", "主管部门"),
    ("The national coordinators", "Национальные координаторы", "国家协调员"),
    ("The observer states", "Государства-наблюдатели", "观察员国"),
    ("The dialogue partners", "Партнёры по диалогу", "对话伙伴"),
    ("The experts", "Эксперты", "专家们"),
]
#: City: English, Russian (prepositional), Chinese.
CITIES = [
    ("Beijing", "Пекине", "北京"),
    ("Moscow", "Москве", "莫斯科"),
    ("Astana", "Астане", "阿斯塔纳"),
    ("Bishkek", "Бишкеке", "比什凯克"),
    ("Dushanbe", "Душанбе", "杜尚别"),
    ("Tashkent", "Ташкенте", "塔什干"),
    ("New Delhi", "Нью-Дели", "新德里"),
    ("Islamabad", "Исламабаде", "伊斯兰堡"),
    ("Tehran", "Тегеране", "德黑兰"),
    ("Minsk", "Минске", "明斯克"),
    ("Shanghai", "Шанхае", "上海"),
    ("Qingdao", "Циндао", "青岛"),
    ("Samarkand", "Самарканде", "撒马尔罕"),
]
MONTHS = [
    (name, ru, f"{n}月")
    for n, (name, ru) in enumerate(
        [
            ("January", "январе"),
            ("February", "феврале"),
            ("March", "марте"),
            ("April", "апреле"),
            ("May", "мае"),
            ("June", "июне"),
            ("July", "июле"),
            ("August", "августе"),
            ("September", "сентябре"),
            ("October", "октябре"),
            ("November", "ноябре"),
            ("December", "декабре"),
        ],
        start=1,
    )
]
#: Partner organisations: English, Russian (instrumental), Chinese.
PARTNERS = [
    ("the United Nations", "Организацией Объединённых Наций", "联合国"),
    ("ASEAN", "АСЕАН", "东盟"),
    ("the CIS", "СНГ", "独联体"),
    ("the CSTO", "ОДКБ", "集体安全条约组织"),
    ("UNESCO", "ЮНЕСКО", "联合国教科文组织"),
    ("the Eurasian Economic Union", "Евразийским экономическим союзом", "欧亚经济联盟"),
    (
        "the Economic Cooperation Organization",
        "Организацией экономического сотрудничества",
        "经济合作组织",
    ),
]
#: Bodies: code -> English, Russian (nominative, genitive, dative), Chinese.
BODIES: dict[str, tuple[str, tuple[str, str, str], str]] = {
    "cnc": (
        "Council of National Coordinators",
        (
            "Совет национальных координаторов",
            "Совета национальных координаторов",
            "Совету национальных координаторов",
        ),
        "国家协调员理事会",
    ),
    "cmfa": (
        "Council of Ministers of Foreign Affairs",
        (
            "Совет министров иностранных дел",
            "Совета министров иностранных дел",
            "Совету министров иностранных дел",
        ),
        "外交部长理事会",
    ),
    "chs": (
        "Council of Heads of State",
        ("Совет глав государств", "Совета глав государств", "Совету глав государств"),
        "元首理事会",
    ),
    "chg": (
        "Council of Heads of Government",
        ("Совет глав правительств", "Совета глав правительств", "Совету глав правительств"),
        "政府首脑理事会",
    ),
    "bcb": (
        "Board of the Business Council",
        ("Правление Делового совета", "Правления Делового совета", "Правлению Делового совета"),
        "实业家委员会理事会",
    ),
}
#: Document types: code -> English, Russian, Chinese.
DOC_TYPES: dict[str, tuple[str, str, str]] = {
    "decision": ("Decision", "Решение", "决议"),
    "agreement": ("Agreement", "Соглашение", "协定"),
    "protocol": ("Protocol", "Протокол", "议定书"),
    "communique": ("Joint Communiqué", "Совместное коммюнике", "联合公报"),
    "programme": ("Programme", "Программа", "纲要"),
    "report": ("Report", "Доклад", "报告"),
    "declaration": ("Declaration", "Декларация", "宣言"),
    "plan": ("Plan of Action", "План действий", "行动计划"),
}

#: Sentence templates, parallel in (en, ru, zh). Slots: {A} actors, {X} and {Y} concepts
#: (en: ``{X}`` singular, ``{X:pl}`` plural; ru: ``:N`` nominative, ``:G`` genitive,
#: ``:I`` instrumental, ``:P`` plural, ``:PG`` genitive plural), {B} the body (ru: ``:N``,
#: ``:G``, ``:D``), {C} a city, {M} a month, {O} a partner organisation, {YEAR}.
TEMPLATES: list[tuple[str, str, str]] = [
    (
        "{A} agreed to strengthen cooperation in the field of {X}.",
        "{A} договорились укреплять сотрудничество в области {X:G}.",
        "{A}同意加强{X}领域的合作。",
    ),
    (
        "The development of {X} and {Y} remains a priority of the {B}.",
        "Развитие {X:G} и {Y:G} остаётся приоритетом {B:G}.",
        "发展{X}和{Y}仍然是{B}的优先方向。",
    ),
    (
        "The parties exchanged information on {X:pl} and discussed {Y}.",
        "Стороны обменялись информацией по вопросам {X:PG} и обсудили вопросы {Y:G}.",
        "各方就{X}问题交换了信息，并讨论了{Y}。",
    ),
    (
        "Experts of the competent authorities will prepare a joint programme on {X} for {YEAR}.",
        "Эксперты компетентных органов подготовят совместную программу в сфере {X:G} на {YEAR} год.",
        "主管部门专家将制定{YEAR}年{X}领域联合计划。",
    ),
    (
        "{A} noted the importance of {X} for the sustainable development of the region.",
        "{A} отметили важность {X:G} для устойчивого развития региона.",
        "{A}指出{X}对地区可持续发展的重要性。",
    ),
    (
        "Particular attention was paid to {X} and {Y:pl}.",
        "Особое внимание уделяется вопросам {X:G} и {Y:PG}.",
        "会议特别关注{X}和{Y}问题。",
    ),
    (
        "The {B} approved the plan of measures on {X}.",
        "{B:N} утвердил план мероприятий в области {X:G}.",
        "{B}批准了{X}领域的措施计划。",
    ),
    (
        "The working group on {X} will meet in {C} in {M}.",
        "Рабочая группа по вопросам {X:G} соберётся в {C} в {M}.",
        "{X}问题工作组将于{M}在{C}举行会议。",
    ),
    (
        "Cooperation with {O} on {X} is carried out in accordance with national legislation.",
        "Взаимодействие с {O} в сфере {X:G} осуществляется в соответствии с национальным законодательством.",
        "与{O}在{X}领域的协作依照国内法律进行。",
    ),
    (
        "{A} support the creation of {X:pl} and the modernisation of {Y}.",
        "{A} поддерживают создание {X:PG} и модернизацию {Y:G}.",
        "{A}支持建设{X}并推进{Y}现代化。",
    ),
    (
        "The Secretariat will submit a report on {X} to the {B}.",
        "Секретариат представит доклад по вопросам {X:G} {B:D}.",
        "秘书处将向{B}提交关于{X}的报告。",
    ),
    (
        "The ministers stressed that {X} and {Y} are closely interlinked.",
        "Министры подчеркнули, что {X:N} и {Y:N} тесно взаимосвязаны.",
        "各位部长强调，{X}与{Y}密切相关。",
    ),
    (
        "{A} intend to expand {X:pl} between their countries.",
        "{A} намерены расширять {X:P} между своими странами.",
        "{A}打算扩大各国之间的{X}。",
    ),
    (
        "Measures in the area of {X} are financed from the budget of the Organisation.",
        "Меры в области {X:G} финансируются из бюджета Организации.",
        "{X}领域的措施由本组织预算提供资金。",
    ),
    (
        "A seminar on {X} and {Y} was held in {C} with the participation of {O}.",
        "В {C} состоялся семинар по проблемам {X:G} и {Y:G} с участием {O}.",
        "在{C}举办了{X}和{Y}研讨会，{O}代表参加。",
    ),
    (
        "{A} are satisfied with the results achieved in {X}.",
        "{A} удовлетворены результатами, достигнутыми в сфере {X:G}.",
        "{A}对{X}领域取得的成果表示满意。",
    ),
    (
        "The exchange of best practices in {X} will be continued under {Y}.",
        "Обмен передовым опытом в области {X:G} будет продолжен вместе с {Y:I}.",
        "{X}领域的经验交流将与{Y}结合继续开展。",
    ),
]

_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
_RU_CASE = {"N": 0, "G": 1, "I": 2, "P": 3, "PG": 4}


@dataclass(frozen=True, slots=True)
class SyntheticDocument:
    """One document of the corpus, its three language versions parallel, paragraph by paragraph."""

    id: int
    area: str
    areas: tuple[str, ...]
    body: str
    doc_type: str
    day: dt.date
    audience: tuple[str, ...]
    titles: dict[str, str]
    #: Paragraphs per language, the same number and meaning in each.
    paragraphs: dict[str, list[str]]

    @property
    def group(self) -> str:
        return f"document:{self.id}"

    def entries(self) -> Iterator[Entry]:
        """The document's pieces as the databank indexes them: a title, then paragraphs."""
        common = {
            "obj": self.group,
            "group": self.group,
            "kind": "document",
            "url": f"/documents/{self.id}/",
            "audience": self.audience,
            "day": self.day,
            "bodies": (self.body,),
            "doc_type": self.doc_type,
            "areas": self.areas,
        }
        for lang in LANGS:
            title = self.titles[lang]
            yield Entry(lang=lang, title=title, text="", part=0, **common)  # type: ignore[arg-type]
            for number, text in enumerate(self.paragraphs[lang], start=1):
                yield Entry(lang=lang, title=title, text=text, part=number, **common)  # type: ignore[arg-type]


def _fill(template: str, lang: str, slots: dict[str, object]) -> str:
    def one(match: re.Match[str]) -> str:
        name, form = match.group(1), match.group(2)
        value = slots[name]
        if isinstance(value, Concept):
            if lang == "en":
                return value.en[1] if form == "pl" else value.en[0]
            if lang == "ru":
                return value.ru[_RU_CASE[form or "N"]]
            return value.zh
        if isinstance(value, tuple) and len(value) == 3 and name == "B":
            en, ru, zh = value
            if lang == "en":
                return str(en)
            if lang == "ru":
                return str(ru[{"N": 0, "G": 1, "D": 2}[form or "N"]])
            return str(zh)
        if isinstance(value, tuple):
            return str(value[LANGS.index(lang)])
        return str(value)

    text = _SLOT.sub(one, template)
    return text[0].upper() + text[1:]


def _concept_of(rng: random.Random, area: str) -> Concept:
    if rng.random() < STRAY:
        area = rng.choice(AREAS)
    name, concepts = TOPICS[area]
    return name if rng.random() < 0.12 else rng.choice(concepts)


def _audience(rng: random.Random) -> tuple[str, ...]:
    roll = rng.random()
    if roll < 0.8:
        return ("public",)
    if roll < 0.92:
        return ("document:staff",)
    return ("document:staff", "document:del:3")


def document(seed: int, doc_id: int) -> SyntheticDocument:
    """Document ``doc_id`` of the corpus of ``seed`` (the same whatever else is drawn)."""
    rng = random.Random(seed * 10_000_019 + doc_id)
    area = rng.choice(AREAS)
    areas = (area,) if rng.random() < 0.7 else (area, rng.choice(AREAS))
    body = rng.choice(list(BODIES))
    doc_type = rng.choice(list(DOC_TYPES))
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    name = TOPICS[area][0]
    b_en, b_ru, b_zh = BODIES[body]
    t_en, t_ru, t_zh = DOC_TYPES[doc_type]
    number = f"{day.year}-{doc_id}"
    titles = {
        "en": f"{t_en} of the {b_en} No. {number} on cooperation in {name.en[0]}",
        "ru": f"{t_ru} {b_ru[1]} № {number} о сотрудничестве в области {name.ru[1]}",
        "zh": f"{b_zh}关于{name.zh}领域合作的第{number}号{t_zh}",
    }
    paragraphs: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for _ in range(rng.randint(*PARAGRAPHS)):
        sentences: dict[str, list[str]] = {lang: [] for lang in LANGS}
        for _ in range(rng.randint(*SENTENCES)):
            template = rng.choice(TEMPLATES)
            x = _concept_of(rng, area)
            y = _concept_of(rng, area)
            while y == x:
                y = _concept_of(rng, area)
            slots: dict[str, object] = {
                "A": rng.choice(ACTORS),
                "X": x,
                "Y": y,
                "B": BODIES[rng.choice(list(BODIES))],
                "C": rng.choice(CITIES),
                "M": rng.choice(MONTHS),
                "O": rng.choice(PARTNERS),
                "YEAR": rng.randint(day.year, day.year + 5),
            }
            for lang, form in zip(LANGS, template, strict=True):
                sentences[lang].append(_fill(form, lang, slots))
        for lang in LANGS:
            paragraphs[lang].append(("" if lang == "zh" else " ").join(sentences[lang]))
    return SyntheticDocument(
        id=doc_id,
        area=area,
        areas=areas,
        body=body,
        doc_type=doc_type,
        day=day,
        audience=_audience(rng),
        titles=titles,
        paragraphs=paragraphs,
    )


def documents(
    seed: int = 2026, count: int | None = None, first: int = 1
) -> Iterator[SyntheticDocument]:
    """Documents ``first``, ``first + 1``... one at a time (without ``count``, endlessly)."""
    doc_id = first
    while count is None or doc_id < first + count:
        yield document(seed, doc_id)
        doc_id += 1


def entries(seed: int = 2026, paragraphs: int = 1_000_000) -> Iterator[Entry]:
    """Whole documents' entries until at least ``paragraphs`` paragraph pieces were given.

    Paragraph pieces are those of ``part`` 1 and more (one per paragraph and language);
    each language version's title piece (``part`` 0) comes on top.
    """
    given = 0
    for doc in documents(seed):
        if given >= paragraphs:
            return
        for entry in doc.entries():
            given += entry.part > 0
            yield entry


# --- Vocabulary, for drawing queries -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the corpus is written with, per language: single words and whole phrases."""

    #: Content words (en, ru: every form written; zh: the concepts' words).
    words: dict[str, list[str]]
    #: Phrases of two or more words as they occur in the text (en, ru; zh: words of 4+ characters).
    phrases: dict[str, list[str]]
    #: Chinese words of exactly two characters.
    zh_pairs: list[str]


_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")
#: Short words not worth a query of their own.
_SHORT = frozenset(
    {"a", "an", "and", "of", "the", "in", "on", "to", "for", "with", "by", "at", "or"}
    | {"и", "в", "с", "по", "на", "о", "для"}
)


@cache
def vocabulary() -> Vocabulary:
    concepts: list[Concept] = [c for name, cs in TOPICS.values() for c in (name, *cs)]
    words: dict[str, set[str]] = {lang: set() for lang in LANGS}
    phrases: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for c in concepts:
        for lang, forms in (("en", c.en), ("ru", c.ru)):
            for form in forms:
                found = [w for w in _WORD.findall(form) if w.lower() not in _SHORT and len(w) > 2]
                words[lang].update(w.lower() for w in found)
                if len(form.split()) > 1:
                    phrases[lang].add(form.lower())
        words["zh"].add(c.zh)
        if len(c.zh) >= 4:
            phrases["zh"].add(c.zh)
    return Vocabulary(
        words={lang: sorted(ws) for lang, ws in words.items()},
        phrases={lang: sorted(ps) for lang, ps in phrases.items()},
        zh_pairs=sorted(w for w in words["zh"] if len(w) == 2),
    )


def sample_document_ids(seed: int, count: int, k: int) -> Sequence[int]:
    """``k`` distinct document ids among the first ``count``, drawn with ``seed``."""
    return sorted(random.Random(seed).sample(range(1, count + 1), min(k, count)))
